"""The life of an inbox item: states, the allowed moves between them.

Their errors (:class:`DialogueError` and its subclasses) live in :mod:`resonanz.errors`
and are re-exported here.

::

    new -> assigned -> drafted -> awaiting_approval -> approved -> sent
      \\________\\__________\\_______________\\______________-> dismissed (with a reason)

``approved`` means "in the outbox": the reply passed review and waits for the
publishing worker. When the platform refuses it for good (revoked token, deleted
comment) the item goes back to ``drafted`` so someone can act. A dismissed item
may be reopened (back to ``new``).
"""

from __future__ import annotations

from enum import StrEnum

from resonanz.errors import DialogueError as DialogueError
from resonanz.errors import IllegalTransition as IllegalTransition
from resonanz.errors import NotAllowed as NotAllowed
from resonanz.errors import NotFound as NotFound
from resonanz.errors import ReplyRefused as ReplyRefused


class State(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    DRAFTED = "drafted"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    SENT = "sent"
    DISMISSED = "dismissed"


#: state -> the states it may move to.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.NEW: frozenset({State.ASSIGNED, State.DRAFTED, State.DISMISSED}),
    State.ASSIGNED: frozenset({State.ASSIGNED, State.DRAFTED, State.NEW, State.DISMISSED}),
    State.DRAFTED: frozenset(
        {State.DRAFTED, State.ASSIGNED, State.AWAITING_APPROVAL, State.APPROVED, State.DISMISSED}
    ),
    State.AWAITING_APPROVAL: frozenset({State.APPROVED, State.DRAFTED, State.DISMISSED}),
    State.APPROVED: frozenset({State.SENT, State.DRAFTED}),
    State.SENT: frozenset(),
    State.DISMISSED: frozenset({State.NEW}),
}

#: States in which an item still waits for a reply (shown in the open inbox).
OPEN_STATES = (
    State.NEW,
    State.ASSIGNED,
    State.DRAFTED,
    State.AWAITING_APPROVAL,
    State.APPROVED,
)


def check_transition(current: str, wanted: State) -> None:
    """Raise :class:`IllegalTransition` unless ``current -> wanted`` is allowed."""
    try:
        state = State(current)
    except ValueError:
        raise IllegalTransition(f"unknown item state {current!r}") from None
    if wanted not in TRANSITIONS[state]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[state])) or "nothing (final)"
        raise IllegalTransition(
            f"an item in state {state.value!r} cannot move to {wanted.value!r}",
            hint=f"from {state.value!r} it can move to: {allowed}",
        )
