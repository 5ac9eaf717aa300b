"""The merge rule: domain rules, LWW by HLC, conflicts, idempotence, order independence."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from emergenza.sync.merge import (
    REASON_FIRST_STRIKE,
    REASON_LIFECYCLE,
    REASON_NEWER,
    merge_change,
    reviewable,
    unit_clash_cancel,
    unit_clash_loser,
)


def hlc(ms: int, node: str, counter: int = 0) -> str:
    return f"{ms:013d}-{counter:05d}-{node}"


def ch(entity: str, fields: dict, stamp: str, entity_id: str = "x1", cid: str | None = None) -> dict:
    return {"change_id": cid or f"c-{stamp}", "entity": entity, "entity_id": entity_id, "fields": fields,
            "hlc": stamp, "origin": stamp.split("-", 2)[2]}


def run(entity: str, changes: list[dict]):
    values, versions, conflicts = None, {}, []
    for c in changes:
        out = merge_change(entity, values, versions, c)
        values, versions = out.values, out.versions
        conflicts += out.conflicts
    return values, versions, conflicts


EVENT = {"status": "new", "priority": "yellow", "description": "incendio", "address": "via Roma 1"}


def test_insert_creates_and_plain_field_is_last_writer_wins():
    a = ch("events", EVENT, hlc(1000, "aaaa"))
    b = ch("events", {"priority": "red"}, hlc(2000, "bbbb"))
    c = ch("events", {"priority": "green"}, hlc(1500, "cccc"))
    first = merge_change("events", None, {}, a)
    assert first.created and first.values["priority"] == "yellow"
    values, versions, conflicts = run("events", [a, b, c])
    assert values["priority"] == "red" and versions["priority"] == hlc(2000, "bbbb")
    lost = {(x.lost_value, x.reason) for x in conflicts}
    assert ("green", REASON_NEWER) in lost  # concurrent loser shown to a person


def test_node_breaks_ties_of_equal_wall_and_counter():
    a = ch("events", EVENT, hlc(1000, "aaaa"))
    x = ch("events", {"address": "via X"}, hlc(2000, "aaab"))
    y = ch("events", {"address": "via Y"}, hlc(2000, "zzzz"))
    for order in ([a, x, y], [a, y, x]):
        assert run("events", order)[0]["address"] == "via Y"


def test_status_moves_forward_only_unless_reopened():
    a = ch("events", EVENT, hlc(1000, "aaaa"))
    closed = ch("events", {"status": "closed", "status_gen": 0}, hlc(2000, "aaaa"))
    late_assigned = ch("events", {"status": "assigned", "status_gen": 0}, hlc(3000, "bbbb"))
    values, _, conflicts = run("events", [a, closed, late_assigned])
    assert values["status"] == "closed"
    assert [(c.lost_value, c.reason) for c in conflicts] == [("assigned", REASON_LIFECYCLE)]
    reopened = ch("events", {"status": "reopened", "status_gen": 1}, hlc(2500, "cccc"))
    for order in itertools.permutations([a, closed, late_assigned, reopened]):
        assert run("events", list(order))[0]["status"] == "reopened"  # generation 1 beats generation 0


def test_assignment_status_forward_only():
    a = ch("assignments", {"event_id": "e", "resource_id": "r", "status": "sent"}, hlc(1000, "aaaa"))
    on_scene = ch("assignments", {"status": "on_scene"}, hlc(2000, "aaaa"))
    en_route = ch("assignments", {"status": "en_route"}, hlc(3000, "bbbb"))
    values, _, conflicts = run("assignments", [a, on_scene, en_route])
    assert values["status"] == "on_scene"
    assert conflicts[0].lost_value == "en_route"


def test_journal_strike_first_wins_and_never_unstruck():
    a = ch("journal", {"event_id": "e", "text": "nota", "struck_at": None, "struck_by": None,
                       "strike_reason": None}, hlc(1000, "aaaa"))
    s1 = ch("journal", {"struck_at": "t1", "struck_by": "Anna", "strike_reason": "errore"}, hlc(2000, "bbbb"))
    s2 = ch("journal", {"struck_at": "t2", "struck_by": "Luca", "strike_reason": "doppia"}, hlc(3000, "cccc"))
    for order in itertools.permutations([a, s1, s2]):
        values, _, conflicts = run("journal", list(order))
        assert (values["struck_by"], values["strike_reason"]) == ("Anna", "errore")
        assert values["text"] == "nota"
    _, _, conflicts = run("journal", [a, s1, s2])
    assert [(c.lost_value, c.reason) for c in conflicts] == [("t2", REASON_FIRST_STRIKE)]


def test_same_change_twice_changes_nothing():
    a = ch("events", EVENT, hlc(1000, "aaaa"))
    b = ch("events", {"priority": "red"}, hlc(2000, "bbbb"))
    values, versions, _ = run("events", [a, b])
    again = merge_change("events", values, versions, b)
    assert again.values == values and again.versions == versions and not again.changed and not again.conflicts


def test_edit_after_seeing_the_value_is_not_a_conflict():
    a = ch("events", EVENT, hlc(1000, "aaaa"))
    seen = ch("events", {"priority": "red", "_base": {"priority": hlc(1000, "aaaa")}}, hlc(2000, "bbbb"))
    blind = ch("events", {"priority": "red"}, hlc(2000, "bbbb"))
    assert run("events", [a, seen])[2] == []
    assert [c.lost_value for c in run("events", [a, blind])[2]] == ["yellow"]


def test_same_replica_sequential_writes_are_not_conflicts():
    a = ch("events", EVENT, hlc(1000, "aaaa"))
    b = ch("events", {"description": "incendio grave"}, hlc(2000, "aaaa"))
    assert run("events", [b, a])[2] == []


def test_unit_clash_cancels_the_later_assignment_deterministically():
    early = {"id": "a1", "_hlc": hlc(1000, "aaaa"), "status": "sent"}
    late = {"id": "a2", "_hlc": hlc(1000, "bbbb"), "status": "en_route"}
    assert unit_clash_loser(early, late) is late and unit_clash_loser(late, early) is late
    values, stamp, conflict = unit_clash_cancel(late, early)
    assert values == {"status": "cancelled"} and stamp == hlc(1000, "unitclash")
    assert conflict.lost_value == "en_route" and conflict.reason == "unit_busy"


# ------------------------------------------------------------------ property
NODES = ("aaaa", "bbbb", "cccc")


@st.composite
def change_sets(draw):
    """Concurrent writes by three replicas on one event, one assignment, one journal entry."""
    changes = [ch("events", dict(EVENT), hlc(1000, "aaaa"), "ev"),
               ch("assignments", {"event_id": "ev", "resource_id": "r", "status": "sent"}, hlc(1001, "aaaa"), "as"),
               ch("journal", {"event_id": "ev", "text": "nota", "struck_at": None, "struck_by": None,
                              "strike_reason": None}, hlc(1002, "aaaa"), "jr")]
    used = set()
    for _ in range(draw(st.integers(1, 12))):
        node = draw(st.sampled_from(NODES))
        ms = draw(st.integers(1003, 1020))
        while (ms, node) in used:
            ms += 1
        used.add((ms, node))
        stamp = hlc(ms, node)
        kind = draw(st.sampled_from(("field", "status", "reopen", "assign", "strike")))
        if kind == "field":
            name = draw(st.sampled_from(("priority", "address")))
            changes.append(ch("events", {name: draw(st.sampled_from(("red", "green", "via A", "via B")))}, stamp, "ev"))
        elif kind == "status":
            s = draw(st.sampled_from(("waiting", "assigned", "on_scene", "closed", "cancelled")))
            changes.append(ch("events", {"status": s, "status_gen": draw(st.integers(0, 2))}, stamp, "ev"))
        elif kind == "reopen":
            changes.append(ch("events", {"status": "reopened", "status_gen": draw(st.integers(1, 2))}, stamp, "ev"))
        elif kind == "assign":
            s = draw(st.sampled_from(("en_route", "on_scene", "cleared", "cancelled")))
            changes.append(ch("assignments", {"status": s}, stamp, "as"))
        else:
            changes.append(ch("journal", {"struck_at": f"t{ms}", "struck_by": node, "strike_reason": "r"}, stamp, "jr"))
    return changes


def replica_state(changes: list[dict]):
    """Final state per entity, and the visible conflicts (as apply.py stores them)."""
    state: dict[str, tuple[dict, dict]] = {}
    recorded: dict[tuple, object] = {}
    for c in changes:
        values, versions = state.get(c["entity_id"], (None, {}))
        out = merge_change(c["entity"], values, versions, c)
        state[c["entity_id"]] = (out.values, out.versions)
        for conflict in out.conflicts + out.hidden:
            recorded.setdefault((c["entity_id"], conflict.field, conflict.lost_hlc), conflict.lost_value)
    visible = {}
    for (entity_id, name, lost_hlc), lost in recorded.items():
        values, versions = state[entity_id]
        if reviewable(lost, lost_hlc, values.get(name), versions[name], versions.get("^" + name)):
            visible[(entity_id, name, lost_hlc)] = (lost, values.get(name))
    return state, visible


@settings(max_examples=300, deadline=None)
@given(change_sets(), st.randoms(use_true_random=False), st.data())
def test_any_order_and_duplication_gives_the_same_state_and_conflicts(changes, rnd, data):
    reference = replica_state(changes)
    for _ in range(3):
        delivered = list(changes)
        # Creations first would be the FK order; here anything goes: shuffle and duplicate.
        extra = data.draw(st.lists(st.sampled_from(changes), max_size=5))
        delivered += extra
        rnd.shuffle(delivered)
        # An update delivered before its insert waits (the apply layer parks it): emulate.
        firsts = {c["entity_id"]: c for c in changes[:3]}
        ordered = _park_until_created(delivered, firsts)
        assert replica_state(ordered) == reference


def _park_until_created(delivered: list[dict], creations: dict[str, dict]) -> list[dict]:
    out, parked, created = [], [], set()
    for c in delivered:
        if c["entity_id"] in created or c is creations[c["entity_id"]] or c == creations[c["entity_id"]]:
            out.append(c)
            created.add(c["entity_id"])
            out += [p for p in parked if p["entity_id"] == c["entity_id"]]
            parked = [p for p in parked if p["entity_id"] != c["entity_id"]]
        else:
            parked.append(c)
    return out


def test_settle_unit_blocks_only_assignments_created_while_the_unit_was_busy():
    from emergenza.sync.merge import settle_unit

    first = {"id": "a1", "_hlc": hlc(1000, "aaaa"), "status": "cleared", "status_hlc": hlc(3000, "aaaa")}
    overlapping = {"id": "a2", "_hlc": hlc(2000, "bbbb"), "status": "en_route", "status_hlc": hlc(2500, "bbbb")}
    after = {"id": "a3", "_hlc": hlc(4000, "cccc"), "status": "sent", "status_hlc": hlc(4000, "cccc")}
    for rows in itertools.permutations([first, overlapping, after]):
        assert settle_unit(list(rows)) == {"a1": None, "a2": "a1", "a3": None}
    early_clear = dict(first, status_hlc=hlc(1500, "aaaa"))
    assert settle_unit([overlapping, early_clear]) == {"a1": None, "a2": None}
    done = dict(overlapping, status="cleared")  # blocked but no longer active: nothing to cancel
    assert settle_unit([first, done]) == {"a1": None, "a2": None}
