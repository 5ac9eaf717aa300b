"""The event lifecycle and the assignment lifecycle as explicit state machines."""

from __future__ import annotations

from .enums import AssignmentStatus as A
from .enums import EventStatus as E
from .errors import TransitionError
from .text import QT_TRANSLATE_NOOP

EVENT_TRANSITIONS: dict[E, frozenset[E]] = {
    E.NEW: frozenset({E.WAITING, E.ASSIGNED, E.SUSPENDED, E.CLOSED, E.CANCELLED}),
    E.WAITING: frozenset({E.ASSIGNED, E.SUSPENDED, E.CLOSED, E.CANCELLED}),
    E.ASSIGNED: frozenset({E.WAITING, E.ON_SCENE, E.SUSPENDED, E.CLOSED, E.CANCELLED}),
    E.ON_SCENE: frozenset({E.ASSIGNED, E.SUSPENDED, E.CLOSED}),
    E.SUSPENDED: frozenset({E.WAITING, E.ASSIGNED, E.CLOSED, E.CANCELLED}),
    E.CLOSED: frozenset({E.REOPENED}),
    E.CANCELLED: frozenset({E.REOPENED}),
    E.REOPENED: frozenset({E.WAITING, E.ASSIGNED, E.ON_SCENE, E.SUSPENDED, E.CLOSED, E.CANCELLED}),
}

# Closing or cancelling cannot be undone by accident: the GUI asks for confirmation.
EVENT_STATUSES_NEEDING_CONFIRMATION = frozenset({E.CLOSED, E.CANCELLED})

# Forward order used by sync merge: a concurrent change never moves an event "back"
# along this order unless it is an explicit reopening.
EVENT_PROGRESS: dict[E, int] = {
    E.NEW: 0,
    E.WAITING: 1,
    E.SUSPENDED: 1,
    E.REOPENED: 1,
    E.ASSIGNED: 2,
    E.ON_SCENE: 3,
    E.CLOSED: 4,
    E.CANCELLED: 4,
}


def can_change_event(current: E | str, target: E | str) -> bool:
    return E(target) in EVENT_TRANSITIONS[E(current)]


def check_event_transition(current: E | str, target: E | str) -> None:
    cur, tgt = E(current), E(target)
    if tgt not in EVENT_TRANSITIONS[cur]:
        raise TransitionError(
            QT_TRANSLATE_NOOP("errors", "Passaggio di stato non consentito: da «{0}» a «{1}»."),
            cur.label,
            tgt.label,
        )


ASSIGNMENT_TRANSITIONS: dict[A, frozenset[A]] = {
    A.REQUESTED: frozenset({A.SENT, A.CANCELLED}),
    A.SENT: frozenset({A.EN_ROUTE, A.ON_SCENE, A.CLEARED, A.CANCELLED}),
    A.EN_ROUTE: frozenset({A.ON_SCENE, A.CLEARED, A.CANCELLED}),
    A.ON_SCENE: frozenset({A.CLEARED}),
    A.CLEARED: frozenset(),
    A.CANCELLED: frozenset(),
}

# The one-key "advance" of the units board: requested → sent → en route → on scene → free.
ASSIGNMENT_NEXT: dict[A, A] = {
    A.REQUESTED: A.SENT,
    A.SENT: A.EN_ROUTE,
    A.EN_ROUTE: A.ON_SCENE,
    A.ON_SCENE: A.CLEARED,
}

# Which timestamp column records reaching each assignment status.
ASSIGNMENT_TIME_FIELD: dict[A, str] = {
    A.REQUESTED: "requested_at",
    A.SENT: "sent_at",
    A.EN_ROUTE: "en_route_at",
    A.ON_SCENE: "on_scene_at",
    A.CLEARED: "cleared_at",
    A.CANCELLED: "cleared_at",
}

ASSIGNMENT_PROGRESS: dict[A, int] = {
    A.REQUESTED: 0,
    A.SENT: 1,
    A.EN_ROUTE: 2,
    A.ON_SCENE: 3,
    A.CLEARED: 4,
    A.CANCELLED: 4,
}


def check_assignment_transition(current: A | str, target: A | str) -> None:
    cur, tgt = A(current), A(target)
    if tgt not in ASSIGNMENT_TRANSITIONS[cur]:
        raise TransitionError(
            QT_TRANSLATE_NOOP("errors", "Passaggio non consentito per l'unità: da «{0}» a «{1}»."),
            cur.label,
            tgt.label,
        )


def next_assignment_status(current: A | str) -> A | None:
    return ASSIGNMENT_NEXT.get(A(current))
