"""What the server stores for an entity is canonical JSON (orjson's, keys sorted), however
cheaply it was built."""

from __future__ import annotations

import json

import orjson

from tests.support.server_data import event_fields, journal_fields, new_id, sql


def test_stored_json_is_the_sorted_encoding_of_what_it_holds(server):
    """An entity created by one change stores the change's own JSON (see syncstore._store):
    byte for byte the sorted encoding of its state and versions, as one written field by field."""
    a = server.station("PL Bergamo", "A")
    ev, note = new_id(), new_id()
    a.push([a.change("events", ev, event_fields(description="«è» \"q\" \\ ☃")),
            a.change("journal", note, journal_fields(ev)),
            a.change("events", ev, {"priority": "red"})])  # created and changed in one push
    def dumps(value: dict) -> str:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    rows = sql(server.db_url, "SELECT entity_id, state, versions FROM entities")
    assert {r[0] for r in rows} == {ev, note}
    for _id, state, versions in rows:
        assert state == dumps(json.loads(state)) and versions == dumps(json.loads(versions))
    fields = dict(sql(server.db_url, "SELECT entity_id, fields FROM changes WHERE entity = 'journal'"))
    assert fields[note] == dict((r[0], r[1]) for r in rows)[note]


def test_what_orjson_refuses_is_stored_ascii_escaped_and_older_texts_still_read():
    from emergenza.server.syncstore import _dumps_sorted, _loads

    assert _dumps_sorted({"b": "è", "a": 1.5}) == '{"a":1.5,"b":"è"}'
    # The door lets neither through; stored all the same, as the standard library writes them.
    assert _dumps_sorted({"b": "\ud800", "a": None}) == '{"a":null,"b":"\\ud800"}'
    assert _dumps_sorted({"a": 2**70}) == '{"a":1180591620717411303424}'
    assert _loads('{"a": "\\ud800", "b": "Gi\\u00e0"}') == {"a": "\ud800", "b": "Già"}  # an older text
