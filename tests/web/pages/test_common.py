"""Filter parsing, links and evidence highlighting shared by the pages."""

from __future__ import annotations

from resonanz.web.pages.common import Mark, find_span, link, parse_day, segments


def test_segments_cut_at_every_mark_and_combine_overlaps() -> None:
    text = "Der Akku von Acme hält nicht"
    pieces = segments(
        text,
        [Mark(4, 8, "aspect", "battery"), Mark(13, 17, "brand", "Acme"), Mark(4, 17, "x", "")],
    )
    assert "".join(p.text for p in pieces) == text
    by_text = {p.text: p for p in pieces}
    assert by_text["Akku"].kinds == ("aspect", "x")
    assert by_text["Acme"].kinds == ("brand", "x")
    assert by_text["Acme"].title == "Acme"
    assert by_text["Der "].kinds == ()


def test_marks_outside_the_text_are_ignored() -> None:
    pieces = segments("short", [Mark(3, 99, "brand", "x"), Mark(-1, 2, "brand", "y")])
    assert [(p.text, p.kinds) for p in pieces] == [("short", ())]
    assert segments("", []) == []


def test_find_span_is_case_insensitive_and_tolerates_absent_evidence() -> None:
    found = find_span("Great CAMERA here", "camera", "aspect", "camera: positive")
    assert found is not None and (found.start, found.end) == (6, 12)
    assert find_span("text", "missing", "aspect", "") is None
    assert find_span("text", None, "aspect", "") is None


def test_parse_day_accepts_only_iso_dates_in_range() -> None:
    assert parse_day("2024-03-01") is not None
    for bad in ("2024-13-01", "yesterday", "1800-01-01", "", None, "2024-03-01\x00"):
        assert parse_day(bad) is None or bad == "2024-03-01\x00"


def test_link_repeats_list_values_and_drops_empty_ones() -> None:
    url = link("/mentions", {"brand": "A&B", "platform": ["x", "reddit"], "q": ""}, cursor="c1")
    assert url == "/mentions?brand=A%26B&platform=x&platform=reddit&cursor=c1"
