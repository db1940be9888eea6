"""The x importer on API v2 responses (whole and JSON Lines) and CSV exports."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from resonanz.errors import InputError
from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.x import XImporter, guess_mapping
from resonanz.models import Post, Rejected

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x"


def run(path: Path) -> list[ImportItem]:
    with path.open("rb") as stream:
        return list(XImporter().read(stream, ImportContext(source=str(path))))


def by_id(items: list[ImportItem]) -> dict[str, Post]:
    return {p.native_id: p for p in items if isinstance(p, Post)}


def test_v2_response_with_users_metrics_entities_and_reply() -> None:
    items = run(FIXTURES / "search_recent_lufthansa.json")
    assert len(items) == 3 and all(isinstance(i, Post) for i in items)
    posts = by_id(items)
    first = posts["1768012345678901234"]
    assert first.kind == "tweet" and first.platform == "x"
    assert first.created_at == datetime(2024, 2, 7, 8, 15, 30, tzinfo=UTC)
    assert first.author.handle == "kofferlos_kai" and first.author.followers == 812
    assert first.author.display_name == "Kai ohne Koffer" and first.author.id == "99887766"
    assert first.url == "https://x.com/kofferlos_kai/status/1768012345678901234"
    assert first.hashtags == ("#lufthansa", "#streik") and first.mentions == ("@lufthansa",)
    assert first.metrics.likes == 31 and first.metrics.replies == 2
    assert first.metrics.shares == 5 and first.metrics.views == 2870  # retweets + quotes
    assert first.thread_id == first.native_id and first.parent_id is None

    reply = posts["1768019999000000001"]
    assert reply.parent_id == "1768012345678901234"
    assert reply.thread_id == "1768012345678901234"
    assert reply.links == ("https://www.lufthansa.com/de/de/kontakt",)  # expanded, not t.co
    assert reply.author.handle == "lufthansa"

    unknown_author = posts["1768020000000000002"]
    assert unknown_author.author.handle is None
    assert unknown_author.url == "https://x.com/i/web/status/1768020000000000002"
    assert unknown_author.text.endswith("😩✈️")
    assert orjson.loads(unknown_author.raw)["lang"] == "en"


def test_json_lines_of_responses_and_missing_created_at() -> None:
    """A tweet requested without ``tweet.fields=created_at`` is kept with the import time,
    marked as such in its raw record, and the run says so."""
    ctx = ImportContext(source="pages_maybelline.jsonl")
    before = datetime.now(UTC).replace(microsecond=0)
    with (FIXTURES / "pages_maybelline.jsonl").open("rb") as stream:
        items = list(XImporter().read(stream, ctx))
    after = datetime.now(UTC)
    posts = by_id(items)
    assert list(posts) == ["1770000000000000001", "1770000000000000002", "1770000000000000003"]
    assert posts["1770000000000000002"].parent_id == "1770000000000000001"
    assert posts["1770000000000000002"].author.handle == "tom_testet"
    assert [i for i in items if isinstance(i, Rejected)] == []
    undated = posts["1770000000000000003"]
    assert before <= undated.created_at <= after
    assert posts["1770000000000000001"].created_at == datetime(2024, 2, 12, 19, 2, 11, tzinfo=UTC)
    assert orjson.loads(undated.raw)["resonanz_created_at_is_import_time"] is True
    (note,) = ctx.notes
    assert note.startswith("1 tweet(s) had no created_at") and "import time" in note
    # the stored raw record reads back to the same time (a re-import does not move it)
    again = list(XImporter().read(io.BytesIO(undated.raw), ImportContext(source="raw")))
    assert [p.created_at for p in again if isinstance(p, Post)] == [undated.created_at]


def test_search_response_without_created_at_keeps_every_tweet(db_url: str, tmp_path: Path) -> None:
    """All tweets of a v2 search requested without ``created_at``: none is rejected."""
    from resonanz.service import Workspace

    response = {
        "data": [
            {"id": f"18000000000000000{n}", "text": f"Flug {n} verspätet, danke für nichts"}
            for n in range(10)
        ],
        "meta": {"result_count": 10},
    }
    ws = Workspace(db_url)
    ws.init()
    path = tmp_path / "search.json"
    path.write_bytes(orjson.dumps(response))
    summary = ws.import_file(path, fmt="x")
    assert (summary.new, summary.rejected) == (10, 0)
    assert summary.notes and "10 tweet(s) had no created_at" in summary.notes[0]
    assert summary.as_json()["notes"] == summary.notes
    ws.close()


def test_single_tweet_lines_with_embedded_author() -> None:
    line = {
        "id": "42",
        "text": "Condor Service top!",
        "created_at": "2024-03-01T12:00:00Z",
        "author_id": "7",
        "author": {"id": "7", "username": "urlauber", "name": "U. Rlauber"},
    }
    data = orjson.dumps(line) + b"\n"
    (post,) = XImporter().read(io.BytesIO(data), ImportContext(source="flat.jsonl"))
    assert isinstance(post, Post) and post.author.handle == "urlauber"


def test_airline_style_csv() -> None:
    items = run(FIXTURES / "airline_tweets.csv")
    assert not [i for i in items if isinstance(i, Rejected)]
    posts = by_id(items)
    assert len(posts) == 4
    lost = posts["569987654321012345"]
    assert lost.created_at == datetime(2015, 2, 22, 18, 4, tzinfo=UTC)  # M/D/YYYY H:MM
    assert lost.hashtags == ("#fail",) and lost.mentions == ("@united",)
    multi = posts["569987654321012347"]
    assert multi.text.endswith("hung up.\nNever again.")  # quoted newline kept
    assert '"we are experiencing high call volumes"' in multi.text
    zoned = posts["569987654321012348"]
    assert zoned.created_at == datetime(2015, 2, 23, 4, 1, tzinfo=UTC)  # -0800 -> UTC
    assert orjson.loads(lost.raw)["negativereason"] == "Lost Luggage"


def test_basic_export_csv_columns() -> None:
    posts = by_id(run(FIXTURES / "export_basic.csv"))
    reply = posts["1760000000000000102"]
    assert reply.author.handle == "dosenjaeger"
    assert reply.url == "https://x.com/dosenjaeger/status/1760000000000000102"
    assert reply.parent_id == "1760000000000000101"
    assert posts["1760000000000000101"].metrics.likes == 12
    assert posts["1760000000000000101"].metrics.shares == 1


def test_csv_without_time_column_names_it() -> None:
    path = FIXTURES / "no_time_column.csv"
    with pytest.raises(InputError) as err:
        run(path)
    message = str(err.value)
    assert "no_time_column.csv" in message and "created_at" in message
    assert "tweet_created" in message  # the accepted names
    assert "columns present: tweet_id, text, user" in message


def test_guess_mapping_prefers_specific_names() -> None:
    mapping = guess_mapping(["tweet_id", "id", "text", "tweet_created", "user"], "f.csv")
    assert mapping.columns["native_id"] == "tweet_id"
    assert mapping.columns["created_at"] == "tweet_created"


def test_sniff() -> None:
    imp = XImporter()
    assert imp.sniff((FIXTURES / "search_recent_lufthansa.json").read_bytes(), "a.json") > 0.5
    assert imp.sniff((FIXTURES / "airline_tweets.csv").read_bytes(), "a.csv") > 0.5
    assert imp.sniff(b'{"kind": "Listing", "data": {}}', "r.json") == 0.0


def test_shared_airline_data_imports_without_rejects(shared_data: Path) -> None:
    path = shared_data / "airline_sentiment" / "train.csv"
    if not path.exists():
        pytest.skip("airline data set not present")
    items = run(path)
    assert not [i for i in items if isinstance(i, Rejected)]
    assert len({p.native_id for p in by_id(items).values()}) > 10_000


def test_raw_embeds_the_author_so_it_can_be_reimported() -> None:
    posts = by_id(run(FIXTURES / "search_recent_lufthansa.json"))
    raw = posts["1768012345678901234"].raw
    assert orjson.loads(raw)["author"]["username"] == "kofferlos_kai"
    (again,) = XImporter().read(io.BytesIO(raw + b"\n"), ImportContext(source="raw.jsonl"))
    assert isinstance(again, Post)
    assert again.author.handle == "kofferlos_kai" and again.text == posts[again.native_id].text


def test_csv_handles_lose_their_at_sign() -> None:
    data = b"id,text,created_at,user\n7,Hallo @TUIfly,2024-03-01T10:00:00Z,@ferienflieger\n"
    (post,) = XImporter().read(io.BytesIO(data), ImportContext(source="t.csv"))
    assert isinstance(post, Post) and post.author.handle == "ferienflieger"
    assert post.url == "https://x.com/ferienflieger/status/7"
