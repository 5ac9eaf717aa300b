"""Export from a real store and import into another through the normal write path:
round trips, idempotence, updates of the event an alert references, all or nothing,
outbox/journal/audit, and who may export a reserved event."""

from __future__ import annotations

import pytest

from emergenza.domain.enums import Role
from emergenza.domain.errors import PermissionDeniedError, UserError
from emergenza.domain.roles import Actor
from emergenza.exchange import emsi, station
from emergenza.store import Store
from tests.exchange.samples import cap_text, xml
from tests.support.factories import OPERATOR, event_data

BG, MI = "Polizia Locale di Bergamo", "Polizia Locale di Milano"
TIME_KEYS = {"CREATION", "DECL_DATIME", "OCC_DATIME", "START_TIME", "END_TIME"}
ID_KEYS = {"ID", "MAIN_EVENT_ID", "RESOURCE_ID", "ORG_ID", "ORIGIN"}


def without_ids_and_times(value):
    """An EMSI message with its ids (and the owner's name) and times left out."""
    if isinstance(value, dict):
        return {k: without_ids_and_times(v) for k, v in value.items() if k not in TIME_KEYS | ID_KEYS}
    if isinstance(value, list):
        return [without_ids_and_times(v) for v in value]
    return value


def busy_event(store: Store) -> dict:
    """A shared event with three units: one on scene, one sent, one already cleared."""
    units = [store.units.add({"kind": kind, "call_sign": name, "plate": plate}, operator=OPERATOR)
             for kind, name, plate in (("car", "Alfa 1", "YA123AB"), ("motorbike", "Moto 2", None),
                                       ("patrol", "Bravo 3", None))]
    ev = store.events.create(event_data(type_code="INC.FERITI", sharing="shared", lat=45.6983, lon=9.6773),
                             operator=OPERATOR)
    a1 = store.units.assign(ev["id"], units[0]["id"], operator=OPERATOR)
    store.units.advance(a1["id"], operator=OPERATOR, to="en_route")
    store.units.advance(a1["id"], operator=OPERATOR, to="on_scene")
    a3 = store.units.assign(ev["id"], units[2]["id"], operator=OPERATOR)
    store.units.advance(a3["id"], operator=OPERATOR, to="cleared")
    store.units.assign(ev["id"], units[1]["id"], operator=OPERATOR)
    return store.events.get(ev["id"])


@pytest.mark.parametrize("as_json", [False, True])
def test_emsi_round_trip_loses_nothing_emsi_carries(stores, as_json):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    event = busy_event(a)
    first = station.export_emsi(a, event["number"], as_json=as_json)
    [done] = station.import_documents(b, "emsi", [("m", first)])
    assert done.outcome == "created" and done.number.startswith("MI02-")
    second = station.export_emsi(b, done.number, as_json=as_json)
    one, two = emsi.load(first, "1"), emsi.load(second, "2")
    assert without_ids_and_times(one) == without_ids_and_times(two)
    assert one["EVENT"]["STATUS"] == "IPR" and len(one["MISSION"]) == 3
    # The copy is B's own: its corps, its units (made by the import), its journal.
    copy = b.events.get_by_number(done.number)
    assert copy["corps"] == MI and copy["status"] == "on_scene" and copy["sharing"] == "shared"
    assert sorted(u["call_sign"] for u in b.units.overview()) == ["Alfa 1", "Bravo 3", "Moto 2"]
    assert any("Importato da messaggio EMSI" in j["text"] for j in b.events.journal(copy["id"]))


def test_emsi_round_trip_of_a_closed_exercise(stores):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    event = busy_event(a)
    a.events.update(event["id"], {"exercise": 1}, operator=OPERATOR)
    a.events.change_status(event["id"], "closed", operator=OPERATOR, outcome="Rilievi eseguiti.")
    first = station.export_emsi(a, event["number"])
    [done] = station.import_documents(b, "emsi", [("m", first)])
    second = station.export_emsi(b, done.number)
    assert without_ids_and_times(emsi.load(first, "1")) == without_ids_and_times(emsi.load(second, "2"))
    assert emsi.load(second, "2")["CONTEXT"]["MODE"] == "EXERCS"
    assert b.events.get_by_number(done.number)["status"] == "closed"
    assert {u["status"] for u in b.units.overview()} == {"available"}


def test_cap_round_trip(stores, catalogs):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    event = a.events.create(event_data(type_code="PC.ALLAGAMENTO", sharing="shared", lat=45.7, lon=9.6,
                                       description="Sottopasso allagato, auto bloccata."), operator=OPERATOR)
    first = station.export_cap(a, event["number"])
    [done] = station.import_documents(b, "cap", [("c", first)])
    second = station.export_cap(b, done.number)
    skip = {"identifier", "sender", "sent", "references", "incidents", "onset", "senderName"}

    def content(doc: bytes) -> list:
        root = xml(doc)
        return [(el.tag, (el.text or "").strip()) for el in root.iter()
                if el.tag.split("}")[1] not in skip and (el.text or "").strip() not in
                (event["number"], done.number, BG, MI)]
    assert content(first) == content(second)
    assert cap_text(second, "msgType") == "Alert"  # a new event in B


def test_cap_import_is_idempotent_and_updates_follow_references(stores):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    event = a.events.create(event_data(sharing="shared"), operator=OPERATOR)
    alert = station.export_cap(a, event["number"])
    [first] = station.import_documents(b, "cap", [("1.xml", alert)])
    [again] = station.import_documents(b, "cap", [("1.xml", alert)])
    assert (first.outcome, again.outcome, again.number) == ("created", "already", first.number)
    assert b.one("SELECT count(*) AS n FROM events")["n"] == 1
    a.events.update(event["id"], {"description": "Tamponamento, carreggiata ostruita."}, operator=OPERATOR)
    update = station.export_cap(a, event["number"])
    assert cap_text(update, "msgType") == "Update"
    [second] = station.import_documents(b, "cap", [("2.xml", update)])
    assert (second.outcome, second.number) == ("updated", first.number)
    assert b.events.get_by_number(first.number)["description"] == "Tamponamento, carreggiata ostruita."
    a.events.change_status(event["id"], "cancelled", operator=OPERATOR)
    cancel = station.export_cap(a, event["number"])
    [third] = station.import_documents(b, "cap", [("3.xml", cancel)])
    assert third.outcome == "updated" and b.events.get_by_number(first.number)["status"] == "cancelled"
    assert b.one("SELECT count(*) AS n FROM events")["n"] == 1


def test_import_goes_through_the_outbox_journal_and_audit(stores):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    event = busy_event(a)
    before = {t: b.one(f"SELECT count(*) AS n FROM {t}")["n"] for t in ("outbox", "audit", "journal")}
    station.import_documents(b, "emsi", [("m", station.export_emsi(a, event["number"]))])
    after = {t: b.one(f"SELECT count(*) AS n FROM {t}")["n"] for t in ("outbox", "audit", "journal")}
    assert all(after[t] > before[t] for t in before)
    entities = {r["entity"] for r in b.db.query("SELECT DISTINCT entity FROM outbox")}
    assert entities >= {"events", "journal", "assignments", "resources"}
    assert b.maintenance.verify_audit() == []  # the audit chain still verifies


def test_several_files_are_all_or_nothing(stores):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    good = station.export_cap(a, a.events.create(event_data(sharing="shared"), operator=OPERATOR)["number"])
    bad = good.replace(b"<scope>Restricted</scope>", b"")
    with pytest.raises(UserError, match=r"^rotto\.xml: documento CAP 1\.2 non valido"):
        station.import_documents(b, "cap", [("buono.xml", good), ("rotto.xml", bad)])
    assert b.one("SELECT count(*) AS n FROM events")["n"] == 0
    # A refusal while writing (the second message's unit is busy) rolls back the first too.
    first = station.export_emsi(a, busy_event(a)["number"])
    other = a.events.create(event_data(sharing="shared"), operator=OPERATOR)
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 9"}, operator=OPERATOR)
    a.units.assign(other["id"], unit["id"], operator=OPERATOR)
    second = station.export_emsi(a, other["number"])
    b.units.add({"kind": "car", "call_sign": "Alfa 9"}, operator=OPERATOR)
    blocker = b.events.create(event_data(), operator=OPERATOR)
    b.units.assign(blocker["id"], b.one("SELECT id FROM resources WHERE call_sign = 'Alfa 9'")["id"],
                   operator=OPERATOR)
    counts = {t: b.one(f"SELECT count(*) AS n FROM {t}")["n"] for t in ("events", "outbox", "exchange_imports")}
    with pytest.raises(UserError, match=r"^2\.xml: .*Alfa 9"):
        station.import_documents(b, "emsi", [("1.xml", first), ("2.xml", second)])
    assert counts == {t: b.one(f"SELECT count(*) AS n FROM {t}")["n"] for t in counts}


def test_only_shared_events_leave_unless_asked_and_allowed(stores):
    a = stores("a", "BG01", BG)
    reserved = a.events.create(event_data(sharing="reserved"), operator=OPERATOR)
    with pytest.raises(UserError, match="riservato"):
        station.export_cap(a, reserved["number"])
    assert xml(station.export_cap(a, reserved["number"], include_reserved=True)) is not None
    a.act_as(Actor("Luca Operatore", Role.OPERATOR))
    with pytest.raises(PermissionDeniedError):
        station.export_emsi(a, reserved["number"], include_reserved=True)
    assert a.one("SELECT count(*) AS n FROM audit WHERE action = 'denied.run_reports'")["n"] == 1
    a.act_as(Actor("Sara Responsabile", Role.SUPERVISOR))
    assert emsi.load(station.export_emsi(a, reserved["number"], include_reserved=True), "m")["CONTEXT"][
        "SECLASS"] == "CONFID"


def test_import_needs_the_intake_role(stores):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    alert = station.export_cap(a, a.events.create(event_data(sharing="shared"), operator=OPERATOR)["number"])
    b.act_as(Actor("", None))
    with pytest.raises(PermissionDeniedError):
        station.import_documents(b, "cap", [("c.xml", alert)])
    assert b.one("SELECT count(*) AS n FROM events")["n"] == 0


def test_a_foreign_alert_becomes_an_event(stores):
    from tests.exchange.samples import read
    b = stores("b", "BG01", BG)
    [done] = station.import_documents(b, "cap", [("q.xml", read("cap_foreign.xml"))])
    event = b.events.get_by_number(done.number)
    assert (event["type_code"], event["priority"], event["municipality_name"], event["exercise"]) == \
        ("PC.INCENDIO", "red", "Seriate", 1)
    assert event["address"] == "Seriate" and event["channel"] == "phone"
    row = b.one("SELECT * FROM exchange_imports")
    assert (row["kind"], row["sender"], row["identifier"]) == \
        ("cap", "sala.operativa@questura-bergamo.example", "QBG-2026-7781")
    cancel = read("cap_foreign.xml").replace(b"<msgType>Alert", b"<msgType>Cancel").replace(
        b"<identifier>QBG-2026-7781", b"<identifier>QBG-2026-7782").replace(
        b"</restriction>", b"</restriction><references>x,QBG-2026-0001,2026-07-14T16:20:05+02:00</references>")
    with pytest.raises(UserError, match="mai importato"):
        station.import_documents(b, "cap", [("annullo.xml", cancel)])


def test_invalid_values_name_the_file(stores, catalogs):
    b = stores("b", "BG01", BG)
    data = emsi.to_xml(emsi.message(
        {"number": "X1-2026-000001", "received_at": "2026-01-01T10:00:00.000Z", "type_code": "INC",
         "priority": "red", "status": "new", "municipality_istat": "016024", "municipality_name": "Bergamo",
         "description": "", "sharing": "shared", "address": None, "lat": None, "lon": None},
        [], {}, catalogs, message_id="m1", created="2026-01-01T10:00:00.000Z"))
    with pytest.raises(UserError, match=r"^vuoto\.xml: address: Indicare l'indirizzo o le coordinate"):
        station.import_documents(b, "emsi", [("vuoto.xml", data)])
    assert b.one("SELECT count(*) AS n FROM events")["n"] == 0


def test_cancelled_missions_survive_and_finished_ones_do_not_need_a_free_unit(stores):
    a, b = stores("a", "BG01", BG), stores("b", "MI02", MI)
    event = busy_event(a)
    unit = a.units.add({"kind": "van", "call_sign": "Furgone 1"}, operator=OPERATOR)
    assignment = a.units.assign(event["id"], unit["id"], operator=OPERATOR)
    a.units.advance(assignment["id"], operator=OPERATOR, to="cancelled")
    first = station.export_emsi(a, event["number"])
    assert [m["STATUS"] for m in emsi.load(first, "m")["MISSION"]].count("CANCLD") == 1
    # In B, Bravo 3 (cleared in A) is busy elsewhere: its finished mission is left out, the rest comes.
    bravo = b.units.add({"kind": "patrol", "call_sign": "Bravo 3"}, operator=OPERATOR)
    b.units.assign(b.events.create(event_data(), operator=OPERATOR)["id"], bravo["id"], operator=OPERATOR)
    [done] = station.import_documents(b, "emsi", [("m", first)])
    copy = b.events.get_by_number(done.number)
    statuses = sorted((a["call_sign"], a["status"]) for a in b.units.for_event(copy["id"]))
    assert statuses == [("Alfa 1", "on_scene"), ("Furgone 1", "cancelled"), ("Moto 2", "sent")]
