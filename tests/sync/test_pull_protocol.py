"""validate_pull_response: a pulled page is checked column by column like a snapshot page;
it accepts and refuses exactly what the change-by-change checks do (the seq included),
and a refused page names what is wrong."""

from __future__ import annotations

import copy
import json

import pytest

from emergenza.sync.protocol import ProtocolError, validate_change, validate_pull_response

HLC = "1767225600000-00003-BNA"


def _page(n: int = 4) -> dict:
    changes = [{"entity": "events" if i % 2 == 0 else "journal", "entity_id": f"0190aaaa-{i:04d}",
                "fields": {"description": "Incendio è"}, "hlc": HLC, "change_id": f"p1.{i}", "origin": "BNA",
                "seq": 10 + i} for i in range(n)]
    return json.loads(json.dumps({"changes": changes, "next_cursor": 14, "has_more": False}))


def test_a_good_page_is_accepted_as_it_is():
    page = _page()
    assert validate_pull_response(page) is page
    assert validate_pull_response(_page(0))["changes"] == []


@pytest.mark.parametrize(("key", "value", "message"), [
    ("seq", True, "seq deve essere un intero"),
    ("seq", "12", "seq deve essere un intero"),
    ("seq", 1.0, "seq deve essere un intero"),
    ("seq", KeyError, "modifica senza i campi: seq"),
    ("entity_id", "a b", "entity_id non valido"),
    ("change_id", "a\nb", "change_id non valido"),
    ("entity", "operators", "entità sconosciuta"),
    ("fields", [], "fields deve essere un oggetto"),
    ("hlc", "domani", "hlc non valido"),
    ("origin", KeyError, "modifica senza i campi: origin"),
])
def test_a_hostile_change_anywhere_in_the_page_is_refused_by_name(key, value, message):
    for where in (0, 3):
        page = _page()
        bad = copy.deepcopy(page["changes"][where])
        if value is KeyError:
            del bad[key]
        else:
            bad[key] = value
        page["changes"][where] = bad
        with pytest.raises(ProtocolError, match=message):
            validate_pull_response(page)


@pytest.mark.parametrize("hlc", ["+767225600000-00003-BNA", "1767225600000-00003-BN-A"])
def test_what_the_change_by_change_check_accepts_the_page_accepts(hlc):
    page = _page()
    page["changes"][1]["hlc"] = hlc
    validate_change(page["changes"][1], with_seq=True)
    assert validate_pull_response(page) is page
