"""A data subject's request, also where pseudonymised imports stored them.

The subject names themselves in clear; with a ``pseudonym_key`` set, their posts may
be stored under pseudonyms (:func:`resonanz.privacy.pseudonym.with_pseudonyms`).
:func:`erase_subject` and :func:`export_subject` cover every name the subject may be
stored under, one erasure or export each (each logged in ``privacy_log``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from resonanz.privacy.access import export_author
from resonanz.privacy.erase import ErasureReport, Subject, erase_author
from resonanz.privacy.pseudonym import with_pseudonyms
from resonanz.settings import Settings


def erase_subject(
    engine: Engine, settings: Settings, subject: Subject, actor: str, now: datetime | None = None
) -> ErasureReport:
    """:func:`erase_author` for the subject in clear and under each pseudonym, summed."""
    total = ErasureReport(0, 0, 0, 0, 0)
    for name in with_pseudonyms(settings, subject):
        part = erase_author(engine, name, actor, now)
        total = ErasureReport(
            posts=total.posts + part.posts,
            dependent_rows=total.dependent_rows + part.dependent_rows,
            quarantined=total.quarantined + part.quarantined,
            redacted_rows=total.redacted_rows + part.redacted_rows,
            tombstones=total.tombstones + part.tombstones,
            compacted=total.compacted or part.compacted,
            creator_accounts=total.creator_accounts + part.creator_accounts,
        )
    return total


def export_subject(
    engine: Engine, settings: Settings, subject: Subject, actor: str, now: datetime | None = None
) -> dict[str, Any]:
    """:func:`export_author` for the subject in clear and under each pseudonym, merged."""
    names = with_pseudonyms(settings, subject)
    document = export_author(engine, names[0], actor, now)
    for name in names[1:]:
        part = export_author(engine, name, actor, now)
        for table, rows in part["tables"].items():
            document["tables"].setdefault(table, []).extend(rows)
        for table, n in part["counts"].items():
            document["counts"][table] = document["counts"].get(table, 0) + n
    if len(names) > 1:
        document["pseudonyms"] = [n.handle for n in names[1:]]
    return document
