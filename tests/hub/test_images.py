"""Image URLs from raw platform records, the host allow-list, magic bytes, file names."""

from __future__ import annotations

import hashlib

import orjson
import pytest

from resonanz.hub.images import HostPolicy, content_hash, media_name, post_image_urls, sniff
from tests.hub.pictures import PNG, SVG, jpeg


def test_youtube_takes_the_card_size_first() -> None:
    video = {
        "kind": "youtube#video",
        "snippet": {
            "thumbnails": {
                "default": {"url": "https://i.ytimg.com/vi/abc/default.jpg", "width": 120},
                "medium": {"url": "https://i.ytimg.com/vi/abc/mqdefault.jpg", "width": 320},
                "high": {"url": "https://i.ytimg.com/vi/abc/hqdefault.jpg", "width": 480},
            }
        },
    }
    assert post_image_urls("youtube", orjson.dumps(video)) == (
        "https://i.ytimg.com/vi/abc/mqdefault.jpg",
        "https://i.ytimg.com/vi/abc/hqdefault.jpg",
        "https://i.ytimg.com/vi/abc/default.jpg",
    )


def test_reddit_preview_is_unescaped_and_nsfw_gives_nothing() -> None:
    post = {
        "kind": "t3",
        "data": {
            "thumbnail": "https://b.thumbs.redditmedia.com/x.jpg",
            "preview": {
                "images": [
                    {
                        "source": {"url": "https://preview.redd.it/a.jpg?w=1080&amp;s=1"},
                        "resolutions": [
                            {"url": "https://preview.redd.it/a.jpg?w=108&amp;s=2", "width": 108},
                            {"url": "https://preview.redd.it/a.jpg?w=320&amp;s=3", "width": 320},
                        ],
                    }
                ]
            },
        },
    }
    assert post_image_urls("reddit", orjson.dumps(post)) == (
        "https://preview.redd.it/a.jpg?w=320&s=3",
        "https://preview.redd.it/a.jpg?w=1080&s=1",
        "https://b.thumbs.redditmedia.com/x.jpg",
    )
    post["data"]["over_18"] = True  # type: ignore[index]
    assert post_image_urls("reddit", orjson.dumps(post)) == ()
    assert post_image_urls("reddit", orjson.dumps({"thumbnail": "self"})) == ()


def test_mastodon_attachments_and_cards_unless_sensitive() -> None:
    status = {
        "media_attachments": [
            {"type": "audio", "preview_url": "https://files.example/a.png"},
            {"type": "image", "preview_url": "https://files.example/small/b.png"},
        ],
        "card": {"image": "https://files.example/card.png"},
    }
    assert post_image_urls("mastodon", orjson.dumps(status)) == (
        "https://files.example/small/b.png",
        "https://files.example/card.png",
    )
    assert post_image_urls("mastodon", orjson.dumps({**status, "sensitive": True})) == ()


def test_feed_entries_and_junk() -> None:
    entry = {
        "media_thumbnail": [{"url": "https://blog.example/t.jpg"}],
        "enclosures": [
            {"href": "https://blog.example/logo.svg", "type": "image/svg+xml"},
            {"href": "https://blog.example/e.png", "type": "image/png"},
        ],
    }
    assert post_image_urls("rss", orjson.dumps(entry)) == (
        "https://blog.example/t.jpg",
        "https://blog.example/e.png",
    )
    assert post_image_urls("youtube", b"not json") == ()
    assert post_image_urls("youtube", b"[1, 2]") == ()
    assert post_image_urls("youtube", b"") == ()
    scripted = {"snippet": {"thumbnails": {"medium": {"url": "javascript:alert(1)"}}}}
    assert post_image_urls("youtube", orjson.dumps(scripted)) == ()


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://i.ytimg.com/vi/abc/mqdefault.jpg", True),
        ("http://yt3.ggpht.com/a.jpg", True),
        ("https://I.YTIMG.COM/x.jpg", True),
        ("https://i.ytimg.com:8443/x.jpg", True),
        ("https://i.ytimg.com.evil.example/x.jpg", False),
        ("https://evil.example/i.ytimg.com/x.jpg", False),
        ("ftp://i.ytimg.com/x.jpg", False),
        ("file:///etc/passwd", False),
        ("data:image/png;base64,AAAA", False),
        ("https://user:pw@i.ytimg.com/x.jpg", False),
        ("https://127.0.0.1/x.jpg", False),
        ("https://i.ytimg.com:99999/x.jpg", False),
        ("https://i.ytimg.com/" + "x" * 2100, False),
    ],
)
def test_the_host_allow_list(url: str, allowed: bool) -> None:
    assert (HostPolicy.of().refusal(url) is None) is allowed


def test_hosts_the_user_adds() -> None:
    policy = HostPolicy.of(" i.redd.it , 127.0.0.1:8080,")
    assert policy.refusal("https://i.redd.it/a.png") is None
    assert policy.refusal("http://127.0.0.1:8080/a.png") is None
    assert (
        policy.refusal("http://127.0.0.1:8081/a.png")
        == "Host 127.0.0.1 nicht erlaubt (host not allowed)"
    )
    assert policy.refusal("https://i.ytimg.com/a.jpg") is None  # the defaults stay


def test_magic_bytes_and_names() -> None:
    picture = jpeg()
    assert sniff(picture) == "image/jpeg"
    assert sniff(PNG) == "image/png"
    assert sniff(b"GIF89a....") == "image/gif"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(SVG) is None
    assert sniff(b"<html>") is None
    name = media_name(content_hash(picture), "image/jpeg")
    assert name.startswith("t-") and name.endswith(".jpg") and len(name) == 2 + 32 + 4
    assert name[2:-4] == hashlib.sha256(picture).hexdigest()[:32]
    assert media_name(content_hash(PNG), "image/png").endswith(".png")
