"""Shift handover: the signed-in operator takes over the shift left open by someone else,
unsent changes and all, in one transaction; closing with unsent changes by choice still
needs a responsabile."""

from __future__ import annotations

import pytest

from emergenza.domain.errors import PermissionDeniedError, UserError
from emergenza.domain.roles import NOBODY
from tests.support.factories import add_unit


def _shifts(store) -> list[dict]:
    return [dict(r) for r in store.db.query("SELECT * FROM shifts ORDER BY started_at, rowid")]


def _actions(store) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT action FROM audit ORDER BY seq")]


@pytest.fixture
def open_shift_with_pending(store):
    mario = store.people.add("Mario Rossi", "supervisor", "1234")
    luca = store.people.add("Luca Gialli", "operator", "2468")
    shift = store.people.start_shift(mario["id"])
    add_unit(store)
    assert store.outbox.count() > 0
    return mario, luca, shift


def test_an_operatore_takes_over_a_shift_with_unsent_changes(store, open_shift_with_pending):
    mario, luca, shift = open_shift_with_pending
    pending = store.outbox.count()
    store.people.sign_in(luca["id"], "2468")
    # Closing it by choice with the changes unsent is still a responsabile's.
    with pytest.raises(PermissionDeniedError):
        store.people.end_shift(shift["id"], operator="Luca Gialli", note="x", allow_pending=True)
    taken = store.people.hand_over(luca["id"])
    rows = _shifts(store)
    assert [(r["operator_id"], r["ended_at"] is None) for r in rows] == [(mario["id"], False), (luca["id"], True)]
    assert rows[0]["pending_at_close"] == pending and rows[0]["handed_to"] == luca["id"]
    assert rows[0]["close_note"] == "Passaggio di consegne a Luca Gialli"
    assert taken["closed"]["id"] == shift["id"] and taken["shift"]["id"] == rows[1]["id"]
    assert store.people.current_shift()["operator_name"] == "Luca Gialli"
    assert store.outbox.count() == pending  # nothing lost: they go with the next sync
    assert _actions(store)[-2:] == ["shift.handover", "shift.start"]
    assert store.maintenance.verify_audit() == []


def test_the_own_open_shift_is_resumed_not_closed(store, open_shift_with_pending):
    mario, _luca, shift = open_shift_with_pending
    store.people.sign_in(mario["id"], "1234")
    taken = store.people.hand_over(mario["id"])
    assert taken["closed"] is None
    assert taken["shift"]["id"] == shift["id"] and len(_shifts(store)) == 1


def test_with_no_open_shift_the_handover_just_starts_one(store):
    luca = store.people.add("Luca Gialli", "operator", "2468")
    store.people.sign_in(luca["id"], "2468")
    taken = store.people.hand_over(luca["id"])
    assert taken["closed"] is None and store.people.current_shift()["id"] == taken["shift"]["id"]


def test_only_the_signed_in_operator_takes_over_for_themselves(store, open_shift_with_pending):
    mario, luca, shift = open_shift_with_pending
    store.act_as(NOBODY)
    with pytest.raises(UserError, match="Solo l'operatore che ha effettuato l'accesso"):
        store.people.hand_over(luca["id"])
    store.people.sign_in(luca["id"], "2468")
    with pytest.raises(UserError, match="Solo l'operatore che ha effettuato l'accesso"):
        store.people.hand_over(mario["id"])
    assert _actions(store).count("denied.shift_handover") == 2
    assert store.people.current_shift()["id"] == shift["id"]  # untouched
    assert len(_shifts(store)) == 1
