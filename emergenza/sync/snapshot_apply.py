"""A snapshot page applied in bulk (sync/snapshot.py): rows new here are inserted as they are.

A snapshot page describes entities, not history: each entity comes as the changes that
rebuild its current state (the first with every field, then one per later version).
An entity this store does not hold yet needs none of the general apply's machinery: no
row to load, nothing to lose (a snapshot carries current values only, so it records
no conflicts), no unit to settle. Its merged state is computed in memory with the same
merge rule (``merge_change``, change after change, exactly as ``Applier.apply`` does),
written in multi-row INSERT statements (FTS triggers fire once per statement, as in
``apply``), its audit rows appended in one go with the digests computed from the values
written, and its side rows (status generations, bases) in one statement each.

Everything else goes the general way (``apply.apply_page``) in the same transaction:
rows already here (a station that worked before its first sync, a resumed snapshot),
assignments (the one-active-assignment-per-unit rule looks at the unit's other rows),
rows whose parent is neither here nor in the page (parked, or a reserved parent),
events some row already names as its hidden parent. The caller holds the transaction;
if the bulk write fails (a unique value taken here, a bug) the caller applies the page
the general way instead, which quarantines what it cannot apply.
"""

from __future__ import annotations

import json
from itertools import chain
from typing import Any

from ..domain.enums import Sharing
from ..domain.lifecycle import EVENT_PROGRESS
from ..store import Store
from ..store.areas import TRACKED
from ..store.audit import row_digest
from .apply import (
    FLUSH_ORDER,
    INSERT_BATCH,
    PARENTS,
    SYNC_ACTION,
    SYNC_OPERATOR,
    ApplyReport,
    Columns,
    apply_page,
)
from .merge import BASE_KEY, BASE_PREFIX, merge_change

# Tables whose new rows take the bulk path. Assignments do not: whether one is cancelled
# (a unit on two active events) depends on the unit's other assignments (apply.py).
BULK_TABLES = frozenset({"events", "journal", "resources", "risk_areas", "cameras"})
_CHUNK = 500  # ids per IN (...) look-up
# merge._event_progress without an enum per call (-1: not a status).
_PROGRESS = {status.value: progress for status, progress in EVENT_PROGRESS.items()}
_SHARED = Sharing.SHARED.value


def _progress(status: Any, unknown: int) -> int:
    return _PROGRESS.get(status, unknown) if isinstance(status, str) else unknown


def _present(store: Store, table: str, ids: list[str]) -> set[str]:
    """Which of ``ids`` the table holds (one indexed look-up per chunk)."""
    found: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.update(r[0] for r in store.db.execute(f"SELECT id FROM [{table}] WHERE id IN ({marks})", chunk))
    return found


class _New:
    """One entity new to this store: its changes and merged state."""

    __slots__ = ("changes", "has_bases", "hlc", "id", "table", "values", "versions")

    def __init__(self, table: str, entity_id: str, changes: list[dict[str, Any]], accepted: frozenset[str]):
        self.table, self.id, self.changes = table, entity_id, changes
        first = changes[0]
        self.hlc = first["hlc"]  # the creation stamp, as Applier.apply keeps it
        self.has_bases = BASE_KEY in first["fields"]
        if len(changes) == 1 and not self.has_bases:
            # One write (the common case): merge_change's result for a new entity, without
            # the versions (all the creation stamp: "_versions" stays "{}").
            fields = dict(first["fields"])
            fields.pop("id", None)  # the server may send the stored state whole
            if fields.keys() <= accepted:
                if table == "events" and "status" in fields:
                    fields.setdefault("status_gen", 0)
                    fields.setdefault("status_rank", _progress(fields["status"], -1))
                self.values: dict[str, Any] = fields
                self.versions: dict[str, str] = {}
                return
        values: dict[str, Any] | None = None
        versions: dict[str, str] = {}
        for change in changes:
            if not change["fields"].keys() <= accepted:  # fields of a newer schema: not ours to store
                change = {**change, "fields": {k: v for k, v in change["fields"].items() if k in accepted}}
            self.has_bases = self.has_bases or BASE_KEY in change["fields"]
            outcome = merge_change(table, values, versions, change)
            values, versions = outcome.values, outcome.versions
        self.values = values or {}
        self.versions = versions


class SnapshotPage:
    """Applies one snapshot page inside the caller's transaction (``run``)."""

    def __init__(self, store: Store, cols: Columns | None = None):
        self.store = store
        self.cols = cols or Columns(store)
        self.written = 0  # entities written by the bulk path (the rest went the general way)

    def run(self, changes: list[dict[str, Any]]) -> ApplyReport:
        store = self.store
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for change in changes:
            groups.setdefault((change["entity"], change["entity_id"]), []).append(change)
        by_table: dict[str, list[str]] = {}
        for table, entity_id in groups:
            by_table.setdefault(table, []).append(entity_id)
        here = {table: _present(store, table, ids) for table, ids in by_table.items() if table in BULK_TABLES}
        candidates: dict[str, list[_New]] = {}
        general: set[tuple[str, str]] = set()
        for (table, entity_id), group in groups.items():
            if table in BULK_TABLES and entity_id not in here[table]:
                candidates.setdefault(table, []).append(_New(table, entity_id, group, self.cols.accepted[table]))
            else:
                general.add((table, entity_id))
        held = self._parents_held(candidates)
        hidden_parents = {p for (p,) in store.db.execute("SELECT parent_id FROM sync_hidden_parent")}
        new: dict[str, list[_New]] = {}
        created: dict[str, set[str]] = {}
        fits = self._fits
        for table in FLUSH_ORDER:  # parents first: a child may hang on a row of the same page
            ents = candidates.get(table)
            if not ents:
                continue
            made, fitting = created.setdefault(table, set()), []
            for ent in ents:  # in order: an event may hang on one just before it
                if fits(ent, created, held, hidden_parents):
                    fitting.append(ent)
                    made.add(ent.id)
                else:
                    general.add((table, ent.id))
            if fitting:
                self.written += len(fitting)
                new[table] = fitting
        report = self._write(new)
        # After the new rows (what hangs on them finds them here), in the page's order;
        # also when only parked changes wait: they are retried after every page.
        if general or store.db.execute("SELECT 1 FROM sync_pending LIMIT 1").fetchone():
            rest = apply_page(store, [c for c in changes if (c["entity"], c["entity_id"]) in general])
            for name in ("applied", "parked", "unparked", "conflicts", "duplicates", "quarantined"):
                setattr(report, name, getattr(report, name) + getattr(rest, name))
            report.new_shared_events += rest.new_shared_events
        return report

    def _parents_held(self, candidates: dict[str, list[_New]]) -> dict[str, set[str]]:
        """The parents the new rows name that this store holds (one look-up per chunk)."""
        refs: dict[str, set[str]] = {}
        for table, ents in candidates.items():
            for column, parent in PARENTS[table]:
                for ent in ents:
                    ref = ent.values.get(column)
                    if ref:
                        refs.setdefault(parent, set()).add(ref)
        return {parent: _present(self.store, parent, sorted(ids)) for parent, ids in refs.items()}

    def _fits(self, ent: _New, created: dict[str, set[str]], held: dict[str, set[str]],
              hidden_parents: set[str]) -> bool:
        """Can this new entity be written as it is (complete, its parents at hand)?"""
        if not self.cols.required[ent.table] <= ent.changes[0]["fields"].keys():
            return False  # not whole: the general apply parks it
        if ent.table == "events" and ent.id in hidden_parents:
            return False  # a child holds it as a hidden parent: the general apply links them
        for column, parent in PARENTS[ent.table]:
            ref = ent.values.get(column)
            if ref and ref not in created.get(parent, ()) and ref not in held.get(parent, ()):
                return False  # parked or hidden-parent handling: the general apply's
        return True

    # ------------------------------------------------------------------ writing
    def _write(self, new: dict[str, list[_New]]) -> ApplyReport:
        store, db = self.store, self.store.db
        report = ApplyReport()
        if not new:
            return report
        now = store.now_iso()
        audit: list[tuple[str, str, str, str, str, str]] = []
        gens: list[tuple[str, int, int]] = []
        bases: list[tuple[str, str, str, str, str]] = []
        unread: list[tuple[int, str, str]] = []  # audit entries whose digest is read back
        max_hlc = ""
        applied = 0
        placed: dict[str, list[str]] = {}  # new events and areas, by table: their membership follows
        for table in FLUSH_ORDER:  # parents before children
            ents = new.get(table)
            if not ents:
                continue
            # In the page's order (by id, as the server walks them): any order keeps the chain valid.
            shape = self.cols.shape[table]
            names, pos = shape.names, self.cols.pos[table]
            name_set = self.cols.name_set[table]
            i_id, i_hlc, i_versions = pos["id"], pos["_hlc"], pos["_versions"]
            rows = []
            # Per table, not per row: the loop below runs once per entity of the page.
            stored_form, digest, add_audit = shape.stored_form, shape.digest, audit.append
            is_events, tracked = table == "events", table in TRACKED
            for ent in ents:
                values, hlc, ent_id, ent_changes = ent.values, ent.hlc, ent.id, ent.changes
                row = list(map(values.get, names))
                row[i_id], row[i_hlc], row[i_versions] = ent_id, hlc, "{}"
                if ent.versions:  # empty: one write, every field at the creation stamp
                    later = {k: v for k, v in ent.versions.items() if v != hlc and k in name_set and k in values}
                    if later:
                        row[i_versions] = json.dumps(later, sort_keys=True)
                if stored_form(row):
                    add_audit((now, SYNC_OPERATOR, SYNC_ACTION, table, ent_id, digest(row)))
                else:  # a value whose stored form is not predicted: its digest is read back
                    unread.append((len(audit), table, ent_id))
                    add_audit((now, SYNC_OPERATOR, SYNC_ACTION, table, ent_id, ""))
                rows.append(row)
                applied += len(ent_changes)
                # One change (the common case): its hlc is the creation stamp.
                top = hlc if len(ent_changes) == 1 else max(change["hlc"] for change in ent_changes)
                if top > max_hlc:
                    max_hlc = top
                if is_events:
                    self._gen(ent, gens)
                    if values.get("sharing") == _SHARED:
                        report.new_shared_events.append(ent_id)
                if ent.has_bases:
                    bases.extend((table, ent_id, key[len(BASE_PREFIX):], ent.versions.get(key[len(BASE_PREFIX):], hlc),
                                  base) for key, base in ent.versions.items() if key.startswith(BASE_PREFIX))
                if tracked:
                    placed.setdefault(table, []).append(ent_id)
            self._insert(table, names, rows)
        for i, table, entity_id in unread:
            stored = next(iter(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])))
            audit[i] = (*audit[i][:5], row_digest(stored))
        report.applied += applied
        store.audit.append_many(audit)
        if gens:
            db.conn.executemany("INSERT OR REPLACE INTO sync_gen VALUES (?, ?, ?)", gens)
        if bases:
            db.conn.executemany("INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?, ?, ?)", bases)
        for moved_table, ids in placed.items():  # THE place membership is computed (store/areas.py)
            store.areas.follow(moved_table, ids)
        if max_hlc:
            store.clock.observe(max_hlc)
        return report

    @staticmethod
    def _gen(ent: _New, gens: list[tuple[str, int, int]]) -> None:
        """The event's status generation and rank, unless they are a new event's own
        (generation 0, rank of its status: what a missing sync_gen row means)."""
        rank = ent.values.get("status_rank")
        gen = int(ent.values.get("status_gen") or 0)
        progress = _progress(ent.values.get("status"), 0)  # as apply._progress
        rank = int(rank) if rank is not None else progress
        if not (gen == 0 and rank == progress):
            gens.append((ent.id, gen, rank))

    def _insert(self, table: str, names: list[str], rows: list[list[Any]]) -> None:
        """Multi-row INSERT statements: FTS5 writes one index segment per statement."""
        cols = ", ".join(f"[{n}]" for n in names)
        one = "(" + ", ".join("?" * len(names)) + ")"
        per = max(1, min(INSERT_BATCH, self.cols.max_vars // len(names)))
        head = f"INSERT INTO [{table}] ({cols}) VALUES "
        execute = self.store.db.conn.execute
        for i in range(0, len(rows), per):
            chunk = rows[i:i + per]
            execute(head + ", ".join([one] * len(chunk)), list(chain.from_iterable(chunk)))


def apply_snapshot_page(store: Store, changes: list[dict[str, Any]]) -> ApplyReport:
    """Apply one snapshot page inside the caller's transaction (see the module's text)."""
    return SnapshotPage(store).run(changes)


__all__ = ["BULK_TABLES", "SnapshotPage", "apply_snapshot_page"]
