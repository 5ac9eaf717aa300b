"""The ASGI application: /v1 health and metrics, enrollment, push, pull, push-pull; OpenAPI at /openapi.json."""

# No "from __future__ import annotations": FastAPI must resolve the closures used in Depends().

import asyncio
import os
import sys
from contextlib import asynccontextmanager
from email.message import Message
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from .. import __version__
from ..domain.text import QT_TRANSLATE_NOOP as N_
from ..resources import default_catalogs
from ..sync.protocol import (
    ANCHOR_PATH,
    ENROLL_KEYS,
    ENROLL_PATH,
    MAX_BODY_BYTES,
    PULL_DEFAULT_LIMIT,
    PULL_MAX_LIMIT,
    PULL_PATH,
    PUSH_PATH,
)
from . import (
    accounts,
    anchors,
    errors,
    exchange_api,
    health,
    hotpath,
    pushbody,
    report_api,
    roundtrip,
    snapshot_api,
    syncstore,
    wire,
)
from .accounts import Principal
from .cli import DB_ENV
from .db import is_postgres, make_engine, make_pull_engine
from .metrics import METRICS_DIR_ENV, Metrics, RequestMetrics
from .migrations import check_current
from .pushqueue import PushQueue
from .schemas import AnchorIn, AnchorOut, EnrollIn, EnrollOut, ErrorOut, PullOut, PushIn, PushOut

PULL_SLOTS = 4  # pulls running at once per worker process
_ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 403, 409, 413, 415, 422, 503)}


class BodyGuard:
    """Pure ASGI middleware in front of every request with a body: refuses (before any
    parsing) bodies over the limit (413), non-JSON content types (415) and bytes that are
    not UTF-8 (400), so the framework below only ever sees sane JSON text."""

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes
        self._json_types: dict[bytes, bool] = {}  # Content-Type value -> JSON or not (parsed once)

    def _is_json(self, value: bytes) -> bool:
        verdict = self._json_types.get(value)
        if verdict is None:
            ctype = Message()
            ctype["content-type"] = value.decode("latin-1")
            subtype = ctype.get_content_subtype()
            verdict = ctype.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))
            if len(self._json_types) >= 256:  # clients send a handful of spellings: the bound is for junk
                self._json_types.clear()
            self._json_types[value] = verdict
        return verdict

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        headers = {k.lower(): v for k, v in scope["headers"]}
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            return await self._refuse(413, scope, receive, send)
        if not self._is_json(headers.get(b"content-type", b"")):
            return await self._refuse(415, scope, receive, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return await self._refuse(413, scope, receive, send)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            if not body.isascii():  # ASCII is UTF-8: checked without decoding a copy
                body.decode("utf-8")
        except UnicodeDecodeError:
            return await self._refuse(400, scope, receive, send,
                                      N_("errors", "il corpo della richiesta non è testo UTF-8"))
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(status, scope, receive, send, message=None):
        messages = {413: N_("errors", "richiesta troppo grande: al massimo {0} MB").format(MAX_BODY_BYTES // 2**20),
                    415: N_("errors", "il corpo della richiesta deve essere JSON (Content-Type: application/json)")}
        response = errors.error(status, message or messages[status], headers={"Connection": "close"})
        await response(scope, receive, send)


def create_app(db_url: str | None = None, *, engine: Engine | None = None) -> FastAPI:
    # The push holding the database lock waits for the GIL after every round trip; with
    # the default 5 ms switch interval CPU-bound request threads stretched each push
    # (and so the whole queue) several times over. 0.5 ms hands the GIL back sooner.
    sys.setswitchinterval(0.0005)
    engine = engine or make_engine(db_url or os.environ[DB_ENV])
    # Pulls read on connections of their own (see db.make_pull_engine), PULL_SLOTS at a time.
    pull_engine = make_pull_engine(engine.url.render_as_string(hide_password=False), pool_size=PULL_SLOTS) \
        if is_postgres(engine) else engine
    clock = syncstore.ServerClock()
    bearer = HTTPBearer(auto_error=False, description="token ricevuto alla registrazione")

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        check_current(engine)  # refuse to serve an unmigrated database
        flusher = asyncio.create_task(metrics.flush_periodically())
        yield
        flusher.cancel()
        metrics.maybe_flush(force=True)
        engine.dispose()
        pull_engine.dispose()

    app = FastAPI(title="Emergenza — server regionale", version=__version__, lifespan=lifespan,
                  default_response_class=errors.AsciiJSONResponse,
                  description="Sincronizzazione delle sale operative: registrazione, invio e ricezione "
                              "delle modifiche. Tutti i messaggi d'errore sono in italiano nel campo `detail`.")
    metrics = Metrics(os.environ.get(METRICS_DIR_ENV))
    errors.install(app)

    tokens = accounts.TokenCache(engine)

    def principal(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
        return accounts.authenticate(engine, creds.credentials if creds else None)

    async def caller(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
        """The hot routes' principal: from the token cache (no thread, no query), the
        token's validity confirmed by the route's own SQL (see accounts.TokenCache)."""
        token = creds.credentials if creds else None
        return tokens.cached(token) or await run_in_threadpool(tokens.load, token)

    health.install(app, engine, metrics)

    @app.post(ENROLL_PATH, response_model=EnrollOut, responses=_ERRORS, tags=["registrazione"])
    def enroll(body: EnrollIn) -> dict:
        """Scambia un codice monouso con il token a lunga durata della postazione."""
        out = accounts.enroll(engine, body.code, body.replica_id, body.name, body.station_code)
        return {k: out[k] for k in ENROLL_KEYS}

    # Pushes are serialised anyway (see syncstore): queue them HERE, where waiting costs
    # neither a worker thread nor a pooled database connection, so pulls and logins never
    # starve behind a queue of pushes blocked on the database lock; and store whatever
    # queued up meanwhile as one group (one transaction, see pushqueue).
    catalogs = default_catalogs()  # the door checks event types and municipalities against them
    push_queue = PushQueue(lambda batches: syncstore.push_many(engine, batches, clock, catalogs, confirm=True))

    async def store_push(who: Principal, changes: list[dict]) -> syncstore.PushResult:
        if who.read_only:
            raise HTTPException(403, N_("errors", "account di sola lettura: non può inviare modifiche"))
        for change in changes:
            if change["origin"] != who.replica_id:
                raise HTTPException(403, N_("errors", "la postazione può inviare solo modifiche proprie "
                                                      "(origine {0} non sua)").format(change["origin"]))
        try:
            result = await push_queue.submit(who, changes)
        except accounts.AuthError:
            tokens.forget(who)
            raise
        refused, duplicates = len(result.refused), result.duplicates
        metrics.add("emergenza_pushes_total")
        metrics.add("emergenza_changes_received_total", len(changes))
        metrics.add("emergenza_changes_sequenced_total", len(result.acked) - refused - duplicates)
        metrics.add("emergenza_changes_refused_total", refused)
        metrics.add("emergenza_changes_duplicate_total", duplicates)
        return result

    # The body is read by pushbody (documented as PushIn): the same validation and errors
    # as a declared ``body: PushIn`` without a model built and dumped per change. The
    # answer is encoded as it is (PushOut documents it): nothing to validate in it.
    @app.post(PUSH_PATH, response_model=PushOut, responses=_ERRORS, tags=["sincronizzazione"],
              openapi_extra=pushbody.openapi_body(PushIn))
    async def push(request: Request, who: Annotated[Principal, Depends(caller)]) -> Response:
        """Invia un lotto di modifiche (idempotente per change_id). Le modifiche che la postazione
        non può fare sono elencate in `refused` con il motivo; le altre sono accettate."""
        _body, changes = await pushbody.read(request, PushIn)
        return errors.AsciiJSONResponse((await store_push(who, changes)).__dict__)

    # Pulls are CPU work in this process: a few at a time. Forty threads building pages at
    # once only took turns at the GIL, stretching every one of them and, worse, the push
    # group holding the database lock (so every queued push) many times over.
    pull_slots = asyncio.Semaphore(PULL_SLOTS)
    # While pushes are queued or stored in this worker, pulls go one at a time: at a shift
    # change the pages of the stations already answered (CPU here and in the database)
    # slowed the push group holding the database lock, and so every push behind it
    # (bench server, 7 alternated runs: p99 1.02-1.23 s with four at a time, 0.87-1.33 s
    # so, lower in 6 of 7; p50 a little later); the others wait in ``pull_slots``. Four at
    # a time again once the queue is idle, so one long page does not hold up the rest.
    busy_slot = asyncio.Semaphore(1)

    def pull_page(who: Principal, cursor: int, limit: int, accept_encoding: str | None,
                  prefix: bytes, suffix: bytes) -> tuple[bytes, dict[str, str]]:
        # The stored texts joined (see wire.py): re-validating a page of stored rows is
        # waste. Compressed here too, in the worker thread, never on the event loop.
        try:
            page = syncstore.pull(pull_engine, who, cursor, limit, confirm=True)
        except accounts.AuthError:
            tokens.forget(who)
            raise
        body, headers = wire.encode(prefix + page.to_json() + suffix, accept_encoding)
        metrics.add("emergenza_pulls_total")
        metrics.add("emergenza_changes_served_total", page.count)
        metrics.add("emergenza_pull_bytes_total", len(body))
        if "Content-Encoding" in headers:
            metrics.add("emergenza_pull_gzip_total")
        return body, headers

    async def answer_pull(who: Principal, cursor: int, limit: int, accept_encoding: str | None,
                          prefix: bytes = b"", suffix: bytes = b"") -> tuple[bytes, dict[str, str]]:
        async with pull_slots:
            if push_queue.busy:  # pushes first: one pull at a time while this worker stores some
                async with busy_slot:
                    return await run_in_threadpool(pull_page, who, cursor, limit, accept_encoding, prefix, suffix)
            return await run_in_threadpool(pull_page, who, cursor, limit, accept_encoding, prefix, suffix)

    @app.get(PULL_PATH, response_model=PullOut, responses=_ERRORS, tags=["sincronizzazione"])
    async def pull(request: Request, who: Annotated[Principal, Depends(caller)],
                   cursor: Annotated[int, Query(ge=0, le=2**62, description="ultimo seq già ricevuto")] = 0,
                   limit: Annotated[int, Query(ge=1, le=PULL_MAX_LIMIT)] = PULL_DEFAULT_LIMIT):
        """Modifiche visibili alla postazione dopo `cursor`, in ordine di seq (compresse con gzip
        se la richiesta lo accetta e la pagina è abbastanza grande)."""
        body, headers = await answer_pull(who, cursor, limit, request.headers.get("accept-encoding"))
        return Response(body, media_type="application/json", headers=headers)

    @app.post(ANCHOR_PATH, response_model=AnchorOut, responses=_ERRORS, tags=["sincronizzazione"])
    def anchor(body: AnchorIn, who: Annotated[Principal, Depends(principal)]) -> dict:
        """Ancora la testa della catena di audit della postazione: una testa che torna indietro o
        cambia hash a una voce già nota è segnalata (`accepted` false, con il motivo) e non sostituisce
        quella ancorata."""
        if who.read_only:
            raise HTTPException(403, N_("errors", "account di sola lettura: non ha una catena di audit"))
        return anchors.record(engine, who, body.seq, body.hash, body.known_seq, body.known_hash)

    @app.get(ANCHOR_PATH, response_model=AnchorOut, responses=_ERRORS, tags=["sincronizzazione"])
    def anchored(who: Annotated[Principal, Depends(principal)]) -> dict:
        """La testa della catena di audit ancorata per la postazione (null prima della prima);
        `accepted` false con il motivo se una testa inviata è stata segnalata."""
        return anchors.latest(engine, who)

    roundtrip.install(app, caller, store_push, answer_pull)
    declared_openapi = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            pushbody.add_schemas(declared_openapi(), PushIn, roundtrip.PushPullIn)  # bodies read by pushbody
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    snapshot_api.install(app, engine, principal)
    report_api.install(app, engine, principal)
    exchange_api.install(app, engine, principal)
    # Innermost first: the hot routes' short cut (see hotpath) behind BodyGuard's checks;
    # the metrics outermost, so refusals by BodyGuard count too.
    if os.environ.get(hotpath.HOT_ROUTES_ENV, "1") != "0":
        app.add_middleware(hotpath.HotRoutes, fastapi=app, tokens=tokens, push=store_push, pull=answer_pull)
    app.add_middleware(BodyGuard)
    app.add_middleware(RequestMetrics, metrics=metrics)
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers (``--workers K``): the database URL comes from the env."""
    return create_app(os.environ[DB_ENV])
