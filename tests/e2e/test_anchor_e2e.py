"""A history rewritten in the store file and re-hashed with Emergenza's own functions passes
the local chain check, but not the head anchored at the server on every sync."""

from __future__ import annotations

import sqlite3

from emergenza.store import Store
from emergenza.store.audit import chain_hash, row_digest
from emergenza.sync import anchor
from tests.support.cli import run_emergenza, run_server_cli
from tests.support.factories import CORPS, EVENT, OPERATOR
from tests.support.stations import Station


def _rewrite_history(path, note_id: str, text: str) -> None:
    """What an attacker with write access does: edit a journal entry, then make the audit
    trail agree again (digest of the row, every hash after it), with the project's functions."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        for trigger in ("journal_no_rewrite", "audit_no_update"):
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        conn.execute("UPDATE journal SET text = ? WHERE id = ?", [text, note_id])
        row = dict(conn.execute("SELECT * FROM journal WHERE id = ?", [note_id]).fetchone())
        seq = conn.execute("SELECT max(seq) FROM audit WHERE entity = 'journal' AND entity_id = ?",
                           [note_id]).fetchone()[0]
        conn.execute("UPDATE audit SET digest = ? WHERE seq = ?", [row_digest(row), seq])
        prev = conn.execute("SELECT prev_hash FROM audit WHERE seq = ?", [seq]).fetchone()[0]
        for r in conn.execute("SELECT * FROM audit WHERE seq >= ? ORDER BY seq", [seq]).fetchall():
            new = chain_hash(prev, r["seq"], r["at"], r["operator"], r["action"], r["entity"], r["entity_id"],
                             r["digest"])
            conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", [prev, new, r["seq"]])
            prev = new
    finally:
        conn.close()


def _check(path):
    return run_emergenza("check", "--db", path, timeout=120)


def test_a_recomputed_history_is_caught_by_check_and_flagged_by_the_server(server, stations, tmp_path):
    a = stations("A")
    ev = a.events.create(EVENT, operator=OPERATOR)
    note = a.events.add_note(ev["id"], "Un ferito lieve, 118 avvisato.", operator=OPERATOR)
    a.sync()
    head = a.owner.call_blocking(anchor.audit_head)
    assert a.owner.call_blocking(anchor.local_anchor).seq == head.seq  # confirmed by the server
    path = tmp_path / "A.db"
    a.close()
    clean = _check(path)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    _rewrite_history(path, note["id"], "Nessun ferito.")
    store = Store.open(path)
    try:
        assert store.maintenance.verify_audit() == []  # the local chain alone is fooled
    finally:
        store.close()

    caught = _check(path)
    assert caught.returncode == 1
    assert "non è quella ancorata localmente" in caught.stdout
    assert "non è quella ancorata al server regionale" in caught.stdout

    # The attacker also removes the local anchor: the server's still catches it.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM meta WHERE key IN ('anchor', 'anchor_at')")
    conn.close()
    caught = _check(path)
    assert caught.returncode == 1 and "ancorata al server regionale" in caught.stdout
    assert "ancorata localmente" not in caught.stdout


def test_the_next_sync_after_a_rewrite_is_flagged_at_the_server(server, stations, tmp_path, catalogs):
    a = stations("A")
    ev = a.events.create(EVENT, operator=OPERATOR)
    note = a.events.add_note(ev["id"], "Prima versione.", operator=OPERATOR)
    a.sync()
    a.close()
    _rewrite_history(tmp_path / "A.db", note["id"], "Versione riscritta.")
    b = stations("B")  # another station of the corps: its anchoring is not disturbed
    again = Station(tmp_path / "A.db", catalogs, "STA", CORPS)
    try:
        again.events.create(EVENT, operator=OPERATOR)
        report = again.sync()
        assert report.pending == 0  # the sync itself goes through
        assert again.owner.call_blocking(lambda s: s.meta.get("anchor_refused"))
    finally:
        again.close()
    b.sync()
    listing = run_server_cli("anchors", "--db", server.db_url, check=False)
    assert listing.returncode == 1
    first, second = listing.stdout.strip().splitlines()
    assert "SEGNALATA" in first and "riscritta" in first and second.endswith("ok")
    caught = _check(tmp_path / "A.db")
    assert caught.returncode == 1 and "segnalato" in caught.stdout

