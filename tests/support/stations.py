"""A station PC in end-to-end tests: its store behind the owner thread, syncing over real HTTP."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from emergenza.store import Store, StoreOwner
from emergenza.sync.engine import SyncEngine, enroll

from .factories import open_store
from .relay import synced_rows


class _OnOwner:
    """One manager of a station's store, its methods run on the owner thread (blocking)."""

    def __init__(self, owner: StoreOwner, methods: Any):
        self._owner = owner
        self._methods = methods

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._methods, name)
        return lambda *a, **k: self._owner.call_blocking(method, *a, **k)


def run_to_end(coro: Any) -> Any:
    """Run a coroutine to its end from plain (blocking) test code, with its own event loop.

    ``asyncio.run`` refuses to start while a loop runs in this thread, which is the case once
    a GUI test has started the session's qasync loop; a worker thread has no running loop.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


class Station:
    """A station PC: its store (behind the owner thread) and sync over real HTTP.

    ``station.events.create(...)`` runs that manager method of its store on the owner
    thread, blocking.
    """

    def __init__(self, path: Path, catalogs: Any, code: str, corps: str, **store_kwargs: Any):
        self.owner = StoreOwner(lambda: open_store(path, catalogs, station_code=code, corps=corps, **store_kwargs))
        self.base_url: str | None = None

    def __getattr__(self, name: str) -> _OnOwner:
        return _OnOwner(self.owner, getattr(Store, name))

    def enroll(self, url: str, code: str) -> None:
        async def run():
            async with httpx.AsyncClient(timeout=10) as client:
                return await enroll(self.owner, client, url, code)
        run_to_end(run())
        self.base_url = url

    def sync(self, url: str | None = None, progress=None, **engine_kwargs: Any):
        """One full push + pull; ``url`` overrides the enrolled server (e.g. a proxy)."""
        async def run():
            async with httpx.AsyncClient(timeout=10) as client:
                engine = await SyncEngine.for_store(self.owner, client, **engine_kwargs)
                if url:
                    engine.base_url = url
                return await engine.sync_once(progress)
        return run_to_end(run())

    def q(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        return self.owner.call_blocking(lambda s: s.db.execute(sql, params).fetchall())

    def snapshot(self) -> dict:
        return self.owner.call_blocking(synced_rows)

    def open_conflicts(self) -> set[tuple]:
        return {(r[0], r[1], r[2], r[3], r[4]) for r in self.q(
            "SELECT entity_id, field, lost_value, lost_hlc, kept_value FROM conflicts WHERE resolved_at IS NULL")}

    def close(self) -> None:
        self.owner.close()


def sync_all(*stations: Station, rounds: int = 2) -> None:
    """Every station syncs, ``rounds`` times over; each sync must leave nothing unsent."""
    for _ in range(rounds):
        for st in stations:
            report = st.sync()
            assert report.pending == 0


@contextmanager
def enrolled_stations(server: Any, folder: Path, catalogs: Any, corps: str) -> Iterator[Callable[..., Station]]:
    """``make("A", corps=...)`` -> a Station enrolled on ``server`` (a ServerProcess), its
    store in ``folder``; every one made is closed at the end."""
    made: list[Station] = []

    def make(name: str, corps: str = corps, **store_kwargs: Any) -> Station:
        st = Station(folder / f"{name}.db", catalogs, f"ST{name}", corps, **store_kwargs)
        made.append(st)
        st.enroll(server.url, server.enrollment_code(corps, name))
        return st

    try:
        yield make
    finally:
        for st in made:
            st.close()
