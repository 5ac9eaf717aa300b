"""The client side of sync: push the outbox, then pull and apply, over one httpx client.

Every store access goes through the :class:`StoreOwner` (its thread owns the SQLite
connection); HTTP runs on the caller's event loop. Transient failures (no route,
server errors, dropped connections) are retried with exponential backoff; the others
are raised at once as :mod:`emergenza.sync.errors` exceptions, in Italian.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from ..domain.entities import utc_now_iso
from ..domain.errors import SyncError
from ..domain.text import QT_TRANSLATE_NOOP
from ..store import Store, StoreOwner
from ..store.meta import MetaKey
from . import apply as apply_mod
from . import jsonbody, snapshot
from .anchor import anchor_head
from .clamp import rewrite_clamped
from .errors import (
    AuthRefusedError,
    BadResponseError,
    EnrollRefusedError,
    NotEnrolledError,
    RequestRefusedError,
    ServerFailureError,
    ServerUnreachableError,
    StationCodeTakenError,
    UnexpectedSyncError,
)
from .pending import first_waiting_reason, parked_count
from .protocol import (
    CHANGE_KEYS,
    ENROLL_PATH,
    HEALTH_PATH,
    MAX_CHANGES_PER_PUSH,
    PULL_DEFAULT_LIMIT,
    PULL_MAX_LIMIT,
    PULL_PATH,
    PUSH_PATH,
    PUSH_PULL_PATH,
    SNAPSHOT_DEFAULT_LIMIT,
    SNAPSHOT_MAX_LIMIT,
    ProtocolError,
    PullResponse,
    validate_enroll_response,
    validate_pull_response,
    validate_push_response,
)
from .quarantine import apply_bulk_safely, reason_of, retry_quarantined

ProgressFn = Callable[[str, int, int | None], None]
log = logging.getLogger(__name__)



@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    clamped: int = 0
    pulled: int = 0
    applied: int = 0
    parked: int = 0
    conflicts: int = 0            # new conflicts recorded here during this run
    server_conflicts: int = 0     # conflicts the server reported on our pushes
    pending: int = 0              # outbox rows still unsent after the run
    waiting: int = 0              # pulled changes parked (parent not here yet)
    waiting_reason: str | None = None  # why the oldest of them waits (Italian)
    refused: int = 0              # our changes the server refused in this run (kept as "non condiviso")
    not_shared: int = 0           # every refused change kept locally (sync_refused)
    quarantined: int = 0          # pulled changes put in quarantine in this run
    quarantine: int = 0           # every pulled change still in quarantine (sync_quarantine)
    quarantine_reason: str | None = None
    open_conflicts: int = 0
    cursor: int = 0
    new_shared_events: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def complete(self) -> bool:
        """Nothing received waits or is kept out: what ``emergenza sync`` calls success."""
        return not self.waiting and not self.quarantine


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    station_id: str
    token: str
    corps: str
    station_code: str = ""  # the region's code for this station (meta station_code)

    @classmethod
    def of(cls, store: Store) -> Enrollment | None:
        url, station, token = (store.meta.get(MetaKey.SERVER_URL), store.meta.get(MetaKey.STATION_ID),
                               store.meta.get(MetaKey.TOKEN))
        if not (url and station and token):
            return None
        return cls(url, station, token, store.meta.corps, store.meta.station_code)


class Backoff:
    """Exponential delays with jitter: base, 2·base, 4·base … up to ``cap`` seconds."""

    def __init__(self, base: float = 1.0, cap: float = 60.0, *, rng: random.Random | None = None):
        self.base, self.cap = base, cap
        self.failures = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        delay = min(self.cap, self.base * (2 ** self.failures))
        self.failures += 1
        return delay * (0.5 + self._rng.random() / 2)

    def reset(self) -> None:
        self.failures = 0


_JSON = {"Content-Type": "application/json"}


def _as_pushed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outbox rows as the changes a push sends (the server refuses any other key)."""
    return [{k: r[k] for k in CHANGE_KEYS} for r in rows]


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    detail = body.get("detail") if isinstance(body, dict) else None
    return detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)[:200]


def classify(exc: BaseException, url: str) -> SyncError:
    """An httpx failure as the sync error the person should read."""
    if isinstance(exc, SyncError):
        return exc
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        if status in (401, 403):
            return AuthRefusedError(_detail(exc.response))
        if status >= 500 or status in (408, 429):
            return ServerFailureError(status, _detail(exc.response))
        return RequestRefusedError(status, _detail(exc.response))
    if isinstance(exc, (httpx.TransportError, OSError)):
        return ServerUnreachableError(url, type(exc).__name__)
    if isinstance(exc, (ProtocolError, ValueError)):
        return BadResponseError(str(exc))
    raise exc


async def _request(client: httpx.AsyncClient, method: str, url: str, *, token: str | None = None,
                   decode: Callable[[bytes], Awaitable[Any]] | None = None, **kwargs: Any) -> Any:
    """The answer's JSON (``decode``: how to decode the body, e.g. a slice at a time)."""
    headers = {**kwargs.pop("headers", {}), **({"Authorization": f"Bearer {token}"} if token else {})}
    try:
        response = await client.request(method, url, headers=headers, **kwargs)
        response.raise_for_status()
        return jsonbody.loads(response.content) if decode is None else await decode(response.content)
    except (httpx.HTTPError, ValueError, OSError) as exc:
        raise classify(exc, url) from exc


async def health(client: httpx.AsyncClient, base_url: str) -> dict[str, Any]:
    return await _request(client, "GET", base_url.rstrip("/") + HEALTH_PATH)


async def enroll(owner: StoreOwner, client: httpx.AsyncClient, base_url: str, code: str,
                 name: str | None = None, station_code: str | None = None) -> Enrollment:
    """Exchange a one-time code for this station's token; stored in the store's meta.

    The station sends the code it wants to number its events with (``station_code``,
    else the store's own; the default PL01 asks the server to pick one) and keeps the
    one the server answers: given by the administrator, checked unique in the region,
    or assigned. A code another station holds is refused (409): StationCodeTakenError.
    The token sits in the store's ``meta`` table, readable by whoever can read the
    file (acceptable for now: the file is the station's whole record anyway)."""
    base_url = base_url.rstrip("/")
    replica_id, own_code = await owner.call(lambda s: (s.replica_id, s.meta.station_code))
    asked = (station_code or own_code).strip().upper()
    body: dict[str, Any] = {"code": code.strip(), "replica_id": replica_id, "station_code": asked}
    if name:
        body["name"] = name
    try:
        data = await _request(client, "POST", base_url + ENROLL_PATH, json=body)
    except RequestRefusedError as exc:
        detail = str(exc.params[1] if len(exc.params) > 1 else exc)
        if exc.params and exc.params[0] == 409 and "codice postazione" in detail:
            raise StationCodeTakenError(asked, "") from exc
        raise EnrollRefusedError(detail) from exc
    except AuthRefusedError as exc:
        raise EnrollRefusedError(str(exc.params[0] if exc.params else exc)) from exc
    try:
        data = validate_enroll_response(data)
    except ProtocolError as exc:
        raise BadResponseError(str(exc)) from exc

    def save(store: Store) -> None:
        with store.transaction():
            store.meta.set_many({MetaKey.SERVER_URL: base_url, MetaKey.STATION_ID: data["station_id"],
                                 MetaKey.TOKEN: data["token"], MetaKey.STATION_NAME: data["station_name"]})
            if data.get("station_code"):  # the region's choice: events are numbered with it from now on
                store.meta.set(MetaKey.STATION_CODE, data["station_code"])
            if data["corps"]:
                store.meta.set(MetaKey.CORPS, data["corps"])
            # An observer's account: this store becomes a read-only regional board.
            store.meta.set(MetaKey.OBSERVER, "1" if data["kind"] == "observer" else None)

    await owner.call(save)
    return Enrollment(base_url, data["station_id"], data["token"], data["corps"],
                      data.get("station_code") or asked)


class SyncEngine:
    def __init__(self, owner: StoreOwner, client: httpx.AsyncClient, base_url: str, token: str, *,
                 pull_limit: int = PULL_DEFAULT_LIMIT, push_batch: int = MAX_CHANGES_PER_PUSH, attempts: int = 4,
                 retry_base_s: float = 0.2, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 from_snapshot: bool = True, snapshot_limit: int = SNAPSHOT_DEFAULT_LIMIT):
        self.owner = owner
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.pull_limit = min(pull_limit, PULL_MAX_LIMIT)
        self.push_batch = min(push_batch, MAX_CHANGES_PER_PUSH)
        self.attempts = attempts
        self.retry_base_s = retry_base_s
        self._sleep = sleep
        # A new station starts from the server's snapshot (False: the whole stream, as before).
        self.from_snapshot = from_snapshot
        self.snapshot_limit = min(snapshot_limit, SNAPSHOT_MAX_LIMIT)
        # Push and pull in one round trip (/v1/sync/push-pull) until a server answers 404.
        self.roundtrip = True
        self._pulled_to_end = False  # a push-pull's page was the last: pull_all need not ask again
        self._pending_page: PullResponse | None = None

    @classmethod
    async def for_store(cls, owner: StoreOwner, client: httpx.AsyncClient, **kwargs: Any) -> SyncEngine:
        enrolled = await owner.call(Enrollment.of)
        if enrolled is None:
            raise NotEnrolledError()
        return cls(owner, client, enrolled.server_url, enrolled.token, **kwargs)

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request, retried with backoff while the failure is transient."""
        backoff = Backoff(self.retry_base_s, cap=5.0)
        for attempt in range(self.attempts):
            try:
                return await _request(self.client, method, self.base_url + path, token=self.token, **kwargs)
            except SyncError as exc:
                if not exc.transient or attempt == self.attempts - 1:
                    raise
                await self._sleep(backoff.next_delay())
        raise AssertionError("unreachable")

    async def sync_once(self, progress: ProgressFn | None = None) -> SyncReport:
        """Push every outbox change, then pull until the server has nothing more."""
        report = SyncReport()
        try:
            await self.push_all(report, progress)
            await self.pull_all(report, progress)
            if report.pulled and await self.owner.call(Store.outbox.count):
                # Applying may have written changes of ours (a unit clash this station
                # decides, sync/clash.py): they leave in the same sync.
                await self.push_all(report, progress)
            await anchor_head(self)  # the audit head, at the server (sync/anchor.py); never fails a sync
        except SyncError as exc:
            await self.owner.call(_record_result, str(exc))
            report.pending = await self.owner.call(Store.outbox.count)
            raise
        except Exception as exc:  # a bug must not stop the station: one line, retried later
            log.exception("sync: unexpected failure")
            error = UnexpectedSyncError(reason_of(exc))
            await self.owner.call(_record_result, str(error))
            raise error from exc
        await self.owner.call(_record_result, None)
        await self._finish(report)
        return report

    async def _finish(self, report: SyncReport) -> None:
        def counts(store: Store) -> tuple[int, int, int, int]:
            issues = store.sync_issues.counts()
            report.not_shared, report.quarantine = issues["refused"], issues["quarantined"]
            report.waiting_reason = first_waiting_reason(store)
            first = store.sync_issues.quarantined(limit=1)
            report.quarantine_reason = first[0]["reason"] if first else None
            return (store.outbox.count(), parked_count(store),
                    store.db.execute("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL").fetchone()[0],
                    apply_mod.pull_cursor(store))
        report.pending, report.waiting, report.open_conflicts, report.cursor = await self.owner.call(counts)

    async def push_all(self, report: SyncReport, progress: ProgressFn | None = None) -> None:
        await self.owner.call(apply_mod.refresh_local_conflicts)
        total = await self.owner.call(Store.outbox.count)
        done = await self._push_ahead(report, progress, total) if total > self.push_batch else 0
        while True:
            rows = await self.owner.call(Store.outbox.pending, self.push_batch)
            if not rows:
                return
            changes = _as_pushed(rows)
            data = await self._push_batch(changes)
            try:
                acked, refused = await self._settle_push(data, changes, report)
            except BadResponseError:
                self._pending_page = None
                raise
            await self.owner.call(Store.outbox.ack, acked, refused)
            page, self._pending_page = self._pending_page, None
            if page is not None:  # the pull half of a push-pull, applied after the ack
                await self._apply_pulled(page, await self.owner.call(apply_mod.pull_cursor), report)
                self._pulled_to_end = not page["has_more"]
                if page["changes"]:  # as before a push: what was applied moves kept values
                    await self.owner.call(apply_mod.refresh_local_conflicts)
            done += len(acked)
            if progress:
                progress("push", done, max(total, done))

    async def _push_ahead(self, report: SyncReport, progress: ProgressFn | None, total: int) -> int:
        """More than one batch to send (a station back from a long time offline): plain
        pushes, each batch read from the outbox and encoded while the server stores the
        one before, and acknowledged here while the server stores the next, so the
        station's work and the server's overlap. A batch goes only once the one before is
        answered (the server meets a change after those it may hang on). A last batch
        short of full is left to ``push_all``'s own loop (with the pull, in one round
        trip). Returns the changes acknowledged."""
        done = 0
        batch = await self._outbox_batch(0)
        acking: asyncio.Future[Any] | None = None
        ahead: asyncio.Future[tuple[list[dict[str, Any]], int, bytes]] | None = None
        try:
            while len(batch[0]) == self.push_batch:
                changes, last, body = batch
                ahead = asyncio.ensure_future(self._outbox_batch(last))
                send = asyncio.ensure_future(self._call("POST", PUSH_PATH, content=body, headers=_JSON))
                try:
                    if acking is not None:  # the batch before, acknowledged while this one is stored
                        await acking
                        acking = None
                    data = await send
                except BaseException:
                    send.cancel()
                    await asyncio.gather(send, return_exceptions=True)
                    raise
                acked, refused = await self._settle_push(data, changes, report)
                acking = asyncio.ensure_future(self.owner.call(Store.outbox.ack, acked, refused))
                done += len(acked)
                if progress:
                    progress("push", done, max(total, done))
                batch = await ahead
                ahead = None
            if acking is not None:
                await acking
                acking = None
        finally:
            for pending in (acking, ahead):  # failed or cancelled: let the store's calls finish
                if pending is not None:
                    await asyncio.gather(pending, return_exceptions=True)
        return done

    async def _outbox_batch(self, after: int) -> tuple[list[dict[str, Any]], int, bytes]:
        """The next batch of the outbox (past outbox seq ``after``): the changes to push,
        the outbox seq of the last one and the request body."""
        rows = await self.owner.call(Store.outbox.pending, self.push_batch, after=after)
        changes = _as_pushed(rows)
        # As httpx encodes json=..., made here while the server is busy with the batch before.
        body = json.dumps({"changes": changes}, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return changes, rows[-1]["seq"] if rows else after, body.encode()

    async def _settle_push(self, data: Any, changes: list[dict[str, Any]],
                           report: SyncReport) -> tuple[list[str], dict[str, str]]:
        """A push's answer checked and counted (clamped stamps rewritten): the change ids to
        drop from the outbox and, of those, the refused ones with the server's reason."""
        try:
            result = validate_push_response(data)
        except ProtocolError as exc:
            raise BadResponseError(str(exc)) from exc
        sent = {c["change_id"]: c for c in changes}
        if result["clamped"]:
            report.clamped += await self.owner.call(rewrite_clamped, result["clamped"], sent)
        # Refused: done with on the server, kept here as "non condiviso" with the reason.
        refused = {r["change_id"]: r["reason"] for r in result["refused"] if r["change_id"] in sent}
        acked = list(dict.fromkeys([cid for cid in result["acked"] if cid in sent] + list(refused)))
        if refused:
            log.warning("sync: the server refused %d changes (first: %s)", len(refused),
                        next(iter(refused.values())))
        report.refused += len(refused)
        report.pushed += len(acked) - len(refused)
        report.duplicates += int(result["duplicates"])
        report.server_conflicts += int(result["conflicts"])
        if not acked:
            raise BadResponseError(QT_TRANSLATE_NOOP("errors", "nessuna modifica confermata"))
        return acked, refused

    async def _push_batch(self, changes: list[dict[str, Any]]) -> Any:
        """Push one batch; with a pull cursor already, in ONE round trip with the next pull
        page (applied here, with its cursor). A server without push-pull (404): two calls."""
        self._pulled_to_end = False
        if self.roundtrip and not (self.from_snapshot and await self.owner.call(snapshot.wanted)):
            cursor = await self.owner.call(apply_mod.pull_cursor)
            try:
                data = await self._call("POST", PUSH_PULL_PATH,
                                        json={"changes": changes, "cursor": cursor, "limit": self.pull_limit})
            except RequestRefusedError as exc:
                if not (exc.params and exc.params[0] in (404, 405)):
                    raise
                log.info("sync: the server has no push-pull: push and pull apart")
                self.roundtrip = False
            else:
                try:
                    page = validate_pull_response(data.get("pull") if isinstance(data, dict) else None)
                except ProtocolError as exc:
                    raise BadResponseError(str(exc)) from exc
                self._pending_page = page
                return data["push"]
        return await self._call("POST", PUSH_PATH, json={"changes": changes})

    async def _apply_pulled(self, page: PullResponse, cursor: int, report: SyncReport) -> None:
        if page["changes"] or page["next_cursor"] != cursor:
            result = await self.owner.call(apply_bulk_safely, page["changes"], cursor=page["next_cursor"])
            report.pulled += len(page["changes"])
            report.applied += result.applied
            report.parked += result.parked
            report.conflicts += result.conflicts
            report.quarantined += result.quarantined
            report.new_shared_events += result.new_shared_events

    async def pull_all(self, report: SyncReport, progress: ProgressFn | None = None) -> None:
        """Pull until the server has nothing more. The next page is fetched while the
        current one is applied (HTTP and SQLite overlap); each page is applied together
        with its cursor, so a failure anywhere resumes from the last applied page.
        A new station (cursor 0) starts from the server's snapshot (sync/snapshot.py)."""
        await self.owner.call(retry_quarantined)
        if self._pulled_to_end:  # the last push-pull brought the last page already
            self._pulled_to_end = False
            return
        if self.from_snapshot and await self.owner.call(snapshot.wanted):
            await snapshot.first_sync(self, report, progress, self.snapshot_limit)
        cursor = await self.owner.call(apply_mod.pull_cursor)
        fetch: asyncio.Future[PullResponse] | None = asyncio.ensure_future(self._fetch_page(cursor))
        try:
            while fetch is not None:
                page = await fetch
                fetch = None
                if page["has_more"]:
                    fetch = asyncio.ensure_future(self._fetch_page(page["next_cursor"]))
                await self._apply_pulled(page, cursor, report)
                cursor = page["next_cursor"]
                if progress:
                    progress("pull", report.pulled, None)
        finally:
            if fetch is not None:  # an apply failed or we were cancelled: drop the prefetch
                fetch.cancel()
                await asyncio.gather(fetch, return_exceptions=True)

    async def _fetch_page(self, cursor: int) -> PullResponse:
        data = await self._call("GET", PULL_PATH, params={"cursor": cursor, "limit": self.pull_limit})
        try:
            return validate_pull_response(data)
        except ProtocolError as exc:
            raise BadResponseError(str(exc)) from exc


def _record_result(store: Store, error: str | None) -> None:
    with store.transaction():
        if error is None:
            store.meta.set_many({MetaKey.LAST_SYNC_AT: utc_now_iso(), MetaKey.LAST_SYNC_ERROR: None})
        else:
            store.meta.set(MetaKey.LAST_SYNC_ERROR, error)
