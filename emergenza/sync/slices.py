"""A snapshot page decoded and checked a slice at a time, the event loop given back between.

A first-sync page is 5,000 changes, ~4 MB of JSON. Decoded and checked at once it held the
thread of the event loop for ~50 ms (30 ms orjson, 16 ms checks) — in the desktop app that
thread is the UI's, and a frame is 16 ms. Decoding in another thread would not help: the
decoder holds the GIL for the whole text. So the server lays a page out one change per line
(``protocol.SNAPSHOT_PAGE_HEAD``), and the station decodes and checks ``SLICE`` lines at a
time, yielding to the loop after each.

Any other layout, or a slice that does not decode, is decoded whole, as before. A page read
in slices is the one the whole text gives: each slice decodes as a non-empty array, so the
slices are complete changes joined by commas, as in the whole text (a line break inside a
change never decodes as a slice; JSON has none inside a string), and the rest after the
changes is a non-empty object without another "changes". A page refused either way is
refused (BadResponseError), though the reason named may differ.
"""

from __future__ import annotations

import asyncio
from typing import Any

from . import jsonbody
from .protocol import (
    SNAPSHOT_PAGE_HEAD,
    SNAPSHOT_PAGE_TAIL,
    SnapshotResponse,
    validate_changes,
    validate_snapshot_envelope,
    validate_snapshot_response,
)

SLICE = 500  # changes decoded and checked between two turns of the loop: ~4 ms


class _NotLaidOut(Exception):
    pass


async def snapshot_page(content: bytes, *, per: int = SLICE) -> SnapshotResponse:
    """The page in ``content``, checked (ValueError, ProtocolError included, as for the
    whole text); the loop runs between slices of ``per`` changes."""
    try:
        return await _sliced(content, per)
    except _NotLaidOut:
        return validate_snapshot_response(jsonbody.loads(content))


async def _sliced(content: bytes, per: int) -> SnapshotResponse:
    if not content.startswith(SNAPSHOT_PAGE_HEAD + b"\n"):
        raise _NotLaidOut
    lines = content.split(b"\n")
    if len(lines) < 3 or lines[0] != SNAPSHOT_PAGE_HEAD or not lines[-1].startswith(SNAPSHOT_PAGE_TAIL):
        raise _NotLaidOut
    rest = _decoded(b"{" + lines[-1][len(SNAPSHOT_PAGE_TAIL):])
    if not isinstance(rest, dict) or not rest or "changes" in rest:  # '],}' is no JSON whole
        raise _NotLaidOut
    body = lines[1:-1]
    changes: list[Any] = []
    if body != [b""]:  # an empty page: its one line is empty
        for start in range(0, len(body), per):
            chunk = body[start:start + per]
            last = chunk[-1]
            if start + per < len(body):  # a change follows this slice: exactly one comma ends it
                if not last.endswith(b","):
                    raise _NotLaidOut
                chunk[-1] = last[:-1]
            part = _decoded(b"[" + b"\n".join(chunk) + b"]")
            if not isinstance(part, list) or not part:
                raise _NotLaidOut
            validate_changes(part)
            changes += part
            await asyncio.sleep(0)
    rest["changes"] = changes
    validate_snapshot_envelope(rest)
    return rest  # type: ignore[return-value]


def _decoded(text: bytes) -> Any:
    try:
        return jsonbody.loads(text)
    except ValueError:
        raise _NotLaidOut from None


__all__ = ["SLICE", "snapshot_page"]
