"""The inbox facade: the dialogue inbox, its outbox, and "publish on approve".

Faces call these names only; where they live in :mod:`resonanz.dialogue` (and
the connectors' credentials) is this module's business.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from resonanz.connectors.publish import Credentials
from resonanz.dialogue.actions import (
    MAX_REPLY,
    WORKING_ROLES,
    Actor,
    approve,
    assign,
    claim,
    disclosure_preview,
    dismiss,
    draft,
    may_approve,
    reject,
    reopen,
    submit,
)
from resonanz.dialogue.config import (
    DEFAULT_SLA,
    add_rule,
    get_settings,
    get_sla,
    get_template,
    list_rules,
    list_templates,
    render_template,
    save_template,
    set_settings,
    set_sla,
)
from resonanz.dialogue.identity import normalize
from resonanz.dialogue.inbox import (
    OPEN_VALUES,
    SLA_FILTERS,
    InboxFilter,
    ItemDetail,
    SyncCounts,
    facets,
    get_item,
    group_by_thread,
    list_items,
    page_items,
    sync,
)
from resonanz.dialogue.metrics import DialogueMetrics
from resonanz.dialogue.metrics import compute as compute_metrics
from resonanz.dialogue.outbox import (
    PublisherFactory,
    confirm_manual,
    default_factory,
    list_outbox,
    resolve_unknown,
    run_outbox,
)

__all__ = [
    "DEFAULT_SLA",
    "MAX_REPLY",
    "OPEN_VALUES",
    "SLA_FILTERS",
    "WORKING_ROLES",
    "Actor",
    "Credentials",
    "DialogueMetrics",
    "InboxFilter",
    "ItemDetail",
    "PublisherFactory",
    "SyncCounts",
    "add_rule",
    "approve",
    "assign",
    "claim",
    "compute_metrics",
    "configuration",
    "confirm_manual",
    "default_factory",
    "disclosure_preview",
    "dismiss",
    "draft",
    "facets",
    "get_item",
    "get_settings",
    "get_template",
    "group_by_thread",
    "list_items",
    "list_outbox",
    "list_templates",
    "may_approve",
    "normalize",
    "page_items",
    "publish_approved",
    "reject",
    "render_template",
    "reopen",
    "resolve_unknown",
    "run_outbox",
    "save_template",
    "set_settings",
    "set_sla",
    "submit",
    "sync",
]

log = logging.getLogger(__name__)


def publish_approved(engine: Engine, publishers: PublisherFactory) -> None:
    """Publish what an approval queued, unless the workspace turned ``publish_on_approve`` off.

    A failure here is logged and leaves the entry queued for the next outbox run:
    the approval is committed before, so the caller must not report it as failed.
    """
    try:
        if get_settings(engine).get("publish_on_approve", True):
            run_outbox(engine, publishers)
    except Exception:  # logged; the outbox entry stays queued
        log.exception("publishing after an approval failed; the reply stays in the outbox")


def configuration(engine: Engine) -> dict[str, Any]:
    """The inbox configuration as the settings page shows it: assignment ``rules``,
    ``sla`` targets, reply ``templates`` and the ``dialogue_settings``."""
    with engine.connect() as conn:
        rules = list_rules(conn)
        sla = get_sla(conn)
    return {
        "rules": rules,
        "sla": sla,
        "templates": list_templates(engine),
        "dialogue_settings": get_settings(engine),
    }
