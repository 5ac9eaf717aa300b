"""The single owner of the store's connection.

All access goes through one worker thread (the Datasette "single write owner"
pattern): callers hand it a function ``fn(store, *args)`` and get a future back.
The GUI awaits ``call()`` on its event loop and never waits on SQL itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

from .facade import Store

T = TypeVar("T")


class StoreOwner:
    def __init__(self, opener: Callable[[], Store]):
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-owner")
        self._thread_id: int | None = None
        self._closed = False
        self._store: Store = self._executor.submit(self._open, opener).result()

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> "StoreOwner":
        return cls(lambda: Store.open(path, **kwargs))

    def _open(self, opener: Callable[[], Store]) -> Store:
        self._thread_id = threading.get_ident()
        return opener()

    @property
    def path(self) -> Path | None:
        return self._store.path

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> "concurrent.futures.Future[T]":
        if self._closed:
            raise RuntimeError("store owner is closed")
        return self._executor.submit(fn, self._store, *args, **kwargs)

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(store, *args, **kwargs)`` on the owner thread; await its result."""
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    def call_blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """For CLI and tests only: wait for the result on the calling thread."""
        if threading.get_ident() == self._thread_id:
            return fn(self._store, *args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._executor.submit(self._store.close).result()
        self._executor.shutdown(wait=True)
