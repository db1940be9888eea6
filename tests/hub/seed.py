"""A workspace with creators, their posts (analysed) and a brand catalog, for the hub.

Creators: ``lena`` (YouTube, in the hub after :func:`seed`), ``mo`` (X, matched by
handle only, in the hub) and ``nina`` (YouTube, in the directory but not the hub).
Glanzwerk is the own brand (it has own accounts), Rivalia another brand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from resonanz.models import Author, Post
from resonanz.service import Workspace
from resonanz.store.annotations import AnalysisRow, MentionRow, write_analysis
from resonanz.store.creators import insert_account, insert_creator, insert_partnership
from resonanz.store.schema import posts

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
CATALOG = [
    {"name": "Glanzwerk", "own_accounts": {"youtube": ["UCglanz"]}, "competitors": ["Rivalia"]},
    {"name": "Rivalia"},
]
HOSTILE = '<script>window.__xss=true</script>"><img src=x onerror="window.__xss=true">'


@dataclass(frozen=True)
class Seeded:
    ids: dict[str, int]  # native id -> post id


def _post(native: str, text: str, author: Author, day: int, **values: object) -> Post:
    base: dict[str, object] = {
        "platform": "youtube",
        "native_id": native,
        "kind": "video",
        "created_at": T0 + timedelta(days=day),
        "text": text,
        "author": author,
        "url": f"https://www.youtube.com/watch?v={native}",
    }
    base.update(values)
    return Post(**base)  # type: ignore[arg-type]


LENA = Author(id="UClena", handle="@lena", display_name="Lena")
MO = Author(id=None, handle="mo_looks", display_name="Mo")
NINA = Author(id="UCnina", handle="@nina", display_name="Nina")
POSTS = (
    _post(
        "lenavideo01",
        "Herbst-Look mit Glanzwerk Lidschatten. Werbung",
        LENA,
        1,
        title="Herbst-Look",
    ),
    _post(
        "lenavideo02",
        "Rivalia Mascara im Test, Code LENA10 für 10 %",
        LENA,
        2,
        title="Mascara-Test",
    ),
    _post("lenavideo03", "Pflege für sensible Haut", LENA, 3, title=HOSTILE),
    _post(
        "m1",
        "Glanzwerk und Rivalia im Vergleich",
        MO,
        4,
        platform="x",
        kind="post",
        url="javascript:alert(1)",
        title=None,
    ),
    _post("ninavideo01", "Nina testet Glanzwerk", NINA, 5, title="Nina"),
    _post("stranger001", "Unbekannt", Author(id="UCx", handle="@x"), 6, title="Fremd"),
)


def seed(workspace: Workspace) -> Seeded:
    workspace.init()
    workspace.import_items(POSTS, source="hub-seed", fmt="test")
    workspace.save_brands(CATALOG)
    with workspace.engine.connect() as conn:
        ids = {
            str(n): int(i)
            for i, n in conn.execute(
                posts.select().with_only_columns(posts.c.id, posts.c.native_id)
            )
        }
    glanz, rival = (
        MentionRow("Glanzwerk", alias="Glanzwerk"),
        MentionRow("Rivalia", alias="Rivalia"),
    )
    analysis = [
        AnalysisRow(
            ids["lenavideo01"],
            mentions=(glanz,),
            disclosure="disclosed",
            disclosure_evidence={
                "strength": "clear",
                "rules": [],
                "evidence": [
                    {
                        "kind": "disclosure_label",
                        "start": 41,
                        "end": 48,
                        "text": "Werbung",
                        "weak": False,
                    },
                    {"kind": "discount_code", "start": 0, "end": 3, "text": "XYZ", "weak": False},
                ],
            },
        ),
        AnalysisRow(ids["lenavideo02"], mentions=(rival,), disclosure="undisclosed_commercial"),
        AnalysisRow(ids["lenavideo03"], disclosure="no_commercial_signal"),
        AnalysisRow(ids["m1"], mentions=(glanz, rival), disclosure="no_commercial_signal"),
        AnalysisRow(ids["ninavideo01"], mentions=(glanz,), disclosure="disclosed"),
    ]
    now = datetime.now(UTC)
    with workspace.engine.begin() as conn:
        write_analysis(conn, analysis)
        lena = insert_creator(conn, slug="lena", name="Lena Beauty", category="Beauty", now=now)
        insert_account(
            conn,
            creator_id=lena,
            platform="youtube",
            native_id="UClena",
            handle="@lena",
            url="https://www.youtube.com/@lena",
            followers=12_345,
        )
        insert_partnership(
            conn,
            creator_id=lena,
            brand="Glanzwerk",
            kind="paid",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 31),
            now=now,
        )
        mo = insert_creator(conn, slug="mo", name="Mo Looks", now=now)
        insert_account(conn, creator_id=mo, platform="x", native_id="99", handle="mo_looks")
        nina = insert_creator(conn, slug="nina", name="Nina", now=now)
        insert_account(
            conn, creator_id=nina, platform="youtube", native_id="UCnina", handle="@nina"
        )
    return Seeded(ids)
