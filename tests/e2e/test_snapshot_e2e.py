"""Reserved -> shared through a real server (SQLite file and PostgreSQL): the other corps
gets the whole event at once (the server's snapshot, origin "server"), then later edits."""

from __future__ import annotations

import httpx

from tests.support.factories import EVENT, OPERATOR
from tests.support.stations import Station


def _event_rows(st: Station, event_id: str) -> dict[str, list[dict]]:
    """Every synced row of one event (and the units its assignments use), as stored."""
    def rows(store) -> dict[str, list[dict]]:
        q = store.db.query
        return {
            "events": [dict(r) for r in q("SELECT * FROM events WHERE id = ?", [event_id])],
            "journal": [dict(r) for r in q("SELECT * FROM journal WHERE event_id = ? ORDER BY id", [event_id])],
            "assignments": [dict(r) for r in q("SELECT * FROM assignments WHERE event_id = ? ORDER BY id",
                                               [event_id])],
            "resources": [dict(r) for r in q("SELECT * FROM resources WHERE id IN (SELECT resource_id FROM "
                                             "assignments WHERE event_id = ?) ORDER BY id", [event_id])],
        }
    return st.owner.call_blocking(rows)


def _sync(st: Station, **engine_kwargs):
    report = st.sync(**engine_kwargs)
    assert report.pending == 0
    return report


def test_reserved_event_made_shared_reaches_the_other_corps_whole(server, stations):
    a, b = stations("A", corps="PL Bergamo"), stations("B", corps="PL Milano")
    event = a.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    a.events.add_note(event["id"], "Richiedente riferisce due veicoli coinvolti", operator=OPERATOR)
    a.events.add_note(event["id"], "Traffico deviato su via Dante", operator=OPERATOR)
    unit = a.units.add({"kind": "car", "call_sign": "Alfa 7"}, operator=OPERATOR)
    assignment = a.units.assign(event["id"], unit["id"], operator=OPERATOR)
    _sync(a)
    _sync(b)

    # While reserved, corps Y sees nothing of it, not even parked.
    assert b.q("SELECT count(*) FROM events WHERE id = ?", [event["id"]]) == [(0,)]
    assert b.q("SELECT count(*) FROM journal WHERE event_id = ?", [event["id"]]) == [(0,)]
    assert b.q("SELECT count(*) FROM assignments WHERE event_id = ?", [event["id"]]) == [(0,)]
    assert b.q("SELECT count(*) FROM sync_pending") == [(0,)]

    a.events.update(event["id"], {"sharing": "shared"}, operator=OPERATOR)
    _sync(a)
    cursor, token = b.owner.call_blocking(lambda s: (s.meta.get("pull_cursor"), s.meta.get("token")))
    report = _sync(b)

    # What B got is the server's snapshot (the event's own changes were never visible to it).
    page = httpx.get(server.url + "/v1/sync/pull", params={"cursor": cursor, "limit": 1000},
                     headers={"Authorization": f"Bearer {token}"}).json()
    from_server = {(c["entity"], c["entity_id"]) for c in page["changes"] if c["origin"] == "server"}
    assert {("events", event["id"]), ("assignments", assignment["id"])} <= from_server
    assert sum(1 for e, _ in from_server if e == "journal") >= 3

    rows_a, rows_b = _event_rows(a, event["id"]), _event_rows(b, event["id"])
    assert rows_b["events"] and rows_b["events"][0]["sharing"] == "shared"
    assert len(rows_b["journal"]) == len(rows_a["journal"]) >= 3  # 2 notes + automatic entries
    assert [r["id"] for r in rows_b["assignments"]] == [assignment["id"]]
    assert [r["id"] for r in rows_b["resources"]] == [unit["id"]]
    # Exactly A's rows, versions included: later merges on B judge like everywhere else.
    assert rows_b == rows_a
    assert event["id"] in report.new_shared_events
    assert b.q("SELECT count(*) FROM sync_pending") == [(0,)]
    assert b.outbox.count() == 0
    assert b.maintenance.verify_audit() == []
    assert b.open_conflicts() == set()  # a snapshot is not a concurrent write
    # Searchable on B: the full-text index followed the apply.
    assert event["id"] in {r["id"] for r in b.search.find("Tamponamento")}

    # Later edits by A reach B the ordinary way.
    a.events.update(event["id"], {"description": "Tamponamento tra due auto, un ferito"}, operator=OPERATOR)
    a.events.add_note(event["id"], "Ambulanza sul posto", operator=OPERATOR)
    a.units.advance(assignment["id"], operator=OPERATOR)
    _sync(a)
    _sync(b)
    rows_a, rows_b = _event_rows(a, event["id"]), _event_rows(b, event["id"])
    assert rows_b == rows_a
    assert rows_b["events"][0]["description"] == "Tamponamento tra due auto, un ferito"
    assert "Ambulanza sul posto" in {r["text"] for r in rows_b["journal"]}
    assert b.q("SELECT count(*) FROM sync_pending") == [(0,)]
    assert b.maintenance.verify_audit() == [] and a.maintenance.verify_audit() == []
    assert b.open_conflicts() == set() and a.open_conflicts() == set()


def test_shared_event_edited_on_both_sides_after_the_snapshot_converges(stations):
    """B (other corps) appends a note to the event it got by snapshot while A edits it:
    the journals converge, the event stays A's (the server refuses B's edits of it).
    B pulls one change per page: children of the snapshot wait parked across pages."""
    a, b = stations("A", corps="PL Bergamo"), stations("B", corps="PL Milano")
    event = a.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    a.events.add_note(event["id"], "Prima nota riservata", operator=OPERATOR)
    _sync(a)
    _sync(b)
    a.events.update(event["id"], {"sharing": "shared", "address": "via Dante 4"}, operator=OPERATOR)
    _sync(a)
    _sync(b, pull_limit=1)
    assert _event_rows(b, event["id"]) == _event_rows(a, event["id"])
    b.events.add_note(event["id"], "Nota dalla PL di Milano", operator=OPERATOR)
    a.events.update(event["id"], {"description": "Tamponamento in galleria"}, operator=OPERATOR)
    for _ in range(2):
        for st in (a, b):
            _sync(st)
    rows_a, rows_b = _event_rows(a, event["id"]), _event_rows(b, event["id"])
    assert rows_b["journal"] == rows_a["journal"]
    assert "Nota dalla PL di Milano" in {r["text"] for r in rows_a["journal"]}
    row = rows_a["events"][0]
    assert (row["caller_name"], row["description"], row["address"]) == (
        None, "Tamponamento in galleria", "via Dante 4")
    # B's own touch of the event (updated_at, written with its note) was refused: only there.
    mine = {"updated_at", "_versions"}
    assert {k: v for k, v in rows_b["events"][0].items() if k not in mine} == \
        {k: v for k, v in row.items() if k not in mine}
    assert a.maintenance.verify_audit() == [] and b.maintenance.verify_audit() == []
    assert a.q("SELECT count(*) FROM sync_pending") == b.q("SELECT count(*) FROM sync_pending") == [(0,)]
