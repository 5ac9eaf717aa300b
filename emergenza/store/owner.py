"""The single owner of the store's connection.

All access goes through one worker thread (the Datasette "single write owner"
pattern): callers hand it a function ``fn(store, *args)`` (``Store.events.create``, or
a function of their own) and get a future back. The GUI awaits ``call()`` on its event
loop and never waits on SQL itself.

SQLite's automatic WAL checkpoint is off on the owner's connection: it ran inside the
commit that crossed 1000 WAL pages (the slow commits of ``python -m tests.benchmarks
store``). After each call that wrote, the owner runs ``Store.maintenance.between_calls``
(the search index's catching up once a few hundred rows wait: commits do not index them,
schema v18; the statistics projection's once 128 new events wait: commits do not project
them, v20; a checkpoint once the WAL passes a size, then the WAL's restart; a
merge once a level of the search index is crowded), so a long busy period still bounds
them; the operator's commit never carries them. The WAL file keeps its high-water size, so
a commit writes over blocks it already has (maintenance.py).

When no call has come for ``idle_after_s`` seconds, the owner does the store's
housekeeping (``Store.maintenance.idle_step``: indexing the rows the commits left to
search, projecting the events they left to the statistics, FTS merging, WAL checkpoint,
which commits never do) in small slices, between calls and never inside one: a call that
arrives meanwhile waits for one slice at most, and the next slice comes only after another
quiet spell. It stops when there is nothing left
to index or merge and starts again after the next write. A search does not wait for it: it
indexes what is still left first (``Store.search``).

Given the store's path (``lock=``; ``StoreOwner.open`` always does), the owner holds the
store's lock file (lock.py) from before the store is opened until after it is closed: a
second program on the same store is refused with ``StoreLockedError``.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .facade import Store
from .lock import StoreLock
from .maintenance import WAL_CHECKPOINT_BYTES

T = TypeVar("T")

log = logging.getLogger(__name__)

# Quiet time before housekeeping starts.
IDLE_AFTER_S = 15.0
# Events the owner still projects into the statistics when it closes (~35 ms per 1,000; more
# is left to the store's next opening, and reports read the base tables meanwhile).
CLOSING_PROJECT_EVENTS = 10_000

_Job = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], "concurrent.futures.Future[Any]"]


class StoreOwner:
    def __init__(self, opener: Callable[[], Store], *, idle_after_s: float | None = IDLE_AFTER_S,
                 housekeeping: Callable[[Store], bool] = Store.maintenance.idle_step,
                 lock: str | Path | None = None, wal_limit_bytes: int = WAL_CHECKPOINT_BYTES):
        """``housekeeping(store)`` does one bounded slice and says whether more may be useful;
        ``idle_after_s=None``: none at all (and SQLite checkpoints inside commits, as it does
        for a plain Store). ``lock``: the store's path, locked for the owner's lifetime
        (StoreLockedError, before anything is opened, if another program holds it).
        ``wal_limit_bytes``: the WAL size past which it checkpoints between calls."""
        self._wal_limit = wal_limit_bytes
        self._store_lock = StoreLock(lock).acquire() if lock is not None else None
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._idle_after_s = idle_after_s
        self._housekeeping = housekeeping
        self._lock = threading.Lock()  # a call is queued before the close, or refused
        self._closed = False
        self._thread_id: int | None = None
        opened: concurrent.futures.Future[Store] = concurrent.futures.Future()
        # A daemon thread closed by close() or, if nobody did, at interpreter exit (after
        # running what is queued, as an executor would).
        self._thread = threading.Thread(target=self._run, args=(opener, opened), name="store-owner", daemon=True)
        self._thread.start()
        try:
            self._store: Store = opened.result()  # the opener's error, if any, is raised here
        except BaseException:
            self._release_lock()
            raise
        atexit.register(self.close)

    @classmethod
    def open(cls, path: str | Path, *, idle_after_s: float | None = IDLE_AFTER_S,
             housekeeping: Callable[[Store], bool] = Store.maintenance.idle_step,
             wal_limit_bytes: int = WAL_CHECKPOINT_BYTES, **kwargs: Any) -> StoreOwner:
        """``kwargs`` go to ``Store.open``."""
        return cls(lambda: Store.open(path, **kwargs), idle_after_s=idle_after_s, housekeeping=housekeeping,
                   lock=path, wal_limit_bytes=wal_limit_bytes)

    @property
    def path(self) -> Path | None:
        return self._store.path

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("store owner is closed")
            self._jobs.put((fn, args, kwargs, future))
        return future

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(store, *args, **kwargs)`` on the owner thread; await its result."""
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    def call_blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """For CLI and tests only: wait for the result on the calling thread."""
        if threading.get_ident() == self._thread_id:
            return fn(self._store, *args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def close(self) -> None:
        """Run what is queued, close the store, end the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._jobs.put(None)
        atexit.unregister(self.close)
        self._thread.join()
        self._release_lock()

    def _release_lock(self) -> None:
        if self._store_lock is not None:
            self._store_lock.release()

    # ------------------------------------------------------------ owner thread
    def _run(self, opener: Callable[[], Store], opened: concurrent.futures.Future[Store]) -> None:
        self._thread_id = threading.get_ident()
        try:
            store = opener()
        except BaseException as exc:  # noqa: BLE001 -- not swallowed: handed to the caller's future
            opened.set_exception(exc)
            return
        try:
            if self._idle_after_s is not None:
                store.maintenance.take_over_housekeeping(self._wal_limit)
        except BaseException as exc:  # noqa: BLE001 -- not swallowed: handed to the caller's future
            store.close()
            opened.set_exception(exc)
            return
        opened.set_result(store)
        try:
            self._serve(store)
        finally:
            store.close()

    def _serve(self, store: Store) -> None:
        housekeeping = self._idle_after_s is not None  # a store just opened may need it
        if housekeeping:  # before the first call: its commit must not carry a crisis merge
            try:
                store.maintenance.settle_search()
            except Exception:
                log.exception("store housekeeping failed")
        changes_seen = store.db.conn.total_changes
        while True:
            try:
                job = self._jobs.get(timeout=self._idle_after_s if housekeeping else None)
            except queue.Empty:  # quiet for idle_after_s: slices until done or a call comes
                housekeeping = self._idle_slice(store)
                while housekeeping and self._jobs.empty():
                    housekeeping = self._idle_slice(store)
                changes_seen = store.db.conn.total_changes
                continue
            if job is None:
                if self._idle_after_s is not None:
                    self._before_closing(store)
                return
            self._run_job(store, job)
            del job  # keep nothing of a call alive while waiting for the next one
            if self._idle_after_s is not None and store.db.conn.total_changes != changes_seen:
                housekeeping = True  # something was written: there may be new index segments
                self._between_calls(store)

    @staticmethod
    def _run_job(store: Store, job: _Job) -> None:
        fn, args, kwargs, future = job
        if not future.set_running_or_notify_cancel():
            return  # cancelled while queued
        try:
            result = fn(store, *args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 -- not swallowed: re-raised by the caller's future
            future.set_exception(exc)
        else:
            future.set_result(result)

    @staticmethod
    def _before_closing(store: Store) -> None:
        """The statistics projection of the last commits (bounded): a report read beside the
        closed app (``emergenza report``, read-only) then counts from the projection instead
        of falling back to the base tables."""
        if store.db.conn.in_transaction:
            return
        try:
            store.maintenance.project_statistics(CLOSING_PROJECT_EVENTS)
        except Exception:
            log.exception("store housekeeping failed")

    def _between_calls(self, store: Store) -> None:
        """The bounds of a long busy period (see ``Maintenance.between_calls``)."""
        if store.db.conn.in_transaction:  # a call left its transaction open: not ours to end
            return
        try:
            store.maintenance.between_calls(self._wal_limit)
        except Exception:
            log.exception("store housekeeping failed")

    def _idle_slice(self, store: Store) -> bool:
        """One slice of housekeeping; True if more may be useful."""
        if store.db.conn.in_transaction:  # never inside someone's write
            return False
        try:
            more = self._housekeeping(store)
        except Exception:
            log.exception("store housekeeping failed")
            return False
        return more
