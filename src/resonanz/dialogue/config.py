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

These are workspace data, edited by admins in the web app and kept in the workspace's
database (:mod:`resonanz.store.inbox_config`); this module is the only way to them.
Deployment settings (database, tokens, timeouts) come from :mod:`resonanz.settings`,
loaded once by the CLI or the web app (see ``docs/settings.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from resonanz.dialogue.identity import DISCLOSURE_DE, DISCLOSURE_EN
from resonanz.dialogue.states import DialogueError, NotFound
from resonanz.store import inbox_config as stored

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
    return {**DEFAULT_SETTINGS, **stored.stored_settings(engine)}


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
    stored.store_settings(engine, values)
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
    stored.store_template(engine, stored.TemplateRow(name, language, body), datetime.now(UTC))
    return Template(name, language, body)


def list_templates(engine: Engine, language: str | None = None) -> list[Template]:
    return [Template(r.name, r.language, r.body) for r in stored.templates(engine, language)]


def render_template(body: str, variables: Mapping[str, str]) -> str:
    """Fill ``{{ name }}`` placeholders; unknown ones stay visible so nobody sends them."""

    def fill(match: re.Match[str]) -> str:
        value = variables.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _VAR.sub(fill, body)


def get_template(engine: Engine, name: str, language: str) -> Template:
    body = stored.template_body(engine, name, language)
    if body is None:
        raise NotFound(f"no template {name!r} in language {language!r}")
    return Template(name, language, body)


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
    row = stored.append_rule(
        engine,
        agents,
        team=team,
        language=language,
        product=product,
        platform=platform,
        intent=intent,
    )
    return _rule(row)


def _rule(row: stored.RuleRow) -> Rule:
    return Rule(
        row.id,
        row.position,
        row.agents,
        row.team,
        row.language,
        row.product,
        row.platform,
        row.intent,
    )


def list_rules(conn: Connection) -> list[Rule]:
    return [_rule(row) for row in stored.active_rules(conn)]


def pick_assignee(conn: Connection, item: Mapping[str, Any]) -> tuple[str, str | None, int] | None:
    """``(agent, team, rule id)`` of the first matching rule, advancing its round-robin cursor."""
    for rule in list_rules(conn):
        if not rule.matches(item) or not rule.agents:
            continue
        cursor = stored.advance_cursor(conn, rule.id)
        return rule.agents[cursor % len(rule.agents)], rule.team, rule.id
    return None


# -- SLA targets --------------------------------------------------------------------------
def get_sla(conn: Connection) -> dict[str, int]:
    """Minutes to first response per band (configured values over the defaults)."""
    return {**DEFAULT_SLA, **stored.sla_minutes(conn)}


def set_sla(engine: Engine, band: str, minutes: int) -> None:
    if band not in DEFAULT_SLA or minutes <= 0:
        raise DialogueError(
            f"bad SLA target {band!r}={minutes}",
            hint="bands: " + ", ".join(DEFAULT_SLA) + "; minutes must be positive",
        )
    stored.store_sla(engine, band, minutes)
