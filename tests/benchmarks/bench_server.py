"""Regional server under load: N stations push a batch and pull, all at once.

``python -m tests.benchmarks server --stations 500 [--db URL] [--workers K]``

Starts a real ``emergenza-server serve`` on 127.0.0.1 (PostgreSQL by default: a fresh
database made through EMERGENZA_PG_URL and dropped at the end), creates and enrolls the
stations, then every station at the same moment pushes ``--changes`` changes and pulls
one page from the cursor it had before. Latencies are per HTTP request (push and pull);
``push_*``/``pull_*`` split them by call (``--push-pull``: one combined call per station,
``push-pull_*``). ``cpu_server_ms_per_request``: the server's CPU divided by the requests.
Each station has its own open connection, as in the field (a minimal HTTP/1.1 client:
the client shares the cores with the server under test), and has pulled once before the
burst (nothing new), as stations do all shift long: the server has seen its token. ``cpu_*_s``: CPU
seconds used during the burst (from the moment every station is connected and warmed up:
the warm-up's requests are not counted) by the server processes (``cpu_server_loop_s``:
their event loops; ``cpu_server_threads_s``: their threads, which store pushes and read
pulls), by the database backends still connected at the end (PostgreSQL on this
machine; a lower bound) and by this client;
with ``cores`` cores, their sum divided by the cores bounds from below how fast the burst
can be served. ``loadavg``: the machine's load averages just before the burst.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from emergenza.sync.protocol import PUSH_PULL_PATH
from tests.support import postgres
from tests.support.servers import ServerProcess


def add_arguments(parser) -> None:
    parser.add_argument("--stations", type=int, default=500)
    parser.add_argument("--changes", type=int, default=20, help="changes per station push")
    parser.add_argument("--db", help="server database URL (default: a fresh PostgreSQL database)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--corps", type=int, default=12, help="corps the stations are spread over")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-request timeout (s)")
    parser.add_argument("--pull-limit", type=int, default=500, help="page size of each pull (0: no pull)")
    parser.add_argument("--spread-s", type=float, default=0.0,
                        help="stations start at random moments within this window (0: all at once)")
    parser.add_argument("--no-gzip", action="store_true",
                        help="ask for uncompressed pages (Accept-Encoding: identity): on a LAN gzip costs CPU")
    parser.add_argument("--push-pull", action="store_true",
                        help="one POST /v1/sync/push-pull per station instead of a push then a pull")


def _cpu_s(pids: set[int], main_thread: bool = False) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each of ``pids`` still alive (Linux),
    or by its main thread alone."""
    out = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/task/{pid}/stat" if main_thread else f"/proc/{pid}/stat")
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def _loop_cpu_s(pids: set[int]) -> float:
    """CPU seconds used so far by the main threads of ``pids``: in a server worker, its
    event loop (HTTP, routing, reading bodies); the rest is its threads (pushes, pulls)."""
    return sum(_cpu_s(pids, main_thread=True).values())


def _server_pids(root: int) -> set[int]:
    """The server process and its worker processes."""
    pids = {root}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == root:
                pids.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def _pg_backends(db_url: str) -> set[int]:
    """Backend processes serving the benchmark database (PostgreSQL on this machine)."""
    if not db_url.startswith("postgresql"):
        return set()
    from sqlalchemy.engine import make_url
    name = make_url(db_url).database
    with postgres.admin_connection() as conn:
        return {r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))}


def _loadavg() -> str:
    """The machine's 1/5/15-minute load averages: with 2 cores shared, the context of every figure."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _pg_database():
    name = f"emergenza_bench_{os.getpid()}"
    return postgres.create_database(name), lambda: postgres.drop_database(name)


def _changes(replica: str, n: int, shared: bool) -> list[dict]:
    now = int(time.time() * 1000)
    event = secrets.token_hex(12)
    at = "2026-11-24T10:00:00.000Z"
    # Complete, valid changes (the server's door refuses anything else); one station code
    # per station (X + the first 7 hex digits of its replica id), one event per push.
    out = [{"change_id": secrets.token_hex(12), "entity": "events", "entity_id": event,
            "fields": {"number": f"X{replica[:7].upper()}-2026-{int(event[:6], 16):06d}", "status": "new",
                       "priority": "red", "type_code": "INC.FERITI", "description": "Incidente stradale con feriti",
                       "municipality_istat": "016024", "address": "via Roma 1", "received_at": at,
                       "created_at": at, "updated_at": at, "exercise": 0,
                       "sharing": "shared" if shared else "reserved", "channel": "phone"},
            "hlc": f"{now:013d}-00000-{replica}", "origin": replica}]
    for i in range(1, n):
        if i % 4 == 0:
            entity, entity_id, fields = "events", event, {"priority": ("yellow", "green", "red")[i % 3]}
        else:
            entity, entity_id = "journal", secrets.token_hex(12)
            fields = {"event_id": event, "text": f"annotazione {i} sull'intervento", "author": "operatore",
                      "at": at, "automatic": 0, "kind": "note", "struck_at": None, "struck_by": None,
                      "strike_reason": None}
        out.append({"change_id": secrets.token_hex(12), "entity": entity, "entity_id": entity_id,
                    "fields": fields, "hlc": f"{now:013d}-{i:05d}-{replica}", "origin": replica})
    return out


class _Conn:
    """One keep-alive HTTP/1.1 connection, as cheap as a client can be: requests are
    prebuilt bytes, the answer is read by Content-Length and decoded only after the
    burst. httpx cost ~1.5 ms of CPU per request here, on the 2 cores the server under
    test runs on (the client's CPU is counted and printed all the same)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> _Conn:
        parsed = urlsplit(url)
        reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port, limit=2**22)
        return cls(reader, writer, parsed.netloc)

    def request_bytes(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}", *(f"{k}: {v}" for k, v in headers.items())]
        if method != "GET":
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def send(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        """``(status, headers lower-cased, body as received)``."""
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _sep, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        return int(status_line.split(" ", 2)[1]), headers, body

    def close(self) -> None:
        self.writer.close()


def _decoded(headers: dict[str, str], body: bytes) -> bytes:
    return gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body


async def _station(url: str, st: dict, n: int, cursor: int, start: asyncio.Event, ready: list,
                   latencies: list[float], kinds: dict, errors: list[str], answers: list, timeout: float,
                   pull_limit: int, delay: float, push_pull: bool = False, no_gzip: bool = False) -> None:
    # One connection per station, as in the field. Every request is encoded and the
    # connection opened before the start, and answers are decoded and checked after the
    # burst: the client's own CPU is kept out of what is measured as far as possible.
    changes = _changes(st["replica"], n, shared=st["index"] % 2 == 0)
    headers = {"Authorization": f"Bearer {st['token']}", "Accept-Encoding": "identity" if no_gzip else "gzip"}
    post = {**headers, "Content-Type": "application/json"}
    try:
        conn = await _Conn.open(url)
    except OSError as exc:
        errors.append(f"connect {type(exc).__name__}: {exc}")
        return
    try:
        if push_pull:
            body = json.dumps({"changes": changes, "cursor": cursor, "limit": pull_limit}).encode()
            plan = [("push-pull", conn.request_bytes("POST", PUSH_PULL_PATH, post, body))]
        else:
            plan = [("push", conn.request_bytes("POST", "/v1/sync/push", post, json.dumps({"changes": changes})
                                                .encode()))]
            if pull_limit:
                plan.append(("pull", conn.request_bytes("GET", f"/v1/sync/pull?cursor={cursor}&limit={pull_limit}",
                                                        headers)))
        # Warm-up: a pull with nothing new, as each station does all shift long between bursts
        # (the connection is open and the server knows the station's token).
        warm = conn.request_bytes("GET", f"/v1/sync/pull?cursor={cursor}&limit=1", headers)
        status, _h, body = await asyncio.wait_for(conn.send(warm), timeout)
        if status != 200:
            errors.append(f"warm-up {status}: {body[:200]!r}")
            return
        ready.append(1)
        await start.wait()
        if delay:
            await asyncio.sleep(delay)
        for kind, raw in plan:
            t0 = time.perf_counter()
            status, got_headers, body = await asyncio.wait_for(conn.send(raw), timeout)
            latencies.append((time.perf_counter() - t0) * 1000)
            kinds[kind].append(latencies[-1])
            answers.append((kind, status, got_headers, body))
            if status != 200:
                return
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


def _check(answers: list, n: int, errors: list[str], counts: dict) -> None:
    """Decode and check every answer of the burst (after it: client CPU)."""
    for kind, status, headers, body in answers:
        if status != 200:
            errors.append(f"{kind} {status}: {_decoded(headers, body)[:200]!r}")
            continue
        answer = json.loads(_decoded(headers, body))
        pushed, page = {"push": (answer, None), "pull": (None, answer),
                        "push-pull": (answer.get("push"), answer.get("pull"))}[kind]
        if pushed is not None:
            if len(pushed["acked"]) != n or pushed["refused"]:
                errors.append(f"{kind}: {json.dumps(pushed)[:200]}")
            else:
                counts["pushed"] += n
        if page is not None:
            counts["pulled"] += len(page["changes"])


async def _burst(url: str, stations: list[dict], n: int, cursor: int, timeout: float, pull_limit: int,
                 spread_s: float, push_pull: bool = False, no_gzip: bool = False,
                 on_start: Callable[[], None] = lambda: None) -> dict:
    """``on_start()`` is called when every connection is open and warmed up, just before
    the burst: the CPU figures start there (not counting the warm-up's requests)."""
    rng = random.Random(42)
    latencies: list[float] = []
    kinds: dict[str, list[float]] = {"push": [], "pull": [], "push-pull": []}
    errors: list[str] = []
    answers: list = []
    ready: list = []
    counts = {"pushed": 0, "pulled": 0}
    start = asyncio.Event()
    tasks = [asyncio.create_task(_station(url, st, n, cursor, start, ready, latencies, kinds, errors, answers,
                                          timeout, pull_limit, rng.uniform(0, spread_s), push_pull, no_gzip))
             for st in stations]
    # Every connection open (warm-up answered) before the start: the burst measures
    # requests, not TCP set-up.
    while len(ready) + len(errors) < len(stations):
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    on_start()
    t0, cpu0 = time.perf_counter(), time.process_time()
    start.set()
    await asyncio.gather(*tasks)
    elapsed, client_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    _check(answers, n, errors, counts)
    return {"latencies": latencies, "kinds": kinds, "errors": errors, "client_cpu": client_cpu, "elapsed": elapsed,
            **counts}


async def _enroll(url: str, codes: list[dict]) -> list[dict]:
    sem = asyncio.Semaphore(50)
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        async def one(i, created):
            replica = secrets.token_hex(8)
            async with sem:
                r = await client.post("/v1/enroll", json={"code": created["code"], "replica_id": replica})
            r.raise_for_status()
            return {"index": i, "replica": replica, "token": r.json()["token"]}
        return await asyncio.gather(*(one(i, c) for i, c in enumerate(codes)))


def run(args) -> dict:
    from emergenza.server.accounts import add_station
    from emergenza.server.db import make_engine
    from emergenza.server.migrations import migrate

    if not 1 <= args.stations <= 5000 or not 1 <= args.changes <= 1000 or not 1 <= args.workers <= 16:
        raise SystemExit("bench server: --stations 1..5000, --changes 1..1000, --workers 1..16")
    drop = None
    tmp = tempfile.TemporaryDirectory()
    if args.db:
        db_url = args.db
    else:
        db_url, drop = _pg_database()
    server = None
    try:
        engine = make_engine(db_url)
        migrate(engine)
        codes = [add_station(engine, f"Comando {i % args.corps}", f"Postazione {i}") for i in range(args.stations)]
        engine.dispose()
        server = ServerProcess(db_url, Path(tmp.name) / "server.log")
        server.start(args.workers, log_level="warning", timeout=60)
        url = server.url
        t0 = time.perf_counter()
        stations = asyncio.run(_enroll(url, codes))
        enroll_s = time.perf_counter() - t0
        head = httpx.get(f"{url}/v1/sync/pull", params={"cursor": 0, "limit": 1},
                         headers={"Authorization": f"Bearer {stations[0]['token']}"}).json()["next_cursor"]
        # Bounded in time as well as in count: the whole burst gets at most 10 minutes.
        # CPU used during the burst by the server, its database backends and this client:
        # with 2 cores, (sum / cores) bounds from below how fast the burst can finish.
        servers, backends = _server_pids(server.proc.pid), _pg_backends(db_url)
        mark: dict = {}

        def on_start() -> None:
            mark["cpu"], mark["loop"] = {**_cpu_s(servers), **_cpu_s(backends)}, _loop_cpu_s(servers)
        load = _loadavg()  # before the burst: what the rest of the machine was doing
        result = asyncio.run(asyncio.wait_for(_burst(url, stations, args.changes, head, args.timeout,
                                                     args.pull_limit, args.spread_s, args.push_pull,
                                                     args.no_gzip, on_start), 600))
        before = mark["cpu"]
        backends |= _pg_backends(db_url)
        after = _cpu_s(servers | backends)
        loop_s = _loop_cpu_s(servers) - mark["loop"]
        cpu = {kind: round(sum(after[p] - before.get(p, 0.0) for p in pids if p in after), 2)
               for kind, pids in (("server", servers), ("db", backends - servers))}
    finally:
        if server is not None:
            server.stop(timeout=20)
        if drop:
            drop()
        tmp.cleanup()
    lat = result["latencies"]
    return {
        "stations": args.stations, "changes_per_push": args.changes, "workers": args.workers,
        "pull_limit": args.pull_limit, "spread_s": args.spread_s,
        "db": "postgresql" if db_url.startswith("postgresql") else "sqlite",
        "requests": len(lat), "p50_ms": round(_percentile(lat, 0.50), 1), "p95_ms": round(_percentile(lat, 0.95), 1),
        "p99_ms": round(_percentile(lat, 0.99), 1),
        "max_ms": round(max(lat), 1) if lat else 0.0, "mean_ms": round(statistics.fmean(lat), 1) if lat else 0.0,
        "errors": len(result["errors"]), "first_error": result["errors"][0] if result["errors"] else None,
        "changes_pushed": result["pushed"], "changes_pulled": result["pulled"],
        "burst_s": round(result["elapsed"], 3), "changes_s": round(result["pushed"] / result["elapsed"], 1),
        "enroll_s": round(enroll_s, 2),
        "cpu_server_s": cpu["server"], "cpu_db_s": cpu["db"], "cpu_client_s": round(result["client_cpu"], 2),
        # The server's CPU split: its event loops (HTTP, routing, bodies) and its threads (pushes, pulls).
        "cpu_server_loop_s": round(loop_s, 2), "cpu_server_threads_s": round(cpu["server"] - loop_s, 2),
        # Server CPU (all its processes) per HTTP request of the burst: what each one costs.
        "cpu_server_ms_per_request": round(cpu["server"] * 1000 / len(lat), 2) if lat else 0.0,
        "push_pull": args.push_pull, "gzip": not args.no_gzip,
        "cores": os.cpu_count(), "loadavg": load,
        # The same latencies split by call (extra figures; p50/p99 above cover both).
        **{f"{kind}_{name}_ms": round(_percentile(values, q), 1)
           for kind, values in result["kinds"].items() if values
           for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
    }
