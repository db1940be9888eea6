"""Language identification on short, noisy comments."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.language import UNDETERMINED, LanguageStage, identify, scores
from resonanz.analysis.normalize import Normalizer

GERMAN = [
    "Na toll, schon wieder 30 Minuten Verspätung 🙄",
    "nicht schlecht, echt jetzt",
    "Wann kommt der Zug endlich?",
    "Die Foundation ist mir zu dunkel",
    "Finde ich gut",
    "Warum ist das so teuer??",
]
ENGLISH = [
    "not bad at all",
    "Where is my refund?",
    "This mascara is amazing 😍",
    "love it",
    "worst flight ever, thanks a lot",
    "Can you help me please",
]


@pytest.mark.parametrize("text", GERMAN)
def test_short_german(text: str) -> None:
    assert identify(text)[0] == "de"


@pytest.mark.parametrize("text", ENGLISH)
def test_short_english(text: str) -> None:
    assert identify(text)[0] == "en"


def test_other_languages_are_recognised_and_unsupported() -> None:
    docs = [
        Doc(0, "C'est vraiment magnifique, je l'adore beaucoup"),
        Doc(1, "Questo prodotto è davvero fantastico, lo consiglio"),
        Doc(2, "Dit is echt een heel mooi product, ik ben blij"),
    ]
    batch = Batch(docs)
    Normalizer().analyze(batch)
    LanguageStage().analyze(batch)
    assert [d.language for d in docs] == ["fr", "it", "nl"]
    assert not any(d.supported for d in docs)


@pytest.mark.parametrize("text", ["", "   ", "🙄🙄🔥", "https://t.co/abc", "@someone 👍", "12:30"])
def test_no_words_is_undetermined(text: str) -> None:
    assert identify(text) == (UNDETERMINED, 0.0)


def test_mixed_language_takes_the_dominant_one() -> None:
    text = "Ich finde die neue Mascara wirklich super und kaufe sie wieder, so cute!"
    assert identify(text)[0] == "de"
    text = "I really love this new mascara and will buy it again, echt toll"
    assert identify(text)[0] == "en"


def test_probabilities_are_a_distribution() -> None:
    probs = scores("Das ist nicht schlecht")
    assert abs(sum(probs.values()) - 1.0) < 1e-6
    assert all(0.0 <= p <= 1.0 for p in probs.values())


def test_stage_sets_supported_and_handles_long_and_empty_posts() -> None:
    docs = [Doc(0, "Das ist wirklich nicht schlecht. " * 2000), Doc(1, ""), Doc(2, "so good")]
    batch = Batch(docs)
    Normalizer().analyze(batch)
    LanguageStage().analyze(batch)
    assert (docs[0].language, docs[0].supported) == ("de", True)
    assert (docs[1].language, docs[1].supported) == (UNDETERMINED, False)
    assert (docs[2].language, docs[2].supported) == ("en", True)
    assert docs[0].language_score is not None and 0.5 < docs[0].language_score <= 1.0


def _languages(texts: list[tuple[str | None, str]]) -> list[str | None]:
    docs = [Doc(n, text, thread=thread) for n, (thread, text) in enumerate(texts)]
    batch = Batch(docs)
    Normalizer().analyze(batch)
    LanguageStage().analyze(batch)
    return [d.language for d in docs]


def test_one_word_posts_take_the_language_of_their_thread() -> None:
    """'Shuffle' under an English video is English, not German (issue 10 item 13)."""
    english_video = [
        ("yt:v1", "Check out this awesome dance, everybody!"),
        ("yt:v1", "This song never gets old, I still listen to it every day"),
        ("yt:v1", "Who is watching this in 2015?"),
    ]
    german_video = [
        ("yt:v2", "Das Lied ist einfach der Hammer, ich höre es jeden Tag"),
        ("yt:v2", "Wer schaut das hier auch noch im Jahr 2015?"),
    ]
    found = _languages([*english_video, ("yt:v1", "Shuffle"), ("yt:v1", "Hammer"),
                        ("yt:v1", "Danke"), *german_video, ("yt:v2", "Shuffle")])  # fmt: skip
    assert found[:5] == ["en", "en", "en", "en", "en"]
    assert found[5] == "de"  # a German cue word is not overruled by its thread
    assert found[6:] == ["de", "de", "de"]
    # without a thread, or in a thread without a clear language, the model still decides
    alone = _languages([(None, "Shuffle"), ("yt:v3", "Shuffle"), ("yt:v3", "Super")])
    assert alone[0] == alone[1] == identify("Shuffle")[0]


def _short(texts: list[str]) -> list[str]:
    """Texts of 20-40 characters once links and @handles are removed."""
    out = [re.sub(r"https?://\S+|@\w+|\bRT\b", " ", t).strip() for t in texts]
    return [t for t in out if 20 <= len(t) <= 40]


def test_accuracy_on_short_shared_data_tweets(shared_data: Path) -> None:
    """20-40 character tweets: German (PotTS) and English (YouTube comments).

    The German corpora contain some tweets in other languages, so the bar is set
    below 1 on purpose; it still fails when the cues or the model break.
    """
    with (shared_data / "potts" / "train.tsv").open(encoding="utf-8") as fh:
        german = _short([line.split("\t")[2] for line in fh if line.count("\t") >= 2])
    with (shared_data / "youtube_spam" / "train.csv").open(encoding="utf-8") as fh:
        english = _short([row["CONTENT"] for row in csv.DictReader(fh)])
    assert len(german) >= 200 and len(english) >= 150
    acc_de = sum(identify(t)[0] == "de" for t in german) / len(german)
    acc_en = sum(identify(t)[0] == "en" for t in english) / len(english)
    assert acc_de >= 0.9, acc_de
    assert acc_en >= 0.9, acc_en


def test_batched_feature_counts_equal_the_walk_per_post() -> None:
    from resonanz.analysis.language import _model

    model = _model()
    bodies = [
        "Die Lieferung kam heute endlich an",
        "the delivery finally arrived today",
        "ok",
        "Grüße aus Köln 🙂 und schönes Wochenende",
        "日本語",
        "x",
    ]
    keys, counts, sizes = model.counts_many(bodies)
    n = model.ptc.shape[0]
    for k, body in enumerate(bodies):
        walked, size = model.counts(body)
        mine = keys // n == k
        assert dict(zip((keys[mine] % n).tolist(), counts[mine].tolist(), strict=True)) == walked
        assert int(sizes[k]) == size
    assert list(keys) == sorted(keys)
