"""First sync of a new station from the server's snapshot (``GET /v1/sync/snapshot``).

A station whose pull cursor is 0 asks for the current state it may see instead of the
region's whole change history, page by page; each page is applied in bulk
(sync/snapshot_apply.py: rows new here inserted as they are, with their audit rows and
FTS, so ``emergenza check`` stays clean; the rest the general way, apply.apply_page; a
page the bulk write refuses goes the general way whole) TOGETHER with the snapshot's
progress in meta ``snapshot_progress``. Killed midway, the next sync resumes from that page with
the same ``at``. When the last page is applied, ``pull_cursor`` becomes ``at`` and the
progress key goes, in one transaction: the normal pull then brings everything after.

While a snapshot of several pages loads into a store that holds little yet, the per-row
upkeep of the search indexes and the statistics projection is suspended (store/bulk_load.py,
recorded in meta with the first page) and rebuilt once at the end, from every row: phase
``REBUILD_PHASE``. A store killed meanwhile keeps the record; the resumed snapshot
rebuilds at its end, and a store opened with no snapshot under way rebuilds at once.

An older server without the endpoint (404) means: pull the stream from 0 as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..store import Store, bulk_load
from ..store.meta import MetaKey
from ..store.queries import ACTIVE_EVENT
from . import slices
from .apply import ApplyReport
from .errors import RequestRefusedError
from .protocol import (
    SNAPSHOT_DEFAULT_LIMIT,
    SNAPSHOT_PATH,
    SYNCED_ENTITIES,
    SnapshotResponse,
)
from .quarantine import apply_page_safely, environmental, reason_of
from .snapshot_apply import apply_snapshot_page

if TYPE_CHECKING:
    from .engine import ProgressFn, SyncEngine, SyncReport

log = logging.getLogger(__name__)
PHASE = "snapshot"  # progress phase name (CLI and app show it as "stato iniziale")
# The rebuild of search and statistics after a snapshot loaded without them (bulk_load.py):
# reported as (REBUILD_PHASE, 0, None) when it starts and (REBUILD_PHASE, 1, 1) when done.
REBUILD_PHASE = "snapshot_rebuild"


def progress_of(store: Store) -> dict[str, Any] | None:
    """The snapshot under way ({"at", "next", "done"}), None if none is."""
    text = store.meta.get(MetaKey.SNAPSHOT_PROGRESS)
    return json.loads(text) if text else None


def wanted(store: Store) -> bool:
    """A snapshot is started by a station that never pulled (no cursor stored yet: an empty
    snapshot stores cursor 0 and is not asked again) or continued when one is under way."""
    return progress_of(store) is not None or store.meta.get(MetaKey.PULL_CURSOR) is None


def _apply_page(store: Store, changes: list[dict[str, Any]]) -> ApplyReport:
    """The bulk path (sync/snapshot_apply.py); if it fails, the page the general way, which
    applies what it can and quarantines the rest (sync/quarantine.py)."""
    try:
        with store.transaction():  # a savepoint: a failed bulk write leaves nothing behind
            return apply_snapshot_page(store, changes)
    except Exception as exc:
        if environmental(exc):
            raise
        log.warning("sync: snapshot page of %d changes not applied in bulk (%s): the general way",
                    len(changes), reason_of(exc))
    return apply_page_safely(store, changes)


def _still_open(store: Store, ids: list[str]) -> list[str]:
    """Of the shared events a snapshot brings, those still open: a region's history is no
    news to announce (500,000 ids of it, kept for the report, slowed every full pass of the
    collector, and the notice of them took the UI thread minutes)."""
    if not ids:
        return ids
    open_ = {r[0] for r in store.db.execute(
        f"SELECT e.id FROM events e WHERE e.id IN (SELECT value FROM json_each(?)) AND {ACTIVE_EVENT}",
        [json.dumps(ids)])}
    return [i for i in ids if i in open_]


def _worth_deferring(store: Store, page_rows: int) -> bool:
    """Suspend the per-row upkeep for this snapshot? Its rebuild reads every row of the store,
    ~⅓ of what the upkeep costs per snapshot row (bench_sync): worth it for a snapshot of
    several pages into a store that holds at most about a page's worth of events itself."""
    held = store.db.execute("SELECT count(*) FROM (SELECT 1 FROM events LIMIT ?)", [page_rows + 1]).fetchone()[0]
    return held <= page_rows


def _apply(store: Store, changes: list[dict[str, Any]], state: dict[str, Any], finished: bool,
           first: bool = False) -> Any:
    with store.transaction():
        if first and not finished and _worth_deferring(store, len(changes)):
            bulk_load.defer(store.db)  # recorded in this transaction, with the first page
        report = _apply_page(store, changes)
        report.new_shared_events = _still_open(store, report.new_shared_events)
        if finished:
            store.meta.set(MetaKey.SNAPSHOT_PROGRESS, None)
            store.meta.set(MetaKey.PULL_CURSOR, str(state["at"]))
        else:
            store.meta.set(MetaKey.SNAPSHOT_PROGRESS, json.dumps(state))
        return report


async def _fetch(engine: SyncEngine, at: int, nxt: list[str], limit: int) -> SnapshotResponse | None:
    """One page, or None when the server has no snapshot (404: an older server)."""
    kind, after = nxt
    try:
        return await engine._call("GET", SNAPSHOT_PATH, params={"at": at, "kind": kind, "after": after,
                                                                "limit": limit}, decode=slices.snapshot_page)
    except RequestRefusedError as exc:
        if exc.params and exc.params[0] == 404:
            return None
        raise


async def first_sync(engine: SyncEngine, report: SyncReport, progress: ProgressFn | None = None,
                     limit: int = SNAPSHOT_DEFAULT_LIMIT) -> bool:
    """Apply the snapshot (or what is left of it). False when the server has none (404).
    The next page is fetched while the current one is applied (as pull_all does)."""
    with _no_full_collections():
        return await _load(engine, report, progress, limit)


@contextlib.contextmanager
def _no_full_collections() -> Iterator[None]:
    """While a snapshot loads, pages of thousands of rows are alive at once (one decoded on
    the event loop, one applied by the store's thread): each full pass of Python's cyclic
    collector walked them all (at 1,000,000 rows, 88 passes of up to 30 ms, a third of them
    on the event loop, which in the app is the UI thread) and found nothing, rows being
    trees that reference counting frees. Full passes wait for the end of the load; the
    young generations still collect what cycles it makes."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, 1 << 30)  # full passes: after 2**30 middle-generation ones
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


async def _load(engine: SyncEngine, report: SyncReport, progress: ProgressFn | None, limit: int) -> bool:
    state = await engine.owner.call(progress_of) or {"at": 0, "next": [SYNCED_ENTITIES[0], ""], "done": 0}
    first = state["done"] == 0  # a snapshot starting: its upkeep may be deferred (not when resumed)
    fetch: asyncio.Future[SnapshotResponse | None] | None = asyncio.ensure_future(
        _fetch(engine, state["at"], state["next"], limit))
    try:
        while fetch is not None:
            page = await fetch
            fetch = None
            if page is None:
                log.info("sync: the server has no snapshot: pulling the whole stream")
                await rebuild(engine, progress)  # a snapshot resumed from an older server: abandoned
                return False
            finished = page["next"] is None
            if not finished:
                fetch = asyncio.ensure_future(_fetch(engine, page["cursor"], page["next"], limit))  # type: ignore[arg-type]
            state = {"at": page["cursor"], "next": page["next"], "done": state["done"] + len(page["changes"])}
            result = await engine.owner.call(_apply, page["changes"], state, finished, first)
            first = False
            report.pulled += len(page["changes"])
            report.applied += result.applied
            report.parked += result.parked
            report.conflicts += result.conflicts
            report.quarantined += result.quarantined
            report.new_shared_events += result.new_shared_events  # as a pull from 0 reported them
            if progress:
                progress(PHASE, state["done"], None)
        await rebuild(engine, progress)
        return True
    finally:
        if fetch is not None:  # an apply failed or we were cancelled: drop the prefetch
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)


async def rebuild(engine: SyncEngine, progress: ProgressFn | None = None) -> None:
    """The upkeep a snapshot deferred, rebuilt from every row (its own transaction: the last
    page is kept if this is interrupted; the store's next opening rebuilds then)."""
    if await engine.owner.call(lambda store: bulk_load.deferred(store.db)) is None:
        return
    if progress:
        progress(REBUILD_PHASE, 0, None)
    await engine.owner.call(lambda store: bulk_load.restore(store.db))
    if progress:
        progress(REBUILD_PHASE, 1, 1)


__all__ = ["PHASE", "REBUILD_PHASE", "first_sync", "progress_of", "rebuild", "wanted"]
