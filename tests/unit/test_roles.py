"""The role table and the store's check: allowed, refused, refusal audited."""

import pytest

from emergenza.domain.enums import Role
from emergenza.domain.errors import PermissionDeniedError
from emergenza.domain.roles import LEAST_ROLE, NOBODY, ROLE_ORDER, Action, Actor, may


def test_every_action_has_a_least_role():
    assert set(LEAST_ROLE) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", ROLE_ORDER)
def test_roles_are_ordered(role, action):
    least = LEAST_ROLE[action]
    assert may(role, action) == (ROLE_ORDER.index(role) >= ROLE_ORDER.index(least))


def test_nobody_may_do_nothing():
    assert not any(may(None, a) for a in Action)


def test_the_store_refuses_and_audits(tmp_path):
    from emergenza.store import Store

    store = Store.open(tmp_path / "s.db")
    try:
        store.require(Action.ENROLL)  # the file holder may
        store.act_as(Actor(name="Rossi", role=Role.OPERATOR))
        store.require(Action.NOTE)
        with pytest.raises(PermissionDeniedError) as info:
            store.require(Action.CLOSE)
        assert "coordinatore" in str(info.value)
        last = store.db.execute("SELECT operator, action FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        assert last == ("Rossi", "denied.close")
        store.act_as(NOBODY)
        with pytest.raises(PermissionDeniedError):
            store.require(Action.NOTE)
        assert store.maintenance.verify_audit() == []
    finally:
        store.close()
