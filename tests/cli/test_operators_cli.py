"""``emergenza operators``: passwords only from a prompt or standard input, roles by their
Italian names, the last amministratore kept; bad input exits 2 with one line, nothing written."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_emergenza
from tests.support.factories import open_store
from tests.support.store_state import assert_one_line_refusal, snapshot


def _ops(db) -> dict[str, dict]:
    proc = run_emergenza("operators", "list", "--db", db, "--json", "--all")
    assert proc.returncode == 0, proc.stderr
    return {op["name"]: op for op in json.loads(proc.stdout)}


def _signs_in(db, catalogs, name: str, secret: str) -> bool:
    store = open_store(db, catalogs)
    try:
        store.people.sign_in(store.people.find(name)["id"], secret)
        return store.actor.name == name
    finally:
        store.close()


def test_add_with_a_password_from_stdin_then_manage(station_db, catalogs):
    proc = run_emergenza("operators", "add", "--db", station_db, "Giulia Rota", "--role", "amministratore",
                         "--password-stdin", stdin="Lupo-2026\n")
    assert (proc.returncode, proc.stdout.strip()) == (0, "Operatore aggiunto: Giulia Rota (amministratore)."), \
        proc.stderr
    assert _signs_in(station_db, catalogs, "Giulia Rota", "Lupo-2026")
    proc = run_emergenza("operators", "add", "--db", station_db, "Luca Bonomi", "--role", "operator")
    assert "senza password" in proc.stdout
    ops = _ops(station_db)
    assert (ops["Luca Bonomi"]["role"], ops["Luca Bonomi"]["has_password"]) == ("operator", False)
    assert ops["Giulia Rota"]["has_password"] and ops["Giulia Rota"]["role_label"] == "amministratore"
    assert run_emergenza("operators", "set-role", "--db", station_db, "luca bonomi", "coordinatore").returncode == 0
    assert run_emergenza("operators", "set-password", "--db", station_db, "Luca Bonomi", "--password-stdin",
                         stdin="4321\n").returncode == 0
    assert _signs_in(station_db, catalogs, "Luca Bonomi", "4321")
    assert run_emergenza("operators", "deactivate", "--db", station_db, "Luca Bonomi").returncode == 0
    assert _ops(station_db)["Luca Bonomi"]["active"] is False
    assert run_emergenza("operators", "reactivate", "--db", station_db, "Luca Bonomi").returncode == 0
    text = run_emergenza("operators", "list", "--db", station_db).stdout.splitlines()
    assert text == ["Giulia Rota\tamministratore", "Luca Bonomi\tcoordinatore",
                    "Mario Rossi\toperatore\tsenza password"]
    assert run_emergenza("check", "--db", station_db).returncode == 0


def test_the_secret_is_stored_hashed(station_db):
    run_emergenza("operators", "set-password", "--db", station_db, "Mario Rossi", "--password-stdin",
                  stdin="Segreto-123\n")
    assert b"Segreto-123" not in station_db.read_bytes()


BAD = [
    (("add", "Anna Verdi", "--role", "capo"), None, "ruolo sconosciuto"),
    (("add", "mario rossi", "--role", "operatore"), None, "Esiste già un operatore con questo nome."),
    (("add", "Anna Verdi", "--role", "operatore", "--password", "1234"), None, "argomenti non riconosciuti"),
    (("add", "Anna Verdi", "--role", "operatore", "--password-stdin"), "", "Nessuna password sullo standard input"),
    (("add", "Anna Verdi", "--role", "operatore", "--password-stdin"), "12\n", "almeno 4 caratteri"),
    (("add", "Anna Verdi", "--role", "operatore", "--ask-password"), "1234\n", "usare --password-stdin"),
    (("set-password", "Mario Rossi"), "", "usare --password-stdin"),
    (("set-password", "Nessuno", "--password-stdin"), "1234\n", "Operatore «Nessuno» non trovato."),
    (("set-role", "Mario Rossi"), None, "mancano gli argomenti obbligatori"),
    (("deactivate", "Nessuno"), None, "non trovato"),
]


@pytest.mark.parametrize(("args", "stdin", "message"), BAD, ids=[" ".join(a[:2]) for a, _s, _m in BAD])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(station_db, args, stdin, message):
    before = snapshot(station_db)
    proc = run_emergenza("operators", args[0], "--db", station_db, *args[1:], stdin=stdin)
    assert_one_line_refusal(proc, message)
    assert snapshot(station_db) == before


def test_the_last_administrator_is_kept(station_db):
    run_emergenza("operators", "set-role", "--db", station_db, "Mario Rossi", "amministratore")
    before = snapshot(station_db)
    for args in (("set-role", "Mario Rossi", "responsabile"), ("deactivate", "Mario Rossi")):
        assert_one_line_refusal(run_emergenza("operators", args[0], "--db", station_db, *args[1:]),
                                "È l'ultimo amministratore attivo")
    assert snapshot(station_db) == before
