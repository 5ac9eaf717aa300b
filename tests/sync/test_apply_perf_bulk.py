"""The apply's bulk paths (multi-row INSERT and UPDATE statements, digests computed
without reading rows back) on pages larger than one statement: same rows as the
station that wrote them, clean audit, full-text index in step, unique clashes parked."""

from __future__ import annotations

import json
import random

from emergenza.store import Store
from emergenza.sync import apply as apply_mod
from emergenza.sync.apply import apply_page
from emergenza.sync.pending import parked_count
from tests.support.factories import EVENT, OPERATOR
from tests.support.relay import snapshot

N_EVENTS = 2 * apply_mod.INSERT_BATCH + 37  # more than one statement, a ragged last one


def _take(store: Store) -> list[dict]:
    rows = store.outbox.pending(100_000)
    store.outbox.ack([r["change_id"] for r in rows])
    # Through JSON, as over HTTP.
    return json.loads(json.dumps([{k: r[k] for k in ("change_id", "entity", "entity_id", "fields", "hlc", "origin")}
                                  for r in rows]))


def _fts_ok(store: Store) -> None:
    # Raises (SQLITE_CORRUPT_VTAB) if an index disagrees with its content table, once it has
    # indexed what the commits left to it (the old values of updated rows removed: schema v18).
    store.search.catch_up()
    store.db.execute("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')")
    store.db.execute("INSERT INTO journal_fts(journal_fts) VALUES ('integrity-check')")


def _synced(store: Store) -> dict:
    snap = snapshot(store)
    snap.pop("conflicts")
    return snap


def test_large_pages_of_inserts_then_updates_match_the_writer(stores):
    rng = random.Random(7)
    a, b, c = stores("a", "BGA"), stores("b", "BGB"), stores("c", "BGC")
    events = [a.events.create(EVENT | {"description": f"Evento numero {i}", "address": f"via Roma {i}"},
                             operator=OPERATOR) for i in range(N_EVENTS)]
    notes = [a.events.add_note(e["id"], f"Nota città «{i}» \"citata\"", operator=OPERATOR)
             for i, e in enumerate(events)]
    created = _take(a)
    rb = apply_page(b, created, cursor=1)
    assert rb.applied == len(created) and rb.parked == 0
    for i in range(0, len(created), 53):  # c: small pages, the same rows
        apply_page(c, created[i:i + 53], cursor=i + 1)
    assert _synced(b) == _synced(a) == _synced(c)

    # Updates of different column sets, in random order (rowids not in page order).
    rng.shuffle(events)
    for i, e in enumerate(events):
        kind = i % 4
        if kind == 0:
            a.events.update(e["id"], {"description": f"Aggiornato grandine {i}"}, operator=OPERATOR)
        elif kind == 1:
            a.events.update(e["id"], {"caller_name": f"Mario {i}", "address": f"piazza Duomo {i}"}, operator=OPERATOR)
        elif kind == 2:
            a.events.change_status(e["id"], "waiting", operator=OPERATOR)
        else:
            a.events.update(e["id"], {"priority": "red"}, operator=OPERATOR)
    for n in rng.sample(notes, len(notes) // 3):
        a.events.strike_entry(n["id"], "Inserita per errore", operator=OPERATOR)
    updated = _take(a)
    rng.shuffle(updated)  # one page, any order: the merge decides
    apply_page(b, updated, cursor=2)
    for i in range(0, len(updated), 53):
        apply_page(c, updated[i:i + 53], cursor=i + 2)

    for st in (b, c):
        assert _synced(st) == _synced(a)
        assert st.maintenance.verify_audit() == []
        assert st.outbox.count() == 0 and parked_count(st) == 0
        _fts_ok(st)
    hail = {e["id"] for e in b.search.find("grandine")}
    assert hail == {e["id"] for e in a.search.find("grandine")} and len(hail) == (N_EVENTS + 3) // 4
    duomo = {e["id"] for e in b.search.find("Duomo")}
    assert duomo and duomo == {e["id"] for e in a.search.find("Duomo")}
    # The old text left the events index with the update (the journal keeps it).
    gone = next(e for i, e in enumerate(events) if i % 4 == 0)
    phrase = f"description: \"{gone['description']}\""
    assert _fts_ids(b, phrase) == _fts_ids(a, phrase) and gone["id"] not in _fts_ids(b, phrase)
    assert gone["id"] in _fts_ids(b, "description: grandine")


def _fts_ids(store: Store, match: str) -> set[str]:
    return {r[0] for r in store.db.execute(
        "SELECT e.id FROM events_fts f JOIN events e ON e.rowid = f.rowid WHERE events_fts MATCH ?", [match])}


def test_values_sqlite_converts_still_give_clean_audit(stores):
    """Another client may send ints for REAL columns, bools for flags or text for numbers:
    stored with SQLite's affinity, the audit digest must be that of the stored row."""
    a, b = stores("a", "BGA"), stores("b", "BGB")
    for i in range(5):
        a.events.create(EVENT | {"description": f"Evento {i}"}, operator=OPERATOR)
    changes = _take(a)
    odd = [(45, 9), (45.5, True), ("45.25", "9.5"), (-0.0, 0), (None, 2 ** 40)]
    for change, (lat, lon) in zip([c for c in changes if c["entity"] == "events"], odd, strict=False):
        change["fields"].update({"lat": lat, "lon": lon, "exercise": change["fields"].get("exercise", 0) in (1, True)})
    apply_page(b, changes, cursor=1)
    assert b.maintenance.verify_audit() == []
    lats = sorted((r[0] is None, type(r[0]).__name__) for r in b.db.execute("SELECT lat FROM events"))
    assert ("float" in {t for _, t in lats})
    _fts_ok(b)


def test_an_event_number_taken_here_quarantines_only_that_event(stores):
    # b was set up with a's station code by mistake: its first event has a's first number.
    a, b = stores("a", "BGA"), stores("b", "BGA")
    for i in range(N_EVENTS):
        a.events.create(EVENT | {"description": f"Evento {i}"}, operator=OPERATOR)
    changes = _take(a)
    clash = next(c for c in changes if c["entity"] == "events" and "number" in c["fields"])
    own = b.events.create(EVENT, operator=OPERATOR)
    assert own["number"] == clash["fields"]["number"]
    report = apply_page(b, changes, cursor=1)
    assert report.quarantined >= 1
    kept = {r["entity_id"]: r["reason"] for r in b.sync_issues.quarantined()}
    assert "UNIQUE" in kept[clash["entity_id"]]
    # Every other event and its journal landed, in one transaction with the cursor.
    assert b.db.execute("SELECT count(*) FROM events").fetchone()[0] == N_EVENTS  # N - 1 + its own
    assert apply_mod.pull_cursor(b) == 1
    # Its journal entry waits with it (not written: the foreign key would fail the commit).
    waiting = b.db.execute("SELECT entity FROM sync_pending WHERE missing = ?", [f"events:{clash['entity_id']}"])
    assert [r[0] for r in waiting] == ["journal"]
    assert b.maintenance.verify_audit() == []
    _fts_ok(b)
