"""Long UI-thread work in slices: a generator's steps, as many per event-loop turn as fit
in a budget, so the window keeps painting and answering while a map is built.

The map's scene (1,502 boundaries projected into paths, as many names, thousands of
markers) takes a few hundred milliseconds of the UI thread; items of a QGraphicsScene
may not be made on another thread. Built in one go it froze the window for most of a
second; in slices of ``budget_ms`` (default 8 ms, half a frame at 60 Hz) the longest
pause is one step over the budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from ...domain.territory import Territory

if TYPE_CHECKING:
    from .view import MapView

DEFAULT_BUDGET_MS = 8.0
# A step that yields this ends its slice there, and the next slice starts a millisecond
# later, after whatever else is due (other timers run before a zero-delay one only once
# its turn has passed): e.g. the map is revealed, and painted, apart from its last steps.
END_SLICE = object()


class Slices(QObject):
    """Run ``steps`` (a generator yielding after each small piece of work) in slices.

    ``done`` is called once the generator is exhausted (not after ``cancel``).
    ``longest_ms``, ``longest_cpu_ms``: the longest slice so far (benchmarks, tests)."""

    def __init__(self, steps: Iterator[object], done: Callable[[], object] | None = None, *,
                 budget_ms: float = DEFAULT_BUDGET_MS, parent: QObject | None = None):
        super().__init__(parent)
        self._steps: Iterator[object] | None = steps
        self._done = done
        self.budget_s = budget_ms / 1000
        self.slices = 0
        self.longest_ms = 0.0  # wall clock (other processes' turns on a busy machine included)
        self.longest_cpu_ms = 0.0  # this thread's CPU time
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)

    @property
    def running(self) -> bool:
        return self._steps is not None

    def start(self) -> None:
        if self._steps is not None and not self._timer.isActive():
            self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self._steps = None

    def finish(self) -> None:
        """Run what is left now, in one go (screenshots, tests, closing)."""
        self._timer.stop()
        steps, self._steps = self._steps, None
        if steps is not None:
            for _ in steps:
                pass
            self._finished()

    def _slice(self) -> None:
        steps = self._steps
        if steps is None:
            return
        start, cpu = time.perf_counter(), time.thread_time()
        deadline = start + self.budget_s
        try:
            pause = 0
            while True:  # one step at least: a budget shorter than a step still progresses
                if next(steps) is END_SLICE:
                    pause = 1
                    break
                if time.perf_counter() >= deadline:
                    break
        except StopIteration:
            self._steps = None
        except BaseException:
            self._steps = None  # a generator that raised is over
            raise
        self.slices += 1
        self.longest_ms = max(self.longest_ms, (time.perf_counter() - start) * 1000)
        self.longest_cpu_ms = max(self.longest_cpu_ms, (time.thread_time() - cpu) * 1000)
        if self._steps is None:
            self._finished()
        else:
            self._timer.start(pause)

    def _finished(self) -> None:
        if self._done is not None:
            self._done()


def run_all(steps: Iterator[object]) -> None:
    """Run every step now (a caller that wants the result at once)."""
    for _ in steps:
        pass


def build_view(territory: Territory, parent: QWidget, done: Callable[[MapView], object]) -> Slices:
    """A ``MapView`` of ``territory`` built in slices; ``done(view)`` once it may be shown."""
    from .view import MapView

    view = MapView(territory, parent, build=False)
    slices = Slices(view.build_steps(), lambda: done(view), parent=parent)
    slices.start()
    return slices
