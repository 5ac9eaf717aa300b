"""The field rules shared by the door and the stations (emergenza.domain.wire_rules), alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from emergenza.domain import wire_rules as rules

FIELDS = [(entity, name) for entity, table in rules.FIELD_RULES.items() for name in table]
values = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70), st.integers(-3, 10), st.floats(), st.text(max_size=12),
    st.sampled_from(("2026-11-24T10:00:00.000Z", "2026-02-30T10:00:00Z", "BG01-2026-000001", "Alfa 1", "Alfa 1 ",
                     "016024", "+39 035 123456", "shared", "note", "a\nb", "a\x00b", "\ud800", " ", "x" * 4001,
                     "0123456789abcdef", 45.5, 9.7, 0, 1)))


@given(st.sampled_from(FIELDS), values)
def test_the_fast_check_agrees_with_the_explained_one(field, value):
    entity, name = field
    rule = rules.FIELD_RULES[entity][name]
    assert rules._FAST[entity][name][1](value) == (rules.check_value(name, rule, value) is None)


def test_a_complete_creation_passes_and_each_gap_is_named():
    journal = {"event_id": "e1", "at": "2026-11-24T10:00:00.000Z", "author": "rossi", "text": "nota",
               "automatic": 0, "kind": "note", "struck_at": None, "struck_by": None, "strike_reason": None}
    assert rules.check_fields("journal", journal, creating=True) == []
    problems = rules.check_fields("journal", {**journal, "text": None, "kind": "diario"}, creating=True)
    assert [str(p) for p in problems] == ["text: valore obbligatorio", "kind: valore non ammesso: diario",
                                          "creazione incompleta: mancano text"]
    assert [str(p) for p in rules.check_fields("journal", {"text": "altro"}, creating=False)] == [
        "text: non modificabile dopo la creazione"]
    assert rules.describe(rules.check_fields("events", {"a": 1, "b": 2, "c": 3, "d": 4}, creating=False)) == (
        "campo sconosciuto: a; campo sconosciuto: b; campo sconosciuto: c (e altri 1)")


def test_keys_match_what_stations_compare():
    assert rules.call_sign_key("ALFA 1") == rules.call_sign_key("alfa 1") == "alfa 1"
    assert rules.call_sign_key("ÈLFA") != rules.call_sign_key("èlfa")  # SQLite NOCASE folds ASCII only
    assert rules.station_code_of("BG01-2026-000123") == "BG01"
    assert rules.station_code_of("bg01-2026-000123") is None and rules.station_code_of(None) is None
