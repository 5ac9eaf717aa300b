"""The merge rule: one pure function, run by every replica and by the server.

State of an entity = its field values plus, for each field, the HLC of the write that
set it. A change is merged field by field; for each field the write with the greater
*key* wins. Keys are total orders, so merging is commutative, associative and
idempotent: any delivery order and any duplication give the same state.

Keys (domain rules first, then the clock):
- plain field: the HLC string (``<ms>-<counter>-<node>``; the node breaks ties);
- event ``status`` (with its companions ``status_gen``, the reopening generation, and
  ``status_rank``, the furthest EVENT_PROGRESS its writer had seen in that generation):
  ``(status_gen, max(rank, EVENT_PROGRESS[status]), hlc)`` — concurrent writes only move
  the status forward; a deliberate step back (on scene -> assigned, made after seeing
  "on scene") inherits the rank it saw and wins; an explicit reopening starts
  generation n+1, which beats every write of generation n;
- assignment ``status``: ``(ASSIGNMENT_PROGRESS[status], hlc)`` — forward only;
- journal strike (``struck_at``/``struck_by``/``strike_reason`` together): a strike
  beats "not struck"; between two strikes the first (smaller HLC) is kept;
- journal content fields are written once: the first write is kept.

A losing write whose value differs from the kept one is reported as a
:class:`FieldConflict` (a person reviews it) when the two writes were concurrent:
not by the same replica (its writes are sequential), and the winner's writer had not
seen the loser. For that, a change may carry ``fields["_base"]``: field -> HLC of the
value its writer replaced; the merged state keeps it as ``versions["^<field>"]``.
An edit made after seeing the previous value is an ordinary edit, not a conflict.
A conflict is identified by (entity, entity_id, field, lost_hlc): store it once
(insert-or-ignore), so a re-delivered change adds nothing; show it while its lost
loss is reviewable against the value kept NOW (:func:`reviewable`, ``hidden``).

A unit on two active events is a cross-entity rule: :func:`settle_unit` decides, from
the set of a unit's assignments alone, which ones are cancelled (created while an
earlier one still held the unit); :func:`unit_clash_loser` is its two-row special case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain.entities import JOURNAL_WRITE_ONCE
from ..domain.enums import ACTIVE_ASSIGNMENT_STATUSES, AssignmentStatus, EventStatus
from ..domain.hlc import Timestamp
from ..domain.lifecycle import ASSIGNMENT_PROGRESS, EVENT_PROGRESS

# Fields merged as one unit with their leader: they share the leader's key and version.
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "events": {"status": ("status", "status_gen", "status_rank")},
    "journal": {"struck_at": ("struck_at", "struck_by", "strike_reason")},
}

REASON_NEWER = "newer_write"          # a later write (by HLC) won
REASON_LIFECYCLE = "lifecycle"        # the status does not move back along the lifecycle
REASON_FIRST_STRIKE = "first_strike"  # the entry was already struck by someone else
REASON_WRITE_ONCE = "write_once"      # journal content is never rewritten
REASON_UNIT_BUSY = "unit_busy"        # the unit was already on another active event

_ZERO = ""  # sorts before every HLC: the version of a value nobody wrote
BASE_KEY = "_base"
BASE_PREFIX = "^"


@dataclass(frozen=True)
class FieldConflict:
    field: str
    kept_value: Any
    kept_hlc: str
    lost_value: Any
    lost_hlc: str
    lost_origin: str
    reason: str


@dataclass
class MergeOutcome:
    values: dict[str, Any]
    versions: dict[str, str]
    conflicts: list[FieldConflict]
    created: bool
    # Fields whose value or version changed (what the caller must write).
    changed: dict[str, Any] = field(default_factory=dict)
    # Every other lost value: not for review against the value kept now (same value,
    # same replica, or seen by the winner's writer). Recorded too, hidden, because a
    # later winner may make it reviewable: the visible set is then a function of the
    # final state (:func:`reviewable`), the same whatever the delivery order.
    hidden: list[FieldConflict] = field(default_factory=list)


def node_of(hlc: str) -> str:
    return hlc.split("-", 2)[2] if hlc.count("-") >= 2 else ""


def _leader_of(entity: str) -> dict[str, str]:
    return {member: leader for leader, members in GROUPS.get(entity, {}).items() for member in members}


def _event_progress(status: Any) -> int:
    try:
        return EVENT_PROGRESS[EventStatus(status)]
    except ValueError:
        return -1


def _assignment_progress(status: Any) -> int:
    try:
        return ASSIGNMENT_PROGRESS[AssignmentStatus(status)]
    except ValueError:
        return -1


def write_key(entity: str, leader: str, values: dict[str, Any], hlc: str) -> tuple:
    """The total-order key of a write of ``leader`` (and its group) with ``values``."""
    if entity == "events" and leader == "status":
        rank = values.get("status_rank")
        progress = _event_progress(values.get("status"))
        return (int(values.get("status_gen") or 0), max(progress, int(rank)) if rank is not None else progress, hlc)
    if entity == "assignments" and leader == "status":
        return (_assignment_progress(values.get("status")), hlc)
    if entity == "journal" and leader == "struck_at":
        struck = values.get("struck_at") is not None
        # Struck beats not struck; among strikes the FIRST wins: negate by sorting on
        # "not later", i.e. compare the inverted HLC.
        return (1, _invert(hlc)) if struck else (0, hlc)
    if entity == "journal" and leader in JOURNAL_WRITE_ONCE:
        return (_invert(hlc),)
    return (hlc,)


def _invert(hlc: str) -> str:
    """A string that sorts in the reverse order of HLC strings (same length alphabet)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in hlc) + "\U0010ffff"


def _reason(entity: str, leader: str) -> str:
    if leader == "status" and entity in ("events", "assignments"):
        return REASON_LIFECYCLE
    if entity == "journal" and leader == "struck_at":
        return REASON_FIRST_STRIKE
    if entity == "journal" and leader in JOURNAL_WRITE_ONCE:
        return REASON_WRITE_ONCE
    return REASON_NEWER


def merge_change(entity: str, current: dict[str, Any] | None, versions: dict[str, str],
                 change: dict[str, Any]) -> MergeOutcome:
    """Merge one change into the current state of its entity.

    ``current``: merged field values (None if the entity is unknown); ``versions``:
    field -> HLC of each current value (a field missing here counts as never written).
    """
    hlc: str = change["hlc"]
    incoming: dict[str, Any] = dict(change.get("fields") or {})
    incoming.pop("id", None)
    base: dict[str, str] = incoming.pop(BASE_KEY, None) or {}
    if entity == "events" and "status" in incoming:
        incoming.setdefault("status_gen", 0)
        incoming.setdefault("status_rank", _event_progress(incoming["status"]))
    if current is None:
        values = dict(incoming)
        vers = {name: hlc for name in incoming}
        for name, b in base.items():
            _set_base(vers, name, b)
        return MergeOutcome(values, vers, [], True, dict(incoming))

    values = dict(current)
    vers = dict(versions)
    losses = _Losses(entity)
    changed: dict[str, Any] = {}
    leaders = _leader_of(entity)
    groups: dict[str, list[str]] = {}
    for name in incoming:
        groups.setdefault(leaders.get(name, name), []).append(name)

    for leader, names in groups.items():
        members = GROUPS.get(entity, {}).get(leader, (leader,))
        if leader not in incoming:
            # A group member written without its leader (old client): its own field.
            members, leader = (names[0],), names[0]
            for name in names[1:]:
                _merge_group(entity, name, (name,), values, vers, incoming, hlc, base, losses, changed)
        _merge_group(entity, leader, members, values, vers, incoming, hlc, base, losses, changed)
    return MergeOutcome(values, vers, losses.shown, False, changed, losses.hidden)


def _merge_group(entity: str, leader: str, members: tuple[str, ...], values: dict[str, Any],
                 vers: dict[str, str], incoming: dict[str, Any], hlc: str, base: dict[str, str],
                 losses: _Losses, changed: dict[str, Any]) -> None:
    cur_hlc = vers.get(leader, _ZERO)
    if cur_hlc == hlc:
        return  # the same write again: idempotent
    new_group = {m: incoming[m] if m in incoming else values.get(m) for m in members}
    cur_group = {m: values.get(m) for m in members}
    new_key = write_key(entity, leader, new_group, hlc)
    cur_key = write_key(entity, leader, cur_group, cur_hlc) if cur_hlc else None
    if cur_key is None or new_key > cur_key:
        for m in members:
            if m in incoming or m == leader:
                if values.get(m) != new_group[m] or vers.get(m) != hlc:
                    changed[m] = new_group[m]
                values[m] = new_group[m]
                vers[m] = hlc
        _set_base(vers, leader, base.get(leader))
        if cur_key is not None:
            losses.add(leader, new_group[leader], hlc, base.get(leader), cur_group[leader], cur_hlc)
    else:
        losses.add(leader, cur_group[leader], cur_hlc, vers.get(BASE_PREFIX + leader), new_group[leader], hlc)


class _Losses:
    def __init__(self, entity: str):
        self.entity = entity
        self.shown: list[FieldConflict] = []
        self.hidden: list[FieldConflict] = []

    def add(self, name: str, kept: Any, kept_hlc: str, kept_base: str | None, lost: Any, lost_hlc: str) -> None:
        if name in UNREVIEWED.get(self.entity, ()) or (self.entity == "journal" and name == "struck_at"
                                                       and lost is None):
            return  # bookkeeping, or "not struck" replaced by a strike: nothing typed is lost
        c = FieldConflict(name, kept, kept_hlc, lost, lost_hlc, node_of(lost_hlc), _reason(self.entity, name))
        (self.shown if reviewable(lost, lost_hlc, kept, kept_hlc, kept_base) else self.hidden).append(c)


def reviewable(lost: Any, lost_hlc: str, kept: Any, kept_hlc: str, kept_base: str | None) -> bool:
    """Should a person review this lost value NOW (against the value kept now)?

    Yes when it differs from the kept value and the two writes were concurrent: by
    different replicas, and the kept value's writer had not seen the lost one."""
    if lost == kept or node_of(lost_hlc) == node_of(kept_hlc):
        return False
    return not (kept_base and kept_base >= lost_hlc)


# Bookkeeping fields: merged like any other, but a lost value is not worth a person's
# review (timestamps of the last touch, names derived from codes, statuses derived
# from the assignments, values bound to a status whose own loss is already shown).
UNREVIEWED: dict[str, frozenset[str]] = {
    "events": frozenset({"updated_at", "municipality_name", "closed_at", "status_gen", "status_rank",
                         "first_sent_at"}),
    "resources": frozenset({"status", "lat", "lon", "position_at"}),  # a hand-set position: the latest wins
    "assignments": frozenset({"requested_at", "sent_at", "en_route_at", "on_scene_at", "cleared_at"}),
    "journal": frozenset(),
}


def _set_base(vers: dict[str, str], name: str, base: str | None) -> None:
    if base:
        vers[BASE_PREFIX + name] = base
    else:
        vers.pop(BASE_PREFIX + name, None)


# ----------------------------------------------------------------- unit clash
ACTIVE_ASSIGNMENT = frozenset(ACTIVE_ASSIGNMENT_STATUSES)


def is_active_assignment(status: Any) -> bool:
    return status in ACTIVE_ASSIGNMENT


CLASH_NODE = "unitclash"  # pseudo-node of the cancellations made by the unit-clash rule


def unit_clash_loser(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Of two active assignments of the same unit, the one to cancel: the later created.

    Rows need ``id`` and ``_hlc`` (creation stamp). Deterministic on every replica.
    """
    return a if (a["_hlc"], a["id"]) > (b["_hlc"], b["id"]) else b


def unit_clash_cancel(loser: dict[str, Any], winner: dict[str, Any]) -> tuple[dict[str, Any], str, FieldConflict]:
    """Values to write on the cancelled assignment, their version, and the conflict to record.

    The cancellation is stamped with the loser's creation time under the node
    ``CLASH_NODE``: every replica that resolves the same clash writes the same state;
    being terminal (progress 4) it is not undone by a late step of the cancelled
    assignment; and, not being the loser's own write, it stays up for review.
    """
    ts = Timestamp.parse(loser["_hlc"])
    stamp = str(Timestamp(ts.wall_ms, ts.counter, CLASH_NODE))
    values = {"status": AssignmentStatus.CANCELLED.value}
    conflict = FieldConflict("status", AssignmentStatus.CANCELLED.value, stamp, loser.get("status"),
                             loser.get("status_hlc") or loser["_hlc"], node_of(loser["_hlc"]), REASON_UNIT_BUSY)
    return values, stamp, conflict


def settle_unit(assignments: list[dict[str, Any]]) -> dict[str, str | None]:
    """Which assignments of ONE unit are cancelled because the unit was already busy.

    Rows: ``id``, ``_hlc`` (creation), ``status`` and ``status_hlc`` (the merged, natural
    status and its version). In creation order, an assignment is blocked when it was
    created while an earlier, unblocked one was still active (between its creation and
    the version of its terminal status). A blocked assignment that is still active is
    cancelled: returned as id -> id of the assignment that kept the unit (None: not
    cancelled). A function of the set of rows alone, so every replica agrees whatever
    the order the changes came in; a late "cleared" of the first one can free the
    second again.
    """
    ordered = sorted(assignments, key=lambda a: (a["_hlc"], a["id"]))
    accepted: list[dict[str, Any]] = []
    out: dict[str, str | None] = {}
    for a in ordered:
        blocker = None
        for b in accepted:
            end = b["status_hlc"] if not is_active_assignment(b["status"]) else None
            if b["_hlc"] < a["_hlc"] and (end is None or end > a["_hlc"]):
                blocker = b
                break
        if blocker is None:
            accepted.append(a)
            out[a["id"]] = None
        else:
            out[a["id"]] = blocker["id"] if is_active_assignment(a["status"]) else None
    return out


def clash_stamp(assignment_hlc: str) -> str:
    """Version of the cancellation of a blocked assignment: same on every replica."""
    ts = Timestamp.parse(assignment_hlc)
    return str(Timestamp(ts.wall_ms, ts.counter, CLASH_NODE))
