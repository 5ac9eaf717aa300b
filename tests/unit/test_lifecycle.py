from __future__ import annotations

import itertools

import pytest

from emergenza.domain import lifecycle
from emergenza.domain.enums import AssignmentStatus as A
from emergenza.domain.enums import EventStatus as E
from emergenza.domain.errors import TransitionError

ALLOWED_EVENT = {
    (E.NEW, E.WAITING), (E.NEW, E.ASSIGNED), (E.NEW, E.SUSPENDED), (E.NEW, E.CLOSED), (E.NEW, E.CANCELLED),
    (E.WAITING, E.ASSIGNED), (E.WAITING, E.SUSPENDED), (E.WAITING, E.CLOSED), (E.WAITING, E.CANCELLED),
    (E.ASSIGNED, E.WAITING), (E.ASSIGNED, E.ON_SCENE), (E.ASSIGNED, E.SUSPENDED), (E.ASSIGNED, E.CLOSED),
    (E.ASSIGNED, E.CANCELLED),
    (E.ON_SCENE, E.ASSIGNED), (E.ON_SCENE, E.SUSPENDED), (E.ON_SCENE, E.CLOSED),
    (E.SUSPENDED, E.WAITING), (E.SUSPENDED, E.ASSIGNED), (E.SUSPENDED, E.CLOSED), (E.SUSPENDED, E.CANCELLED),
    (E.CLOSED, E.REOPENED), (E.CANCELLED, E.REOPENED),
    (E.REOPENED, E.WAITING), (E.REOPENED, E.ASSIGNED), (E.REOPENED, E.ON_SCENE), (E.REOPENED, E.SUSPENDED),
    (E.REOPENED, E.CLOSED), (E.REOPENED, E.CANCELLED),
}
ALLOWED_ASSIGNMENT = {
    (A.REQUESTED, A.SENT), (A.REQUESTED, A.CANCELLED), (A.SENT, A.EN_ROUTE), (A.SENT, A.ON_SCENE),
    (A.SENT, A.CLEARED), (A.SENT, A.CANCELLED), (A.EN_ROUTE, A.ON_SCENE), (A.EN_ROUTE, A.CLEARED),
    (A.EN_ROUTE, A.CANCELLED), (A.ON_SCENE, A.CLEARED),
}


@pytest.mark.parametrize(("cur", "tgt"), list(itertools.product(E, E)))
def test_every_event_transition(cur, tgt):
    allowed = (cur, tgt) in ALLOWED_EVENT
    assert lifecycle.can_change_event(cur, tgt) is allowed
    if allowed:
        lifecycle.check_event_transition(cur.value, tgt.value)
    else:
        with pytest.raises(TransitionError) as info:
            lifecycle.check_event_transition(cur, tgt)
        assert cur.label in str(info.value) and tgt.label in str(info.value)
        assert info.value.template.startswith("Passaggio di stato non consentito")


@pytest.mark.parametrize(("cur", "tgt"), list(itertools.product(A, A)))
def test_every_assignment_transition(cur, tgt):
    if (cur, tgt) in ALLOWED_ASSIGNMENT:
        lifecycle.check_assignment_transition(cur, tgt)
    else:
        with pytest.raises(TransitionError, match="Passaggio non consentito per l'unità"):
            lifecycle.check_assignment_transition(cur.value, tgt.value)


def test_closed_states_only_reopen_and_terminal_assignments():
    for s in (E.CLOSED, E.CANCELLED):
        assert lifecycle.EVENT_TRANSITIONS[s] == {E.REOPENED}
        assert not s.is_active
    assert lifecycle.ASSIGNMENT_TRANSITIONS[A.CLEARED] == frozenset()
    assert lifecycle.ASSIGNMENT_TRANSITIONS[A.CANCELLED] == frozenset()


def test_advance_walks_the_units_board_order():
    chain, s = [], A.REQUESTED
    while s is not None:
        chain.append(s)
        s = lifecycle.next_assignment_status(s)
    assert chain == [A.REQUESTED, A.SENT, A.EN_ROUTE, A.ON_SCENE, A.CLEARED]
    for a, b in itertools.pairwise(chain):
        assert (a, b) in ALLOWED_ASSIGNMENT
        assert lifecycle.ASSIGNMENT_PROGRESS[b] > lifecycle.ASSIGNMENT_PROGRESS[a]


def test_every_status_has_an_italian_label_and_time_field():
    assert all(s.label for s in E) and all(s.label for s in A)
    assert set(lifecycle.ASSIGNMENT_TIME_FIELD) == set(A)
    assert set(lifecycle.EVENT_PROGRESS) == set(E)
