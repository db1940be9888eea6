"""One out-of-range value in a file costs that record only, on SQLite and PostgreSQL.

Each case writes a Reddit dump of 2,500 good comments with one hostile record in the
middle (so the hostile record shares a database batch with 1,999 good ones), imports
it and checks: every good record stored, the bad one quarantined (or stored repaired,
where repairing loses nothing), the run completed, no SQL in any message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import event, func, select, text

from resonanz.service import Workspace
from resonanz.store.schema import import_runs, posts, quarantine

GOOD = 2_500
BAD_AT = 1_000


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace.open(db_url)
    workspace.init()
    yield workspace
    workspace.engine.dispose()


def comment(i: int) -> dict[str, Any]:
    return {
        "author": f"user{i}",
        "body": f"Guter Kommentar {i}",
        "created_utc": 1_698_836_400 + i,
        "id": f"g{i}",
        "link_id": "t3_abc",
        "parent_id": "t3_abc",
        "score": 3,
        "subreddit": "de",
    }


def dump(path: Path, bad_line: bytes) -> Path:
    lines = [orjson.dumps(comment(i)) for i in range(GOOD)]
    lines.insert(BAD_AT, bad_line)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def hostile(**fields: Any) -> bytes:
    record = {**comment(99_999), "id": "hostile", **fields}
    return orjson.dumps(record)


CASES: dict[str, tuple[bytes, str]] = {
    # name: (the hostile line, "stored" if it is kept repaired, else "quarantined")
    "counter over 64 bits": (
        hostile().replace(b'"score":3', b'"score":1180591620717411303424'),
        "stored",
    ),
    "1e400": (hostile().replace(b'"score":3', b'"score":1e400'), "quarantined"),  # not JSON
    "epoch 1e300": (
        hostile().replace(b'"created_utc":1698936399', b'"created_utc":1e300'),
        "quarantined",
    ),
    "far future": (hostile(created_utc=32_503_680_000), "quarantined"),  # year 3000
    "nested 300 deep": (
        b'{"author":"u","body":"tief","created_utc":1698836400,"id":"deep","subreddit":"de",'
        b'"x":' + b"[" * 300 + b"]" * 300 + b"}",
        "stored",
    ),
    "NUL in id": (hostile(id="a\x00b"), "quarantined"),
    "id of 300 chars": (hostile(id="i" * 300), "quarantined"),
    "author of 300 chars": (hostile(author="a" * 300), "stored"),
    "NUL in text": (hostile(body="bad \x00 text"), "stored"),
    "whitespace id": (hostile(id="   "), "quarantined"),
    "object id": (hostile(id={"a": 1}), "quarantined"),
    "boolean id": (hostile(id=True), "quarantined"),
}


def _counts(ws: Workspace) -> tuple[int, int, str, str | None]:
    with ws.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(posts)).scalar_one()
        kept = conn.execute(select(func.count()).select_from(quarantine)).scalar_one()
        status, error = conn.execute(select(import_runs.c.status, import_runs.c.error)).one()
    return stored, kept, status, error


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_hostile_record_costs_only_itself(ws: Workspace, tmp_path: Path, case: str) -> None:
    line, outcome = CASES[case]
    summary = ws.import_file(dump(tmp_path / "RC_2023-11.ndjson", line))
    stored, kept, status, error = _counts(ws)
    assert status == "completed" and error is None
    if outcome == "stored":
        assert (stored, kept) == (GOOD + 1, 0), summary.errors
    else:
        assert (stored, kept) == (GOOD, 1)
        (issue,) = summary.errors
        assert issue.source.endswith("RC_2023-11.ndjson")
        assert issue.line == BAD_AT + 1  # file, line and reason name the record
        with ws.engine.connect() as conn:
            assert conn.execute(select(quarantine.c.line)).scalar_one() == BAD_AT + 1
        assert "SELECT" not in issue.reason and "INSERT" not in issue.reason
    with ws.engine.connect() as conn:
        good = conn.execute(select(func.count()).where(posts.c.native_id.like("g%"))).scalar_one()
    assert good == GOOD


def test_a_refused_record_is_quarantined_alone_without_sql(ws: Workspace, tmp_path: Path) -> None:
    """Should the database still refuse a record, the batch is written post by post."""
    if ws.engine.dialect.name == "sqlite":
        ddl = [
            "CREATE TRIGGER refuse BEFORE INSERT ON posts WHEN NEW.native_id = 'evil' "
            "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
        ]
    else:
        ddl = [
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
            "IF NEW.native_id = 'evil' THEN RAISE EXCEPTION 'refused by a test trigger'; END IF;"
            " RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse BEFORE INSERT ON posts FOR EACH ROW EXECUTE FUNCTION refuse()",
        ]
    with ws.engine.begin() as conn:
        for statement in ddl:
            conn.execute(text(statement))
    statements: list[str] = []
    event.listen(ws.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    summary = ws.import_file(dump(tmp_path / "RC_x.ndjson", hostile(id="evil")))
    stored, kept, status, error = _counts(ws)
    assert (stored, kept, status, error) == (GOOD, 1, "completed", None)
    (issue,) = summary.errors
    assert "refused by a test trigger" in issue.reason
    assert issue.line == BAD_AT + 1
    assert "INSERT" not in issue.reason and "Guter Kommentar" not in issue.reason
    assert any("INSERT" in s for s in statements)


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        (
            "export.csv",
            "id,created_at,text\n"
            "a1,2024-03-01T10:00:00Z,gut\n"
            "a2,2024-03-01T11:00:00Z,auch gut\n"
            "a3,3024-03-01T11:00:00Z,aus der Zukunft\n"
            "a4,2024-03-01T12:00:00Z,wieder gut\n",
            4,
        ),
        (
            "export.jsonl",
            '{"id": "b1", "created_at": "2024-03-01T10:00:00Z", "text": "gut"}\n'
            '{"id": "' + "x" * 300 + '", "created_at": "2024-03-01T10:00:00Z", "text": "lang"}\n'
            '{"id": "b3", "created_at": "2024-03-01T10:00:00Z", "text": "gut"}\n',
            2,
        ),
    ],
)
def test_a_record_the_store_cannot_hold_is_named_by_its_line(
    ws: Workspace, tmp_path: Path, name: str, content: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    mapping = {"map": "native_id=id,created_at=created_at,text=text"}
    summary = ws.import_file(path, "table", platform="forum", options=mapping)
    records = content.count("\n") - (name == "export.csv")  # a CSV header is no record
    stored, kept, status, _error = _counts(ws)
    assert (stored, kept, status) == (records - 1, 1, "completed")
    (issue,) = summary.errors
    assert (issue.source, issue.line) == (str(path), line)
