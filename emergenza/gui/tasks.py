"""The runner under every piece of background work of the GUI.

``TaskRunner.run(coro, on_done=..., on_error=...)`` schedules a coroutine on the qasync
loop, keeps a reference to it, reports the result or the error on the UI thread, and
``cancel_all()`` cancels whatever is still running when the window closes.
Store work goes through ``gui/operations.py`` (``ReadOp``/``WriteOp``), which runs it
here on the owner thread, so the UI thread never waits on SQL; only work that is not
a store call (a sync round, enrollment) hands its coroutine to ``run`` directly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    error = Signal(object)  # exception of a task without its own on_error
    busy_changed = Signal(int)  # number of running tasks

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._tasks: set[asyncio.Task] = set()

    @property
    def running(self) -> int:
        return len(self._tasks)

    def run(self, coro: Awaitable[Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, name: str | None = None) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        if name:
            task.set_name(name)
        self._tasks.add(task)
        self.busy_changed.emit(len(self._tasks))

        def _finished(t: asyncio.Task) -> None:
            self._tasks.discard(t)
            self.busy_changed.emit(len(self._tasks))
            if t.cancelled():
                return
            exc = t.exception()
            if exc is not None:
                if on_error is not None:
                    on_error(exc)
                else:
                    log.error("background task %s failed", t.get_name(), exc_info=exc)
                    self.error.emit(exc)
            elif on_done is not None:
                on_done(t.result())

        task.add_done_callback(_finished)
        return task

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    async def wait_idle(self, timeout: float = 5.0) -> None:
        """Tests and shutdown: wait until every task has finished."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout)
