"""The demo generator: realistic, consistent, deterministic, and a normal store afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emergenza.domain.errors import UserError
from emergenza.store import Store
from emergenza.store.demo import generate

NOW = datetime(2026, 1, 20, 10, 30, tzinfo=UTC)  # 60 days back crosses the year


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    seen = []
    summary = generate(path, events=3000, seed=11, now=NOW, progress=lambda f, p: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    s = Store.open(path)
    yield s, summary
    s.close()


def q(store, sql, *params):
    return store.db.execute(sql, params).fetchall()


def test_counts_and_audit(demo):
    store, summary = demo
    counts = store.maintenance.counts()
    assert counts.events == summary.events == 3000
    assert 30 <= counts.active_events <= 80 and counts.active_events == summary.active_events
    assert counts.resources == 25 and counts.outbox_pending == 0
    assert counts.journal_entries == summary.journal_entries > 3 * 3000
    assert store.maintenance.verify_audit() == []
    assert store.meta.get("demo") == "1" and store.meta.get("setup_done") == "1"
    assert store.meta.get("station_name") and store.meta.station_code == "BG01"
    assert q(store, "PRAGMA journal_mode")[0][0] == "wal"
    assert q(store, "PRAGMA foreign_key_check") == []


def test_realistic_content(demo, catalogs):
    store, _ = demo
    provinces = {catalogs.municipalities[r[0]].province_code for r in q(store, "SELECT municipality_istat FROM events")}
    assert provinces == {"BG"}
    top_town = q(store, "SELECT municipality_name, count(*) c FROM events GROUP BY 1 ORDER BY c DESC LIMIT 1")[0][0]
    assert top_town == "Bergamo"
    channels = dict(q(store, "SELECT channel, count(*) FROM events GROUP BY 1"))
    assert set(channels) == {"phone", "nue112", "radio", "initiative", "front_desk", "video"}
    assert q(store, "SELECT count(*) FROM events WHERE channel = 'nue112' AND nue_contact_id IS NULL")[0][0] == 0
    # Default priority of the type, with some variation.
    same = q(store, "SELECT type_code, priority FROM events")
    agree = sum(catalogs.event_types[t].priority == p for t, p in same) / len(same)
    assert 0.85 < agree < 0.99
    assert q(store, "SELECT count(*) FROM events WHERE sharing = 'shared'")[0][0] > 100
    assert 2 <= q(store, "SELECT count(*) FROM events WHERE exercise = 1")[0][0] <= 20
    assert q(store, "SELECT count(*) FROM events WHERE parent_id IS NOT NULL")[0][0] >= 2
    repeated = q(store, "SELECT caller_phone, count(*) c FROM events WHERE caller_phone IS NOT NULL "
                        "GROUP BY 1 HAVING c > 3")
    assert repeated  # prior events show up
    phone = repeated[0][0]
    assert len(store.search.prior_events(phone=phone)) >= 3
    assert q(store, "SELECT count(*) FROM journal WHERE struck_at IS NOT NULL")[0][0] >= 1
    assert store.search.find("tamponamento")  # FTS rebuilt after the bulk load
    assert store.search.find("inviata")  # journal FTS too
    for table in ("events_fts", "journal_fts"):  # the bulk-built index matches its table
        store.db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def test_validation_accepts_every_demo_event(demo, catalogs):
    from emergenza.domain.entities import EVENT_INPUT_FIELDS
    from emergenza.domain.validation import validate_event
    store, _ = demo
    for row in store.db.query("SELECT * FROM events"):
        data = {k: row[k] for k in EVENT_INPUT_FIELDS}
        assert validate_event(data, catalogs) == [], row["number"]


def test_active_events_and_units_are_consistent(demo):
    store, _ = demo
    busy = q(store, "SELECT r.status, a.status, e.status FROM assignments a JOIN resources r ON r.id = a.resource_id "
                    "JOIN events e ON e.id = a.event_id WHERE a.status NOT IN ('cleared', 'cancelled')")
    assert busy
    mapping = {"requested": "sent", "sent": "sent", "en_route": "en_route", "on_scene": "on_scene"}
    for r_status, a_status, e_status in busy:
        assert r_status == mapping[a_status]
        assert e_status in ("assigned", "on_scene")
    free = q(store, "SELECT count(*) FROM resources r WHERE status NOT IN ('available', 'out_of_service') AND NOT "
                    "EXISTS (SELECT 1 FROM assignments a WHERE a.resource_id = r.id AND a.status NOT IN "
                    "('cleared', 'cancelled'))")[0][0]
    assert free == 0
    assert q(store, "SELECT count(*) FROM events WHERE status IN ('closed', 'cancelled') "
                    "AND closed_at IS NULL")[0][0] == 0
    ids = store.board.ids()
    rows = store.board.rows(ids)
    board = [rows[i] for i in ids]  # as the board shows them
    assert len(board) == store.maintenance.counts().active_events and any(r["units"] for r in board)
    assert board[0]["priority"] == "red" or all(r["priority"] != "red" for r in board)


def test_numbers_follow_the_year_and_the_counter_continues(demo):
    store, _ = demo
    years = dict(q(store, "SELECT year, last FROM event_counters"))
    assert set(years) == {2025, 2026}
    assert sum(years.values()) == 3000
    last = q(store, "SELECT number FROM events ORDER BY received_at DESC LIMIT 1")[0][0]
    assert last == f"BG01-2026-{years[2026]:06d}"


def test_later_changes_go_through_the_outbox(demo):
    store, _ = demo
    unit = next(r for r in store.units.overview() if r["status"] == "available")
    ev = store.events.create({"type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Roma 3",
                             "description": "dopo la demo"}, operator="Sara Pesenti")
    store.units.assign(ev["id"], unit["id"], operator="Sara Pesenti")
    assert store.outbox.count() > 0
    assert int(ev["number"].rsplit("-", 1)[1]) == dict(q(store, "SELECT year, last FROM event_counters"))[2026]
    assert store.maintenance.verify_audit() == []


def test_deterministic_for_a_seed(tmp_path):
    cols = "number, received_at, channel, type_code, priority, status, municipality_istat, address, description, " \
           "caller_phone, id"
    out = []
    for name in ("a.db", "b.db"):
        generate(tmp_path / name, events=300, seed=5, now=NOW)
        s = Store.open(tmp_path / name)
        out.append(q(s, f"SELECT {cols} FROM events ORDER BY number"))
        out.append(q(s, "SELECT text FROM journal ORDER BY id"))
        s.close()
    assert out[0] == out[2] and out[1] == out[3]
    generate(tmp_path / "c.db", events=300, seed=6, now=NOW)
    s = Store.open(tmp_path / "c.db")
    assert q(s, f"SELECT {cols} FROM events ORDER BY number") != out[0]
    s.close()


def test_small_and_empty_demos(tmp_path):
    for n in (0, 1, 7, 99):
        summary = generate(tmp_path / f"d{n}.db", events=n, seed=1, now=NOW)
        s = Store.open(tmp_path / f"d{n}.db")
        try:
            assert s.maintenance.counts().events == n == summary.events
            assert s.maintenance.verify_audit() == []
        finally:
            s.close()


def test_bad_arguments_write_nothing(tmp_path):
    for kwargs in ({"events": -1}, {"events": "10"}, {"events": 5, "station_code": "b"}, {"events": 5, "corps": ""}):
        with pytest.raises(UserError):
            generate(tmp_path / "x.db", **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_build_leaves_nothing(tmp_path):
    def boom(fraction, phase):
        if fraction > 0.2:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        generate(tmp_path / "x.db", events=30_000, seed=1, now=NOW, progress=boom)
    assert list(tmp_path.iterdir()) == []
