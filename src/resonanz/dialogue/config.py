"""Workspace configuration of the inbox: settings, reply templates, assignment rules, SLAs.

Settings (``dialogue_settings``, JSON values; default in brackets):

* ``approval_required``: replies need a second person's approval (``true``);
* ``agents_approve``: another agent may approve, not only analysts/admins (``true``);
* ``disclosure_line``: appended to every German reply, ``{{brand}}`` and ``{{account}}``
  filled with the brand and the account that answer
  (``"— Team {{brand}}, offizieller Account {{account}}"``);
* ``disclosure_line_en``: the same for English replies
  (``"— {{brand}} team, official account {{account}}"``);
* ``creators``: author handles/ids in the creator directory, raising priority (``[]``);
* ``publish_on_approve``: the web app publishes right after approval, else
  ``resonanz outbox run`` does (``true``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from resonanz.dialogue.identity import DISCLOSURE_DE, DISCLOSURE_EN
from resonanz.dialogue.states import DialogueError, NotFound
from resonanz.dialogue.tables import (
    assignment_rules,
    dialogue_settings,
    reply_templates,
    sla_targets,
)

DEFAULT_SETTINGS: dict[str, Any] = {
    "approval_required": True,
    "agents_approve": True,
    "disclosure_line": DISCLOSURE_DE,
    "disclosure_line_en": DISCLOSURE_EN,
    "creators": [],
    "publish_on_approve": True,
}
#: Minutes to the first response per priority band when none are configured.
DEFAULT_SLA = {"urgent": 60, "high": 240, "normal": 1440, "low": 4320}

_VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def get_settings(engine: Engine) -> dict[str, Any]:
    """All dialogue settings, defaults filled in."""
    out = dict(DEFAULT_SETTINGS)
    with engine.connect() as conn:
        for name, value in conn.execute(
            select(dialogue_settings.c.name, dialogue_settings.c.value)
        ):
            out[name] = value
    return out


def set_settings(engine: Engine, values: Mapping[str, Any]) -> dict[str, Any]:
    """Store the given settings (known names only, type-checked against the defaults)."""
    for name, value in values.items():
        if name not in DEFAULT_SETTINGS:
            raise DialogueError(
                f"unknown dialogue setting {name!r}",
                hint="known: " + ", ".join(sorted(DEFAULT_SETTINGS)),
            )
        if not isinstance(value, type(DEFAULT_SETTINGS[name])):
            raise DialogueError(
                f"setting {name!r} must be a {type(DEFAULT_SETTINGS[name]).__name__}"
            )
    with engine.begin() as conn:
        for name, value in values.items():
            conn.execute(delete(dialogue_settings).where(dialogue_settings.c.name == name))
            conn.execute(insert(dialogue_settings).values(name=name, value=value))
    return get_settings(engine)


# -- templates ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Template:
    name: str
    language: str
    body: str

    @property
    def variables(self) -> list[str]:
        return list(dict.fromkeys(_VAR.findall(self.body)))


def save_template(engine: Engine, name: str, language: str, body: str) -> Template:
    """Create or replace the template ``name`` in ``language`` (``de``/``en``)."""
    name, language = name.strip(), language.strip().lower()
    if not name or not body.strip() or language not in ("de", "en"):
        raise DialogueError("a template needs a name, a body and the language de or en")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            delete(reply_templates).where(
                reply_templates.c.name == name, reply_templates.c.language == language
            )
        )
        conn.execute(
            insert(reply_templates).values(name=name, language=language, body=body, updated_at=now)
        )
    return Template(name, language, body)


def list_templates(engine: Engine, language: str | None = None) -> list[Template]:
    query = select(reply_templates.c.name, reply_templates.c.language, reply_templates.c.body)
    if language:
        query = query.where(reply_templates.c.language == language)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(reply_templates.c.name, reply_templates.c.language))
        return [Template(*row) for row in rows]


def render_template(body: str, variables: Mapping[str, str]) -> str:
    """Fill ``{{ name }}`` placeholders; unknown ones stay visible so nobody sends them."""

    def fill(match: re.Match[str]) -> str:
        value = variables.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _VAR.sub(fill, body)


def get_template(engine: Engine, name: str, language: str) -> Template:
    with engine.connect() as conn:
        row = conn.execute(
            select(reply_templates.c.body).where(
                reply_templates.c.name == name, reply_templates.c.language == language
            )
        ).first()
    if row is None:
        raise NotFound(f"no template {name!r} in language {language!r}")
    return Template(name, language, row[0])


# -- assignment rules ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Rule:
    """Items matching every given field go to ``agents`` (round-robin) of ``team``."""

    id: int
    position: int
    agents: tuple[str, ...]
    team: str | None = None
    language: str | None = None
    product: str | None = None
    platform: str | None = None
    intent: str | None = None

    def matches(self, item: Mapping[str, Any]) -> bool:
        for field in ("language", "product", "platform", "intent"):
            wanted = getattr(self, field)
            if wanted is not None and (item.get(field) or "").casefold() != wanted.casefold():
                return False
        return True


def add_rule(
    engine: Engine,
    agents: list[str],
    *,
    team: str | None = None,
    language: str | None = None,
    product: str | None = None,
    platform: str | None = None,
    intent: str | None = None,
) -> Rule:
    """Append a rule (rules are tried in order; the first match assigns)."""
    agents = [a.strip() for a in agents if a.strip()]
    if not agents:
        raise DialogueError("a rule needs at least one agent")
    with engine.begin() as conn:
        position = len(conn.execute(select(assignment_rules.c.id)).all())
        new_id = conn.execute(
            insert(assignment_rules).values(
                position=position,
                agents=agents,
                team=team,
                language=language,
                product=product,
                platform=platform,
                intent=intent,
                cursor=0,
                active=True,
            )
        ).inserted_primary_key
    assert new_id is not None
    return Rule(int(new_id[0]), position, tuple(agents), team, language, product, platform, intent)


def list_rules(conn: Connection) -> list[Rule]:
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
        Rule(
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


def pick_assignee(conn: Connection, item: Mapping[str, Any]) -> tuple[str, str | None, int] | None:
    """``(agent, team, rule id)`` of the first matching rule, advancing its round-robin cursor."""
    for rule in list_rules(conn):
        if not rule.matches(item) or not rule.agents:
            continue
        cursor = conn.execute(
            select(assignment_rules.c.cursor).where(assignment_rules.c.id == rule.id)
        ).scalar_one()
        agent = rule.agents[int(cursor) % len(rule.agents)]
        conn.execute(
            update(assignment_rules)
            .where(assignment_rules.c.id == rule.id)
            .values(cursor=int(cursor) + 1)
        )
        return agent, rule.team, rule.id
    return None


# -- SLA targets --------------------------------------------------------------------------
def get_sla(conn: Connection) -> dict[str, int]:
    """Minutes to first response per band (configured values over the defaults)."""
    out = dict(DEFAULT_SLA)
    for band, minutes in conn.execute(
        select(sla_targets.c.band, sla_targets.c.first_response_minutes)
    ):
        out[band] = int(minutes)
    return out


def set_sla(engine: Engine, band: str, minutes: int) -> None:
    if band not in DEFAULT_SLA or minutes <= 0:
        raise DialogueError(
            f"bad SLA target {band!r}={minutes}",
            hint="bands: " + ", ".join(DEFAULT_SLA) + "; minutes must be positive",
        )
    with engine.begin() as conn:
        conn.execute(delete(sla_targets).where(sla_targets.c.band == band))
        conn.execute(insert(sla_targets).values(band=band, first_response_minutes=minutes))
