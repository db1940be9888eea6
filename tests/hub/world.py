"""A small hub built in memory (no database): friendly and hostile items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from resonanz.hub.model import (
    Account,
    BrandTag,
    Collection,
    Creator,
    Hub,
    Item,
    Partnership,
    Sponsor,
    Thumbnail,
)

T0 = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
HOSTILE_TITLE = '<script>window.__xss=true</script>"><img src=x onerror="window.__xss=true">'
HOSTILE_TEXT = "Kauf jetzt </textarea><script>document.title='pwned'</script> \x01 ' onclick='x"
HOSTILE_URL = "javascript:alert(document.cookie)"


def _item(n: int, creator: Creator, **values: object) -> Item:
    base: dict[str, object] = {
        "post_id": n,
        "platform": "youtube",
        "url": f"https://www.youtube.com/watch?v=abcdefghi{n:02d}",
        "title": f"Herbst-Look Nr. {n}",
        "summary": f"Mein Herbst-Look mit Lidschatten, Teil {n}.",
        "created_at": T0 + timedelta(days=n),
        "creator_slug": creator.slug,
        "creator_name": creator.name,
        "youtube_id": f"abcdefghi{n:02d}",
    }
    base.update(values)
    return Item(**base)  # type: ignore[arg-type]


def make_hub() -> Hub:
    lena = Creator(
        "lena-beauty",
        "Lena Beauty",
        "Beauty",
        (Account("youtube", "@lenabeauty", "https://www.youtube.com/@lenabeauty", 120_000),),
        (Partnership("Glanzwerk", "paid", "2026-09-01", "2026-12-31"),),
    )
    evil = Creator(
        "evil",
        '"><script>window.__xss=true</script>',
        None,
        (Account("x", "@evil", HOSTILE_URL, None),),
        (),
    )
    own = BrandTag("Glanzwerk", True)
    other = BrandTag("Rivalia", False)
    items = (
        _item(
            1,
            lena,
            brands=(own,),
            disclosure="disclosed",
            disclosure_words=("Werbung",),
            sponsors=(Sponsor("Glanzwerk", "paid"),),
            thumbnail=Thumbnail("item-1.png", "image/png", PNG),
        ),
        _item(2, lena, brands=(own, other), disclosure="no_commercial_signal"),
        _item(
            3,
            lena,
            brands=(other,),
            disclosure="undisclosed_commercial",
            override_note="Kooperation endete vor dem Post; Creatorin bestätigt schriftlich.",
        ),
        _item(
            4,
            evil,
            platform="x",
            url=HOSTILE_URL,
            title=HOSTILE_TITLE,
            summary=HOSTILE_TEXT,
            youtube_id=None,
            brands=(BrandTag('<img src=x onerror="window.__xss=true">', False),),
            disclosure=None,
            note="</dd><script>window.__xss=true</script>",
        ),
    )
    autumn = Collection(
        "herbst-looks",
        "Herbst-Looks",
        "Autumn looks",
        "Looks für den Herbst.",
        None,
        items[:3],
        T0,
    )
    hostile = Collection(
        "sensible-haut",
        HOSTILE_TITLE,
        None,
        HOSTILE_TEXT,
        None,
        (items[3], items[1]),
        T0,
    )
    return Hub((autumn, hostile), (lena, evil), frozenset({"Glanzwerk"}), T0 + timedelta(days=30))
