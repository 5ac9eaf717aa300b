"""``/v1/sync/push``, ``/v1/sync/pull`` and ``/v1/sync/push-pull`` answered without
FastAPI's routing and dependency injection, with exactly the outcome of their FastAPI
routes.

At a shift change every station pushes and pulls at once, and a request's fixed cost in
the framework (the middleware and routing layers below this one, the dependency
solver, the query's validation) was ~40 % of the server's event-loop CPU under the
benchmark, on the core the push group thread needs too. This pure ASGI middleware, in
front of the router, answers the plain case of the hot routes itself: a ``Bearer``
token the worker already knows (``accounts.TokenCache``), a pull's query of plain
decimal ``cursor``/``limit`` within bounds, a push (or push-pull) body that
``pushbody.parse`` accepts. It calls the very functions the routes call (``store_push``,
``answer_pull``, ``roundtrip.answer``),
so the door, the queue, the token's confirmation in the route's own SQL, the page
and its encoding are the same. Anything else (no or unknown token, any other query,
a body the models must judge, another method) goes to FastAPI untouched, body included.
An exception once a request is taken is answered by the application's own exception
handlers, looked up as Starlette's ExceptionMiddleware does (a bug still reaches the
500 handler and the log through ServerErrorMiddleware). The route is set in the scope
for the request metrics, as the router does. ``EMERGENZA_HOT_ROUTES=0`` in the
server's environment turns the short cut off (every request through FastAPI):
tests/server/test_hotpath.py runs both ways side by side.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match

from ..sync.protocol import PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, PULL_PATH, PUSH_PATH, PUSH_PULL_PATH
from . import pushbody, roundtrip
from .accounts import Principal, TokenCache
from .errors import AsciiJSONResponse
from .schemas import PushIn

# A query value FastAPI's int parsing reads as the same number: plain digits, no sign,
# no leading zero, no escape; anything else goes the usual way.
_NUMBER = re.compile(rb"0|[1-9][0-9]{0,18}")
_MAX_CURSOR = 2**62
HOT_ROUTES_ENV = "EMERGENZA_HOT_ROUTES"


def pull_query(query: bytes) -> tuple[int, int] | None:
    """``(cursor, limit)`` of a pull's query string when it is plain and valid (each at
    most once, nothing else, in bounds), else None (FastAPI decides)."""
    values = {"cursor": 0, "limit": PULL_DEFAULT_LIMIT}
    seen = set()
    if query:
        for part in query.split(b"&"):
            name, eq, value = part.partition(b"=")
            key = name.decode("latin-1")
            if not eq or key not in values or key in seen or _NUMBER.fullmatch(value) is None:
                return None
            seen.add(key)
            values[key] = int(value)
    cursor, limit = values["cursor"], values["limit"]
    if cursor > _MAX_CURSOR or not 1 <= limit <= PULL_MAX_LIMIT:
        return None
    return cursor, limit


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    """The first value of a header (Starlette's ``Headers.get``)."""
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def bearer_token(scope: dict[str, Any]) -> str | None:
    """The token of an ``Authorization: Bearer`` header as FastAPI's HTTPBearer reads it,
    None when it would find none."""
    authorization = _header(scope, b"authorization")
    if not authorization:
        return None
    scheme, _sep, credentials = authorization.partition(" ")
    credentials = credentials.strip()
    if not scheme or not credentials or scheme.lower() != "bearer":
        return None
    return credentials


class HotRoutes:
    def __init__(self, app, *, fastapi: FastAPI, tokens: TokenCache,
                 push: Callable[[Principal, list[dict]], Awaitable[Any]],
                 pull: Callable[..., Awaitable[tuple[bytes, dict[str, str]]]]):
        self.app = app
        self.fastapi = fastapi
        self.tokens = tokens
        self.push = push
        self.pull = pull
        self._routes: dict[str, Any] = {}

    def _route(self, scope: dict[str, Any], path: str) -> Any:
        """The FastAPI route of ``path`` (for the metrics' label), found once."""
        route = self._routes.get(path)
        if route is None:
            for candidate in self.fastapi.router.routes:
                if candidate.matches(scope)[0] is Match.FULL:
                    route = self._routes[path] = candidate
                    break
        return route

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("root_path"):
            return await self.app(scope, receive, send)
        path, method = scope["path"], scope["method"]
        if (path == PULL_PATH and method == "GET") or (path in (PUSH_PATH, PUSH_PULL_PATH) and method == "POST"):
            token = bearer_token(scope)
            who = self.tokens.cached(token) if token else None
            if who is not None:
                route = self._route(scope, path)
                if route is not None:
                    if method == "GET":
                        return await self._pull(scope, receive, send, who, route)
                    return await self._post(scope, receive, send, who, route, path == PUSH_PATH)
        return await self.app(scope, receive, send)

    async def _pull(self, scope, receive, send, who: Principal, route: Any) -> None:
        query = pull_query(scope["query_string"])
        if query is None:
            return await self.app(scope, receive, send)
        scope["route"] = route
        try:
            body, headers = await self.pull(who, *query, _header(scope, b"accept-encoding"))
            response: Response = Response(body, media_type="application/json", headers=headers)
        except Exception as exc:  # noqa: BLE001 - answered by the app's handlers, or raised again
            response = await self._handled(scope, receive, exc)
        await response(scope, receive, send)

    async def _post(self, scope, receive, send, who: Principal, route: Any, push_only: bool) -> None:
        chunks = []
        while True:  # BodyGuard in front has read and checked it: replayed in one message
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay(b"", receive, message), send)
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if push_only:
            try:
                _model, changes = pushbody.parse(body, PushIn)
            except RequestValidationError:  # the route reports it, in its words
                return await self.app(scope, _replay(body, receive), send)
        scope["route"] = route
        try:
            if push_only:
                response: Response = AsciiJSONResponse((await self.push(who, changes)).__dict__)
            else:
                response = await roundtrip.answer(who, body, _header(scope, b"accept-encoding"), self.push,
                                                  self.pull)
        except RequestValidationError:  # raised by the body's reading, before anything is stored
            del scope["route"]
            return await self.app(scope, _replay(body, receive), send)
        except Exception as exc:  # noqa: BLE001 - answered by the app's handlers, or raised again
            response = await self._handled(scope, receive, exc)
        await response(scope, receive, send)

    async def _handled(self, scope, receive, exc: Exception) -> Response:
        """The response the application's exception handlers give ``exc``; re-raised when
        only the catch-all (500) handler would take it, as Starlette's layers do."""
        handlers = self.fastapi.exception_handlers
        for cls in type(exc).__mro__:
            if cls is Exception:
                break
            if cls in handlers:
                return await handlers[cls](Request(scope, receive), exc)
        raise exc


def _replay(body: bytes, receive, last: dict | None = None):
    """A ``receive`` that gives ``body`` (or the message already taken) first, then the real one."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return last if last is not None else {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
