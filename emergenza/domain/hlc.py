"""Hybrid Logical Clock (Kulkarni et al.): wall milliseconds, a counter, a node id.

Timestamps serialise to fixed-width strings that sort like the clock:
``"<wall ms, 13 digits>-<counter, 5 digits>-<node>"``; comparing strings compares
(wall, counter, node), so the node id breaks ties deterministically.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 99_999


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        wall, counter, node = text.split("-", 2)
        if len(wall) != 13 or len(counter) != 5 or not node:
            raise ValueError(f"not an HLC timestamp: {text!r}")
        return cls(int(wall), int(counter), node)


def wall_ms_of(hlc: str) -> int:
    return int(hlc[:13])


class HybridLogicalClock:
    """Not thread-safe by itself: the store owner is its only caller."""

    def __init__(self, node: str, *, last: str | None = None, now_ms: Callable[[], int] | None = None):
        if "-" in node or not node:
            raise ValueError("HLC node id must be non-empty and contain no '-'")
        self.node = node
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))
        if last:
            ts = Timestamp.parse(last)
            self._wall, self._counter = ts.wall_ms, ts.counter
        else:
            self._wall, self._counter = 0, 0

    @property
    def last(self) -> str:
        return str(Timestamp(self._wall, self._counter, self.node))

    def now(self) -> str:
        """A timestamp for a local event, strictly greater than every one seen."""
        wall = self._now_ms()
        if wall > self._wall:
            self._wall, self._counter = wall, 0
        else:
            self._bump()
        return self.last

    def observe(self, remote: str) -> str:
        """Merge a received timestamp so later local stamps sort after it."""
        ts = Timestamp.parse(remote)
        wall = self._now_ms()
        new_wall = max(wall, self._wall, ts.wall_ms)
        if new_wall == self._wall == ts.wall_ms:
            self._counter = max(self._counter, ts.counter)
            self._wall = new_wall
            self._bump()
        elif new_wall == self._wall:
            self._bump()
        elif new_wall == ts.wall_ms:
            self._wall, self._counter = new_wall, ts.counter
            self._bump()
        else:
            self._wall, self._counter = new_wall, 0
        return self.last

    def _bump(self) -> None:
        if self._counter >= MAX_COUNTER:
            self._wall += 1
            self._counter = 0
        else:
            self._counter += 1
