"""Stored reasons, priority explanations, evidence and reject reasons read back as parts."""

from __future__ import annotations

import pytest

from resonanz.analysis.explain import (
    parse_evidence,
    parse_priority,
    parse_reason,
    parse_reject,
)
from resonanz.analysis.intent import detect
from resonanz.analysis.sponsorship import assess


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Where is my refund?? My parcel never arrived, terrible service", "en"),
        ("Wo ist meine Erstattung? Paket nie angekommen, furchtbarer Service", "de"),
        ("Can you help me please, how do I return the serum?", "en"),
        ("Kann man den Lippenstift auch bei dm kaufen?", "de"),
        ("Love it, best lipstick ever", "en"),
        ("Heute ist Dienstag", "de"),
    ],
)
def test_every_reason_the_analysis_writes_parses(text: str, language: str) -> None:
    for about in (None, "Glanzwerk", "Velvet Matte (Beere)"):
        result = detect(text, language, negative=0.8, positive=0.1, about=about)
        parsed = parse_reason(result.reason)
        assert parsed is not None, result.reason
        if result.needs_reply:
            assert parsed.label == result.labels[0] or parsed.label in result.labels
            assert parsed.cue and parsed.cue in text
            assert parsed.about == about
        else:
            assert parsed.cue is None


def test_reason_parts() -> None:
    parsed = parse_reason(
        "complaint about Acme (negative sentiment + problem words: 'never again'); "
        "also: question, request for help"
    )
    assert parsed is not None
    assert (parsed.label, parsed.about, parsed.cue, parsed.problem, parsed.also) == (
        "complaint",
        "Acme",
        "never again",
        True,
        ("question", "help_request"),
    )
    german = parse_reason("Frage zu Acme („geht das?“)")
    assert german is not None and (german.label, german.cue, german.problem) == (
        "question",
        "geht das?",
        False,
    )
    assert parse_reason("something a person typed") is None
    assert parse_reason(None) is None


def test_priority_parts() -> None:
    parsed = parse_priority(
        "high 56: intent help_request (30) + neutral sentiment (5) + reach 1,400 (6)"
        " + waiting 141 h (15) + author is a creator (10)"
    )
    assert parsed is not None and (parsed.band, parsed.score) == ("high", 56)
    assert [(p.kind, p.value, p.points) for p in parsed.parts] == [
        ("intent", "help_request", 30),
        ("sentiment", "neutral", 5),
        ("reach", "1400", 6),
        ("waiting", "141", 15),
        ("creator", "", 10),
    ]
    assert parse_priority("high 56: something new (3)") is None


def test_evidence_of_the_sponsorship_stage() -> None:
    found = assess("Mit meinem Code LIPPE15 spart ihr: https://amzn.to/glanz1 #ad", language="de")
    stored = {
        "strength": found.strength,
        "rules": list(found.rules),
        "evidence": [{"kind": e.kind, "text": e.span.text, "weak": e.weak} for e in found.evidence],
    }
    view = parse_evidence(stored)
    assert view is not None
    assert view.rules and all(
        r in {"uwg", "uwg_unpaid", "mstv", "leitfaden", "ftc", "ftc_101"} for r in view.rules
    )
    assert {"affiliate_link", "discount_code"} <= {i.kind for i in view.items}
    assert parse_evidence(None) is None


@pytest.mark.parametrize(
    ("reason", "key", "detail", "item"),
    [
        (
            "invalid JSON: Expecting value: line 1 column 1",
            "invalid_json",
            "Expecting value: line 1 column 1",
            None,
        ),
        ("item 3: not a JSON object", "not_object", "", "3"),
        ("row has 3 fields, the header has 5", "field_count", "", None),
        ("something else entirely", "other", "something else entirely", None),
    ],
)
def test_reject_reasons(reason: str, key: str, detail: str, item: str | None) -> None:
    parsed = parse_reject(reason)
    assert (parsed.key, parsed.detail, parsed.item) == (key, detail, item)
