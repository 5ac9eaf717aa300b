"""The server's JSON answers decoded: by orjson where it can, by the standard library where not.

Pull and snapshot pages are most of what a station decodes (a first sync: a million
rows), on the thread that shares the GIL with the store's apply; orjson decodes a page
in about two thirds of the time of ``json.loads``. It refuses a few texts the standard
library accepts (NaN and Infinity, lone surrogate escapes, a text not in UTF-8): those go
to ``json.loads``, so they decode to the same value either way. One difference remains:
an integer beyond 64 bits comes back as a float. No field, seq or cursor may hold one
(the door and the protocol's bounds refuse it), and a float where the protocol wants an
integer is refused just the same (tests/sync/test_jsonbody.py).
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def loads(content: bytes) -> Any:
    """``json.loads(content)``, faster; raises ``ValueError`` on a text that is not JSON."""
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return json.loads(content)


__all__ = ["loads"]
