"""Client-made, time-ordered identifiers (UUIDv7, RFC 9562) stored as TEXT."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last = [0, 0]  # last (unix_ms, counter) handed out, to keep ids monotonic within a process


def uuid7(now_ms: int | None = None) -> str:
    """Return a UUIDv7 string; ids made in one process sort in creation order."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    with _lock:
        if ms <= _last[0]:
            ms = _last[0]
            _last[1] += 1
            if _last[1] >= 1 << 12:  # counter exhausted: borrow the next millisecond
                ms += 1
                _last[1] = 0
        else:
            _last[1] = 0
        _last[0] = ms
        counter = _last[1]
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    return str(uuid.UUID(int=value))
