"""The journal's write-once fields are declared once (emergenza.domain.entities) and
every layer keeps to that set: the store's trigger, the merge rule, the conflict review."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import fields

import pytest

from emergenza.domain.entities import JOURNAL_WRITE_ONCE, JournalEntry
from emergenza.store.schema import JOURNAL_GUARDS
from emergenza.sync.merge import GROUPS, merge_change

EARLY, LATE = "1700000000000-00000-aaaa", "1700000000001-00000-bbbb"
ENTRY = {"event_id": "e1", "at": "2026-01-01T10:00:00", "author": "rossi", "text": "chiamata",
         "automatic": 0, "kind": "note"}


def test_write_once_fields_and_the_strike_make_up_the_entry():
    names = {f.name for f in fields(JournalEntry)} - {"id"}
    assert JOURNAL_WRITE_ONCE | set(GROUPS["journal"]["struck_at"]) == names
    assert not JOURNAL_WRITE_ONCE & set(GROUPS["journal"]["struck_at"])


def test_the_store_trigger_guards_exactly_the_write_once_fields():
    listed = re.search(r"journal_no_rewrite BEFORE UPDATE OF (.+?) ON journal", JOURNAL_GUARDS).group(1)
    assert {c.strip() for c in listed.split(",")} == {"id"} | JOURNAL_WRITE_ONCE


@pytest.mark.parametrize("name", sorted(JOURNAL_WRITE_ONCE))
def test_the_store_refuses_to_rewrite_each_write_once_field(store, event_data, name):
    ev = store.events.create(event_data(), operator="rossi")
    entry = store.events.add_note(ev["id"], "prima annotazione", operator="rossi")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be rewritten"):
        store.db.execute(f"UPDATE journal SET [{name}] = ? WHERE id = ?", ["x", entry["id"]])


@pytest.mark.parametrize("name", sorted(JOURNAL_WRITE_ONCE))
def test_the_merge_keeps_the_first_write_of_each_write_once_field(name):
    first = merge_change("journal", None, {}, {"fields": ENTRY, "hlc": EARLY, "origin": "aaaa"})
    later = {"fields": {name: "riscritto"}, "hlc": LATE, "origin": "bbbb"}
    out = merge_change("journal", first.values, first.versions, later)
    assert out.values[name] == ENTRY[name]
    # Delivered the other way round, the first write still wins.
    swapped = merge_change("journal", None, {}, later)
    out = merge_change("journal", swapped.values, swapped.versions, {"fields": ENTRY, "hlc": EARLY, "origin": "aaaa"})
    assert out.values[name] == ENTRY[name]
