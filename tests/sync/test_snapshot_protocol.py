"""validate_snapshot_response: the page-wide checks accept and refuse exactly what the
change-by-change checks do, and a refused page names what is wrong."""

from __future__ import annotations

import copy
import json

import pytest

from emergenza.sync.protocol import ProtocolError, validate_change, validate_snapshot_response

HLC = "1767225600000-00003-BNA"


def _page(n: int = 4) -> dict:
    changes = []
    for i in range(n):
        kind = "events" if i % 2 == 0 else "journal"
        changes.append({"entity": kind, "entity_id": f"0190aaaa-{i:04d}", "fields": {"id": f"0190aaaa-{i:04d}",
                        "description": "Incendio è"}, "hlc": HLC, "change_id": f"p1.{i}", "origin": "server"})
    # As it comes off the wire: decoded JSON.
    return json.loads(json.dumps({"changes": changes, "cursor": 7, "next": ["journal", "0190aaaa-0003"]}))


def test_a_good_page_is_accepted_as_it_is():
    page = _page()
    assert validate_snapshot_response(page) is page
    assert validate_snapshot_response(_page(0) | {"changes": [], "next": None})["changes"] == []


def _bad(change: dict, key: str, value: object) -> dict:
    bad = copy.deepcopy(change)
    if value is KeyError:
        del bad[key]
    else:
        bad[key] = value
    return bad


@pytest.mark.parametrize(("key", "value", "message"), [
    ("entity_id", "", "entity_id non valido"),
    ("entity_id", "a b", "entity_id non valido"),
    ("entity_id", "x" * 65, "entity_id non valido"),
    ("entity_id", 12, "entity_id non valido"),
    ("entity_id", ["a"], "entity_id non valido"),
    ("change_id", "a\nb", "change_id non valido"),
    ("origin", None, "origin non valido"),
    ("entity", "operators", "entità sconosciuta"),
    ("entity", ["events"], "entità sconosciuta"),
    ("fields", [], "fields deve essere un oggetto"),
    ("fields", "{}", "fields deve essere un oggetto"),
    ("hlc", "1767225600000-3-BNA", "hlc non valido"),
    ("hlc", "domani", "hlc non valido"),
    ("hlc", 1767225600000, "hlc: deve essere un testo"),
    ("hlc", KeyError, "modifica senza i campi: hlc"),
    ("fields", KeyError, "modifica senza i campi: fields"),
])
def test_a_hostile_change_anywhere_in_the_page_is_refused_by_name(key, value, message):
    for where in (0, 3):  # the first change and the last
        page = _page()
        page["changes"][where] = _bad(page["changes"][where], key, value)
        with pytest.raises(ProtocolError, match=message):
            validate_snapshot_response(page)


@pytest.mark.parametrize("change", [None, [], "events", 3])
def test_a_change_that_is_not_an_object_is_refused(change):
    page = _page()
    page["changes"][1] = change
    with pytest.raises(ProtocolError, match="ogni modifica deve essere un oggetto"):
        validate_snapshot_response(page)


def test_fields_keys_that_are_not_text_are_refused():
    page = _page()
    page["changes"][2]["fields"][3] = "x"  # cannot come from JSON; the checks still hold
    with pytest.raises(ProtocolError, match="fields deve essere un oggetto"):
        validate_snapshot_response(page)


@pytest.mark.parametrize("hlc", ["+767225600000-00003-BNA", "1767225600000-00003-BN-A", "1767225600000-00003-é"])
def test_what_the_change_by_change_check_accepts_the_page_accepts(hlc):
    """The page-wide checks are stricter; the change-by-change ones decide."""
    page = _page()
    page["changes"][1]["hlc"] = hlc
    validate_change(page["changes"][1])
    assert validate_snapshot_response(page) is page


@pytest.mark.parametrize(("body", "message"), [
    ([], "istantanea non valida"),
    ({"changes": {}, "cursor": 1, "next": None}, "istantanea non valida"),
    ({"changes": [], "cursor": True, "next": None}, r"\(cursore\)"),
    ({"changes": [], "cursor": 1, "next": ["events"]}, r"\(seguito\)"),
    ({"changes": [], "cursor": 1, "next": ["events", 3]}, r"\(seguito\)"),
])
def test_a_malformed_page_is_refused(body, message):
    with pytest.raises(ProtocolError, match=message):
        validate_snapshot_response(body)
