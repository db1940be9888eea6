// Click-to-load YouTube players: nothing is requested from YouTube before the click,
// and then only from the privacy-enhanced youtube-nocookie.com domain.
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button.load-video") : null;
  if (!button) { return; }
  var box = button.closest(".embed");
  var id = box ? box.getAttribute("data-video") : "";
  if (!/^[A-Za-z0-9_-]{11}$/.test(id || "")) { return; }
  var frame = document.createElement("iframe");
  frame.src = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1";
  frame.title = box.getAttribute("data-title") || "YouTube";
  frame.allow = "autoplay; encrypted-media; picture-in-picture";
  frame.referrerPolicy = "no-referrer";
  frame.setAttribute("allowfullscreen", "");
  box.replaceChildren(frame);
});
