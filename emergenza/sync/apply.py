"""Applying pulled changes to the local store, through the merge rule.

One page is applied in ONE transaction together with the new pull cursor, so a crash
resumes cleanly. Pulled changes write no outbox rows; they observe the clock, write
one audit row per touched row (action ``sync.apply``, digest of the row as written,
so ``emergenza check`` stays clean) and record every lost value in ``conflicts``.

Foreign keys are on: a change whose parent (event, resource) or whose own entity
(an update arriving before its insert) is not here yet is parked in ``sync_pending``
and retried after every page (``pending``).

Longer than the house's ~450 lines on purpose: it has one job, applying a page, and the
``Applier`` is that job's one algorithm. Loading, merging, settling unit clashes and the
bulk writes (rows, audit digests, side tables, conflicts) share the page's entity cache
and the same transaction, and their order is what keeps the unique indexes and FTS5
fast and valid; split across modules it would only be harder to read. What is not the
page itself lives beside it: parking in ``pending``, the push's clamped stamps in
``clamp``, digests of rows as stored in ``rows``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain.entities import JOURNAL_WRITE_ONCE
from ..domain.enums import AssignmentStatus, EventStatus, Sharing
from ..domain.hlc import Timestamp
from ..domain.lifecycle import EVENT_PROGRESS
from ..store import Store
from ..store.areas import TRACKED
from ..store.audit import row_digest
from ..store.meta import MetaKey
from . import clash
from .merge import (
    BASE_KEY,
    BASE_PREFIX,
    REASON_UNIT_BUSY,
    FieldConflict,
    clash_stamp,
    is_active_assignment,
    merge_change,
    node_of,
    reviewable,
    settle_unit,
)
from .pending import park, retry_parked
from .protocol import SYNCED_ENTITIES
from .rows import RowShape

SYNC_OPERATOR = "sync"
HIDDEN = "hidden"  # resolution of a recorded loss not for review against the value kept now
SYNC_ACTION = "sync.apply"

# Parent references checked before a row is written (FKs are enforced at commit).
PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("parent_id", "events"),),
    "assignments": (("event_id", "events"), ("resource_id", "resources")),
    "journal": (("event_id", "events"),),
    "resources": (),
    "risk_areas": (),
    "cameras": (),
}
FLUSH_ORDER = SYNCED_ENTITIES  # parents before children
# Bookkeeping columns of every synced row: not fields of the entity.
_BOOKKEEPING = ("id", "_hlc", "_versions")
_CANCELLED = AssignmentStatus.CANCELLED.value
# Rows per INSERT statement. One multi-row statement instead of one execution per row:
# FTS5 flushes its pending terms to a new segment at every statement (savepoint), so
# per-row inserts into events/journal cost a segment write (and merges) per row.
INSERT_BATCH = 100
_CHUNK = 500  # ids per IN (...) look-up
_SIDE_SQL = {"events": "SELECT event_id, gen, rank FROM sync_gen WHERE event_id IN ({})",
             "assignments": "SELECT assignment_id, status, hlc, winner_id FROM sync_clash WHERE assignment_id IN ({})"}
# Updated in multi-row statements (FTS triggers, many rows per page). Assignments and
# resources stay one row at a time: their unique indexes must hold at every step, and
# the order of those steps is chosen (a unit freed before it is taken again).
_BATCHED_UPDATES = frozenset({"events", "journal"})


@dataclass
class ApplyReport:
    applied: int = 0
    parked: int = 0
    unparked: int = 0
    conflicts: int = 0
    duplicates: int = 0
    quarantined: int = 0  # changes that could not be applied (sync/quarantine.py)
    new_shared_events: list[str] = field(default_factory=list)
    # The change that made each of them (sync/snapshot_apply.py puts a mixed page's in order).
    made_by: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)


@dataclass(slots=True)
class _Entity:
    table: str
    id: str
    row: dict[str, Any] | None       # as stored (None: new)
    values: dict[str, Any]           # merged values, without id/_hlc/_versions
    versions: dict[str, str]         # full versions, including "^field" bases
    hlc: str                         # creation stamp
    dirty: bool = False
    created: bool = False
    changes: list[dict[str, Any]] = field(default_factory=list)
    failed: bool = False
    # Assignments: id of the assignment that kept the unit when this one is cancelled
    # for that reason (its merged, natural status is then kept in sync_clash).
    clash: str | None = None
    clash_stored: str | None = None
    has_bases: bool = False          # versions may hold "^field" bases (side-table write)
    # Events: a parent_id naming an event this station does not hold (reserved to another
    # corps): the row keeps NULL, the reference goes to sync_hidden_parent.
    hidden_parent: str | None = None
    digest: str | None = None        # audit digest of the row as written (None: read it back)


class Columns:
    """Column facts of the synced tables (read once per store and schema: ``columns_of``)."""

    def __init__(self, store: Store):
        self.names: dict[str, list[str]] = {}
        self.name_set: dict[str, frozenset[str]] = {}
        self.accepted: dict[str, frozenset[str]] = {}
        self.required: dict[str, set[str]] = {}
        self.shape: dict[str, RowShape] = {}
        self.pos: dict[str, dict[str, int]] = {}
        self.max_vars = store.db.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        for table in FLUSH_ORDER:
            info = store.db.execute(f"PRAGMA table_info([{table}])").fetchall()
            self.names[table] = [r[1] for r in info]
            self.shape[table] = RowShape(self.names[table], [r[2] for r in info])
            self.pos[table] = {name: i for i, name in enumerate(self.names[table])}
            self.name_set[table] = frozenset(self.names[table]) - set(_BOOKKEEPING)
            self.accepted[table] = self.name_set[table] | {BASE_KEY, "status_gen", "status_rank"}
            self.required[table] = {r[1] for r in info if r[3] and r[4] is None
                                    and r[1] not in _BOOKKEEPING}


# A page of 1000 changes used to read the six tables' PRAGMA table_info again: the facts
# change only with the schema (a migration), which PRAGMA schema_version counts.
_COLUMNS: weakref.WeakKeyDictionary[Store, tuple[int, Columns]] = weakref.WeakKeyDictionary()


def columns_of(store: Store) -> Columns:
    """The store's ``Columns``, made once per schema version."""
    version = store.db.conn.execute("PRAGMA schema_version").fetchone()[0]
    cached = _COLUMNS.get(store)
    if cached is None or cached[0] != version:
        cached = _COLUMNS[store] = (version, Columns(store))
    return cached[1]


class Applier:
    """Applies changes inside the caller's transaction; ``flush()`` writes them."""

    def __init__(self, store: Store, *, now_iso: str | None = None):
        self.store = store
        self.db = store.db
        self.cols = columns_of(store)
        self.cache: dict[tuple[str, str], _Entity] = {}
        self.absent: set[tuple[str, str]] = set()  # looked up, not in the store (yet)
        self.conflicts: list[tuple[str, str, FieldConflict]] = []
        self.touched_units: set[str] = set()
        self.report = ApplyReport()
        self.now = now_iso or store.now_iso()
        self.max_hlc = ""
        self.failed_keys: set[tuple[str, str]] = set()  # new rows refused (unique clash) in this page
        self._hidden: dict[str, str] | None = None  # sync_hidden_parent, read when first needed
        # Losing assignments of a unit clash that this station created: it decides them
        # (sync/clash.py) at the end of the flush, as its own changes.
        self.decided: set[str] = set()

    # ------------------------------------------------------------------ loading
    def _load(self, table: str, entity_id: str) -> _Entity | None:
        key = (table, entity_id)
        if key in self.cache:
            return self.cache[key]
        if key in self.absent:
            return None
        row = next(iter(self.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])), None)
        if row is None:
            self.absent.add(key)
            return None
        ent = self._entity_of(table, row)
        self.cache[key] = ent
        return ent

    def preload(self, changes: Iterable[dict[str, Any]]) -> None:
        """Fetch every row a page touches with one query per table (speed)."""
        wanted: dict[str, set[str]] = {}
        for c in changes:
            if (c["entity"], c["entity_id"]) not in self.cache:
                wanted.setdefault(c["entity"], set()).add(c["entity_id"])
        for table, ids in wanted.items():
            if table not in self.cols.names:
                continue
            id_list = list(ids)
            for i in range(0, len(id_list), _CHUNK):
                chunk = id_list[i:i + _CHUNK]
                marks = ", ".join("?" for _ in chunk)
                rows = list(self.db.query(f"SELECT * FROM [{table}] WHERE id IN ({marks})", chunk))
                side = self._side_rows(table, [r["id"] for r in rows])
                for row in rows:
                    self.cache[(table, row["id"])] = self._entity_of(table, row, side)
                self.absent.update((table, i) for i in chunk if (table, i) not in self.cache)
        self._load_bases([k for k in self.cache])

    def _side_rows(self, table: str, ids: list[str]) -> dict[str, tuple]:
        """Side-table rows (sync_gen, sync_clash) of these ids, in one query."""
        sql = _SIDE_SQL.get(table)
        if sql is None or not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {r[0]: tuple(r[1:]) for r in self.db.execute(sql.format(marks), ids)}

    def _entity_of(self, table: str, row: dict[str, Any], side: dict[str, tuple] | None = None) -> _Entity:
        hlc = row["_hlc"]
        stored = json.loads(row["_versions"] or "{}")
        values = {k: v for k, v in row.items() if k not in _BOOKKEEPING}
        versions = {k: stored.get(k, hlc) for k in values}
        clash = None
        if side is None:
            side = self._side_rows(table, [row["id"]])
        if table == "events":
            if row["parent_id"] is None and row["id"] in self.hidden_parents():
                values["parent_id"] = self.hidden_parents()[row["id"]]
            gen = side.get(row["id"])
            values["status_gen"], values["status_rank"] = gen if gen else (0, None)
            versions["status_gen"] = versions["status_rank"] = versions["status"]
        elif table == "assignments":
            natural = side.get(row["id"])
            if natural:
                values["status"], versions["status"], clash = natural
        return _Entity(table, row["id"], row, values, versions, hlc, clash=clash, clash_stored=clash)

    def _load_bases(self, keys: list[tuple[str, str]]) -> None:
        by_table: dict[str, list[str]] = {}
        for table, entity_id in keys:
            by_table.setdefault(table, []).append(entity_id)
        for table, ids in by_table.items():
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i:i + _CHUNK]
                marks = ", ".join("?" for _ in chunk)
                for entity_id, name, hlc, base in self.db.execute(
                        f"SELECT entity_id, field, hlc, base FROM sync_state WHERE entity = ? "
                        f"AND entity_id IN ({marks})", [table, *chunk]):
                    ent = self.cache.get((table, entity_id))
                    if ent is not None and ent.versions.get(name) == hlc:
                        ent.versions[BASE_PREFIX + name] = base
                        ent.has_bases = True

    def _exists(self, table: str, entity_id: str) -> bool:
        return self._load(table, entity_id) is not None

    # ----------------------------------------------------------------- applying
    def missing_for(self, change: dict[str, Any]) -> str | None:
        """What this change still waits for ("events:<id>", "self"), or None."""
        table, entity_id = change["entity"], change["entity_id"]
        fields = change["fields"]
        ent = self._load(table, entity_id)
        if ent is None and not self.cols.required[table] <= set(fields):
            return "self"
        for column, parent in PARENTS[table]:
            if column == "parent_id":
                continue  # may be reserved to another corps and never come: see hidden_parents
            ref = fields.get(column) if column in fields else None
            if ref and not self._exists(parent, ref):
                return f"{parent}:{ref}"
        return None

    def hidden_parents(self) -> dict[str, str]:
        """Child event id -> its parent's id, for parents this station does not hold.

        A shared child of a reserved major event reaches every corps with its parent_id,
        while the parent stays within its corps (README, Who sees what). The child is
        applied at once, not parked: its row keeps parent_id NULL (the column's foreign
        key) and the reference lives in ``sync_hidden_parent``; the GUI shows the parent
        as *riservato*. If the parent ever arrives, the row gets its parent_id back."""
        if self._hidden is None:
            self._hidden = dict(self.db.execute("SELECT event_id, parent_id FROM sync_hidden_parent").fetchall())
        return self._hidden

    def _adopt_hidden_children(self) -> None:
        """New events that are some child's hidden parent: rewrite those children."""
        hidden = self.hidden_parents()
        if not hidden:
            return
        arrived = {e.id for e in self.cache.values() if e.table == "events" and e.created}
        for child_id, parent_id in sorted(hidden.items()):
            if parent_id in arrived:
                child = self._load("events", child_id)
                if child is not None:
                    child.dirty = True

    def apply(self, change: dict[str, Any]) -> None:
        table, entity_id = change["entity"], change["entity_id"]
        received = change
        known = self.cols.accepted[table]
        if not change["fields"].keys() <= known:  # fields of a newer schema: not ours to store
            change = {**change, "fields": {k: v for k, v in change["fields"].items() if k in known}}
        self.max_hlc = max(self.max_hlc, change["hlc"])
        ent = self._load(table, entity_id)
        outcome = merge_change(table, ent.values if ent else None, ent.versions if ent else {}, change)
        if ent is None:
            # Columns the insert did not carry stay NULL ("never written" for the merge).
            ent = _Entity(table, entity_id, None, outcome.values, outcome.versions, change["hlc"],
                          dirty=True, created=True)
            self.cache[(table, entity_id)] = ent
            if table == "events" and ent.values.get("sharing") == Sharing.SHARED.value:
                self.report.new_shared_events.append(entity_id)
                self.report.made_by.append(received)
        else:
            moved = bool(outcome.changed) or outcome.versions != ent.versions
            if not moved and not outcome.conflicts:
                self.report.duplicates += 1
            ent.values, ent.versions = outcome.values, outcome.versions
            ent.dirty = ent.dirty or moved
        ent.changes.append(change)
        if BASE_KEY in change["fields"]:
            ent.has_bases = True
        for c in outcome.conflicts + outcome.hidden:
            self.conflicts.append((table, entity_id, c))
        if table == "assignments" and ent.values.get("resource_id"):
            self.touched_units.add(ent.values["resource_id"])
        self.report.applied += 1

    def _settle_units(self) -> None:
        """Apply the unit-clash rule (merge.settle_unit) to every unit touched."""
        for resource_id in sorted(self.touched_units):
            ids = {r[0] for r in self.db.execute("SELECT id FROM assignments WHERE resource_id = ?", [resource_id])}
            ids |= {i for (t, i), e in self.cache.items() if t == "assignments"
                    and e.values.get("resource_id") == resource_id}
            ents = [e for e in (self._load("assignments", i) for i in sorted(ids)) if e is not None]
            verdict = settle_unit([{"id": e.id, "_hlc": e.hlc, "status": e.values.get("status"),
                                    "status_hlc": e.versions.get("status", e.hlc)} for e in ents])
            for ent in ents:
                winner = verdict[ent.id]
                if winner is not None and node_of(ent.hlc) == self.store.replica_id:
                    self.decided.add(ent.id)
                if winner == ent.clash:
                    continue
                ent.clash = winner
                ent.dirty = True
                if winner is not None:
                    stamp = clash_stamp(ent.hlc)
                    self.conflicts.append(("assignments", ent.id, FieldConflict(
                        "status", _CANCELLED, stamp, ent.values.get("status"), stamp, node_of(ent.hlc),
                        REASON_UNIT_BUSY)))
        self.touched_units.clear()

    # ------------------------------------------------------------------ writing
    def flush(self) -> None:
        """Write every dirty row, its audit row, bases, generations and conflicts."""
        self._settle_units()
        self._adopt_hidden_children()
        dirty = [e for e in self.cache.values() if e.dirty]
        moved = [e for e in dirty if _moves_areas(e)]  # before the writes replace ent.row
        audit_entries = []
        # Updates first, and those that free a unit before those that take one (the
        # partial unique index allows one active assignment per unit at every step).
        updates = [e for e in dirty if not e.created]
        updates.sort(key=lambda e: 0 if e.table == "assignments" and not is_active_assignment(
            self._stored_row(e)["status"]) else 1)
        batched: dict[tuple[str, tuple[str, ...]], list[tuple[_Entity, dict[str, Any]]]] = {}
        for ent in updates:
            diff = self._prepare_update(ent)
            if not diff:
                continue
            if ent.table in _BATCHED_UPDATES:
                batched.setdefault((ent.table, tuple(diff)), []).append((ent, diff))
            else:
                sets = ", ".join(f"[{k}] = ?" for k in diff)
                self.db.execute(f"UPDATE [{ent.table}] SET {sets} WHERE id = ?", [*diff.values(), ent.id])
        for (table, columns), group in batched.items():
            self._write_updates(table, columns, group)
        for table in FLUSH_ORDER:
            inserts = [e for e in dirty if e.created and e.table == table]
            if inserts and self.failed_keys:
                inserts = [e for e in inserts if not self._park_if_orphan(e)]
            if inserts:
                self._write_inserts(table, inserts)
        order = {t: i for i, t in enumerate(FLUSH_ORDER)}
        for ent in sorted(dirty, key=lambda e: (order[e.table], e.hlc, e.id)):
            if ent.failed:
                continue
            digest = ent.digest if ent.digest is not None else self._read_back_digest(ent)
            audit_entries.append((self.now, SYNC_OPERATOR, SYNC_ACTION, ent.table, ent.id, digest))
        self.store.audit.append_many(audit_entries)
        self._write_side_tables(dirty)  # before ``created`` is reset: a new event's own level needs no row
        for ent in dirty:
            ent.dirty = ent.created = False
            ent.digest = None
        self._write_conflicts(dirty)
        for table in TRACKED:  # at-risk areas: store/areas.py, the one place for every write path
            self.store.areas.follow(table, [e.id for e in moved if e.table == table and not e.failed])
        self.db.execute("DELETE FROM sync_stash")
        if self.decided:
            if self.max_hlc:
                self.store.clock.observe(self.max_hlc)  # the decision comes after what it saw
            clash.decide(self.store, self.decided, operator=SYNC_OPERATOR)
            self.decided.clear()

    def _stored_row(self, ent: _Entity) -> dict[str, Any]:
        return dict(zip(self.cols.names[ent.table], self._stored_values(ent), strict=False))

    def _stored_values(self, ent: _Entity) -> list[Any]:
        """The row to write, in column order."""
        names, pos = self.cols.names[ent.table], self.cols.pos[ent.table]
        values, hlc = ent.values, ent.hlc
        row = list(map(values.get, names))
        row[pos["id"]], row[pos["_hlc"]] = ent.id, hlc
        if ent.table == "events":
            parent = values.get("parent_id")
            ent.hidden_parent = parent if parent and not self._exists("events", parent) else None
            if ent.hidden_parent:
                row[pos["parent_id"]] = None
        versions = ent.versions
        if ent.table == "assignments" and ent.clash is not None:
            row[pos["status"]] = _CANCELLED
            versions = {**versions, "status": clash_stamp(hlc)}
        elif ent.created and len(ent.changes) == 1 and not ent.has_bases:
            row[pos["_versions"]] = "{}"  # one write, at the creation stamp: nothing later
            return row
        later = {k: v for k, v in versions.items() if v != hlc}
        if later:
            cols = self.cols.name_set[ent.table]
            later = {k: v for k, v in later.items() if k in cols and k in values}
        row[pos["_versions"]] = json.dumps(later, sort_keys=True) if later else "{}"
        return row

    def _read_back_digest(self, ent: _Entity) -> str:
        """Digest of the row as SQLite returns it (values whose stored form we do not predict)."""
        row = dict(next(iter(self.db.query(f"SELECT * FROM [{ent.table}] WHERE id = ?", [ent.id]))))
        ent.row = row
        return row_digest(row)

    def _write_inserts(self, table: str, group: list[_Entity]) -> None:
        shape = self.cols.shape[table]
        names = shape.names
        rows = []
        for ent in group:
            values = self._stored_values(ent)
            # Written in stored form (same result in the file), digest from the same values.
            ent.digest = shape.digest(values) if shape.stored_form(values) else None
            rows.append(values)
        cols = ", ".join(f"[{n}]" for n in names)
        one = "(" + ", ".join("?" for _ in names) + ")"
        sql = f"INSERT INTO [{table}] ({cols}) VALUES {one}"
        per = max(1, min(INSERT_BATCH, self.cols.max_vars // len(names)))
        self.db.execute("SAVEPOINT sync_insert")
        try:
            for i in range(0, len(rows), per):
                chunk = rows[i:i + per]
                self.db.conn.execute(f"INSERT INTO [{table}] ({cols}) VALUES " + ", ".join([one] * len(chunk)),
                                     [v for r in chunk for v in r])
        except sqlite3.IntegrityError:
            # A unique value taken by another row (same call sign or event number from
            # two stations) or another constraint of this archive: those changes go to
            # quarantine (retried at every sync), the new rows that hang on them are
            # parked, the rest is applied. In creation order, so a linked event meets
            # its parent first.
            self.db.execute("ROLLBACK TO sync_insert")
            for ent, row in sorted(zip(group, rows, strict=False), key=lambda p: (p[0].hlc, p[0].id)):
                if self._park_if_orphan(ent):
                    continue
                try:
                    self.db.execute(sql, row)
                except sqlite3.IntegrityError as exc:
                    self._quarantine_entity(ent, f"IntegrityError: {exc}")
        self.db.execute("RELEASE sync_insert")

    def _park_entity(self, ent: _Entity, missing: str) -> None:
        ent.failed = True
        self.cache.pop((ent.table, ent.id), None)
        self.failed_keys.add((ent.table, ent.id))
        park(self.store, [(c, missing) for c in ent.changes], self.now)
        self.report.parked += len(ent.changes)

    def _quarantine_entity(self, ent: _Entity, reason: str) -> None:
        ent.failed = True
        self.cache.pop((ent.table, ent.id), None)
        self.failed_keys.add((ent.table, ent.id))
        for change in ent.changes:
            self.store.sync_issues.quarantine(change, reason)
        self.report.quarantined += len(ent.changes)

    def _park_if_orphan(self, ent: _Entity) -> bool:
        """Park a new row whose parent was refused in this page (FKs would fail the commit)."""
        for column, parent in PARENTS[ent.table]:
            ref = ent.values.get(column)
            if ref and (parent, ref) in self.failed_keys:
                self._park_entity(ent, f"{parent}:{ref}")
                return True
        return False

    def _prepare_update(self, ent: _Entity) -> dict[str, Any]:
        """The columns to rewrite (empty: none); ``ent.row`` and its digest become the new row's."""
        names = self.cols.names[ent.table]
        new = self._stored_values(ent)
        old = ent.row or {}
        old_values = list(map(old.get, names))
        frozen = JOURNAL_WRITE_ONCE if ent.table == "journal" else ()
        diff = {}
        for i, (name, was, now) in enumerate(zip(names, old_values, new, strict=False)):
            if was != now and name != "id" and name not in frozen:
                diff[name] = now
                old_values[i] = now
        shape = self.cols.shape[ent.table]
        if shape.stored_form(old_values):  # now the new row, as SQLite will store it
            ent.digest = shape.digest(old_values)
        else:
            ent.digest = None
        ent.row = dict(zip(names, old_values, strict=False))
        if frozen:
            ent.values.update({k: old[k] for k in JOURNAL_WRITE_ONCE if k in old})
        return diff

    def _write_updates(self, table: str, columns: tuple[str, ...],
                       group: list[tuple[_Entity, dict[str, Any]]]) -> None:
        """Rows that change the same columns, in multi-row UPDATE statements, in rowid
        order: FTS5 writes a segment per statement and whenever the rowid goes down."""
        rowids: dict[str, int] = {}
        ids = [ent.id for ent, _ in group]
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rowids.update(self.db.execute(f"SELECT id, rowid FROM [{table}] WHERE id IN ({marks})", chunk))
        rows = sorted(([rowids[ent.id], *(diff[c] for c in columns)] for ent, diff in group), key=lambda r: r[0])
        sets = ", ".join(f"[{c}] = v.column{i + 2}" for i, c in enumerate(columns))
        one = "(" + ", ".join("?" for _ in range(len(columns) + 1)) + ")"
        per = max(1, min(INSERT_BATCH, self.cols.max_vars // (len(columns) + 1)))
        for i in range(0, len(rows), per):
            batch = rows[i:i + per]
            self.db.conn.execute(f"UPDATE [{table}] SET {sets} FROM (VALUES {', '.join([one] * len(batch))}) AS v "
                                 f"WHERE [{table}].rowid = v.column1", [v for r in batch for v in r])

    def _write_side_tables(self, dirty: list[_Entity]) -> None:
        gens, bases, clashes, unclashed = [], [], [], []
        hidden, unhidden = [], []
        for ent in dirty:
            if ent.failed:
                continue
            if ent.table == "events":
                if ent.hidden_parent:
                    hidden.append((ent.id, ent.hidden_parent))
                elif ent.id in self.hidden_parents():
                    unhidden.append((ent.id,))
            if ent.table == "assignments" and ent.clash != ent.clash_stored:
                if ent.clash is None:
                    unclashed.append((ent.id,))
                else:
                    clashes.append((ent.id, ent.values.get("status"), ent.versions.get("status", ent.hlc), ent.clash))
                ent.clash_stored = ent.clash
            elif ent.table == "assignments" and ent.clash is not None:
                clashes.append((ent.id, ent.values.get("status"), ent.versions.get("status", ent.hlc), ent.clash))
            if ent.table == "events":
                rank = ent.values.get("status_rank")
                gen = int(ent.values.get("status_gen") or 0)
                progress = _progress(ent.values.get("status"))
                rank = int(rank) if rank is not None else progress
                # A new event at generation 0 whose rank is its own status needs no row
                # (that is what a missing row means); others are written (and override
                # the status trigger, which fired on the remote change).
                if not (ent.created and gen == 0 and rank == progress):
                    gens.append((ent.id, gen, rank))
            if not ent.has_bases:
                continue
            for key, base in ent.versions.items():
                if key.startswith(BASE_PREFIX):
                    name = key[len(BASE_PREFIX):]
                    bases.append((ent.table, ent.id, name, ent.versions.get(name, ent.hlc), base))
        if gens:
            self.db.conn.executemany("INSERT OR REPLACE INTO sync_gen VALUES (?, ?, ?)", gens)
        if bases:
            self.db.conn.executemany("INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?, ?, ?)", bases)
        if clashes:
            self.db.conn.executemany("INSERT OR REPLACE INTO sync_clash VALUES (?, ?, ?, ?)", clashes)
        if unclashed:
            self.db.conn.executemany("DELETE FROM sync_clash WHERE assignment_id = ?", unclashed)
        if hidden:
            self.db.conn.executemany("INSERT OR REPLACE INTO sync_hidden_parent VALUES (?, ?)", hidden)
            self.hidden_parents().update(hidden)
        if unhidden:
            self.db.conn.executemany("DELETE FROM sync_hidden_parent WHERE event_id = ?", unhidden)
            for (event_id,) in unhidden:
                self.hidden_parents().pop(event_id, None)

    def _write_conflicts(self, dirty: list[_Entity]) -> None:
        rows = []
        for table, entity_id, c in self.conflicts:
            if (table, entity_id) in self.failed_keys:
                continue  # parked: its merge is done again when it is applied
            rows.append((conflict_id(table, entity_id, c.field, c.lost_hlc), table, entity_id, c.field,
                         _encode(c.kept_value), c.kept_hlc, _encode(c.lost_value), c.lost_hlc, c.lost_origin,
                         c.reason, self.now))
        if rows:
            # rowcount: rows actually inserted (ignored duplicates count 0), without two
            # count(*) scans of a table that grows with every remote edit (hidden losses).
            self.report.conflicts += self.db.conn.executemany(
                "INSERT OR IGNORE INTO conflicts (id, entity, entity_id, field, kept_value, kept_hlc, lost_value, "
                "lost_hlc, lost_origin, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows).rowcount
        involved = {(e.table, e.id): e for e in dirty}
        for table, entity_id, _ in self.conflicts:
            ent = self.cache.get((table, entity_id))
            if ent is not None:
                involved[(table, entity_id)] = ent
        self.conflicts.clear()
        self._refresh_kept(list(involved.values()))

    def _refresh_kept(self, dirty: list[_Entity]) -> None:
        """An unresolved conflict shows the value kept NOW, and is shown only while it is
        reviewable against it (resolution ``hidden`` otherwise, shown again if that changes)."""
        by_table: dict[str, dict[str, _Entity]] = {}
        for ent in dirty:
            if not ent.failed:
                by_table.setdefault(ent.table, {})[ent.id] = ent
        if by_table and self.db.execute("SELECT 1 FROM conflicts LIMIT 1").fetchone() is None:
            return  # nothing recorded yet: nothing to refresh
        for table, ents in by_table.items():
            ids = list(ents)
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                marks = ", ".join("?" for _ in chunk)
                rows = self.db.execute(
                    f"SELECT id, entity_id, field, lost_value, lost_hlc, kept_value, kept_hlc, resolution, reason "
                    f"FROM conflicts WHERE entity = ? AND entity_id IN ({marks}) "
                    f"AND (resolved_at IS NULL OR resolution = ?)", [table, *chunk, HIDDEN]).fetchall()
                updates = []
                for cid, entity_id, name, lost, lost_hlc, kept, kept_hlc, resolution, reason in rows:
                    ent = ents[entity_id]
                    if reason == REASON_UNIT_BUSY:
                        # Shown while the assignment stays cancelled for it; the lost value
                        # is its natural status now.
                        shown = ent.clash is not None
                        new_lost = _encode(ent.values.get(name))
                        if new_lost == lost and shown == (resolution is None):
                            continue
                        updates.append((new_lost, _encode(_CANCELLED), kept_hlc, None if shown else self.now,
                                        None if shown else HIDDEN, cid))
                        continue
                    now_kept, now_hlc = ent.values.get(name), ent.versions.get(name, ent.hlc)
                    shown = reviewable(decode_value(lost), lost_hlc, now_kept, now_hlc,
                                       ent.versions.get(BASE_PREFIX + name))
                    enc = _encode(now_kept)
                    if (enc, now_hlc) == (kept, kept_hlc) and shown == (resolution is None):
                        continue
                    updates.append((lost, enc, now_hlc, None if shown else self.now, None if shown else HIDDEN,
                                    cid))
                self.db.conn.executemany("UPDATE conflicts SET lost_value = ?, kept_value = ?, kept_hlc = ?, "
                                         "resolved_at = ?, resolution = ? WHERE id = ?", updates)


def _moves_areas(ent: _Entity) -> bool:
    """A new row placed somewhere, or a changed coordinate, shape or switch."""
    fields = TRACKED.get(ent.table)
    if fields is None:
        return False
    if ent.created:
        return any(ent.values.get(k) is not None for k in fields)
    old = ent.row or {}
    return any(old.get(k) != ent.values.get(k) for k in fields)


def _progress(status: Any) -> int:
    try:
        return EVENT_PROGRESS[EventStatus(status)]
    except ValueError:
        return 0


def conflict_id(entity: str, entity_id: str, field_: str, lost_hlc: str) -> str:
    """Same lost write, same conflict id on every replica (and on repeated delivery)."""
    return hashlib.sha256(f"{entity}\x1f{entity_id}\x1f{field_}\x1f{lost_hlc}".encode()).hexdigest()[:32]


def _encode(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def decode_value(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


# ----------------------------------------------------------------- page level
def apply_page(store: Store, changes: list[dict[str, Any]], *, cursor: int | None = None,
               retry: bool = True, seen_hlc: str = "") -> ApplyReport:
    """Apply one pulled page and store the new cursor, in one transaction.

    ``retry``: also retry the parked changes (``sync/quarantine.py`` turns it off when it
    applies a failed page one change at a time, and retries them one by one itself).
    ``seen_hlc``: the latest stamp of the page's changes written in bulk before this call
    (sync/snapshot_apply.py): the clock observes it with the rest, once."""
    with store.transaction():
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        applier = Applier(store)
        applier.max_hlc = seen_hlc
        applier.preload(changes)
        parked = []
        for change in changes:
            missing = applier.missing_for(change)
            if missing:
                parked.append((change, missing))
            else:
                applier.apply(change)
        park(store, parked, applier.now)
        applier.report.parked = len(parked)
        applier.report.unparked = retry_parked(store, applier) if retry else 0
        applier.flush()
        if applier.max_hlc:
            store.clock.observe(applier.max_hlc)
        if cursor is not None:
            store.meta.set(MetaKey.PULL_CURSOR, str(cursor))
        return applier.report


def refresh_local_conflicts(store: Store) -> None:
    """Local edits move kept values too: refresh the conflicts of rows with unsent changes
    (called before each push, so every replica judges them against the same state)."""
    with store.transaction():
        applier = Applier(store)
        keys = store.db.execute(
            "SELECT DISTINCT o.entity, o.entity_id FROM outbox o WHERE EXISTS (SELECT 1 FROM conflicts c "
            "WHERE c.entity = o.entity AND c.entity_id = o.entity_id)").fetchall()
        ents = [e for e in (applier._load(t, i) for t, i in keys) if e is not None]
        applier._load_bases([(e.table, e.id) for e in ents])
        applier._refresh_kept(ents)


def pull_cursor(store: Store) -> int:
    return int(store.meta.get(MetaKey.PULL_CURSOR) or 0)


def hlc_wall(hlc: str) -> int:
    return Timestamp.parse(hlc).wall_ms
