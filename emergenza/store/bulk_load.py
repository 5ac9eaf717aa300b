"""Per-row upkeep deferred while a bulk load runs (a new station's first sync), rebuilt once.

While a snapshot loads (sync/snapshot.py) each row inserted would also be indexed for
full-text search (since v18 in batches, outside the commits: its mark is removed
meanwhile, so nothing is) and written into the statistics projection (v14's ``stats_*``
triggers, a correlated sub-select per event). ``defer`` drops those triggers; ``restore``
re-creates them from the SQL ``sqlite_master`` held, rebuilds the FTS indexes from their
content tables (their queue emptied, their marks back) and refills the projection from the
base tables: from every row, so what was written locally meanwhile (the app stays usable)
is searchable and counted too (the projection's mark, schema v20, is removed meanwhile, so
reports read the base tables and nothing is projected, and set to the last event after).
The 200,000 rows of ``bench_sync --initial 200000`` applied on one thread (3 runs each):
11.3 s of CPU before, 8.7 s with the upkeep deferred + 1.1 s to rebuild it.

Secondary indexes were measured one by one (rows of a 100,000-event demo store inserted
in their order, in pages of 5,000): only two cost more to keep up row by row than to build
at the end, the ones whose keys arrive in random order: ``events_place`` (0.75 s against
0.20 s) and ``events_phone_key`` (0.48 s against 0.24 s); they serve only "prior events"
at intake and a search by phone number (slower look-ups meanwhile). The others (keys arriving nearly in order:
received_at, event ids, audit entities) cost about what ``CREATE INDEX`` costs, and the
general apply and the board need them meanwhile. UNIQUE indexes, and whatever a constraint
stands on, are never dropped.

Interruption: what was dropped (name, SQL) and how to refill is kept in meta
``bulk_load_deferred`` in the SAME transaction that drops it, and the restore is one
transaction that deletes that key. Killed anywhere, the store holds either the triggers
or the key; a resumed snapshot restores at its end, and a store opened with the key and
no snapshot under way (or one to migrate) restores at once, before migrations
(``restore_if_abandoned``, database.migrate).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from typing import Any

import sqlite_utils

from .meta import Meta, MetaKey
from .schema import (
    FTS_TRIGGER_NAMES,
    SCHEMA_VERSION,
    SEARCH_CONTENT,
    SEARCH_QUEUE,
    STATS_MARK_ALL,
    STATS_REBUILD,
    STATS_TRIGGER_NAMES,
)

log = logging.getLogger(__name__)

# Triggers that keep derived data in step row by row (the search queue, statistics projection):
# nothing a constraint or another trigger depends on. By name; their SQL is read from the file.
DEFERRED_TRIGGERS = (*FTS_TRIGGER_NAMES, *STATS_TRIGGER_NAMES)
# Non-UNIQUE indexes worth building at the end (see above); checked non-unique in the file.
DEFERRED_INDEXES = ("events_place", "events_phone_key")


def _meta_exists(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is not None


def deferred(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """What a bulk load dropped and still waits to be rebuilt (None: nothing)."""
    text = Meta(db).get(MetaKey.BULK_LOAD_DEFERRED)
    return json.loads(text) if text else None


def _fts_tables(db: sqlite_utils.Database) -> list[str]:
    """FTS5 tables over a content table: ``'rebuild'`` refills them from it."""
    return [name for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        if "fts5" in sql.lower() and "content=" in sql.replace(" ", "").lower()]


def _plain_indexes(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(name, SQL) of the DEFERRED_INDEXES the file holds, each made by CREATE INDEX and not
    UNIQUE (PRAGMA index_list): a constraint never loses its index."""
    out = []
    for name in DEFERRED_INDEXES:
        row = db.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name = ?", [name]).fetchone()
        if row is None or row[1] is None:
            continue
        listed = {r[1]: (r[2], r[3]) for r in db.execute(f"PRAGMA index_list([{row[0]}])")}
        if listed.get(name) == (0, "c"):
            out.append((name, row[1]))
    return out


def defer(db: sqlite_utils.Database) -> bool:
    """Drop the per-row upkeep for a bulk load (the triggers and indexes above); in the caller's
    transaction, which also records it (meta ``bulk_load_deferred``). False if already
    deferred or nothing to drop."""
    if not db.conn.in_transaction:
        raise RuntimeError("bulk_load.defer runs inside the caller's transaction")
    if deferred(db) is not None:
        return False
    marks = ", ".join("?" * len(DEFERRED_TRIGGERS))
    objects = db.execute(f"SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks}) "
                         "ORDER BY rowid", DEFERRED_TRIGGERS).fetchall()
    objects += [("index", name, sql) for name, sql in _plain_indexes(db)]
    if not objects:
        return False
    names = {name for _type, name, _sql in objects}
    stats = bool(names & set(STATS_TRIGGER_NAMES))
    state = {"objects": [list(o) for o in objects],
             "fts": _fts_tables(db) if names & set(FTS_TRIGGER_NAMES) else [],
             # The refill as this version writes it, for the schema it dropped the triggers of
             # (a later version restores before it migrates).
             "refill": STATS_REBUILD if stats else ""}
    for kind, name, _sql in objects:
        db.execute(f"DROP {'INDEX' if kind == 'index' else 'TRIGGER'} [{name}]")
    if state["fts"] and db["search_marks"].exists():
        db.execute("DELETE FROM search_marks")  # no mark: nothing indexed until the rebuild (search.py)
    if stats and db["stats_marks"].exists():
        db.execute("DELETE FROM stats_marks")  # no mark: the projection unread and not caught up until the refill
    Meta(db).set(MetaKey.BULK_LOAD_DEFERRED, json.dumps(state))
    log.info("caricamento in blocco: %d trigger sospesi fino alla fine", len(objects))
    return True


def restore(db: sqlite_utils.Database) -> float:
    """Re-create what ``defer`` dropped, rebuild the FTS indexes and the projection from every
    row, and forget the deferral: one transaction (a savepoint inside the caller's). Returns
    the seconds it took (0: nothing was deferred)."""
    state = deferred(db)
    if state is None:
        return 0.0
    t0 = time.perf_counter()
    with db.atomic():
        for _type, _name, sql in state["objects"]:
            db.execute(sql)
        for table in state["fts"]:
            db.execute(f"INSERT INTO [{table}]([{table}]) VALUES ('rebuild')")
            if db["search_marks"].exists() and table in SEARCH_CONTENT:
                # The rebuilt index holds every row as it stands: nothing queued is left to do
                # (an update's queued old values are no longer in it), its mark is the last row.
                if table == "events_fts":
                    db.execute(f"DELETE FROM [{SEARCH_QUEUE}]")
                db.execute("INSERT OR REPLACE INTO search_marks VALUES (?, (SELECT coalesce(max(rowid), 0) "
                           f"FROM [{SEARCH_CONTENT[table]}]))", [table])
        if state["refill"]:
            for statement in _statements(state["refill"]):
                db.execute(statement)
            if db["stats_marks"].exists():
                db.execute(STATS_MARK_ALL)  # the refill projected every event (schema v20)
        Meta(db).set(MetaKey.BULK_LOAD_DEFERRED, None)
    took = time.perf_counter() - t0
    log.info("caricamento in blocco: ricerca e statistiche ricostruite in %.1f s", took)
    return took


def _statements(script: str) -> list[str]:
    """The statements of a script, one by one (``executescript`` would commit the transaction)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def restore_if_abandoned(db: sqlite_utils.Database) -> bool:
    """At open, before migrations: restore a deferral no snapshot will finish (none under way),
    or that a migration would otherwise meet half-dropped. True if it restored."""
    if not _meta_exists(db):
        return False
    meta = Meta(db)
    if meta.get(MetaKey.BULK_LOAD_DEFERRED) is None:
        return False
    under_way = meta.get(MetaKey.SNAPSHOT_PROGRESS) is not None
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return False  # a newer program's store: migrate() refuses it, not ours to touch
    migrating = version < SCHEMA_VERSION
    if under_way and not migrating:
        return False  # the resumed snapshot restores at its end
    restore(db)
    return True


__all__ = ["DEFERRED_INDEXES", "DEFERRED_TRIGGERS", "defer", "deferred", "restore", "restore_if_abandoned"]
