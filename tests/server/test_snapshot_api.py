"""GET /v1/sync/snapshot: the current state a station may see, paged, with the seq the
stream continues from (server/snapshot_api.py), over a real server process."""

from __future__ import annotations

from emergenza.sync import slices
from emergenza.sync.protocol import SNAPSHOT_PAGE_HEAD, SNAPSHOT_PAGE_TAIL, SNAPSHOT_PATH, validate_snapshot_response
from tests.support.server_data import event_fields, journal_fields, new_id, resource_fields
from tests.support.stations import run_to_end


def _snapshot(station, limit: int) -> tuple[list[dict], int, int]:
    """Every change of the snapshot, the cursor it names, and the pages it took."""
    out, at, nxt, pages = [], 0, ["events", ""], 0
    while nxt is not None:
        r = station.client.get(SNAPSHOT_PATH, params={"at": at, "kind": nxt[0], "after": nxt[1], "limit": limit},
                               headers=station.auth)
        assert r.status_code == 200, r.text
        page = validate_snapshot_response(r.json())
        # One change per line, as a station decodes it in slices (sync/slices.py).
        lines = r.content.split(b"\n")
        assert lines[0] == SNAPSHOT_PAGE_HEAD and lines[-1].startswith(SNAPSHOT_PAGE_TAIL)
        assert len(lines) == max(1, len(page["changes"])) + 2
        assert run_to_end(slices.snapshot_page(r.content, per=1)) == page
        assert at in (0, page["cursor"])  # fixed by the first page
        at, nxt, pages = page["cursor"], page["next"], pages + 1
        out += page["changes"]
    return out, at, pages


def test_snapshot_is_the_current_visible_state_paged(server):
    a = server.station("PL Bergamo", "A")
    shared, secret = new_id(), new_id()
    a.push([a.change("events", shared, event_fields("shared")),
            a.change("events", secret, event_fields("reserved")),
            a.change("resources", new_id(), resource_fields("Alfa 1", "PL Bergamo"))])
    notes = [new_id() for _ in range(5)]
    a.push([a.change("journal", n, journal_fields(secret if i == 0 else shared, f"nota {i}"))
            for i, n in enumerate(notes)])
    a.push([a.change("events", shared, {"address": "via Nuova 3"})])  # a later version of one field
    other = server.station("PL Milano", "B")
    changes, at, pages = _snapshot(other, limit=2)
    assert pages >= 3 and at == 9  # the 9 changes stored so far; the stream continues after it
    ids = {(c["entity"], c["entity_id"]) for c in changes}
    assert ("events", shared) in ids and ("events", secret) not in ids
    assert ("journal", notes[0]) not in ids and {("journal", n) for n in notes[1:]} <= ids
    event = [c for c in changes if c["entity_id"] == shared]
    assert len(event) == 2 and event[1]["fields"] == {"address": "via Nuova 3"}  # current value, own version
    assert event[0]["fields"]["address"] == "via Nuova 3"
    same_corps, _at, _pages = _snapshot(server.station("PL Bergamo", "C"), limit=1000)
    assert ("events", secret) in {(c["entity"], c["entity_id"]) for c in same_corps}
    observer = server.station("PL", "Q", observer=True)
    seen = {(c["entity"], c["entity_id"]) for c in _snapshot(observer, limit=1000)[0]}
    assert ("events", secret) not in seen and ("events", shared) in seen


def test_snapshot_needs_a_token(server):
    r = server.client.get(SNAPSHOT_PATH)
    assert r.status_code == 401


def test_one_version_reads_the_versions_text_as_its_json_decoding_would():
    """The pattern's answer (no decoding) equals the decoded one's for every form of text."""
    import json

    from emergenza.server.snapshot_api import _ONE_VERSION_RE, _one_version

    h, h2 = "1767225600000-00003-BNA", "1767225600000-00004-BNA"
    cases = [{"a": h, "b": h}, {"a": h}, {}, {"a": h, "b": h2}, {"a": None}, {"a": h, "^a": h},
             {"a": h, "b": None}, {"a": h + "x", "b": h + "x"}, {"a": h, "b": h + "x"}, {"a": "é", "b": "é"}]
    for versions in cases:
        for text in (json.dumps(versions), json.dumps(versions, separators=(",", ":")),
                     json.dumps(versions, sort_keys=True), json.dumps(versions, indent=1)):
            stamps = set(versions.values())
            decoded = (stamps.pop() if len(stamps) == 1 and None not in stamps else None) \
                if not any(k.startswith("^") for k in versions) else None
            assert _one_version(text) == decoded, text
    assert _ONE_VERSION_RE.fullmatch(json.dumps({"a": h, "b": h}))  # the common case takes the pattern
