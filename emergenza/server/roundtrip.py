"""``POST /v1/sync/push-pull``: a push and the pull page that follows it, in ONE round trip.

Optional for clients (``/v1/sync/push`` and ``/v1/sync/pull`` stay as they are): a
station that has changes to send and wants what is new sends ``{"changes", "cursor",
"limit"?}`` and gets ``{"push": <push answer>, "pull": <pull page>}``. The push is
stored exactly as by /v1/sync/push (same checks, same queue, same door); the page is
read AFTER it, exactly as /v1/sync/pull from ``cursor`` would (a station's own changes
never come back to it). An empty ``changes`` makes it a plain pull, which observers
(read-only) may do; an observer sending changes is refused as on /v1/sync/push.
If the push fails (e.g. 403), nothing is pulled: the error is the answer.
"""

# No "from __future__ import annotations": FastAPI must resolve the closures used in Depends().

import json
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response
from pydantic import BaseModel, Field

from ..sync.protocol import MAX_CHANGES_PER_PUSH, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, PUSH_PULL_PATH
from . import pushbody
from .accounts import Principal, now_ms
from .schemas import Change, ErrorOut, PullOut, PushOut, Strict
from .syncstore import PushResult

_ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 403, 409, 413, 415, 422, 503)}


class PushPullIn(Strict):
    changes: list[Change] = Field(default_factory=list, max_length=MAX_CHANGES_PER_PUSH,
                                  description="modifiche da inviare (anche nessuna)")
    cursor: int = Field(ge=0, le=2**62, description="ultimo seq già ricevuto")
    limit: int = Field(default=PULL_DEFAULT_LIMIT, ge=1, le=PULL_MAX_LIMIT)


class PushPullOut(BaseModel):
    push: PushOut
    pull: PullOut


async def answer(who: Principal, raw: bytes, accept_encoding: str | None,
                 push: Callable[[Principal, list[dict]], Awaitable[PushResult]],
                 pull: Callable[..., Awaitable[tuple[bytes, dict[str, str]]]]) -> Response:
    """The answer to a push-pull body ``raw`` from ``who`` (raises what the route raises:
    RequestValidationError, before anything is stored, for a body the models refuse)."""
    body, changes = pushbody.parse(raw, PushPullIn)  # as a declared body, cheaper (see pushbody)
    pushed = await push(who, changes) if changes else PushResult(acked=[], server_time_ms=now_ms())
    # The push answer is small: encoded here; the page is spliced in as stored.
    head = b'{"push":' + json.dumps(pushed.__dict__, separators=(",", ":")).encode("ascii") + b',"pull":'
    content, headers = await pull(who, body.cursor, body.limit, accept_encoding, head, b"}")
    return Response(content, media_type="application/json", headers=headers)


def install(app: FastAPI, principal: Callable[..., Principal],
            push: Callable[[Principal, list[dict]], Awaitable[PushResult]],
            pull: Callable[..., Awaitable[tuple[bytes, dict[str, str]]]]) -> None:
    """``push(who, changes)`` stores a push as /v1/sync/push does (raising its errors);
    ``pull(who, cursor, limit, accept_encoding, prefix, suffix)`` answers a page body
    wrapped in ``prefix``/``suffix`` (encoded, gzip when accepted) and its headers."""

    @app.post(PUSH_PULL_PATH, response_model=PushPullOut, responses=_ERRORS, tags=["sincronizzazione"],
              openapi_extra=pushbody.openapi_body(PushPullIn))
    async def push_pull(request: Request, who: Annotated[Principal, Depends(principal)]):
        """Invia un lotto di modifiche e riceve, nella stessa risposta, la pagina di modifiche
        successiva a `cursor` (come /v1/sync/push seguito da /v1/sync/pull)."""
        return await answer(who, await request.body(), request.headers.get("accept-encoding"), push, pull)
