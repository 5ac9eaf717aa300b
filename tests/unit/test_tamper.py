"""Changes made outside Emergenza (sqlite3 shell, a hex editor) are caught by `emergenza check`."""

from __future__ import annotations

import sqlite3

import pytest

from emergenza.store import Store
from tests.support.cli import run_emergenza
from tests.support.factories import DUTY_OFFICER as OP


def check(path):
    return run_emergenza("check", "--db", path, timeout=120)


@pytest.fixture
def filled(tmp_path, catalogs):
    path = tmp_path / "t.db"
    s = Store.open(path, catalogs, station_code="BG01")
    ev = s.events.create({"type_code": "LIT.RISSA", "municipality_istat": "016024", "address": "Piazza Pontida",
                         "description": "Rissa davanti al bar"}, operator=OP)
    note = s.events.add_note(ev["id"], "Un ferito lieve, 118 avvisato.", operator=OP)
    s.close()
    return path, ev, note


def raw(path, *sql):
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in sql:
            conn.execute(statement)
    finally:
        conn.close()


def test_clean_store_passes(filled):
    result = check(filled[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "integro" in result.stdout


def test_journal_guards_refuse_plain_edits(filled):
    path, _ev, note = filled
    with pytest.raises(sqlite3.IntegrityError, match="cannot be rewritten"):
        raw(path, f"UPDATE journal SET text = 'nessun ferito' WHERE id = '{note['id']}'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw(path, f"DELETE FROM journal WHERE id = '{note['id']}'")


def test_rewritten_journal_entry_is_detected(filled):
    path, _ev, note = filled
    raw(path, "DROP TRIGGER journal_no_rewrite",
        f"UPDATE journal SET text = 'Nessun ferito.' WHERE id = '{note['id']}'")
    result = check(path)
    assert result.returncode == 1
    assert f"journal {note['id']}: contenuto modificato fuori da Emergenza" in result.stdout
    assert "Traceback" not in result.stderr


def test_deleted_journal_entry_is_detected(filled):
    path, _ev, note = filled
    raw(path, "DROP TRIGGER journal_no_delete", f"DELETE FROM journal WHERE id = '{note['id']}'")
    result = check(path)
    assert result.returncode == 1 and "sparite" in result.stdout


def test_strike_fields_and_event_edits_are_detected(filled):
    path, ev, note = filled
    raw(path, f"UPDATE journal SET struck_by = 'qualcuno' WHERE id = '{note['id']}'",
        f"UPDATE events SET priority = 'white' WHERE id = '{ev['id']}'")
    out = check(path).stdout
    assert f"journal {note['id']}" in out and f"events {ev['id']}" in out


def test_forged_row_and_broken_chain_are_detected(filled):
    path, ev, _note = filled
    raw(path, "DROP TRIGGER audit_no_update", "UPDATE audit SET operator = 'altro' WHERE seq = 2",
        f"INSERT INTO journal (id, event_id, at, author, text, _hlc) VALUES ('forged', '{ev['id']}', "
        f"'2026-01-01T00:00:00.000Z', 'x', 'falso', 'h')")
    result = check(path)
    assert result.returncode == 1
    assert "catena interrotta alla voce 2" in result.stdout
    assert "journal forged: riga senza voce di audit" in result.stdout


def test_damaged_file_exit_1(filled):
    path = filled[0]
    data = bytearray(path.read_bytes())
    for i in range(4096 * 2, len(data) - 4096, 4096):  # smash the start of every page but the first two
        data[i:i + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        (path.parent / (path.name + side)).unlink(missing_ok=True)
    result = check(path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.strip() and "Traceback" not in result.stderr
