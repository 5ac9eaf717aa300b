"""Operators and sign-in: hashed secrets, throttled and audited attempts, who may grant
which role, the last amministratore."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emergenza.domain.enums import Role
from emergenza.domain.errors import PermissionDeniedError, SignInRefusedError, UserError, ValidationError
from emergenza.domain.roles import FILE_HOLDER, NOBODY, Actor
from emergenza.store import passwords
from tests.support.factories import open_store
from tests.support.times import Clock


def _audit_actions(store, since: int = 0) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT action FROM audit WHERE seq > ? ORDER BY seq", [since])]


def _head(store) -> int:
    return store.db.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0]


def test_sign_in_acts_for_the_operator_and_sign_out_for_nobody(store):
    op = store.people.add("Giulia Rota", "supervisor", "7391")
    store.act_as(NOBODY)
    assert store.people.sign_in(op["id"], "7391")["name"] == "Giulia Rota"
    assert store.actor == Actor(name="Giulia Rota", role=Role.SUPERVISOR, operator_id=op["id"])
    store.people.sign_out()
    assert store.actor == NOBODY
    assert _audit_actions(store)[-2:] == ["signin.ok", "signout"]
    assert store.maintenance.verify_audit() == []


def test_secrets_are_salted_slow_hashes(store):
    a = store.people.add("Luca Bonomi", "operator", "1234")
    b = store.people.add("Elena Mazzoleni", "operator", "1234")
    stored = dict(store.db.execute("SELECT operator_id, secret_hash FROM operator_secrets").fetchall())
    assert stored[a["id"]] != stored[b["id"]] and "1234" not in stored[a["id"]]
    assert stored[a["id"]].startswith(f"scrypt${passwords.SCRYPT_N}$")
    assert passwords.check_secret("1234", stored[a["id"]]) and not passwords.check_secret("1235", stored[a["id"]])


def test_an_operator_without_password_is_sent_to_a_supervisor(store):
    op = store.people.add("Luca Bonomi", "operator")
    assert store.people.operators()[0]["has_secret"] == 0
    with pytest.raises(UserError, match="non ha ancora una password: chiederla a un responsabile"):
        store.people.sign_in(op["id"], "")
    assert _audit_actions(store)[-1] == "signin.no_secret"


def test_a_deactivated_operator_cannot_sign_in(store):
    op = store.people.add("Luca Bonomi", "operator", "1234")
    store.people.deactivate(op["id"])
    with pytest.raises(UserError, match="disattivato"):
        store.people.sign_in(op["id"], "1234")


def test_wrong_attempts_wait_longer_each_time_even_after_a_restart(tmp_path, catalogs):
    clock = Clock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    path = tmp_path / "station.db"
    store = open_store(path, catalogs, now=clock)
    op = store.people.add("Luca Bonomi", "operator", "1234")
    start = _head(store)
    waits = []
    for _ in range(passwords.FREE_ATTEMPTS + 2):
        with pytest.raises(SignInRefusedError) as info:
            store.people.sign_in(op["id"], "0000")
        waits.append(info.value.wait_s)
        clock.add(info.value.wait_s / 60)  # wait exactly as told
    assert waits[:passwords.FREE_ATTEMPTS - 1] == [0] * (passwords.FREE_ATTEMPTS - 1)
    assert waits[passwords.FREE_ATTEMPTS - 1:] == [2, 4, 8]
    store.close()

    store = open_store(path, catalogs, now=clock)  # a restart keeps the count
    try:
        with pytest.raises(SignInRefusedError) as info:
            store.people.sign_in(op["id"], "0000")
        assert info.value.wait_s == 16
        with pytest.raises(SignInRefusedError, match="riprovare tra 16 secondi") as info:
            store.people.sign_in(op["id"], "1234")  # even the right PIN waits
        clock.add(16 / 60)
        store.people.sign_in(op["id"], "1234")
        assert store.actor.operator_id == op["id"]
        # Forgotten after a success.
        with pytest.raises(SignInRefusedError) as info:
            store.people.sign_in(op["id"], "0000")
        assert info.value.wait_s == 0
        actions = _audit_actions(store, start)
        assert actions.count("signin.fail") == 7 and actions.count("signin.throttled") == 1
        assert actions.count("signin.ok") == 1
        assert store.maintenance.verify_audit() == []
    finally:
        store.close()


def test_the_first_operator_is_an_administrator_added_by_nobody(store):
    store.act_as(NOBODY)
    with pytest.raises(PermissionDeniedError):
        store.people.add("Marco Locatelli", "operator", "1234")
    admin = store.people.add("Marco Locatelli", "administrator", "1234")
    with pytest.raises(PermissionDeniedError):  # only the very first
        store.people.add("Giulia Rota", "administrator", "1234")
    store.people.sign_in(admin["id"], "1234")
    assert store.people.add("Giulia Rota", "supervisor")["role"] == "supervisor"


def test_nobody_gives_themselves_a_role_or_one_above_their_own(store):
    sup = store.people.add("Giulia Rota", "supervisor", "5555")
    admin = store.people.add("Marco Locatelli", "administrator", "1111")
    op = store.people.add("Luca Bonomi", "operator", "1234")
    store.people.sign_in(sup["id"], "5555")
    before = _head(store)
    with pytest.raises(UserError, match="proprio ruolo"):
        store.people.set_role(sup["id"], "administrator")
    with pytest.raises(PermissionDeniedError, match="«amministratore»"):
        store.people.set_role(op["id"], "administrator")
    with pytest.raises(PermissionDeniedError, match="«amministratore»"):
        store.people.add("Davide Gritti", "administrator")
    with pytest.raises(PermissionDeniedError):  # nor touch someone above
        store.people.set_role(admin["id"], "operator")
    with pytest.raises(PermissionDeniedError):
        store.people.set_password(admin["id"], "9999")
    assert _audit_actions(store, before) == ["denied.own_role"] + ["denied.grant_role"] * 4
    assert store.people.set_role(op["id"], "supervisor")["role"] == "supervisor"
    store.people.set_password(sup["id"], "6666")  # one's own: always
    assert store.people.get(admin["id"])["role"] == "administrator"


def test_an_operator_changes_their_own_pin_only(store):
    a = store.people.add("Luca Bonomi", "operator", "1234")
    b = store.people.add("Sara Pesenti", "operator", "1234")
    store.people.sign_in(a["id"], "1234")
    store.people.set_password(a["id"], "4321")
    with pytest.raises(PermissionDeniedError):
        store.people.set_password(b["id"], "4321")
    with pytest.raises(ValidationError, match="almeno 4"):
        store.people.set_password(a["id"], "12")
    store.people.sign_out()
    store.people.sign_in(a["id"], "4321")


def test_the_last_active_administrator_stays(store):
    admin = store.people.add("Marco Locatelli", "administrator", "1111")
    with pytest.raises(UserError, match="ultimo amministratore"):
        store.people.set_role(admin["id"], "supervisor")
    with pytest.raises(UserError, match="ultimo amministratore"):
        store.people.deactivate(admin["id"])
    other = store.people.add("Giulia Rota", "administrator")
    store.people.deactivate(other["id"])
    with pytest.raises(UserError, match="ultimo amministratore"):  # a deactivated one does not count
        store.people.deactivate(admin["id"])
    store.people.reactivate(other["id"])
    assert store.people.set_role(admin["id"], "supervisor")["role"] == "supervisor"
    assert [o["name"] for o in store.people.operators()] == ["Giulia Rota", "Marco Locatelli"]


def test_names_are_unique_and_found_by_name_or_id(store):
    op = store.people.add("Luca Bonomi", "operator")
    with pytest.raises(ValidationError, match="Esiste già"):
        store.people.add("luca bonomi", "coordinator")
    assert store.people.find("LUCA BONOMI")["id"] == op["id"] == store.people.find(op["id"])["id"]
    assert store.actor == FILE_HOLDER


def test_demo_operators_sign_in_with_the_documented_pin(tmp_path, catalogs):
    from emergenza.store.demo import generate
    from emergenza.store.demo_data import DEMO_PIN

    generate(tmp_path / "demo.db", events=0, catalogs=catalogs)
    store = open_store(tmp_path / "demo.db", catalogs)
    try:
        ops = store.people.operators()
        assert ops and all(o["has_secret"] for o in ops)
        admin = next(o for o in ops if o["role"] == "administrator")
        store.people.sign_in(admin["id"], DEMO_PIN)
        assert store.actor.role == Role.ADMINISTRATOR
        assert store.maintenance.verify_audit() == []
    finally:
        store.close()


def test_an_unknown_or_damaged_hash_never_matches():
    good = passwords.hash_secret("1234")
    for stored in (None, "", "1234", "bcrypt$x", good.replace("scrypt", "md5"), good[:-8] + "AAAAAAA="):
        assert not passwords.check_secret("1234", stored), stored
    assert [passwords.wait_after(n) for n in range(20)][-1] == passwords.MAX_WAIT_S
