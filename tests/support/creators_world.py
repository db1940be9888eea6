"""A workspace holding real-format YouTube API answers (videos, comment threads, channels),
analysed by the real pipeline, with Lena's partnership with Maybelline declared."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from resonanz.service import Workspace
from resonanz.service import creators as C
from resonanz.service.analysis import analyze

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "creators"
LENA = "UCq7Rm2pLx9vT4sWn8bYc3Qd"
SAM = "UCt7kFJ0aQx1bR2cS3dT4eU5"
BRANDS = [
    {"name": "Maybelline", "competitors": ["L'Oréal Paris"]},
    {"name": "L'Oréal Paris", "aliases": ["L'Oréal"], "competitors": ["Maybelline"]},
]


def populate(ws: Workspace) -> None:
    """Import and analyse the fixtures, import the channels, declare Lena's partnership."""
    ws.save_brands(BRANDS)
    for name in ("videos.json", "comment_threads.json"):
        summary = ws.import_file(FIXTURES / name, "youtube-api")
        assert summary.rejected == 0
    analyze(ws)
    for name in ("videos.json", "channels.json"):
        with (FIXTURES / name).open("rb") as stream:
            C.import_records(ws.engine, stream)
    C.declare_partnership(
        ws.engine, "lenas-beautyecke", "maybelline", "paid", date(2026, 4, 1), date(2026, 4, 30)
    )


@pytest.fixture
def world(db_url: str) -> Iterator[Workspace]:
    """Lena and Sam, analysed, their channels imported, Lena partnered with Maybelline."""
    ws = Workspace.open(db_url)
    ws.init()
    populate(ws)
    yield ws
    ws.close()
