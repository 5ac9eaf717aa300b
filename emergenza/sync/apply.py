"""Applying pulled changes to the local store, through the merge rule.

One page is applied in ONE transaction together with the new pull cursor, so a crash
resumes cleanly. Pulled changes write no outbox rows; they observe the clock, write
one audit row per touched row (action ``sync.apply``, digest of the row as written,
so ``emergenza check`` stays clean) and record every lost value in ``conflicts``.

Foreign keys are on: a change whose parent (event, resource) or whose own entity
(an update arriving before its insert) is not here yet is parked in ``sync_pending``
and retried after every page.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..domain.enums import EventStatus
from ..domain.hlc import Timestamp
from ..domain.lifecycle import EVENT_PROGRESS
from ..store.audit import row_digest
from ..store.store import Store
from .merge import (
    BASE_PREFIX,
    FieldConflict,
    is_active_assignment,
    REASON_UNIT_BUSY,
    clash_stamp,
    merge_change,
    node_of,
    reviewable,
    settle_unit,
)

SYNC_OPERATOR = "sync"
HIDDEN = "hidden"  # resolution of a recorded loss not for review against the value kept now
SYNC_ACTION = "sync.apply"
META_CURSOR = "pull_cursor"

# Parent references checked before a row is written (FKs are enforced at commit).
PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("parent_id", "events"),),
    "assignments": (("event_id", "events"), ("resource_id", "resources")),
    "journal": (("event_id", "events"),),
    "resources": (),
}
# Journal content is guarded by triggers: written once, never rewritten.
_JOURNAL_FROZEN = frozenset({"event_id", "at", "author", "text", "automatic", "kind"})
_FLUSH_ORDER = ("events", "resources", "assignments", "journal")


@dataclass
class ApplyReport:
    applied: int = 0
    parked: int = 0
    unparked: int = 0
    conflicts: int = 0
    duplicates: int = 0
    new_shared_events: list[str] = field(default_factory=list)


@dataclass
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


class _Columns:
    """Column facts of the synced tables (read once per apply)."""

    def __init__(self, store: Store):
        self.names: dict[str, list[str]] = {}
        self.name_set: dict[str, frozenset[str]] = {}
        self.accepted: dict[str, frozenset[str]] = {}
        self.required: dict[str, set[str]] = {}
        for table in _FLUSH_ORDER:
            info = store.db.execute(f"PRAGMA table_info([{table}])").fetchall()
            self.names[table] = [r[1] for r in info]
            self.name_set[table] = frozenset(self.names[table]) - {"id", "_hlc", "_versions"}
            self.accepted[table] = self.name_set[table] | {"_base", "status_gen", "status_rank"}
            self.required[table] = {r[1] for r in info if r[3] and r[4] is None
                                    and r[1] not in ("id", "_hlc", "_versions")}


class Applier:
    """Applies changes inside the caller's transaction; ``flush()`` writes them."""

    def __init__(self, store: Store, *, now_iso: str | None = None):
        self.store = store
        self.db = store.db
        self.cols = _Columns(store)
        self.cache: dict[tuple[str, str], _Entity] = {}
        self.absent: set[tuple[str, str]] = set()  # looked up, not in the store (yet)
        self.conflicts: list[tuple[str, str, FieldConflict]] = []
        self.touched_units: set[str] = set()
        self.report = ApplyReport()
        self.now = now_iso or store.now_iso()
        self.max_hlc = ""

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
            for i in range(0, len(id_list), 500):
                chunk = id_list[i:i + 500]
                marks = ", ".join("?" for _ in chunk)
                for row in self.db.query(f"SELECT * FROM [{table}] WHERE id IN ({marks})", chunk):
                    self.cache[(table, row["id"])] = self._entity_of(table, row)
                self.absent.update((table, i) for i in chunk if (table, i) not in self.cache)
        self._load_bases([k for k in self.cache])

    def _entity_of(self, table: str, row: dict[str, Any]) -> _Entity:
        hlc = row["_hlc"]
        stored = json.loads(row["_versions"] or "{}")
        values = {k: v for k, v in row.items() if k not in ("id", "_hlc", "_versions")}
        versions = {k: stored.get(k, hlc) for k in values}
        clash = None
        if table == "events":
            gen = self.db.execute("SELECT gen, rank FROM sync_gen WHERE event_id = ?", [row["id"]]).fetchone()
            values["status_gen"], values["status_rank"] = gen if gen else (0, None)
            versions["status_gen"] = versions["status_rank"] = versions["status"]
        elif table == "assignments":
            natural = self.db.execute("SELECT status, hlc, winner_id FROM sync_clash WHERE assignment_id = ?",
                                      [row["id"]]).fetchone()
            if natural:
                values["status"], versions["status"], clash = natural
        return _Entity(table, row["id"], row, values, versions, hlc, clash=clash, clash_stored=clash)

    def _load_bases(self, keys: list[tuple[str, str]]) -> None:
        by_table: dict[str, list[str]] = {}
        for table, entity_id in keys:
            by_table.setdefault(table, []).append(entity_id)
        for table, ids in by_table.items():
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                marks = ", ".join("?" for _ in chunk)
                for entity_id, name, hlc, base in self.db.execute(
                        f"SELECT entity_id, field, hlc, base FROM sync_state WHERE entity = ? "
                        f"AND entity_id IN ({marks})", [table, *chunk]):
                    ent = self.cache.get((table, entity_id))
                    if ent is not None and ent.versions.get(name) == hlc:
                        ent.versions[BASE_PREFIX + name] = base

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
            ref = fields.get(column) if column in fields else None
            if ref and not self._exists(parent, ref):
                return f"{parent}:{ref}"
        return None

    def apply(self, change: dict[str, Any]) -> None:
        table, entity_id = change["entity"], change["entity_id"]
        known = self.cols.accepted[table]
        if not change["fields"].keys() <= known:  # fields of a newer schema: not ours to store
            change = {**change, "fields": {k: v for k, v in change["fields"].items() if k in known}}
        if change["hlc"] > self.max_hlc:
            self.max_hlc = change["hlc"]
        ent = self._load(table, entity_id)
        outcome = merge_change(table, ent.values if ent else None, ent.versions if ent else {}, change)
        if ent is None:
            # Columns the insert did not carry stay NULL ("never written" for the merge).
            ent = _Entity(table, entity_id, None, outcome.values, outcome.versions, change["hlc"],
                          dirty=True, created=True)
            self.cache[(table, entity_id)] = ent
            if table == "events" and ent.values.get("sharing") == "shared":
                self.report.new_shared_events.append(entity_id)
        else:
            moved = bool(outcome.changed) or outcome.versions != ent.versions
            if not moved and not outcome.conflicts:
                self.report.duplicates += 1
            ent.values, ent.versions = outcome.values, outcome.versions
            ent.dirty = ent.dirty or moved
        ent.changes.append(change)
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
                if winner == ent.clash:
                    continue
                ent.clash = winner
                ent.dirty = True
                if winner is not None:
                    stamp = clash_stamp(ent.hlc)
                    self.conflicts.append(("assignments", ent.id, FieldConflict(
                        "status", "cancelled", stamp, ent.values.get("status"), stamp, node_of(ent.hlc),
                        REASON_UNIT_BUSY)))
        self.touched_units.clear()

    # ------------------------------------------------------------------ writing
    def flush(self) -> None:
        """Write every dirty row, its audit row, bases, generations and conflicts."""
        self._settle_units()
        dirty = [e for e in self.cache.values() if e.dirty]
        audit_entries = []
        # Updates first, and those that free a unit before those that take one (the
        # partial unique index allows one active assignment per unit at every step).
        updates = [e for e in dirty if not e.created]
        updates.sort(key=lambda e: 0 if e.table == "assignments" and not is_active_assignment(
            self._stored_row(e)["status"]) else 1)
        for ent in updates:
            self._write_update(ent)
        for table in _FLUSH_ORDER:
            group = [e for e in dirty if e.created and e.table == table]
            if group:
                self._write_inserts(table, group)
        for ent in sorted(dirty, key=lambda e: (_FLUSH_ORDER.index(e.table), e.hlc, e.id)):
            if ent.failed:
                continue
            audit_entries.append((self.now, SYNC_OPERATOR, SYNC_ACTION, ent.table, ent.id, row_digest(ent.row)))
            ent.dirty = ent.created = False
        self.store.audit.append_many(audit_entries)
        self._write_side_tables(dirty)
        self._write_conflicts(dirty)
        self.db.execute("DELETE FROM sync_stash")

    def _stored_row(self, ent: _Entity) -> dict[str, Any]:
        names = self.cols.names[ent.table]
        values, hlc = ent.values, ent.hlc
        row = {name: values.get(name) for name in names}
        row["id"], row["_hlc"] = ent.id, hlc
        versions = ent.versions
        if ent.table == "assignments" and ent.clash is not None:
            row["status"] = "cancelled"
            versions = {**versions, "status": clash_stamp(hlc)}
        later = {k: v for k, v in versions.items() if v != hlc}
        if later:
            cols = self.cols.name_set[ent.table]
            later = {k: v for k, v in later.items() if k in cols and k in values}
        row["_versions"] = json.dumps(later, sort_keys=True) if later else "{}"
        return row

    def _write_inserts(self, table: str, group: list[_Entity]) -> None:
        names = self.cols.names[table]
        rows = []
        for ent in group:
            ent.row = self._stored_row(ent)
            rows.append([ent.row[n] for n in names])
        cols = ", ".join(f"[{n}]" for n in names)
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO [{table}] ({cols}) VALUES ({marks})"
        self.db.execute("SAVEPOINT sync_insert")
        try:
            self.db.conn.executemany(sql, rows)
        except sqlite3.IntegrityError:
            # A unique value taken by another row (same call sign or event number from
            # two stations): park those changes, apply the rest.
            self.db.execute("ROLLBACK TO sync_insert")
            for ent, row in zip(group, rows):
                try:
                    self.db.execute(sql, row)
                except sqlite3.IntegrityError as exc:
                    ent.failed = True
                    self.cache.pop((ent.table, ent.id), None)
                    _park(self.store, [(c, f"unique:{exc}") for c in ent.changes], self.now)
                    self.report.parked += len(ent.changes)
        self.db.execute("RELEASE sync_insert")

    def _write_update(self, ent: _Entity) -> None:
        new = self._stored_row(ent)
        old = ent.row or {}
        diff = {k: v for k, v in new.items() if k != "id" and old.get(k) != v
                and not (ent.table == "journal" and k in _JOURNAL_FROZEN)}
        ent.row = {**old, **diff}
        if ent.table == "journal":
            ent.values.update({k: old[k] for k in _JOURNAL_FROZEN if k in old})
        if not diff:
            return
        sets = ", ".join(f"[{k}] = ?" for k in diff)
        self.db.execute(f"UPDATE [{ent.table}] SET {sets} WHERE id = ?", [*diff.values(), ent.id])

    def _write_side_tables(self, dirty: list[_Entity]) -> None:
        gens, bases, clashes, unclashed = [], [], [], []
        for ent in dirty:
            if ent.failed:
                continue
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

    def _write_conflicts(self, dirty: list[_Entity]) -> None:
        rows = []
        for table, entity_id, c in self.conflicts:
            rows.append((conflict_id(table, entity_id, c.field, c.lost_hlc), table, entity_id, c.field,
                         _encode(c.kept_value), c.kept_hlc, _encode(c.lost_value), c.lost_hlc, c.lost_origin,
                         c.reason, self.now))
        if rows:
            before = self.db.execute("SELECT count(*) FROM conflicts").fetchone()[0]
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO conflicts (id, entity, entity_id, field, kept_value, kept_hlc, lost_value, "
                "lost_hlc, lost_origin, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.report.conflicts += self.db.execute("SELECT count(*) FROM conflicts").fetchone()[0] - before
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
                        updates.append((new_lost, _encode("cancelled"), kept_hlc, None if shown else self.now,
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
def apply_page(store: Store, changes: list[dict[str, Any]], *, cursor: int | None = None) -> ApplyReport:
    """Apply one pulled page and store the new cursor, in one transaction."""
    with store.transaction():
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        applier = Applier(store)
        applier.preload(changes)
        parked = []
        for change in changes:
            missing = applier.missing_for(change)
            if missing:
                parked.append((change, missing))
            else:
                applier.apply(change)
        _park(store, parked, applier.now)
        applier.report.parked = len(parked)
        applier.report.unparked = _retry_parked(store, applier)
        applier.flush()
        if applier.max_hlc:
            store.clock.observe(applier.max_hlc)
        if cursor is not None:
            store.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [META_CURSOR, str(cursor)])
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


def _park(store: Store, parked: list[tuple[dict[str, Any], str]], now: str) -> None:
    if parked:
        store.db.conn.executemany(
            "INSERT OR IGNORE INTO sync_pending (change_id, entity, entity_id, change, missing, parked_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(c["change_id"], c["entity"], c["entity_id"], json.dumps(c, ensure_ascii=False), m, now)
             for c, m in parked])


def _retry_parked(store: Store, applier: Applier) -> int:
    """Apply parked changes whose parents have arrived; repeat while that helps."""
    done = 0
    while True:
        progress = 0
        for seq, text in store.db.execute("SELECT seq, change FROM sync_pending WHERE missing NOT LIKE 'unique:%' "
                                          "ORDER BY seq").fetchall():
            change = json.loads(text)
            if applier.missing_for(change) is None:
                applier.apply(change)
                store.db.execute("DELETE FROM sync_pending WHERE seq = ?", [seq])
                progress += 1
        done += progress
        if not progress:
            return done


def parked_count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM sync_pending").fetchone()[0]


def pull_cursor(store: Store) -> int:
    return int(store.get_meta(META_CURSOR) or 0)


# ------------------------------------------------------------------ clamping
def rewrite_clamped(store: Store, clamped: list[dict[str, Any]], sent: dict[str, dict[str, Any]]) -> int:
    """The server moved some of our stamps back (our clock ran ahead): use its stamps
    in our own versions too, so every replica holds the same versions.

    ``sent``: change_id -> the change as pushed. Returns how many rows were rewritten.
    """
    if not clamped:
        return 0
    done = 0
    with store.transaction():
        audit_entries = []
        for item in clamped:
            change = sent.get(item["change_id"])
            if change is None:
                continue
            old, new = item["hlc"], item["clamped_hlc"]
            table, entity_id = change["entity"], change["entity_id"]
            row = next(iter(store.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])), None)
            if row is None:
                continue
            versions = json.loads(row["_versions"] or "{}")
            versions = {k: (new if v == old else v) for k, v in versions.items()}
            creation = new if row["_hlc"] == old else row["_hlc"]
            if creation != row["_hlc"]:
                # Fields still at the creation stamp keep it implicitly: nothing to list.
                versions = {k: v for k, v in versions.items() if v != creation}
            store.db.execute(f"UPDATE [{table}] SET _hlc = ?, _versions = ? WHERE id = ?",
                             [creation, json.dumps(versions, sort_keys=True), entity_id])
            store.db.execute("UPDATE sync_state SET hlc = ? WHERE entity = ? AND entity_id = ? AND hlc = ?",
                             [new, table, entity_id, old])
            fresh = dict(next(store.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])))
            audit_entries.append((store.now_iso(), SYNC_OPERATOR, "sync.clamp", table, entity_id, row_digest(fresh)))
            store.clock.observe(new)
            done += 1
        store.audit.append_many(audit_entries)
        store.db.execute("DELETE FROM sync_stash")
    return done


def hlc_wall(hlc: str) -> int:
    return Timestamp.parse(hlc).wall_ms
