"""Applying never halts (issue 9): a change that cannot be applied goes to quarantine with
its reason, the rest of the page lands, the cursor moves; a poisoned PARKED change does
not fail every later page; quarantined changes apply once they can."""

from __future__ import annotations

import json

from emergenza.sync.apply import pull_cursor
from emergenza.sync.quarantine import apply_page_safely, retry_quarantined
from tests.support.factories import EVENT, OPERATOR

POISON = ("CREATE TRIGGER poison BEFORE INSERT ON journal WHEN NEW.text LIKE '%veleno%' "
          "BEGIN SELECT RAISE(ABORT, 'valore rifiutato'); END")


def _changes(store) -> list[dict]:
    return [{k: r[k] for k in ("change_id", "entity", "entity_id", "fields", "hlc", "origin")}
            for r in store.outbox.pending(100_000)]


def test_a_poisoned_parked_change_is_quarantined_and_later_pages_apply(stores):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    b.db.execute(POISON)
    event = a.events.create(EVENT, operator=OPERATOR)
    a.events.add_note(event["id"], "nota col veleno", operator=OPERATOR)
    changes = _changes(a)
    events = [c for c in changes if c["entity"] == "events"]
    journal = [c for c in changes if c["entity"] == "journal"]
    # The journal comes first: it waits for its event (parked), then poisons the retry.
    report = apply_page_safely(b, json.loads(json.dumps(journal)), cursor=1)
    assert report.parked == len(journal) and report.quarantined == 0
    report = apply_page_safely(b, json.loads(json.dumps(events)), cursor=2)
    assert report.quarantined == 1
    assert pull_cursor(b) == 2
    assert b.db.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    assert b.db.execute("SELECT count(*) FROM sync_pending").fetchone()[0] == 0
    kept = b.sync_issues.quarantined()
    assert [k["entity"] for k in kept] == ["journal"] and "valore rifiutato" in kept[0]["reason"]
    assert b.maintenance.verify_audit() == []

    # A later page applies normally (the poison is not retried with every page).
    later = a.events.create(EVENT | {"address": "via Verdi 2"}, operator=OPERATOR)
    page = [c for c in _changes(a) if c["entity_id"] == later["id"]
            or c["fields"].get("event_id") == later["id"]]
    report = apply_page_safely(b, json.loads(json.dumps(page)), cursor=3)
    assert report.quarantined == 0 and pull_cursor(b) == 3

    # Once the archive can take it, the next sync applies it.
    assert retry_quarantined(b) == 0
    b.db.execute("DROP TRIGGER poison")
    assert retry_quarantined(b) == 1
    assert b.sync_issues.counts()["quarantined"] == 0
    assert b.db.execute("SELECT count(*) FROM journal WHERE text LIKE '%veleno%'").fetchone()[0] == 1
    assert b.maintenance.verify_audit() == []


def test_a_shared_child_of_an_absent_parent_is_applied_not_parked(stores):
    a, b = stores("a", "BGA"), stores("b", "BGB")
    parent = a.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    a.outbox.ack([c["change_id"] for c in _changes(a)])  # the parent never reaches b
    child = a.events.create(EVENT | {"parent_id": parent["id"], "address": "via Po 3"}, operator=OPERATOR)
    report = apply_page_safely(b, json.loads(json.dumps(_changes(a))), cursor=1)
    assert report.parked == 0 and report.quarantined == 0
    assert b.db.execute("SELECT parent_id FROM events WHERE id = ?", [child["id"]]).fetchone() == (None,)
    assert b.sync_issues.reserved_parent(child["id"]) == parent["id"]
    assert b.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert b.maintenance.verify_audit() == []
