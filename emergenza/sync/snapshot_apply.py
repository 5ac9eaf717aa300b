"""Pages applied in bulk: rows new here are inserted as they are (a snapshot page, and
the new entities of an ordinary pulled page).

An entity this store does not hold yet needs none of the general apply's machinery: no
row to load, nothing to lose, no unit to settle. Its merged state is computed in memory
with the same merge rule (``merge_change``, change after change, exactly as
``Applier.apply`` does; an entity written once is its fields as they came), written in
multi-row INSERT statements (FTS triggers fire once per statement, as in ``apply``), its
audit rows appended in one go with the digests computed from the values written (in the
general apply's order: by table, then creation stamp and id), its side rows (status
generations, bases) in one statement each.

Everything else goes the general way (``apply.apply_page``) in the same transaction,
after the new rows and in the page's order: rows already here, assignments (the
one-active-assignment-per-unit rule looks at the unit's other rows), rows whose parent
is neither here nor new in the page (parked, or a reserved parent), events some row
already names as its hidden parent, entities with parked changes or recorded conflicts,
a child whose change comes before its parent's in the page (the general apply parks it
for a moment: so do both). A snapshot records no conflicts (it carries current values
only); an ordinary page (``stream=True``) sends an entity whose own changes lose values
to each other the general way, which records them.

The caller holds the transaction; if the bulk write fails (a unique value taken here, a
bug) the caller applies the page the general way instead (``quarantine.apply_bulk_safely``),
which quarantines what it cannot apply. ``tests/sync/test_stream_bulk.py`` applies the
same pages both ways and compares every table.
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
    columns_of,
)
from .merge import BASE_KEY, BASE_PREFIX, merge_change

# Tables whose new rows take the bulk path. Assignments do not: whether one is cancelled
# (a unit on two active events) depends on the unit's other assignments (apply.py).
BULK_TABLES = frozenset({"events", "journal", "resources", "risk_areas", "cameras"})
_CHUNK = 500  # ids per IN (...) look-up
_PROGRESS = {status.value: progress for status, progress in EVENT_PROGRESS.items()}
_SHARED = Sharing.SHARED.value
# References the general apply checks change by change when it meets them (missing_for
# parks a change whose parent is not here YET); an event's parent_id is only looked at
# when the row is written (a reserved parent: sync_hidden_parent).
_ORDERED = {table: tuple((column, parent, column != "parent_id") for column, parent in refs)
            for table, refs in PARENTS.items()}


def _level(values: dict[str, Any], raw: bool) -> tuple[int, int] | None:
    """An event's status generation and rank as the general apply stores them in sync_gen,
    or None when they are a new event's own (generation 0, the rank of its status: what a
    missing row means). ``raw``: ``values`` are a change's fields, before merge_change's
    defaults (an event written with a status: generation 0 and the status's progress)."""
    status = values.get("status")
    gen, rank = values.get("status_gen"), values.get("status_rank")
    key = status if type(status) is str else ""  # "": not a status
    if raw and "status" in values:
        if "status_gen" not in values:
            gen = 0
        if "status_rank" not in values:
            rank = _PROGRESS.get(key, -1)  # merge._event_progress
    progress = _PROGRESS.get(key, 0)  # apply._progress
    gen = int(gen or 0)
    rank = int(rank) if rank is not None else progress
    return None if gen == 0 and rank == progress else (gen, rank)


def _present(store: Store, table: str, ids: list[str]) -> set[str]:
    """Which of ``ids`` the table holds (one indexed look-up per chunk)."""
    found: set[str] = set()
    execute = store.db.conn.execute
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.update(r[0] for r in execute(f"SELECT id FROM [{table}] WHERE id IN ({marks})", chunk))
    return found


def _present_in(store: Store, sql: str, table: str, ids: list[str]) -> set[str]:
    found: set[str] = set()
    execute = store.db.conn.execute
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        found.update(r[0] for r in execute(sql.format(", ".join("?" * len(chunk))), [table, *chunk]))
    return found


class Refused(Exception):
    """The general part of a mixed page refused a row: the caller applies the page the
    general way whole (quarantine.apply_bulk_safely)."""


class _Merged:
    """A new entity written more than once (or with merge bases): its merged state."""

    __slots__ = ("disputed", "duplicates", "has_bases", "values", "versions")

    def __init__(self, table: str, changes: list[dict[str, Any]], accepted: frozenset[str]):
        values: dict[str, Any] | None = None
        versions: dict[str, str] = {}
        self.has_bases = self.disputed = False
        self.duplicates = 0
        for change in changes:
            if not change["fields"].keys() <= accepted:  # fields of a newer schema: not ours to store
                change = {**change, "fields": {k: v for k, v in change["fields"].items() if k in accepted}}
            self.has_bases = self.has_bases or BASE_KEY in change["fields"]
            outcome = merge_change(table, values, versions, change)
            if values is not None:  # as Applier.apply counts a change that moved nothing
                moved = bool(outcome.changed) or outcome.versions != versions
                if not moved and not outcome.conflicts:
                    self.duplicates += 1
            self.disputed = self.disputed or bool(outcome.conflicts or outcome.hidden)
            values, versions = outcome.values, outcome.versions
        self.values: dict[str, Any] = values or {}
        self.versions = versions


class _Plan:
    """What the bulk write will write, table by table (nothing written yet)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[Any]]] = {}
        self.audit: dict[str, list[tuple[str, str, str | None]]] = {}  # (creation stamp, id, digest)
        self.gens: list[tuple[str, int, int]] = []
        self.bases: list[tuple[str, str, str, str, str]] = []
        self.placed: dict[str, list[str]] = {}
        self.shared: list[tuple[int, str]] = []  # (page position, event id)
        self.general: list[int] = []  # positions of the changes that go the general way
        self.applied = self.duplicates = 0
        self.max_hlc = ""
        self.written = 0
        self.late_parents: set[tuple[str, str]] = set()  # new parents met after a child of theirs


class SnapshotPage:
    """Applies one page inside the caller's transaction (``run``)."""

    def __init__(self, store: Store, cols: Columns | None = None, *, stream: bool = False):
        self.store = store
        self.cols = cols or columns_of(store)
        self.stream = stream  # an ordinary pulled page: losses between its changes are recorded
        self.written = 0  # entities written by the bulk path (the rest went the general way)

    def run(self, changes: list[dict[str, Any]]) -> ApplyReport:
        store = self.store
        execute = store.db.conn.execute
        execute("PRAGMA defer_foreign_keys = ON")
        groups: dict[tuple[str, str], list[int]] = {}  # entity -> positions of its changes
        by_table: dict[str, list[str]] = {}
        for i, change in enumerate(changes):
            key = (change["entity"], change["entity_id"])
            group = groups.get(key)
            if group is None:
                groups[key] = [i]
                ids = by_table.get(key[0])
                if ids is None:
                    by_table[key[0]] = [key[1]]
                else:
                    ids.append(key[1])
            else:
                group.append(i)
        here = {table: _present(store, table, ids) for table, ids in by_table.items() if table in BULK_TABLES}
        held = self._parents_held(changes, groups, by_table, here)
        keep_out = self._kept_out(by_table, here)
        hidden_parents = {p for (p,) in execute("SELECT parent_id FROM sync_hidden_parent")}
        plan = self._plan(changes, groups, by_table, here, held, keep_out, hidden_parents)
        while plan.late_parents:  # rare: a parent new in the page came after a child of its own
            keep_out |= plan.late_parents
            plan = self._plan(changes, groups, by_table, here, held, keep_out, hidden_parents)
        self.written = plan.written
        report = self._write(plan)
        # After the new rows (what hangs on them finds them here), in the page's order;
        # also when only parked changes wait: they are retried after every page.
        if not plan.general and execute("SELECT 1 FROM sync_pending LIMIT 1").fetchone() is None:
            if plan.max_hlc:
                store.clock.observe(plan.max_hlc)
            return report
        # The clock observes the page's latest stamp once, as one general apply would.
        rest = apply_page(store, [changes[i] for i in sorted(plan.general)], seen_hlc=plan.max_hlc)
        if self.stream and rest.quarantined:
            # A row refused here: which of two rows claiming one value is kept depends on
            # the order the general apply writes them in: the page goes that way whole.
            raise Refused(f"{rest.quarantined} modifiche in quarantena")
        for name in ("applied", "parked", "unparked", "conflicts", "duplicates", "quarantined"):
            setattr(report, name, getattr(report, name) + getattr(rest, name))
        if rest.new_shared_events and report.new_shared_events:
            # As one general apply reports them: in the order of the changes that made
            # them, then those retried from the parked ones.
            at = {id(changes[i]): i for i in plan.general}
            merged = [*plan.shared, *((at.get(id(c), len(changes)), e)
                                      for c, e in zip(rest.made_by, rest.new_shared_events, strict=True))]
            report.new_shared_events = [e for _, e in sorted(merged, key=lambda p: p[0])]
        else:
            report.new_shared_events += rest.new_shared_events
        return report

    def _parents_held(self, changes: list[dict[str, Any]], groups: dict[tuple[str, str], list[int]],
                      by_table: dict[str, list[str]], here: dict[str, set[str]]) -> dict[str, set[str]]:
        """The parents the new rows name that this store holds (one look-up per chunk)."""
        refs: dict[str, set[str]] = {}
        for table, ids in by_table.items():
            parents = PARENTS[table] if table in BULK_TABLES else ()
            if not parents:
                continue
            there = here[table]
            for column, parent in parents:
                found = refs.setdefault(parent, set())
                for entity_id in ids:
                    if entity_id not in there:
                        for i in groups[(table, entity_id)]:
                            ref = changes[i]["fields"].get(column)
                            if ref and type(ref) is str:
                                found.add(ref)
        return {parent: _present(self.store, parent, sorted(ids)) for parent, ids in refs.items()}

    def _kept_out(self, by_table: dict[str, list[str]], here: dict[str, set[str]]) -> set[tuple[str, str]]:
        """New entities the general apply must see whole: changes of theirs wait parked
        (it merges those with the page's), or conflicts about them are recorded."""
        execute = self.store.db.conn.execute
        out: set[tuple[str, str]] = set()
        if execute("SELECT 1 FROM sync_pending LIMIT 1").fetchone():
            out.update(execute("SELECT entity, entity_id FROM sync_pending").fetchall())
        if execute("SELECT 1 FROM conflicts LIMIT 1").fetchone():
            sql = "SELECT DISTINCT entity_id FROM conflicts WHERE entity = ? AND entity_id IN ({})"
            for table, ids in by_table.items():
                if table in BULK_TABLES:
                    new = [i for i in ids if i not in here[table]]
                    out.update((table, i) for i in _present_in(self.store, sql, table, new))
        return out

    # ------------------------------------------------------------------ planning
    def _plan(self, changes: list[dict[str, Any]], groups: dict[tuple[str, str], list[int]],
              by_table: dict[str, list[str]], here: dict[str, set[str]], held: dict[str, set[str]],
              keep_out: set[tuple[str, str]], hidden_parents: set[str]) -> _Plan:
        plan = _Plan()
        cols, stream = self.cols, self.stream
        made: dict[str, dict[str, int]] = {}  # new rows of the plan, by table: id -> position of its first change
        general = plan.general
        for table in FLUSH_ORDER:  # parents first: a child may hang on a row of the same page
            ids = by_table.get(table)
            if not ids:
                continue
            if table not in BULK_TABLES:
                for entity_id in ids:
                    general.extend(groups[(table, entity_id)])
                continue
            there, required, accepted = here[table], cols.required[table], cols.accepted[table]
            shape, pos, name_set = cols.shape[table], cols.pos[table], cols.name_set[table]
            names, stored_form, digest = shape.names, shape.stored_form, shape.digest
            i_id, i_hlc, i_versions = pos["id"], pos["_hlc"], pos["_versions"]
            mine: dict[str, int] = {}  # an event may hang on one just before it in the page
            refs = tuple((column, parent, ordered, held.get(parent, set()), mine if parent == table
                          else made.get(parent, {})) for column, parent, ordered in _ORDERED[table])
            is_events = table == "events"
            rows: list[list[Any]] = []
            audit: list[tuple[str, str, str | None]] = []
            max_hlc, applied = plan.max_hlc, 0
            for entity_id in ids:  # in the page's order: an event may hang on one just before it
                group = groups[(table, entity_id)]
                first = changes[group[0]]
                fields = first["fields"]
                if (entity_id in there or (keep_out and (table, entity_id) in keep_out)
                        or not required <= fields.keys() or (is_events and entity_id in hidden_parents)):
                    general.extend(group)  # here already, or not whole (parked), or a hidden parent
                    continue
                hlc = first["hlc"]  # the creation stamp, as Applier.apply keeps it
                merged = None
                if len(group) == 1 and BASE_KEY not in fields:
                    values = fields  # one write (the common case): merge_change's result is its fields
                else:
                    merged = _Merged(table, [changes[i] for i in group], accepted)
                    if stream and merged.disputed:
                        general.extend(group)  # losses to record: the general apply's
                        continue
                    values = merged.values
                fits = True
                for column, parent, ordered, there_p, made_p in refs:
                    ref = values.get(column)
                    if ref and ref not in there_p:
                        at = made_p.get(ref)
                        if at is None or (ordered and merged is None and at > group[0]):
                            fits = False  # not here, or (see _ORDERED) made after this change
                            if at is not None:
                                plan.late_parents.add((parent, ref))
                            break
                    if ordered and merged is not None:  # each change's reference, when the general apply meets it
                        for i in group:
                            ref = changes[i]["fields"].get(column)
                            if ref and ref not in there_p:
                                at = made_p.get(ref)
                                if at is None or at > i:
                                    fits = False
                                    if at is not None:
                                        plan.late_parents.add((parent, ref))
                                    break
                        if not fits:
                            break
                if not fits:
                    general.extend(group)  # parked or hidden-parent handling: the general apply's
                    continue
                row = list(map(values.get, names))
                row[i_id], row[i_hlc], row[i_versions] = entity_id, hlc, "{}"
                if merged is not None:
                    versions = merged.versions
                    later = {k: v for k, v in versions.items() if v != hlc and k in name_set and k in values}
                    if later:
                        row[i_versions] = json.dumps(later, sort_keys=True)
                    if merged.has_bases:
                        cut = len(BASE_PREFIX)
                        plan.bases.extend((table, entity_id, key[cut:], versions.get(key[cut:], hlc), base)
                                          for key, base in versions.items() if key.startswith(BASE_PREFIX))
                    plan.duplicates += merged.duplicates
                    top = max(changes[i]["hlc"] for i in group)
                else:
                    top = hlc
                if top > max_hlc:
                    max_hlc = top
                audit.append((hlc, entity_id, digest(row) if stored_form(row) else None))
                rows.append(row)
                mine[entity_id] = group[0]
                applied += len(group)
                if is_events:
                    status = values.get("status")
                    if not (merged is None and type(status) is str and status in _PROGRESS
                            and "status_gen" not in values and "status_rank" not in values):
                        level = _level(values, merged is None)  # else: a new event's own level
                        if level is not None:
                            plan.gens.append((entity_id, *level))
                    if values.get("sharing") == _SHARED:
                        plan.shared.append((group[0], entity_id))
            if rows:
                made[table] = mine
                plan.rows[table], plan.audit[table] = rows, audit
                if table in TRACKED:
                    plan.placed[table] = list(mine)
                plan.written += len(rows)
            plan.max_hlc, plan.applied = max_hlc, plan.applied + applied
        # A change going the general way that names a row new in the page, made by a later
        # change: the general apply parks it until then, so that row must go that way too.
        for i in general:
            change = changes[i]
            for column, parent, ordered in _ORDERED.get(change["entity"], ()):
                ref = change["fields"].get(column) if ordered else None
                if ref and made.get(parent, {}).get(ref, -1) > i:
                    plan.late_parents.add((parent, ref))
        return plan

    # ------------------------------------------------------------------ writing
    def _write(self, plan: _Plan) -> ApplyReport:
        store = self.store
        report = ApplyReport(applied=plan.applied, duplicates=plan.duplicates)
        report.new_shared_events = [e for _, e in plan.shared]
        if not plan.rows:
            return report
        for table in FLUSH_ORDER:  # parents before children
            rows = plan.rows.get(table)
            if rows:
                self._insert(table, rows)
        now = store.now_iso()
        audit = []
        for table in FLUSH_ORDER:  # the general apply's order: table, creation stamp, id
            entries = plan.audit.get(table)
            if not entries:
                continue
            entries.sort()  # (stamp, id): ids are unique, the digests never compared
            for _hlc, entity_id, digest in entries:
                if digest is None:  # a value whose stored form is not predicted: read back
                    stored = next(iter(store.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])))
                    digest = row_digest(stored)
                audit.append((now, SYNC_OPERATOR, SYNC_ACTION, table, entity_id, digest))
        store.audit.append_many(audit)
        conn = store.db.conn
        if plan.gens:
            conn.executemany("INSERT OR REPLACE INTO sync_gen VALUES (?, ?, ?)", plan.gens)
        if plan.bases:
            conn.executemany("INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?, ?, ?)", plan.bases)
        for table, ids in plan.placed.items():  # THE place membership is computed (store/areas.py)
            store.areas.follow(table, ids)
        return report

    def _insert(self, table: str, rows: list[list[Any]]) -> None:
        """Multi-row INSERT statements: FTS5 writes one index segment per statement."""
        names = self.cols.names[table]
        cols = ", ".join(f"[{n}]" for n in names)
        one = "(" + ", ".join("?" * len(names)) + ")"
        per = max(1, min(INSERT_BATCH, self.cols.max_vars // len(names)))
        head = f"INSERT INTO [{table}] ({cols}) VALUES "
        execute = self.store.db.conn.execute
        full = head + ", ".join([one] * per)
        for i in range(0, len(rows), per):
            chunk = rows[i:i + per]
            execute(full if len(chunk) == per else head + ", ".join([one] * len(chunk)),
                    list(chain.from_iterable(chunk)))


def apply_snapshot_page(store: Store, changes: list[dict[str, Any]]) -> ApplyReport:
    """Apply one snapshot page inside the caller's transaction (see the module's text)."""
    return SnapshotPage(store).run(changes)


__all__ = ["BULK_TABLES", "SnapshotPage", "apply_snapshot_page"]
