"""The inbox's workspace configuration in the store: stored setting values, reply
templates, assignment rules and SLA targets, as typed rows.

Defaults and validation live in :mod:`resonanz.dialogue.config`, the one module that
reads and writes these values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from resonanz.store.inbox_schema import (
    assignment_rules,
    dialogue_settings,
    reply_templates,
    sla_targets,
)


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One active row of ``assignment_rules``."""

    id: int
    position: int
    agents: tuple[str, ...]
    team: str | None
    language: str | None
    product: str | None
    platform: str | None
    intent: str | None


@dataclass(frozen=True, slots=True)
class TemplateRow:
    name: str
    language: str
    body: str


def stored_settings(engine: Engine) -> dict[str, Any]:
    """The setting values stored for the workspace (name -> JSON value)."""
    with engine.connect() as conn:
        query = select(dialogue_settings.c.name, dialogue_settings.c.value)
        return {str(name): value for name, value in conn.execute(query)}


def store_settings(engine: Engine, values: Mapping[str, Any]) -> None:
    """Replace the stored values of the given settings."""
    with engine.begin() as conn:
        for name, value in values.items():
            conn.execute(delete(dialogue_settings).where(dialogue_settings.c.name == name))
            conn.execute(insert(dialogue_settings).values(name=name, value=value))


def store_template(engine: Engine, row: TemplateRow, now: datetime) -> None:
    """Create or replace the template of that name and language."""
    t = reply_templates
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.name == row.name, t.c.language == row.language))
        conn.execute(
            insert(t).values(name=row.name, language=row.language, body=row.body, updated_at=now)
        )


def templates(engine: Engine, language: str | None = None) -> list[TemplateRow]:
    t = reply_templates
    query = select(t.c.name, t.c.language, t.c.body)
    if language:
        query = query.where(t.c.language == language)
    with engine.connect() as conn:
        return [TemplateRow(*row) for row in conn.execute(query.order_by(t.c.name, t.c.language))]


def template_body(engine: Engine, name: str, language: str) -> str | None:
    t = reply_templates
    with engine.connect() as conn:
        row = conn.execute(
            select(t.c.body).where(t.c.name == name, t.c.language == language)
        ).first()
    return None if row is None else str(row[0])


def append_rule(engine: Engine, agents: list[str], **fields: str | None) -> RuleRow:
    """Add a rule after the existing ones (``fields``: team, language, product, platform,
    intent)."""
    with engine.begin() as conn:
        position = len(conn.execute(select(assignment_rules.c.id)).all())
        new_id = conn.execute(
            insert(assignment_rules).values(
                position=position, agents=agents, cursor=0, active=True, **fields
            )
        ).inserted_primary_key
    assert new_id is not None
    return RuleRow(
        int(new_id[0]),
        position,
        tuple(agents),
        fields.get("team"),
        fields.get("language"),
        fields.get("product"),
        fields.get("platform"),
        fields.get("intent"),
    )


def active_rules(conn: Connection) -> list[RuleRow]:
    """The active rules in the order they are tried."""
    t = assignment_rules
    rows = conn.execute(
        select(
            t.c.id,
            t.c.position,
            t.c.agents,
            t.c.team,
            t.c.language,
            t.c.product,
            t.c.platform,
            t.c.intent,
        )
        .where(t.c.active.is_(True))
        .order_by(t.c.position, t.c.id)
    )
    return [
        RuleRow(
            int(r.id),
            int(r.position),
            tuple(r.agents or ()),
            r.team,
            r.language,
            r.product,
            r.platform,
            r.intent,
        )
        for r in rows
    ]


def advance_cursor(conn: Connection, rule_id: int) -> int:
    """The rule's round-robin cursor before this call; it moves on by one."""
    t = assignment_rules
    cursor = int(conn.execute(select(t.c.cursor).where(t.c.id == rule_id)).scalar_one())
    conn.execute(update(t).where(t.c.id == rule_id).values(cursor=cursor + 1))
    return cursor


def sla_minutes(conn: Connection) -> dict[str, int]:
    """The configured minutes to first response per band."""
    query = select(sla_targets.c.band, sla_targets.c.first_response_minutes)
    return {str(band): int(minutes) for band, minutes in conn.execute(query)}


def store_sla(engine: Engine, band: str, minutes: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(sla_targets).where(sla_targets.c.band == band))
        conn.execute(insert(sla_targets).values(band=band, first_response_minutes=minutes))
