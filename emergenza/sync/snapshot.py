"""First sync of a new station from the server's snapshot (``GET /v1/sync/snapshot``).

A station whose pull cursor is 0 asks for the current state it may see instead of the
region's whole change history, page by page; each page is applied like a pulled page
(apply.apply_page: one transaction, multi-row writes, audit rows and FTS as for any
pull, so ``emergenza check`` stays clean) TOGETHER with the snapshot's progress in
meta ``snapshot_progress``. Killed midway, the next sync resumes from that page with
the same ``at``. When the last page is applied, ``pull_cursor`` becomes ``at`` and the
progress key goes, in one transaction: the normal pull then brings everything after.

An older server without the endpoint (404) means: pull the stream from 0 as before.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from ..domain.errors import SyncError
from ..store import Store
from ..store.meta import MetaKey
from . import apply as apply_mod
from .errors import BadResponseError, RequestRefusedError
from .protocol import SNAPSHOT_DEFAULT_LIMIT, SNAPSHOT_PATH, SYNCED_ENTITIES, ProtocolError, validate_snapshot_response
from .quarantine import apply_page_safely

if TYPE_CHECKING:
    from .engine import ProgressFn, SyncEngine, SyncReport

log = logging.getLogger(__name__)
PHASE = "snapshot"  # progress phase name (CLI and app show it as "stato iniziale")


def progress_of(store: Store) -> dict[str, Any] | None:
    """The snapshot under way ({"at", "next", "done"}), None if none is."""
    text = store.meta.get(MetaKey.SNAPSHOT_PROGRESS)
    return json.loads(text) if text else None


def wanted(store: Store) -> bool:
    """A snapshot is started at cursor 0 (a new station) or continued when one is under way."""
    return progress_of(store) is not None or apply_mod.pull_cursor(store) == 0


def _apply(store: Store, changes: list[dict[str, Any]], state: dict[str, Any], finished: bool) -> Any:
    with store.transaction():
        report = apply_page_safely(store, changes)
        if finished:
            store.meta.set(MetaKey.SNAPSHOT_PROGRESS, None)
            store.meta.set(MetaKey.PULL_CURSOR, str(state["at"]))
        else:
            store.meta.set(MetaKey.SNAPSHOT_PROGRESS, json.dumps(state))
        return report


async def first_sync(engine: SyncEngine, report: SyncReport, progress: ProgressFn | None = None,
                     limit: int = SNAPSHOT_DEFAULT_LIMIT) -> bool:
    """Apply the snapshot (or what is left of it). False when the server has none (404)."""
    state = await engine.owner.call(progress_of) or {"at": 0, "next": [SYNCED_ENTITIES[0], ""], "done": 0}
    while True:
        kind, after = state["next"]
        try:
            data = await engine._call("GET", SNAPSHOT_PATH, params={"at": state["at"], "kind": kind, "after": after,
                                                                    "limit": limit})
            page = validate_snapshot_response(data)
        except RequestRefusedError as exc:
            if exc.params and exc.params[0] == 404:
                log.info("sync: the server has no snapshot: pulling the whole stream")
                return False
            raise
        except ProtocolError as exc:
            raise BadResponseError(str(exc)) from exc
        state = {"at": page["cursor"], "next": page["next"], "done": state["done"] + len(page["changes"])}
        finished = page["next"] is None
        result = await engine.owner.call(_apply, page["changes"], state, finished)
        report.pulled += len(page["changes"])
        report.applied += result.applied
        report.parked += result.parked
        report.conflicts += result.conflicts
        report.quarantined += result.quarantined
        if progress:
            progress(PHASE, state["done"], None)
        if finished:
            return True


__all__ = ["PHASE", "SyncError", "first_sync", "progress_of", "wanted"]
