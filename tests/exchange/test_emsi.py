"""EMSI documents: the golden message written and read (XML and JSON), the mapping
tables, invalid messages refused with the reason."""

from __future__ import annotations

import json

import pytest

from emergenza.domain.errors import UserError
from emergenza.exchange import emsi
from emergenza.exchange.documents import MAX_DOCUMENT_BYTES
from tests.exchange.samples import ASSIGNMENTS, EVENT, UNITS, read


def golden(catalogs) -> dict:
    return emsi.message(EVENT, ASSIGNMENTS, UNITS, catalogs, message_id="BG01-2026-000123.1",
                        created=EVENT["updated_at"])


def test_golden_message_is_written_byte_for_byte(catalogs):
    msg = golden(catalogs)
    assert emsi.to_xml(msg) == read("emsi_event.xml")
    assert emsi.to_json(msg) == read("emsi_event.json")


def test_xml_and_json_forms_say_the_same(catalogs):
    from_xml = emsi.load(read("emsi_event.xml"), "m.xml")
    from_json = emsi.load(read("emsi_event.json"), "m.json")
    # XML has no types: numbers come back as their text.
    from_json["EVENT"]["EGEO"][0]["POSITION"]["COORD"] = [
        {k: repr(v) for k, v in c.items()} for c in from_json["EVENT"]["EGEO"][0]["POSITION"]["COORD"]]
    assert from_xml == from_json


def test_golden_message_content(catalogs):
    msg = json.loads(read("emsi_event.json"))
    assert set(msg) == {"CONTEXT", "EVENT", "MISSION", "RESOURCE"}
    assert msg["CONTEXT"]["MODE"] == "ACTUAL" and msg["CONTEXT"]["MSGTYPE"] == "UPDATE"
    assert msg["CONTEXT"]["SECLASS"] == "RESTRC" and msg["CONTEXT"]["URGENCY"] == "URGENT"
    event = msg["EVENT"]
    assert event["ETYPE"] == {"CATEGORY": ["TRP/COL"], "ACTOR": ["VEH/CAR"], "LOCTYPE": ["OTH"]}
    assert (event["STATUS"], event["SCALE"]) == ("IPR", "4")
    assert event["OCC_DATIME"] == "2026-03-29T01:58:00+01:00"  # before the DST change…
    missions = {m["ID"]: m for m in msg["MISSION"]}
    assert missions["a3"]["END_TIME"] == "2026-03-29T03:03:00+02:00"  # …and after it
    assert [(m["STATUS"], m["RESOURCE_ID"]) for m in msg["MISSION"]] == [
        ("IPR", ["r1"]), ("COM", ["r3"]), ("NST", ["r2"])]
    units = {u["NAME"]: u for u in msg["RESOURCE"]}
    assert {n: (u["RTYPE"]["CLASS"], u["STATUS"]) for n, u in units.items()} == {
        "Alfa 1": (["VEH/CAR"], "IN_USE/ON_SCENE"), "Moto 2": (["VEH/MBK"], "IN_USE/MOBILE"),
        "Bravo 3": (["HUM/TEAM"], "AVAILB")}
    assert "Giulia Bianchi" not in read("emsi_event.json").decode()


def test_golden_message_reads_back(catalogs):
    msg = emsi.read(read("emsi_event.xml"), catalogs, "m.xml")
    assert (msg.sender, msg.message_id, msg.event_key, msg.msg_type, msg.status) == (
        "it.pl.polizia-locale-di-bergamo", "BG01-2026-000123.1", "BG01-2026-000123", "UPDATE", "on_scene")
    assert msg.event == {
        "received_at": "2026-03-29T00:58:00.000Z", "type_code": "INC.FERITI", "priority": "red",
        "municipality_istat": "016024", "address": "Via Roma 1", "description": EVENT["description"],
        "exercise": 0, "sharing": "shared", "channel": "phone", "lat": 45.6983, "lon": 9.6773}
    assert [(u.call_sign, u.kind, u.plate) for u in msg.units] == [
        ("Alfa 1", "car", "YA123AB"), ("Bravo 3", "patrol", None), ("Moto 2", "motorbike", None)]
    assert [(m.unit_key, m.status) for m in msg.missions] == [("r1", "on_scene"), ("r3", "cleared"), ("r2", "sent")]


def test_every_assignment_status_survives_the_pair_of_codes(catalogs):
    """MISSION.STATUS and RESOURCE.STATUS together tell every assignment status apart."""
    assert len(set(emsi.ASSIGNMENT_STATUS.values())) == len(emsi.ASSIGNMENT_STATUS)
    for status in emsi.ASSIGNMENT_STATUS:
        a = ASSIGNMENTS[0] | {"status": status}
        data = emsi.to_xml(emsi.message(EVENT, [a], UNITS, catalogs, message_id="x", created=EVENT["updated_at"]))
        assert [m.status for m in emsi.read(data, catalogs, "m.xml").missions] == [status]


def test_the_mapping_tables_cover_our_codes(catalogs):
    from emergenza.domain.enums import AssignmentStatus, EventStatus, ResourceKind
    assert set(emsi.EVENT_STATUS) == {s.value for s in EventStatus}
    assert set(emsi.ASSIGNMENT_STATUS) == {s.value for s in AssignmentStatus}
    assert set(emsi.RESOURCE_CLASS) == {k.value for k in ResourceKind}
    assert len(set(emsi.RESOURCE_CLASS.values())) == len(emsi.RESOURCE_CLASS)  # a kind comes back as itself
    assert set(emsi.SCALE) == set(catalogs.priorities)
    roots = {code for code, t in catalogs.event_types.items() if t.parent is None}
    assert roots <= set(emsi.ETYPE)


# ------------------------------------------------------------------ refused, with the reason
def refused(catalogs, data: bytes, name: str = "m.xml") -> str:
    with pytest.raises(UserError) as caught:
        emsi.read(data, catalogs, name)
    return str(caught.value)


def test_a_namespace_or_another_root_is_refused(catalogs):
    data = read("emsi_event.xml").replace(b"<EMSI>", b'<EMSI xmlns="urn:altro">')
    assert "namespace inatteso «urn:altro»" in refused(catalogs, data)
    assert "«alert», non «EMSI»" in refused(catalogs, b"<alert/>")


@pytest.mark.parametrize(("cut", "named"), [(b"<MSGTYPE>UPDATE</MSGTYPE>", "«MSGTYPE» in «CONTEXT»"),
                                            (b"<ID>BG01-2026-000123.1</ID>", "«ID» in «CONTEXT»"),
                                            (b"<NAME>Moto 2</NAME>", "«NAME» in «RESOURCE»")])
def test_missing_required_element_is_named(catalogs, cut, named):
    data = read("emsi_event.xml")
    assert cut in data
    assert f"manca l'elemento obbligatorio {named}" in refused(catalogs, data.replace(cut, b""))


@pytest.mark.parametrize("bad", [b"2026-03-29T01:58:00Z", b"2026-02-30T10:00:00+01:00", b"ieri"])
def test_bad_dates_are_refused(catalogs, bad):
    data = read("emsi_event.xml").replace(b"<OCC_DATIME>2026-03-29T01:58:00+01:00", b"<OCC_DATIME>" + bad)
    assert "data e ora non valida in «EVENT/OCC_DATIME»" in refused(catalogs, data)


def test_unknown_codes_and_dangling_references_are_refused(catalogs):
    data = read("emsi_event.xml")
    assert "valore «REAL» non ammesso in «CONTEXT/MODE»" in refused(
        catalogs, data.replace(b"<MODE>ACTUAL</MODE>", b"<MODE>REAL</MODE>"))
    assert "cita la risorsa «r9»" in refused(catalogs, data.replace(b"<RESOURCE_ID>r2<", b"<RESOURCE_ID>r9<"))


def test_oversized_and_unreadable_files_are_refused(catalogs):
    assert "file troppo grande" in refused(catalogs, b" " * (MAX_DOCUMENT_BYTES + 1))
    assert "JSON non leggibile" in refused(catalogs, b'{"CONTEXT": ', "m.json")
    assert "non è un documento XML leggibile" in refused(catalogs, b"<EMSI><CONTEXT>")
