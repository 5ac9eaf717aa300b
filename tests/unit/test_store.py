"""The store through its public API, on real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from emergenza.domain.errors import NotFoundError, TransitionError, UnitBusyError, UserError, ValidationError
from emergenza.store import Store
from emergenza.store.backup import restore
from emergenza.store.queries import EventFilter
from tests.support.factories import DUTY_OFFICER as OP


def outbox(store):
    return store.outbox.count()


def test_create_event_writes_event_journal_outbox_audit(store, event_data):
    ev = store.events.create(event_data(), operator=OP)
    assert ev["status"] == "new" and ev["priority"] == "green"  # default priority of INC.DANNI
    assert ev["number"].startswith(f"BG01-{datetime.now().astimezone().year}-")
    assert ev["municipality_name"] == "Bergamo" and ev["corps"] == "Polizia Locale di Bergamo"
    journal = store.events.journal(ev["id"])
    assert len(journal) == 1 and journal[0]["automatic"] == 1
    assert journal[0]["text"] == "Intervento ricevuto (telefono): Incidente stradale › solo danni a cose."
    changes = store.outbox.pending()
    assert [c["entity"] for c in changes] == ["events", "journal"]
    assert changes[0]["fields"]["description"] == "Tamponamento senza feriti."
    assert store.maintenance.verify_audit() == []


def test_invalid_event_names_fields_and_writes_nothing(store, event_data):
    before = store.maintenance.counts().as_dict()
    with pytest.raises(ValidationError) as info:
        store.events.create(event_data(type_code="", municipality_istat="999999", caller_phone="abc"), operator=OP)
    fields = {e.field for e in info.value.errors}
    assert fields == {"type_code", "municipality_istat", "caller_phone"}
    with pytest.raises(ValidationError) as info:
        store.events.create(event_data(colour="red"), operator=OP)
    assert info.value.errors[0].field == "colour"
    assert store.maintenance.counts().as_dict() == before
    assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_numbers_per_station_and_year(tmp_path, catalogs, event_data):
    when = [datetime(2025, 12, 31, 23, 0, tzinfo=UTC)]
    s = Store.open(tmp_path / "a.db", catalogs, station_code="MI07", now=lambda: when[0])
    try:
        a = s.events.create(event_data(), operator=OP)
        b = s.events.create(event_data(), operator=OP)
        when[0] = datetime(2026, 6, 1, tzinfo=UTC)
        c = s.events.create(event_data(), operator=OP)
        assert [a["number"], b["number"], c["number"]] == ["MI07-2025-000001", "MI07-2025-000002",
                                                          "MI07-2026-000001"]
        assert s.events.get_by_number(" mi07-2026-000001 ")["id"] == c["id"]
        with pytest.raises(NotFoundError, match="MI07-2026-000999"):
            s.events.get_by_number("MI07-2026-000999")
    finally:
        s.close()
    other = Store.open(tmp_path / "b.db", catalogs, station_code="BG02", now=lambda: when[0])
    try:
        assert other.events.create(event_data(), operator=OP)["number"] == "BG02-2026-000001"
    finally:
        other.close()


def test_update_event_only_changed_fields_with_journal(store, event_data):
    ev = store.events.create(event_data(), operator=OP)
    same = store.events.update(ev["id"], {"address": "Via Roma 1"}, operator=OP)
    assert same["updated_at"] == ev["updated_at"] and outbox(store) == 2
    up = store.events.update(ev["id"], {"address": "Via Garibaldi 3", "priority": "yellow"}, operator=OP)
    assert up["address"] == "Via Garibaldi 3" and '"address"' in up["_versions"]
    last = store.events.journal(ev["id"])[-1]
    assert last["kind"] == "field" and "indirizzo: «Via Roma 1» → «Via Garibaldi 3»" in last["text"]
    assert outbox(store) == 4
    with pytest.raises(ValidationError) as info:
        store.events.update(ev["id"], {"municipality_istat": "000000"}, operator=OP)
    assert info.value.errors[0].field == "municipality_istat"


def test_status_notes_strike(store, event_data):
    ev = store.events.create(event_data(), operator=OP)
    store.events.change_status(ev["id"], "waiting", operator=OP, note="Nessuna pattuglia libera.")
    with pytest.raises(TransitionError):
        store.events.change_status(ev["id"], "on_scene", operator=OP)
    note = store.events.add_note(ev["id"], "Richiamato il segnalante.", operator=OP)
    with pytest.raises(ValidationError):
        store.events.add_note(ev["id"], "   ", operator=OP)
    with pytest.raises(ValidationError):
        store.events.strike_entry(note["id"], "", operator=OP)
    struck = store.events.strike_entry(note["id"], "Evento sbagliato", operator="Giulia Rota")
    assert struck["struck_by"] == "Giulia Rota" and struck["text"] == "Richiamato il segnalante."
    with pytest.raises(UserError, match="già barrata"):
        store.events.strike_entry(note["id"], "di nuovo", operator=OP)
    texts = [j["text"] for j in store.events.journal(ev["id"])]
    assert texts[1] == "Stato: nuovo → in attesa. Nessuna pattuglia libera."
    assert len(texts) == 3
    closed = store.events.change_status(ev["id"], "closed", operator=OP, outcome="Nulla da rilevare")
    assert closed["closed_at"] and closed["outcome"] == "Nulla da rilevare"
    reopened = store.events.change_status(ev["id"], "reopened", operator=OP)
    assert reopened["closed_at"] is None
    assert store.maintenance.verify_audit() == []


def test_assign_advance_close_and_busy_unit(store, event_data, unit):
    a1 = unit("Alfa 1")
    ev1 = store.events.create(event_data(type_code="INC.FERITI"), operator=OP)
    ev2 = store.events.create(event_data(), operator=OP)
    asg = store.units.assign(ev1["id"], a1["id"], operator=OP)
    assert store.events.get(ev1["id"])["status"] == "assigned"
    assert store.events.get(ev1["id"])["first_sent_at"]
    assert store.units.get(a1["id"])["status"] == "sent"
    with pytest.raises(UnitBusyError) as info:
        store.units.assign(ev2["id"], a1["id"], operator=OP)
    assert info.value.event_number == ev1["number"]
    assert str(info.value) == f"L'unità Alfa 1 è già impegnata sull'intervento {ev1['number']}."
    store.units.advance(asg["id"], operator=OP)
    store.units.advance(asg["id"], operator=OP)
    assert store.events.get(ev1["id"])["status"] == "on_scene"
    assert store.units.get(a1["id"])["status"] == "on_scene"
    board = store.board.rows(store.board.ids())
    assert board[ev1["id"]]["units"] == "Alfa 1"
    assert store.board.ids()[0] == ev1["id"]  # red first
    store.events.change_status(ev1["id"], "closed", operator=OP, outcome="Feriti al pronto soccorso")
    assert store.units.for_event(ev1["id"])[0]["status"] == "cleared"
    assert store.units.get(a1["id"])["status"] == "available"
    store.units.assign(ev2["id"], a1["id"], operator=OP)  # free again
    assert ev1["id"] not in store.board.ids()
    with pytest.raises(UserError, match="chiuso"):
        store.units.assign(ev1["id"], unit("Alfa 2")["id"], operator=OP)


def test_database_itself_refuses_a_second_active_assignment(store, event_data, unit):
    a1 = unit()
    ev1 = store.events.create(event_data(), operator=OP)
    ev2 = store.events.create(event_data(), operator=OP)
    store.units.assign(ev1["id"], a1["id"], operator=OP)
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.db.execute("INSERT INTO assignments (id, event_id, resource_id, status, requested_at, _hlc) "
                         "VALUES ('x', ?, ?, 'sent', '2026-01-01T00:00:00.000Z', 'h')", [ev2["id"], a1["id"]])


def test_resources(store, unit):
    a1 = unit("Alfa 1")
    with pytest.raises(ValidationError) as info:
        unit("alfa 1")
    assert info.value.errors[0].field == "call_sign"
    store.units.set_status(a1["id"], "out_of_service", operator=OP)
    assert store.units.overview()[0]["status"] == "out_of_service"
    with pytest.raises(UserError):
        store.units.set_status(a1["id"], "on_scene", operator=OP)


def test_drafts(store):
    assert store.drafts.load("intake") is None
    store.drafts.save("intake", {"address": "Via Roma", "città": "Bergamo"})
    assert store.drafts.load("intake") == {"address": "Via Roma", "città": "Bergamo"}
    store.drafts.delete("intake")
    assert store.drafts.load("intake") is None
    assert store.outbox.count() == 0  # drafts are local only


def test_prior_events_by_phone_and_address(store, event_data):
    a = store.events.create(event_data(caller_phone="+39  347 1234567", address="Via Verdi 4"), operator=OP)
    b = store.events.create(event_data(caller_phone="035 999999", address="via verdi 4"), operator=OP)
    store.events.create(event_data(caller_phone="035 111111", address="Via Verdi 4",
                                  municipality_istat="016011"), operator=OP)
    by_phone = store.search.prior_events(phone="+39 347 1234567")
    assert [r["id"] for r in by_phone] == [a["id"]] and by_phone[0]["matched"] == "phone"
    by_place = store.search.prior_events(municipality_istat="016024", address="VIA VERDI 4", exclude_id=b["id"])
    assert [r["id"] for r in by_place] == [a["id"]]
    assert store.search.prior_events(phone="12") == []


def test_search_fields_journal_accents_and_filters(store, event_data):
    a = store.events.create(event_data(description="Cane vagante sulla provinciale", address="Via Garibaldi 2"),
                           operator=OP)
    b = store.events.create(event_data(description="Lite tra vicini", type_code="LIT.LITE"), operator=OP)
    store.events.add_note(b["id"], "Presenti i Carabinieri, situazione tranquilla in città", operator=OP)
    c = store.events.create(event_data(description="Rumore dal cantiere", exercise=1), operator=OP)
    assert [r["id"] for r in store.search.find("garib")] == [a["id"]]
    assert [r["id"] for r in store.search.find("carabinieri")] == [b["id"]]  # journal text
    assert [r["id"] for r in store.search.find("CITTA")] == [b["id"]]  # accents folded
    assert [r["id"] for r in store.search.find("città tranquilla")] == [b["id"]]
    assert store.search.find("cane lite") == []  # every word must match
    assert [r["id"] for r in store.search.find(b["number"])] == [b["id"]]
    assert {r["id"] for r in store.search.find("")} == {a["id"], b["id"], c["id"]}
    assert [r["id"] for r in store.search.find("", EventFilter(include_exercises=False, type_code="LIT"))] == [b["id"]]
    # Newest first, across both walks, with paging.
    ids = [r["id"] for r in store.search.find("intervento")]
    assert ids == [c["id"], b["id"], a["id"]]
    assert [r["id"] for r in store.search.find("intervento", limit=1, offset=1)] == [b["id"]]
    store.events.update(a["id"], {"description": "Cinghiale vagante"}, operator=OP)
    assert [r["id"] for r in store.search.find("cinghiale")] == [a["id"]]
    # The old text is still found: the automatic "data changed" entry keeps it in the journal.
    assert [r["id"] for r in store.search.find("cane")] == [a["id"]]
    assert store.db.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'cane'").fetchone()[0] == 0


def test_search_never_raises_on_odd_input(store, event_data):
    store.events.create(event_data(), operator=OP)
    for text in ('"', "*", "AND", "a OR b", "NEAR(", "-", "'", "l'auto", "^x", "(((", '"AND OR NOT*'):
        assert isinstance(store.search.find(text), list)


def test_unassigned_urgent_and_counts(store, event_data):
    ev = store.events.create(event_data(type_code="INC.FERITI", received_at="2020-01-01T00:00:00.000Z"),
                            operator=OP)
    assert [r["id"] for r in store.board.unassigned_urgent(60)] == [ev["id"]]
    counts = store.maintenance.counts().as_dict()
    assert counts["events"] == 1 and counts["active_events"] == 1 and counts["journal_entries"] == 1
    assert counts["outbox_pending"] == 2 and counts["conflicts"] == 0


def test_shifts_need_a_note_with_pending_changes(store, event_data):
    op = store.people.add("Sara Pesenti", "operator")
    shift = store.people.start_shift(op["id"])
    store.events.create(event_data(), operator=OP)
    with pytest.raises(UserError, match="non ancora inviate"):
        store.people.end_shift(shift["id"], operator=OP)
    with pytest.raises(ValidationError):
        store.people.end_shift(shift["id"], operator=OP, allow_pending=True)
    ended = store.people.end_shift(shift["id"], operator=OP, allow_pending=True, note="Server irraggiungibile")
    assert ended["pending_at_close"] == 2 and store.people.current_shift() is None


def test_backup_and_restore(tmp_path, store, event_data):
    ev = store.events.create(event_data(), operator=OP)
    dest = store.maintenance.backup(tmp_path / "bk" / "copy.db")
    store.events.create(event_data(description="dopo la copia"), operator=OP)
    path = store.path
    store.close()
    kept = restore(dest, path)
    assert kept is not None and kept.exists()
    s = Store.open(path)
    try:
        assert s.maintenance.counts().events == 1 and s.events.get(ev["id"])
        assert s.maintenance.verify_audit() == []
    finally:
        s.close()


def test_reopen_keeps_identity_and_clock(tmp_path, catalogs, event_data):
    s = Store.open(tmp_path / "x.db", catalogs, station_code="CO03")
    ev = s.events.create(event_data(), operator=OP)
    rid, last = s.replica_id, s.clock.last
    s.close()
    s = Store.open(tmp_path / "x.db", catalogs)
    try:
        assert s.replica_id == rid and s.meta.station_code == "CO03"
        assert s.clock.now() > last
        assert s.events.get(ev["id"])["_hlc"] < s.clock.last
    finally:
        s.close()


def test_owner_runs_everything_on_one_thread(tmp_path, event_data):
    import asyncio
    import concurrent.futures
    import threading

    from emergenza.store import StoreOwner

    owner = StoreOwner.open(tmp_path / "o.db", station_code="BG01")
    try:
        threads = set()

        def create(store, data):
            threads.add(threading.get_ident())
            return store.events.create(data, operator=OP)

        async def main():
            return await asyncio.gather(*(owner.call(create, event_data()) for _ in range(5)))

        # A loop of its own, in its own thread: the GUI tests leave the session's qasync
        # loop installed and running in this thread.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            created = pool.submit(asyncio.run, main()).result()
        assert len({e["number"] for e in created}) == 5
        assert len(threads) == 1 and threading.get_ident() not in threads
        assert owner.call_blocking(lambda s: s.maintenance.counts().events) == 5
    finally:
        owner.close()
    with pytest.raises(RuntimeError):
        owner.submit(lambda s: None)


def test_search_index_never_merges_inside_a_commit_and_maintenance_keeps_it_searchable(store, event_data):
    for table in ("events_fts", "journal_fts"):
        assert store.db.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()[0] == 0
    ids = [store.events.create(event_data(description=f"Semaforo guasto numero {i}"), operator=OP)["id"]
           for i in range(40)]
    while store.maintenance.merge_search(50):
        pass
    assert [r["id"] for r in store.search.find("semaforo", limit=100)] == ids[::-1]
    for table in ("events_fts", "journal_fts"):  # raises if the index disagrees with its table
        store.db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
