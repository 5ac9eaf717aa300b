"""Push (store once, sequence, merge) and pull (by cursor, filtered by visibility).

Sequence ordering. A puller that has seen seq N never asks again for seq <= N, so a
change must never become visible AFTER a larger seq did. On PostgreSQL two concurrent
pushes could commit out of seq order; so every push transaction first takes ONE
transaction-level advisory lock (``pg_advisory_xact_lock``), which also makes the
duplicate check and the read-merge-write of entities race-free. The lock is released
only after the commit is visible, so commits happen in seq order. On SQLite the same
job is done by ``BEGIN IMMEDIATE`` (the single writer lock, held until commit). Pulls
take no lock: they read ``max(seq)`` and then only rows up to it, which are all
committed because of the ordering above.

Group commit. The pushes queued in one server process meanwhile are stored together
(:func:`push_many`): one transaction, one lock, one commit and a few set-based
statements for the whole group, with exactly the outcome of storing them one after the
other (duplicates, clamping, refusals, conflicts, snapshots).

The door. Before a change is sequenced it passes :mod:`door` (ownership, field rules,
references, uniqueness): a refused one is answered with its reason and goes no further.

Wire form. Each accepted change is stored with its pull JSON (``changes.wire``, see
:mod:`wire`), so a pull page is the stored texts joined: the visibility filter is the
pull's query, run at read time against the events' current sharing.

Stored JSON (fields, states, versions) is orjson's: keys sorted, compact, UTF-8; about a
third of the standard library encoder's CPU, and what the door admits always encodes
(no lone surrogate, no integer beyond 64 bits). Should anything else get this far, the
standard library writes it ASCII-escaped, so it can never break the database's UTF-8.
Texts stored before (ASCII-escaped, ", " and ": ") are read and served alike.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter, lt
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, and_, func, or_, select, text

from ..domain.catalogs import Catalogs
from ..domain.enums import Sharing
from ..domain.hlc import MAX_COUNTER, HybridLogicalClock, Timestamp
from ..domain.ids import uuid7
from ..domain.wire_rules import SELF_SHARED_ENTITIES
from ..resources import default_catalogs
from ..sync.merge import merge_change
from ..sync.protocol import MAX_SKEW_MS, SERVER_ORIGIN
from . import door, tables, wire
from .accounts import BAD_TOKEN, AuthError, Principal, now_ms
from .db import WRITE, fetch_one_raw, in_list, insert_rows, is_postgres, list_param

log = logging.getLogger(__name__)

PUSH_LOCK = 0x454D4732
# Built once: json.dumps(..., sort_keys=True) builds a new encoder on every call.
_ascii_sorted = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
_SORTED = orjson.OPT_SORT_KEYS


def _dumps_sorted(value: dict[str, Any]) -> str:
    """The stored JSON of a dict (see the module's docstring)."""
    try:
        return orjson.dumps(value, option=_SORTED).decode()
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate, a huge integer
        return _ascii_sorted(value)


def _loads(text: str) -> Any:
    """A stored JSON text decoded (orjson; the standard library for what it refuses,
    e.g. a lone surrogate escaped in an older text)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
_SHARED, _RESERVED = Sharing.SHARED.value, Sharing.RESERVED.value


class ServerClock:
    """The server's own HLC (node "server"), shared by the threads of one process."""

    def __init__(self) -> None:
        self._clock = HybridLogicalClock(SERVER_ORIGIN)
        self._lock = threading.Lock()

    def now(self) -> Timestamp:
        with self._lock:
            return Timestamp.parse(self._clock.now())


@dataclass
class _Entity:
    entity: str
    entity_id: str
    event_id: str | None
    corps_id: int | None
    sharing: str | None
    state: dict[str, Any]
    versions: dict[str, str]
    exists: bool
    sharing_in_db: str | None = None
    dirty: bool = False
    # The stored JSON of state and versions when known without encoding them (see _store).
    state_json: str | None = None
    versions_json: str | None = None


@dataclass
class PushResult:
    acked: list[str]
    duplicates: int = 0
    conflicts: int = 0
    clamped: list[dict[str, str]] = field(default_factory=list)
    server_time_ms: int = 0
    # {"change_id", "reason"}: changes the door refused. They stay in ``acked`` (the server
    # is done with them: a client drops them from its outbox, as old clients already do).
    refused: list[dict[str, str]] = field(default_factory=list)

    def refuse(self, who: Principal, change: dict, reason: str) -> None:
        log.warning("refused change %s (%s %s) from station %s: %s", change["change_id"], change["entity"],
                    change["entity_id"], who.station_id, reason)
        self.refused.append({"change_id": change["change_id"], "reason": reason})

    def settle(self) -> None:
        """A refused change is not reported as clamped (nothing of it was stored)."""
        if self.refused:
            out = {r["change_id"] for r in self.refused}
            self.clamped = [c for c in self.clamped if c["change_id"] not in out]


def clamp(conn: Connection, changes: list[dict], clock: ServerClock, now: int,
          origin: str, floors: dict[str, str | None] | None = None) -> list[dict[str, str]]:
    """Replace, in place, every hlc too far ahead by the server's own HLC.

    The node is kept (the station still breaks ties as itself) and each clamped stamp is
    made greater than every stamp already stored for that node, so the node's writes
    keep their order even across server processes. ``floors`` (origin -> greatest hlc)
    carries, across the batches of one group commit, what is accepted but not yet
    inserted; it is updated with ``changes``. Returns what was clamped."""
    floors = {} if floors is None else floors
    # An HLC starts with its 13-digit wall clock (checked at the door): compared as text.
    bound = f"{now + MAX_SKEW_MS:013d}"
    ahead = [c for c in changes if c["hlc"][:13] > bound]
    if not ahead:
        _raise_floor(floors, origin, changes)
        return []
    c = tables.changes.c
    last = max(filter(None, (conn.execute(select(func.max(c.hlc)).where(c.origin == origin)).scalar(),
                             floors.get(origin))), default=None)
    floor = Timestamp.parse(last) if last else None
    clamped = []
    for change in ahead:
        ts, server = Timestamp.parse(change["hlc"]), clock.now()
        wall, counter = server.wall_ms, server.counter
        if floor is not None and (wall, counter) <= (floor.wall_ms, floor.counter):
            wall, counter = (floor.wall_ms, floor.counter + 1) if floor.counter < MAX_COUNTER \
                else (floor.wall_ms + 1, 0)
        new = Timestamp(wall, counter, ts.node)
        floor = new
        clamped.append({"change_id": change["change_id"], "hlc": change["hlc"], "clamped_hlc": str(new)})
        change["original_hlc"] = change["hlc"]
        change["hlc"] = str(new)
    _raise_floor(floors, origin, changes)
    return clamped


_HLC_OF = itemgetter("hlc")


def _raise_floor(floors: dict[str, str | None], origin: str, changes: list[dict]) -> None:
    if changes:
        top = max(map(_HLC_OF, changes))
        floors[origin] = top if floors.get(origin) is None or top > floors[origin] else floors[origin]


def _existing_ids(conn: Connection, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return set(conn.exec_driver_sql(f"SELECT change_id FROM changes WHERE change_id {in_list(conn)}",
                                    (list_param(conn, ids),)).scalars())


_ENTITY_COLUMNS = "entity, entity_id, event_id, corps_id, sharing, state, versions"
_PG_LOAD_ENTITIES = ("SELECT e.entity, e.entity_id, e.event_id, e.corps_id, e.sharing, e.state, e.versions "
                     "FROM entities e JOIN json_array_elements(CAST(%s AS json)) AS k "
                     "ON e.entity = k->>0 AND e.entity_id = k->>1")


def _load_entities(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], _Entity]:
    if conn.dialect.name == "postgresql":
        # The keys as one JSON text, not two arrays (see db.in_list: psycopg adapts an
        # array value by value in Python).
        parts = [conn.exec_driver_sql(_PG_LOAD_ENTITIES, (json.dumps(list(keys)),))]
    else:
        # One statement per kind with the ids as one JSON parameter: the tuple IN lists
        # (compiled, expanded and bound per 500 keys) were most of a push's reading.
        by_kind: dict[str, list[str]] = {}
        for kind, entity_id in keys:
            by_kind.setdefault(kind, []).append(entity_id)
        parts = [conn.exec_driver_sql(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE entity = ? "
                                      "AND entity_id IN (SELECT value FROM json_each(?))", (kind, json.dumps(ids)))
                 for kind, ids in sorted(by_kind.items())]
    out = {}
    for rows in parts:
        for kind, entity_id, event_id, corps_id, sharing, state, versions in rows:
            out[(kind, entity_id)] = _Entity(kind, entity_id, event_id, corps_id, sharing,
                                             _loads(state), _loads(versions), True, sharing_in_db=sharing)
    return out


def _event_of(kind: str, entity_id: str, fields: dict, known: _Entity | None) -> str | None:
    # An entity with its own sharing (an event, an at-risk area, a camera) is its own
    # "event": the pull's visibility join and the snapshot of a newly shared one find it.
    if kind in SELF_SHARED_ENTITIES:
        return entity_id
    if known is not None and known.event_id:
        return known.event_id
    if kind == "resources":
        return None
    value = fields.get("event_id")
    return value if isinstance(value, str) and value else None


def push(engine: Engine, who: Principal, changes: list[dict], clock: ServerClock,
         catalogs: Catalogs | None = None) -> PushResult:
    """One batch on its own (no token to confirm): see :func:`push_many`."""
    result = push_many(engine, [(who, changes)], clock, catalogs)[0]
    assert isinstance(result, PushResult)  # only a confirmed push can be refused its caller
    return result


def push_many(engine: Engine, batches: list[tuple[Principal, list[dict]]], clock: ServerClock,
              catalogs: Catalogs | None = None, *, confirm: bool = False) -> list[PushResult | AuthError]:
    """Store several batches (group commit) in ONE transaction, exactly as if pushed one
    after the other in this order: one lock, one commit and a handful of round trips for
    the whole group instead of per batch. Each change passes the door (see door.py)
    first: a refused one is listed with its reason in its batch's ``refused``.

    ``confirm``: the principals come from requests (``token_hash`` set, see
    accounts.TokenCache) and each token must still be valid: a batch whose token is not
    gets an AuthError (401) instead of a result and stores nothing."""
    return _push_group(engine, batches, clock, catalogs or default_catalogs(), confirm)


def _valid_tokens(conn: Connection, station_ids: set[str]) -> dict[str, str]:
    """station id -> token hash, for the given stations that are not revoked. One SQL
    text whatever the group's size (an IN list of one parameter per station was a new
    statement for the driver to parse each time: ~15 % of a group's Python CPU)."""
    return dict(conn.exec_driver_sql(f"SELECT id, token_hash FROM stations WHERE id {in_list(conn)} "
                                     "AND revoked_at IS NULL", (list_param(conn, sorted(station_ids)),)).all())


def _push_group(engine: Engine, batches: list[tuple[Principal, list[dict]]], clock: ServerClock,
                catalogs: Catalogs, confirm: bool = False) -> list[PushResult | AuthError]:
    now = now_ms()
    # Copies: clamping rewrites hlcs in place, the door caps a change's _base in place.
    batches = [(who, [dict(c) for c in changes]) for who, changes in batches]
    results = [PushResult(acked=[c["change_id"] for c in changes]) for _who, changes in batches]
    refused_callers: dict[int, AuthError] = {}
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        if is_postgres(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUSH_LOCK})
        if confirm:
            valid = _valid_tokens(conn, {who.station_id for who, _changes in batches})
            for i, (who, _changes) in enumerate(batches):
                if who.token_hash is None or valid.get(who.station_id) != who.token_hash:
                    refused_callers[i] = AuthError(401, BAD_TOKEN)
                    batches[i] = (who, [])
        existing = _existing_ids(conn, [c["change_id"] for _who, changes in batches for c in changes])
        fresh: list[tuple[Principal, dict, PushResult]] = []
        seen: set[str] = set()
        floors: dict[str, str | None] = {}  # origin -> greatest hlc stored or accepted so far
        for (who, changes), result in zip(batches, results, strict=False):
            mine = []
            for change in changes:
                if change["change_id"] in existing or change["change_id"] in seen:
                    result.duplicates += 1  # a retried change keeps what it got the first time
                    continue
                seen.add(change["change_id"])
                reason = door.hlc_problem(who, change["hlc"])  # before clamping, which keeps the node
                if reason:
                    result.refuse(who, change, reason)
                else:
                    mine.append(change)
            if mine:
                result.clamped = clamp(conn, mine, clock, now, who.replica_id, floors)
                fresh.extend((who, change, result) for change in mine)
        if fresh:
            _store(conn, fresh, now, catalogs)
    for result in results:
        result.settle()
    for (who, _changes), result in zip(batches, results, strict=True):
        for item in result.clamped:
            log.warning("hlc clamped for station %s: %s -> %s (change %s)", who.station_id,
                        item["hlc"], item["clamped_hlc"], item["change_id"])
    done = now_ms()
    for result in results:
        result.server_time_ms = done
    return [refused_callers.get(i, result) for i, result in enumerate(results)]


def _store(conn: Connection, fresh: list[tuple[Principal, dict, PushResult]], now: int, catalogs: Catalogs) -> None:
    keys = {(c["entity"], c["entity_id"]) for _who, c, _r in fresh}
    cache = _load_entities(conn, keys | door.references(c for _who, c, _r in fresh))
    gate = door.Door(conn, catalogs, cache)
    gate.preload([c for _who, c, _r in fresh])
    seq = conn.execute(select(func.coalesce(func.max(tables.changes.c.seq), 0))).scalar_one()
    change_rows, conflict_rows = [], []
    for who, change, result in fresh:
        key = (change["entity"], change["entity_id"])
        ent = cache.get(key)
        reason = gate.admit(who, change, ent)
        if reason is None:
            try:  # (the merge reads the change's hlc and fields, and copies what it changes)
                outcome = merge_change(change["entity"], ent.state if ent else None, ent.versions if ent else {},
                                       change)
            except (ValueError, TypeError, KeyError) as exc:  # the door lets none through: a safety net
                reason = door.NOT_APPLICABLE.format(exc)
            else:
                reason = gate.admit_outcome(who, change, ent, outcome.values)
        if reason is not None:
            result.refuse(who, change, reason)
            continue
        gate.accept(who, change, ent, outcome.values)
        created = ent is None
        if created:
            ent = _Entity(change["entity"], change["entity_id"],
                          _event_of(change["entity"], change["entity_id"], change["fields"], None),
                          who.corps_id, None, {}, {}, False)
            cache[key] = ent
        # The merge's state and versions are whole new dicts (the current ones copied and
        # changed): adopted as they are.
        ent.state, ent.versions = outcome.values, outcome.versions
        if ent.entity in SELF_SHARED_ENTITIES:
            ent.sharing = _SHARED if ent.state.get("sharing") == _SHARED else _RESERVED
        ent.dirty = True
        seq += 1
        fields_json = _dumps_sorted(change["fields"])
        # An entity created by this change is most often exactly its fields, each at the
        # change's hlc: its stored JSON is then the change's own, not encoded twice more.
        if created and outcome.values == change["fields"]:
            ent.state_json, ent.versions_json = fields_json, _versions_json(ent.versions, change["hlc"])
        else:
            ent.state_json = ent.versions_json = None
        change_rows.append((
            seq, change["change_id"], who.station_id, change["entity"], change["entity_id"], ent.event_id,
            who.corps_id, None, fields_json, change["hlc"], change.get("original_hlc"), change["origin"], now,
            wire.change_text(seq, change["change_id"], change["entity"], change["entity_id"], fields_json,
                             change["hlc"], change["origin"])))
        result.conflicts += len(outcome.conflicts)
        for lost in outcome.conflicts:
            conflict_rows.append((change["change_id"], change["entity"], change["entity_id"], lost.field,
                                  json.dumps(lost.kept_value), lost.kept_hlc, json.dumps(lost.lost_value),
                                  lost.lost_hlc, lost.lost_origin, str(lost.reason)[:200], now))
    insert_rows(conn, "changes", CHANGE_COLUMNS, change_rows)
    gate.write()
    _write_entities(conn, [e for e in cache.values() if e.dirty], seq)
    insert_rows(conn, "conflicts", _CONFLICT_COLUMNS, conflict_rows)
    # Reserved before the group and shared after it: the other corps never saw it whole.
    opened = [e for e in cache.values()
              if e.entity in SELF_SHARED_ENTITIES and e.sharing_in_db == _RESERVED and e.sharing == _SHARED]
    for event in opened:
        seq = _snapshot(conn, event, seq, now)


# The columns of a stored change, in the order of the tuples _store and _snapshot build.
CHANGE_COLUMNS = ("seq", "change_id", "station_id", "entity", "entity_id", "event_id", "corps_id",
                  "exclude_corps_id", "fields", "hlc", "original_hlc", "origin", "received_at", "wire")
_CONFLICT_COLUMNS = ("change_id", "entity", "entity_id", "field", "kept_value", "kept_hlc", "lost_value", "lost_hlc",
                     "lost_origin", "reason", "created_at")
_NEW_ENTITY_COLUMNS = ("entity", "entity_id", "event_id", "corps_id", "sharing", "state", "versions", "updated_seq")
_SQLITE_UPDATE_ENTITY = ("UPDATE entities SET sharing = ?, state = ?, versions = ?, updated_seq = ? "
                         "WHERE entity = ? AND entity_id = ?")


def _versions_json(versions: dict[str, str], hlc: str) -> str | None:
    """``_dumps_sorted(versions)`` when every field is at ``hlc`` (None otherwise), built
    without the encoder (one join, ~5x cheaper): the names are field names and ``hlc`` an
    HLC, both checked against quote-free patterns on the way in."""
    if set(versions.values()) != {hlc}:
        return None
    return '{"' + f'":"{hlc}","'.join(sorted(versions)) + f'":"{hlc}"}}'


def _write_entities(conn: Connection, dirty: list[_Entity], seq: int) -> None:
    new = [(x.entity, x.entity_id, x.event_id, x.corps_id, x.sharing, x.state_json or _dumps_sorted(x.state),
            x.versions_json or _dumps_sorted(x.versions), seq) for x in dirty if not x.exists]
    old = [x for x in dirty if x.exists]
    insert_rows(conn, "entities", _NEW_ENTITY_COLUMNS, new)
    if old and conn.dialect.name == "postgresql":
        # One statement for every row (executemany would send one per row), its rows as
        # one JSON text (arrays are adapted value by value in Python, see db.in_list).
        rows = [(x.entity, x.entity_id, x.sharing, _dumps_sorted(x.state), _dumps_sorted(x.versions)) for x in old]
        conn.exec_driver_sql(
            "UPDATE entities e SET sharing = v->>2, state = v->>3, versions = v->>4, updated_seq = %s "
            "FROM json_array_elements(CAST(%s AS json)) AS v WHERE e.entity = v->>0 AND e.entity_id = v->>1",
            (seq, orjson.dumps(rows).decode()))
    elif old:
        conn.exec_driver_sql(_SQLITE_UPDATE_ENTITY, [(x.sharing, _dumps_sorted(x.state), _dumps_sorted(x.versions),
                                                      seq, x.entity, x.entity_id) for x in old])


def snapshot_changes(entity: str, entity_id: str, state: dict, versions: dict[str, str]) -> list[dict]:
    """The current state of one entity as changes that rebuild it exactly on a replica that
    never saw it: first every field at the oldest version (so the row can be created
    whole), then each later version's fields with their own hlc (so per-field versions,
    and thus later merges, match the server's). Values are always the current ones."""
    fields = {k: v for k, v in state.items() if k != "id"}
    if not fields:
        return []
    stamps = {name: versions.get(name) for name in fields}
    oldest = min(v for v in stamps.values() if v) if any(stamps.values()) else None
    if oldest is None:
        return []
    out = [{"entity": entity, "entity_id": entity_id, "fields": fields, "hlc": oldest}]
    for hlc in sorted({v for v in stamps.values() if v and v > oldest}):
        out.append({"entity": entity, "entity_id": entity_id, "hlc": hlc,
                    "fields": {k: fields[k] for k, v in stamps.items() if v == hlc}})
    return out


def _snapshot(conn: Connection, event: _Entity, seq: int, now: int) -> int:
    """Re-send a newly shared event, with its journal and assignments, to everyone that
    could not see it while reserved (every other corps and the observers)."""
    e = tables.entities
    rows = conn.execute(select(e).where(or_(and_(e.c.entity == "events", e.c.entity_id == event.entity_id),
                                            and_(e.c.entity != "events", e.c.event_id == event.entity_id)))
                        .order_by((e.c.entity != "events"), e.c.entity, e.c.entity_id)).all()
    out = []
    for row in rows:
        for change in snapshot_changes(row.entity, row.entity_id, _loads(row.state), _loads(row.versions)):
            seq += 1
            change_id, fields_json = uuid7(), _dumps_sorted(change["fields"])
            out.append((seq, change_id, None, change["entity"], change["entity_id"], event.entity_id,
                        event.corps_id, event.corps_id, fields_json, change["hlc"], None, SERVER_ORIGIN, now,
                        wire.change_text(seq, change_id, change["entity"], change["entity_id"], fields_json,
                                         change["hlc"], SERVER_ORIGIN)))
    if out:
        insert_rows(conn, "changes", CHANGE_COLUMNS, out)
        log.info("event %s now shared: snapshot of %d changes", event.entity_id, len(out))
    return seq


@dataclass
class PullPage:
    joined: bytes  # the stored pull JSON of each change (see wire.py), in seq order, joined by commas
    count: int  # changes in the page
    next_cursor: int
    has_more: bool

    def to_json(self) -> bytes:
        """The response body: the stored texts joined, nothing decoded or re-encoded."""
        return wire.page_body(self.joined, self.next_cursor, self.has_more)


# Who sees what, decided at read time against the event's CURRENT sharing (the stored
# texts carry no visibility). Plain SQL shared by SQLite and PostgreSQL: one statement,
# written once. A row stored without its text (by code that does not write it) is
# served all the same, its text built by the database.
_PAGE_SQL = f"""SELECT c.seq, COALESCE(c.wire, {wire.sql_change_text("c")}) AS wire
FROM changes c LEFT OUTER JOIN entities ev
  ON ev.entity IN ({", ".join(f"'{e}'" for e in sorted(SELF_SHARED_ENTITIES))}) AND ev.entity_id = c.event_id
WHERE @guard c.seq > :cursor AND c.seq <= @high AND c.origin <> :replica
  AND (c.entity = 'resources' OR ev.sharing = '{_SHARED}' OR ev.corps_id = :corps
       OR (ev.entity_id IS NULL AND c.corps_id = :corps))
  AND (c.exclude_corps_id IS NULL OR c.exclude_corps_id <> :corps)
ORDER BY c.seq LIMIT :limit_1"""
# The caller's token still valid (see accounts.TokenCache): checked in the pull's own SQL.
_CALLER_SQL = ("EXISTS (SELECT 1 FROM stations s WHERE s.id = :station AND s.token_hash = :token_hash "
               "AND s.revoked_at IS NULL)")
_HIGH_SQL = "SELECT COALESCE(MAX(seq), 0) FROM changes"


def _page_sql(guard: str, high: str) -> str:
    return _PAGE_SQL.replace("@guard", guard).replace("@high", high)


# PostgreSQL: the token check, the high mark and the page in ONE statement and round
# trip, the page's texts joined by the database into ONE text (``body``): Python
# receives one value however many changes, not a row per change. ``seqs`` and
# ``sizes`` (bytes) list the joined texts in the order joined: no ORDER BY in the
# aggregate (a sort that cost the database more than the rows saved Python), the
# order is checked instead (see :func:`_in_seq_order`). ``high`` and the rows come from
# the same snapshot; commits happen in seq order (see the module's docstring), so every
# change up to ``high`` is in it.
_PG_PULL_SQL = re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", f"""WITH
high AS MATERIALIZED (SELECT COALESCE(MAX(seq), 0) AS seq FROM changes),
caller AS MATERIALIZED (SELECT (:confirm = 0 OR {_CALLER_SQL}) AS ok)
SELECT high.seq, caller.ok, page.body, page.seqs, page.sizes
FROM high CROSS JOIN caller CROSS JOIN LATERAL (
  SELECT string_agg(rows.wire, ',') AS body, array_agg(rows.seq) AS seqs,
         array_agg(octet_length(rows.wire)) AS sizes
  FROM ({_page_sql("caller.ok AND", "high.seq")}) rows) page""")
# A database in another encoding (LATIN1...) sends the texts converted to UTF-8 (see
# db.fetch_one_raw): their sizes are then counted in the UTF-8 bytes received.
_PG_PULL_SQL_CONVERTED = _PG_PULL_SQL.replace("octet_length(rows.wire)", "octet_length(convert_to(rows.wire, 'UTF8'))")
_PG_SAME_BYTES = ("UTF8", "SQL_ASCII")  # server encodings whose texts go out as stored
_SQLITE_PAGE = text(_page_sql("", ":high"))
_SQLITE_HIGH = text(_HIGH_SQL)
_SQLITE_CALLER = text(f"SELECT {_CALLER_SQL}")
_SEQ, _WIRE = itemgetter(0), itemgetter(1)


def _in_seq_order(body: bytes, seqs: list[int], sizes: list[int]) -> tuple[bytes, list[int], list[int]]:
    """The joined texts in seq order. The database aggregates the page's rows in the
    order its subquery returns them (seq order) in every plan seen, but does not
    promise it: the order is checked (one C loop over the seqs) and, should it ever
    differ, the texts are cut at their sizes and joined again in seq order."""
    if all(map(lt, seqs, islice(seqs, 1, None))):
        return body, seqs, sizes
    pieces, at = {}, 0
    for seq, size in zip(seqs, sizes, strict=True):
        pieces[seq] = (body[at:at + size], size)
        at += size + 1  # the comma
    order = sorted(pieces)
    return b",".join(pieces[seq][0] for seq in order), order, [pieces[seq][1] for seq in order]


def pull(engine: Engine, who: Principal, cursor: int, limit: int, *, confirm: bool = False) -> PullPage:
    """Who sees what is decided HERE, at read time, against the event's CURRENT sharing
    (the stored texts carry no visibility): resources go to everyone; a change of an event
    (or of its journal/assignments) to its own corps, or to everyone once the event is
    shared; a change with no known event to the corps that pushed it; never a station's
    own changes back to it; a snapshot not to the corps that already had it all.

    ``confirm``: ``who`` comes from a request (``who.token_hash`` set) and its token must
    still be valid; AuthError (401) if not. On PostgreSQL ``engine`` is best the one of
    :func:`db.make_pull_engine` (autocommit, plans that walk the seq index)."""
    corps = who.corps_id if who.corps_id is not None else -1  # observers belong to no corps
    params = {"cursor": cursor, "replica": who.replica_id, "corps": corps, "limit": limit, "limit_1": limit + 1,
              "confirm": 1 if confirm else 0, "station": who.station_id, "token_hash": who.token_hash or ""}
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            same = conn.connection.driver_connection.info.parameter_status("server_encoding") in _PG_SAME_BYTES
            high, ok, body, seqs, sizes = fetch_one_raw(conn, _PG_PULL_SQL if same else _PG_PULL_SQL_CONVERTED, params)
            conn.rollback()  # read only (a no-op on an autocommit connection)
            if not ok:
                raise AuthError(401, BAD_TOKEN)
            body, seqs, sizes = _in_seq_order(body or b"", seqs or [], sizes or [])
            has_more = len(seqs) > limit
            if has_more:  # the page's last row only said "more": left out
                body, seqs = body[:-sizes[-1] - 1], seqs[:limit]
            # As below: past the last change served when the page is full, else past everything scanned.
            return PullPage(body, len(seqs), seqs[-1] if has_more else max(cursor, high), has_more)
        ok = not confirm or conn.execute(_SQLITE_CALLER, params).scalar()
        high = conn.execute(_SQLITE_HIGH).scalar_one()
        rows = conn.execute(_SQLITE_PAGE, params | {"high": high}).all() if ok else []  # (seq, wire)
        conn.rollback()  # read only
    if not ok:
        raise AuthError(401, BAD_TOKEN)
    has_more = len(rows) > limit
    rows = rows[:limit]
    # Past the last row served when the page is full, else past everything scanned (own
    # and invisible changes included), so the station never scans them again.
    next_cursor = _SEQ(rows[-1]) if has_more else max(cursor, high)
    return PullPage(",".join(map(_WIRE, rows)).encode(), len(rows), next_cursor, has_more)
