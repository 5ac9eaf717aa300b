"""Push and pull against a real server process: idempotency, paging, visibility, merge."""

from __future__ import annotations

import json
import time

from tests.support.server_data import assignment_fields, event_fields, journal_fields, new_id, resource_fields, sql


def test_push_is_idempotent(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ev = new_id()
    batch = [a.change("events", ev, event_fields()),
             a.change("journal", new_id(), journal_fields(ev, "chiamata")),
             a.change("events", ev, {"priority": "yellow"})]
    first = a.push(batch)
    assert first["acked"] == [c["change_id"] for c in batch] and first["duplicates"] == 0
    state = sql(server.db_url, "SELECT entity, entity_id, state, versions FROM entities ORDER BY entity, entity_id")
    again = a.push(batch)
    assert again["acked"] == first["acked"] and again["duplicates"] == 3 and again["conflicts"] == 0
    # A batch repeating one change inside itself counts it once.
    inner = a.push([batch[0], batch[0]])
    assert inner["duplicates"] == 2
    assert sql(server.db_url, "SELECT entity, entity_id, state, versions FROM entities "
                              "ORDER BY entity, entity_id") == state
    assert sql(server.db_url, "SELECT count(*) FROM changes")[0][0] == 3
    pulled, _ = b.pull_all()
    assert [c["change_id"] for c in pulled] == first["acked"]
    assert json.loads(state[0][2])["priority"] == "yellow"


def test_origin_spoofing_is_refused(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    r = a.push([a.change("events", new_id(), event_fields()),
                a.change("events", new_id(), event_fields(), origin=b.replica_id)], expect=403)
    assert "solo modifiche proprie" in r["detail"]
    assert sql(server.db_url, "SELECT count(*) FROM changes")[0][0] == 0  # whole batch refused


def test_pull_pages_by_cursor_and_skips_own_changes(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ids = [new_id() for _ in range(25)]
    a.push([a.change("events", i, event_fields()) for i in ids])
    b.push([b.change("events", new_id(), event_fields())])
    seen, cursor, pages = [], 0, 0
    while True:
        page = b.pull(cursor, limit=10)
        pages += 1
        assert all(c["seq"] > cursor for c in page["changes"])
        seen += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == 3
    assert [c["entity_id"] for c in seen] == ids  # in seq order, own change left out
    assert [c["seq"] for c in seen] == sorted(c["seq"] for c in seen)
    assert cursor == 26  # advanced past b's own change too
    assert b.pull(cursor)["changes"] == [] and b.pull(cursor)["next_cursor"] == 26
    own, _ = a.pull_all()
    assert [c["origin"] for c in own] == [b.replica_id]
    assert set(seen[0]) == {"seq", "change_id", "entity", "entity_id", "fields", "hlc", "origin"}


def test_reserved_events_stay_in_their_corps(server):
    bg = server.station("PL Bergamo", "BG")
    bg2 = server.station("PL Bergamo", "BG2")
    bs = server.station("PL Brescia", "BS")
    obs = server.station("", "Prefettura", observer=True)
    reserved, shared = new_id(), new_id()
    bg.push([bg.change("events", reserved, event_fields("reserved")),
             bg.change("journal", new_id(), journal_fields(reserved, "riservato")),
             bg.change("events", shared, event_fields("shared")),
             bg.change("journal", new_id(), journal_fields(shared, "condiviso")),
             bg.change("resources", "auto-1", resource_fields("Alfa 1", bg.corps))])
    same_corps = {c["entity_id"] for c in bg2.pull_all()[0]}
    assert reserved in same_corps and shared in same_corps
    other = bs.pull_all()[0]
    assert reserved not in {c["entity_id"] for c in other}
    assert [c["fields"].get("text") for c in other if c["entity"] == "journal"] == ["condiviso"]
    assert {c["entity_id"] for c in other if c["entity"] == "events"} == {shared}
    assert {c["entity_id"] for c in other if c["entity"] == "resources"} == {"auto-1"}
    seen_by_observer = obs.pull_all()[0]
    assert {c["entity_id"] for c in seen_by_observer if c["entity"] == "events"} == {shared}
    assert len(seen_by_observer) == 3  # shared event, its journal entry, the resource
    # A later edit of the reserved event from its corps stays hidden too.
    bg.push([bg.change("events", reserved, {"priority": "green"})])
    assert reserved not in {c["entity_id"] for c in bs.pull_all()[0]}


def test_observer_cannot_push(server):
    obs = server.station("", "Carabinieri", observer=True)
    r = obs.push([obs.change("events", new_id(), event_fields("shared"))], expect=403)
    assert "sola lettura" in r["detail"]


def test_reserved_event_shared_later_reaches_everyone_whole(server):
    bg = server.station("PL Bergamo", "BG")
    bg2 = server.station("PL Bergamo", "BG2")
    bs = server.station("PL Brescia", "BS")
    obs = server.station("", "Prefettura", observer=True)
    ev, note, asg = new_id(), new_id(), new_id()
    bg.push([bg.change("events", ev, event_fields("reserved")),
             bg.change("journal", note, journal_fields(ev, "prima nota")),
             bg.change("resources", "auto-1", resource_fields("Alfa 1", bg.corps)),
             bg.change("assignments", asg, assignment_fields(ev, "auto-1", "requested", sent_at=None)),
             bg.change("events", ev, {"priority": "yellow"})])
    # Brescia and the observer pull now and move their cursor past the reserved changes.
    cur_bs = bs.pull_all()[1]
    cur_obs = obs.pull_all()[1]
    cur_bg2 = bg2.pull_all()[1]
    share = bg.change("events", ev, {"sharing": "shared"})
    bg.push([share])
    got, _ = bs.pull_all(cur_bs)
    snapshot = [c for c in got if c["origin"] == "server"]
    assert {c["entity_id"] for c in snapshot} == {ev, note, asg}
    assert snapshot[0]["entity_id"] == ev  # the event first, so its rows can attach to it
    rebuilt: dict = {}
    for c in got:
        rebuilt.setdefault(c["entity_id"], {}).update(c["fields"])
    assert rebuilt[ev]["priority"] == "yellow" and rebuilt[ev]["sharing"] == "shared"
    assert rebuilt[ev]["description"] == "Incidente stradale"
    assert rebuilt[note]["text"] == "prima nota" and rebuilt[asg]["status"] == "requested"
    # The field versions travel too: each snapshot change carries the stamp of its fields.
    prio = [c for c in snapshot if "priority" in c["fields"] and c["entity_id"] == ev]
    assert prio[-1]["hlc"] > snapshot[0]["hlc"]
    assert {c["entity_id"] for c in obs.pull_all(cur_obs)[0]} == {ev, note, asg}
    # The own corps already had everything: it gets only the new change, no snapshot.
    assert [c["change_id"] for c in bg2.pull_all(cur_bg2)[0]] == [share["change_id"]]
    assert [c for c in bg.pull_all()[0] if c["origin"] == "server"] == []


def test_concurrent_writes_keep_the_loser(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ev = new_id()
    a.push([a.change("events", ev, event_fields())])
    early, late = a.hlc(), b.hlc(ahead_ms=5)
    a.push([a.change("events", ev, {"description": "versione di A"}, hlc=early)])
    r = b.push([b.change("events", ev, {"description": "versione di B"}, hlc=late)])
    assert r["conflicts"] == 1
    rows = sql(server.db_url, "SELECT field, kept_value, lost_value, lost_origin FROM conflicts")
    assert rows == [("description", '"versione di B"', '"versione di A"', a.replica_id)]
    # Delivered in the other order the winner is the same (same merge everywhere).
    r = a.push([a.change("events", ev, {"description": "A di nuovo"}, hlc=early[:-len(a.replica_id)] + a.replica_id)])
    state = json.loads(sql(server.db_url, "SELECT state FROM entities WHERE entity_id = :i", {"i": ev})[0][0])
    assert state["description"] == "versione di B"
    assert r["conflicts"] == 1


def test_clock_one_hour_ahead_is_clamped(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ev = new_id()
    hour = 3600 * 1000
    changes = [a.change("events", ev, event_fields(), hlc=a.hlc(ahead_ms=hour)),
               a.change("events", ev, {"priority": "green"}, hlc=a.hlc(ahead_ms=hour))]
    before = int(time.time() * 1000)
    r = a.push(changes)
    assert [c["change_id"] for c in r["clamped"]] == [c["change_id"] for c in changes]
    for item, change in zip(r["clamped"], changes, strict=True):
        assert item["hlc"] == change["hlc"]
        wall, _counter, node = item["clamped_hlc"].split("-")
        assert node == a.replica_id and before - 1000 <= int(wall) <= r["server_time_ms"]
    assert r["clamped"][0]["clamped_hlc"] < r["clamped"][1]["clamped_hlc"]  # order kept
    pulled = b.pull_all()[0]
    assert [c["hlc"] for c in pulled] == [c["clamped_hlc"] for c in r["clamped"]]
    # A retry of the same batch is a duplicate: not clamped again, nothing changes.
    again = a.push(changes)
    assert again["duplicates"] == 2 and again["clamped"] == []
    # A later write by a well-set clock still wins over the clamped one.
    b.push([b.change("events", ev, {"priority": "red"})])
    state = json.loads(sql(server.db_url, "SELECT state FROM entities WHERE entity_id = :i", {"i": ev})[0][0])
    assert state["priority"] == "red"
    # Skew within a minute is left alone.
    ok = a.push([a.change("events", ev, {"address": "via Roma"}, hlc=a.hlc(ahead_ms=30_000))])
    assert ok["clamped"] == []


def test_an_edit_made_after_seeing_the_value_is_not_a_conflict(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ev = new_id()
    a.push([a.change("events", ev, event_fields())])
    seen = a.hlc()
    a.push([a.change("events", ev, {"description": "di A"}, hlc=seen)])
    pulled = b.pull_all()[0]
    assert pulled[-1]["fields"] == {"description": "di A"}
    r = b.push([b.change("events", ev, {"description": "di B", "_base": {"description": seen}},
                         hlc=b.hlc(ahead_ms=5))])
    assert r["conflicts"] == 0
    assert sql(server.db_url, "SELECT count(*) FROM conflicts")[0][0] == 0
    # The base travels to the other replicas, which merge the same way.
    assert a.pull_all()[0][-1]["fields"]["_base"] == {"description": seen}
