"""Phone numbers: one caller however the number was typed (domain/phone.py and its SQL twin)."""

import sqlite3

import pytest

from emergenza.domain.phone import looks_like_phone, phone_key, same_caller
from emergenza.store.schema import PHONE_KEY_SQL

SAME_MOBILE = ["+39 333 1234567", "3331234567", "0039 333 1234567", "+393331234567", "333-123.4567",
               "333/1234567", " 333 123 45 67 "]
CASES = [
    *((typed, "3331234567") for typed in SAME_MOBILE),
    ("02 1234567", "021234567"),            # Milan landline keeps its leading 0
    ("+39 02 1234567", "021234567"),
    ("0039021234567", "021234567"),
    ("+41 79 123 45 67", "+41791234567"),    # a Swiss mobile stays foreign
    ("0041 79 123 45 67", "+41791234567"),
    ("", None), (None, None), ("abc", None), ("+", None), ("333 12a4567", None),
]


@pytest.mark.parametrize(("typed", "key"), CASES)
def test_phone_key(typed, key):
    assert phone_key(typed) == key


def test_the_same_caller():
    assert all(same_caller(SAME_MOBILE[0], other) for other in SAME_MOBILE)
    assert not same_caller("3331234567", "3331234568")
    assert not same_caller("+41 79 1234567", "79 1234567")
    assert not same_caller(None, None)


@pytest.mark.parametrize("typed", ["3331234567", "+39 333 12", "02 12345"])
def test_looks_like_phone(typed):
    assert looks_like_phone(typed)


@pytest.mark.parametrize("typed", ["via Roma", "333", "", "+39", "Rossi 3331234567"])
def test_words_are_not_a_phone(typed):
    assert not looks_like_phone(typed)


@pytest.mark.parametrize("typed", [t for t, k in CASES if t and k])
def test_the_index_expression_agrees(typed):
    """The store indexes PHONE_KEY_SQL over stored numbers: it must give phone_key's answer."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE events (caller_phone TEXT)")
    conn.execute("INSERT INTO events VALUES (?)", [" ".join(typed.split())])  # as the store keeps it
    assert conn.execute(f"SELECT {PHONE_KEY_SQL} FROM events").fetchone()[0] == phone_key(typed)


def test_search_and_prior_events_find_the_caller(store):
    from tests.support.factories import OPERATOR, event_data

    first = store.events.create(event_data(caller_phone="+39 333 1234567"), operator=OPERATOR)
    second = store.events.create(event_data(caller_phone="0039 333 123 4567"), operator=OPERATOR)
    store.events.create(event_data(caller_phone="333 7654321"), operator=OPERATOR)
    for typed in SAME_MOBILE:
        prior = store.search.prior_events(phone=typed)
        assert {r["id"] for r in prior} == {first["id"], second["id"]}, typed
        assert {r["id"] for r in store.search.find(typed)} == {first["id"], second["id"]}, typed
    plan = " ".join(r[3] for r in store.db.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM events e WHERE e.caller_phone IS NOT NULL AND {PHONE_KEY_SQL} = ?",
        ["3331234567"]))
    assert "events_phone_key" in plan


def test_the_migration_indexes_phones_already_stored(tmp_path, catalogs):
    """A store from before the phone-key migration: its stored phones are found by key once migrated."""
    from emergenza.store import database
    from emergenza.store.schema import MIGRATIONS, STATS_TRIGGER_NAMES
    from tests.support.factories import OPERATOR, event_data, open_store

    path = tmp_path / "old.db"
    s = open_store(path, catalogs)
    event = s.events.create(event_data(caller_phone="+39 333 1234567"), operator=OPERATOR)
    at = next(i for i, sql in enumerate(MIGRATIONS) if "events_phone_key" in sql)
    # Undo that migration and the ones after it (each named here: a new one must be added).
    later = MIGRATIONS[at + 1:]
    assert len(later) == 8 and "handed_to" in later[0] and "stats_events" in later[1]
    assert "DROP INDEX IF EXISTS events_phone;" in later[2] and "territory_alerts" in later[3]
    assert "DROP TRIGGER IF EXISTS stats_events_ai;" in later[4]
    assert "CREATE TABLE IF NOT EXISTS search_queue_events" in later[5]  # re-run as it is: IF NOT EXISTS
    assert "CREATE INDEX IF NOT EXISTS assignments_resource_requested" in later[6]  # likewise
    assert "CREATE TABLE IF NOT EXISTS stats_marks" in later[7]  # likewise, its mark set anew
    for trigger in STATS_TRIGGER_NAMES:
        s.db.execute(f"DROP TRIGGER {trigger}")
    s.db.execute("DROP TABLE stats_events")
    s.db.execute("DROP TABLE stats_assignments")
    s.db.execute("DROP INDEX events_phone_key")
    s.db.execute(f"PRAGMA user_version = {at}")
    s.close()
    db = database.connect(path)
    db.execute("ALTER TABLE events DROP COLUMN agencies")
    db.execute("DROP TABLE catalog_settings")
    db.execute("ALTER TABLE shifts DROP COLUMN handed_to")
    db.execute("ALTER TABLE territory_alerts DROP COLUMN params")
    db.close()
    s = open_store(path, catalogs)
    try:
        assert [r["id"] for r in s.search.prior_events(phone="3331234567")] == [event["id"]]
        assert s.maintenance.verify_audit() == []
    finally:
        s.close()


def test_digits_of_no_caller_are_searched_as_text(store):
    from tests.support.factories import OPERATOR, event_data

    event = store.events.create(event_data(caller_phone=None, description="Targa 5551234 in sosta vietata"),
                                operator=OPERATOR)
    assert [r["id"] for r in store.search.find("5551234")] == [event["id"]]
