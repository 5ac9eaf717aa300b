"""Cameras and gates: registry, cameras near an event, footage requests in the journal,
the registry CSV and hot-list hits (bad rows by line, nothing half-imported)."""

from __future__ import annotations

import pytest

from emergenza.domain.areas import alert_text
from emergenza.domain.cameras import CsvRowsError, parse_hits, parse_registry, parse_time
from emergenza.domain.errors import UserError, ValidationError
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.factories import event_data

REGISTRY = ("nome;tipo;lat;lon;direzione;proprietario;tipo_proprietario;stato;richiesta_filmati\n"
            "Varco Seriate Est;varco;45,6800;9,7200;verso Bergamo;Comune di Seriate;comune;funzionante;"
            "PEC protocollo@comune.seriate.bg.it\n"
            "Piazza Pontida;telecamera;45.6960;9.6680;;Bar Roma;privato;;telefono al titolare\n")


def _camera(store, name, lat, lon, kind="camera", **over):
    return store.cameras.add({"name": name, "kind": kind, "lat": lat, "lon": lon, **over}, operator=OP)


def test_cameras_near_an_event_nearest_first_within_the_radius(store):
    event = store.events.create(event_data(lat=45.6950, lon=9.6700), operator=OP)
    _camera(store, "Lontana", 45.7100, 9.6700)             # ~1.7 km
    _camera(store, "Vicina", 45.6952, 9.6701)               # ~24 m
    _camera(store, "Media", 45.6980, 9.6700)                # ~330 m
    _camera(store, "Spenta", 45.6951, 9.6700, status="faulty")
    near = store.cameras.near_event(event["id"], 500)
    assert [(c["name"], c["distance_m"]) for c in near] == [("Spenta", 11), ("Vicina", 24), ("Media", 334)]
    assert [c["name"] for c in store.cameras.near_event(event["id"], 2000)][-1] == "Lontana"
    no_place = store.events.create(event_data(), operator=OP)
    assert store.cameras.near_event(no_place["id"]) == []


def test_request_footage_is_a_journal_entry_that_says_how(store):
    event = store.events.create(event_data(lat=45.6950, lon=9.6700), operator=OP)
    camera = _camera(store, "Piazza Pontida", 45.6952, 9.6701, owner_kind="private", owner_name="Bar Roma",
                     footage_request="telefono al titolare")
    before = store.outbox.count()
    entry = store.cameras.request_footage(event["id"], camera["id"], operator=OP)
    assert entry["text"] == ("Richiesta filmati: telecamera «Piazza Pontida» (Bar Roma). "
                             "Modalità: telefono al titolare")
    assert entry["text"] in [j["text"] for j in store.events.journal(event["id"])]
    assert store.outbox.count() == before + 2  # the entry and the event's updated_at: both sync


def test_registry_csv_is_all_rows_or_none(store):
    rows = parse_registry(REGISTRY)
    assert [(line, f["name"], f["kind"], f["lat"], f["owner_kind"]) for line, f in rows] == [
        (2, "Varco Seriate Est", "gate", 45.68, "municipality"), (3, "Piazza Pontida", "camera", 45.696, "private")]
    bad = REGISTRY + "Senza posto;telecamera;;;\nDrone;drone;45.6;9.6\n"
    with pytest.raises(CsvRowsError) as err:
        store.cameras.import_csv(bad, operator=OP)
    assert [p.line for p in err.value.problems] == [4, 5]
    assert "riga 4" in str(err.value) and "riga 5" in str(err.value)
    assert store.cameras.registry() == [] and store.outbox.count() == 0
    store.cameras.import_csv(REGISTRY, operator=OP, sharing="shared")
    assert [(c["name"], c["sharing"]) for c in store.cameras.registry()] == [
        ("Piazza Pontida", "shared"), ("Varco Seriate Est", "shared")]
    assert store.maintenance.verify_audit() == []


def test_bad_camera_fields_are_refused(store):
    with pytest.raises(ValidationError) as err:
        store.cameras.add({"name": "", "kind": "drone", "lat": 9.6, "lon": 45.6}, operator=OP)
    assert {e.field for e in err.value.errors} == {"name", "kind", "lat", "lon"}


def test_hits_file_times_are_local_and_bad_rows_are_listed():
    assert parse_time("29/03/2026 03:30").isoformat() == "2026-03-29T01:30:00+00:00"  # after the DST change
    assert parse_time("2026-01-10T10:00:00Z").isoformat() == "2026-01-10T10:00:00+00:00"
    text = ("varco,targa,ora,lista\nA,AB123CD,10/01/2026 10:00,rubato\n,AB123CD,10/01/2026 10:00,rubato\n"
            "A,??,10/01/2026 10:00,rubato\nA,AB123CD,ieri,rubato\nA,AB123CD,10/01/2026 10:00,sospetto\n")
    with pytest.raises(CsvRowsError) as err:
        parse_hits(text)
    assert [p.line for p in err.value.problems] == [3, 4, 5, 6]
    with pytest.raises(CsvRowsError):
        parse_hits("targa;ora\nAB123CD;10/01/2026 10:00\n")


def test_hits_raise_alerts_once_and_open_a_gate_check_event(store):
    gate = _camera(store, "Varco Seriate Est", 45.6800, 9.7200, kind="gate")
    text = "varco;targa;ora;lista\nvarco seriate est;AB 123 CD;10/01/2026 10:00;rubato\n"
    with pytest.raises(CsvRowsError) as err:
        store.cameras.import_hits(text + "Varco Ignoto;XY987ZZ;10/01/2026 10:05;ricercato\n", operator=OP)
    assert "riga 3" in str(err.value) and store.cameras.hits() == []
    (hit,) = store.cameras.import_hits(text, operator=OP)
    assert (hit["gate_id"], hit["plate"], hit["at"]) == (gate["id"], "AB123CD", "2026-01-10T09:00:00.000Z")
    assert store.cameras.import_hits(text, operator=OP) == []  # the same file again: nothing new
    (alert,) = store.areas.open_alerts()
    shown = alert_text(alert["text"], alert["params"])
    assert alert["kind"] == "plate" and "AB123CD" in shown and "veicolo rubato" in shown
    event = store.cameras.open_gate_event(hit["id"], operator=OP)
    assert (event["type_code"], event["lat"], event["lon"], event["municipality_name"]) == \
        ("CTR.VARCO", 45.68, 9.72, "Seriate")
    assert "AB123CD" in event["description"]
    assert store.cameras.hits(open_only=True) == []
    with pytest.raises(UserError):
        store.cameras.open_gate_event(hit["id"], operator=OP)
    assert store.maintenance.verify_audit() == []
