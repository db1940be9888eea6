"""Recomputing the rollup tables from the raw tables (``resonanz rollups rebuild``).

Every writer keeps the rollups exact in its own transaction; a rebuild is for a store
changed behind Resonanz's back (a restored backup of the raw tables, a manual SQL fix)
and for checking: it gives the same rows as the maintained tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from resonanz.store import people_rollups, rollups


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """Posts read: analysed posts for the brand rollups, all posts for the people rollups."""

    analysed: int
    posts: int


def rebuild(engine: Engine) -> Rebuilt:
    """Recompute the brand rollups and the people rollups in one transaction."""
    with engine.begin() as conn:
        analysed = rollups.rebuild(conn)
        read = people_rollups.rebuild(conn)
    return Rebuilt(analysed, read)
