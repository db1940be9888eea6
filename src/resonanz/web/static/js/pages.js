/* Resonanz pages: draws the Plotly charts described by JSON data blocks.
 *
 * A page (or an htmx fragment) carries <script type="application/json" class="chart-data">
 * holding {elementId: {data, layout, config}}. No inline script runs anywhere: the CSP
 * forbids it, and this file only reads JSON and calls Plotly with it.
 */
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    var blocks = (root || document).querySelectorAll("script.chart-data");
    blocks.forEach(function (block) {
      var specs;
      try {
        specs = JSON.parse(block.textContent || "{}");
      } catch (err) {
        return;
      }
      Object.keys(specs).forEach(function (id) {
        var element = document.getElementById(id);
        if (!element || element.dataset.drawn === "1") {
          return;
        }
        var spec = specs[id];
        window.Plotly.newPlot(element, spec.data, spec.layout, spec.config).then(function () {
          element.dataset.drawn = "1";
          element.classList.add("drawn");
        });
      });
    });
  }

  function copyButtons(root) {
    (root || document).querySelectorAll("button[data-copy]").forEach(function (button) {
      if (button.dataset.bound === "1") {
        return;
      }
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        if (source && navigator.clipboard) {
          navigator.clipboard.writeText(source.textContent || "");
        }
      });
    });
  }

  function ready(root) {
    drawCharts(root);
    copyButtons(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    ready(document);
  });
  document.body && document.body.addEventListener("htmx:afterSettle", function (event) {
    ready(event.target);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    ready(event.target);
  });
})();
