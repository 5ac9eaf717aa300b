from __future__ import annotations

import pytest

from emergenza.domain.validation import (
    validate_event,
    validate_note,
    validate_operator,
    validate_resource,
    validate_strike_reason,
)

GOOD = {"received_at": "2026-03-01T10:00:00.000Z", "channel": "phone", "type_code": "INC.DANNI",
        "priority": "green", "municipality_istat": "016024", "address": "Via Roma 1",
        "description": "Tamponamento.", "sharing": "reserved", "exercise": 0}


def errors_of(catalogs, **over):
    data = {**GOOD, **over}
    return {e.field: e.message for e in validate_event(data, catalogs)}


def test_good_event_has_no_errors(catalogs):
    assert validate_event(dict(GOOD), catalogs) == []


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"received_at": "ieri"}, "received_at", "Indicare data e ora di ricezione valide."),
    ({"received_at": ""}, "received_at", "Indicare data e ora di ricezione valide."),
    ({"channel": "fax"}, "channel", "Scegliere il canale di ricezione."),
    ({"channel": "nue112"}, "nue_contact_id", "Per una chiamata dal 112 NUE indicare l'identificativo del contatto."),
    ({"channel": "nue112", "nue_contact_id": "#"}, "nue_contact_id",
     "Identificativo del contatto NUE non valido (3-40 lettere o cifre)."),
    ({"type_code": ""}, "type_code", "Scegliere la tipologia dell'intervento."),
    ({"type_code": "XYZ"}, "type_code", "Tipologia sconosciuta."),
    ({"priority": "purple"}, "priority", "Scegliere il codice di priorità."),
    ({"municipality_istat": ""}, "municipality_istat", "Indicare il comune."),
    ({"municipality_istat": "058091"}, "municipality_istat", "Comune non presente nell'elenco ISTAT della Lombardia."),
    ({"address": "x" * 201}, "address", "Indirizzo troppo lungo (massimo 200 caratteri)."),
    ({"address": None}, "address", "Indicare l'indirizzo o le coordinate del luogo."),
    ({"lat": 45.7}, "lon", "Indicare sia la latitudine sia la longitudine."),
    ({"lat": 9.6, "lon": 45.7}, "lat", "Latitudine fuori dal territorio (attesa tra 35 e 48)."),
    ({"lat": 45.6, "lon": 45.7}, "lon", "Longitudine fuori dal territorio (attesa tra 6 e 19)."),
    ({"caller_phone": "abc"}, "caller_phone", "Numero di telefono non valido."),
    ({"caller_name": "x" * 121}, "caller_name", "Nome troppo lungo (massimo 120 caratteri)."),
    ({"description": "  "}, "description", "Descrivere brevemente l'accaduto."),
    ({"description": "x" * 4001}, "description", "Descrizione troppo lunga (massimo 4000 caratteri)."),
    ({"sharing": "public"}, "sharing", "Indicare se l'intervento è riservato o condiviso."),
    ({"exercise": 7}, "exercise", "Valore non valido per «esercitazione»."),
    ({"outcome": "x" * 4001}, "outcome", "Esito troppo lungo (massimo 4000 caratteri)."),
])
def test_each_field_has_its_own_italian_message(catalogs, over, field, message):
    assert errors_of(catalogs, **over).get(field) == message


def test_coordinates_alone_are_a_place(catalogs):
    assert errors_of(catalogs, address=None, lat=45.69, lon=9.67) == {}


def test_nue_contact_id_ok(catalogs):
    assert errors_of(catalogs, channel="nue112", nue_contact_id="NUE-BG-00001234") == {}


def test_partial_checks_only_given_fields(catalogs):
    assert validate_event({"description": ""}, catalogs, partial=True)[0].field == "description"
    assert validate_event({"caller_phone": "035 123456"}, catalogs, partial=True) == []


def test_other_validators():
    assert validate_note(" ")[0].message == "L'annotazione è vuota."
    assert validate_note("x" * 4001)[0].field == "text"
    assert validate_note("ok") == []
    assert validate_strike_reason("")[0].field == "strike_reason"
    assert {e.field for e in validate_resource({"kind": "tank", "call_sign": ""})} == {"kind", "call_sign"}
    assert validate_resource({"kind": "patrol", "call_sign": "Alfa 1"}) == []
    assert {e.field for e in validate_operator({"name": "", "role": "king"})} == {"name", "role"}
    assert validate_operator({"name": "Sara", "role": "operator"}) == []


def test_unit_field_limits_are_the_wire_limits():
    from emergenza.domain import validation, wire_rules
    assert validation.MAX_UNIT_FIELD == wire_rules.MAX_SHORT
    rules = wire_rules.FIELD_RULES["resources"]
    assert rules["plate"].max_len == rules["radio_channel"].max_len == validation.MAX_UNIT_FIELD
    assert rules["notes"].max_len == validation.MAX_NOTE
    assert validation.validate_resource({"kind": "car", "call_sign": "Alfa 1", "plate": "X" * 40}) == []
    assert [e.field for e in validation.validate_resource(
        {"kind": "car", "call_sign": "Alfa 1", "plate": "X" * 41, "radio_channel": "Y" * 41,
         "notes": "n" * 4001})] == ["plate", "radio_channel", "notes"]
