"""``GET /v1/metrics``: what an operator watches, in the Prometheus text format (0.0.4).

Written by hand (a few dozen lines) rather than with a client library. Every figure is a
monotonic counter (or a histogram of counters), so the figures of several worker
processes add up: with ``EMERGENZA_METRICS_DIR`` set (the systemd unit and the container
set it), each worker writes its own counters to a file there about once a second and
whichever worker answers a scrape sums every file, exited workers' included (their
totals stay counted, so nothing goes backwards). Without it a scrape shows the counters
of the one worker that answered it (fine for ``--workers 1``).
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from pathlib import Path

METRICS_DIR_ENV = "EMERGENZA_METRICS_DIR"
METRICS_MEDIA = "text/plain; version=0.0.4; charset=utf-8"
FLUSH_EVERY_S = 1.0
# Request latency buckets (seconds): the targets (p99 < 1 s, 500 ms) fall on edges.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# name -> (type, help); every sample rendered belongs to one of these families.
FAMILIES = {
    "emergenza_http_requests_total": ("counter", "HTTP requests answered, by method, route and status."),
    "emergenza_http_request_duration_seconds": ("histogram", "Time to answer an HTTP request."),
    "emergenza_pushes_total": ("counter", "Push requests stored (push and push-pull)."),
    "emergenza_pulls_total": ("counter", "Pull pages answered (pull and push-pull)."),
    "emergenza_changes_received_total": ("counter", "Changes received in pushes."),
    "emergenza_changes_sequenced_total": ("counter", "Changes accepted, sequenced and stored."),
    "emergenza_changes_refused_total": ("counter", "Changes the door refused."),
    "emergenza_changes_duplicate_total": ("counter", "Changes received again (already stored)."),
    "emergenza_changes_served_total": ("counter", "Changes sent in pull pages."),
    "emergenza_pull_bytes_total": ("counter", "Bytes of pull bodies sent, after compression."),
    "emergenza_pull_gzip_total": ("counter", "Pull bodies sent gzip-compressed."),
    "emergenza_process_cpu_seconds_total": ("counter", "CPU time used by the server's worker processes."),
    "emergenza_changes_last_seq": ("gauge", "Sequence number of the last change stored (from the database)."),
    "emergenza_schema_version": ("gauge", "Schema version of the server database."),
}


def _labels(**labels: str) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _request_keys(method: str, route: str, status: int) -> tuple[str, str, str, list[tuple[float, str]]]:
    """The sample names one request updates: total, count, sum and (edge, name) of each bucket."""
    base = {"method": method, "route": route}
    name = "emergenza_http_request_duration_seconds"
    buckets = [(edge, name + "_bucket" + _labels(**base, le="+Inf" if edge == float("inf") else repr(edge)))
               for edge in (*BUCKETS, float("inf"))]
    return ("emergenza_http_requests_total" + _labels(**base, status=str(status)), name + "_count" + _labels(**base),
            name + "_sum" + _labels(**base), buckets)


class Metrics:
    """The counters of one worker process (thread-safe: request threads and the event loop)."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self._lock = threading.Lock()
        self._samples: dict[str, float] = {}  # sample name with labels -> value
        self._dir = Path(directory) if directory else None
        self._file = (self._dir / f"worker-{os.getpid()}-{time.time_ns()}.json") if self._dir else None
        self._flushed = 0.0
        self._changes = self._written = 0  # counts of updates made / already in the file
        self._request_keys: dict[tuple[str, str, int], tuple] = {}  # sample names, built once per label set

    def add(self, name: str, value: float = 1, **labels: str) -> None:
        key = name + _labels(**labels)
        with self._lock:
            self._samples[key] = self._samples.get(key, 0) + value
            self._changes += 1

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        keys = self._request_keys.get((method, route, status))
        with self._lock:
            if keys is None:
                keys = self._request_keys[(method, route, status)] = _request_keys(method, route, status)
                for _edge, key in keys[3]:  # every bucket exists (Prometheus wants them all, zeros included)
                    self._samples.setdefault(key, 0)
            self._changes += 1
            s = self._samples
            total, count, seconds_sum, buckets = keys
            s[total] = s.get(total, 0) + 1
            s[count] = s.get(count, 0) + 1
            s[seconds_sum] = s.get(seconds_sum, 0) + seconds
            for edge, key in buckets:
                if seconds <= edge:
                    s[key] += 1

    def snapshot(self) -> dict[str, float]:
        with self._lock:
            out = dict(self._samples)
        out["emergenza_process_cpu_seconds_total"] = time.process_time()
        return out

    def maybe_flush(self, force: bool = False) -> None:
        """Write this worker's counters to the shared directory (atomically), at most once a
        second and only when they changed (unless ``force``)."""
        if self._file is None or (not force and (self._changes == self._written
                                                 or time.monotonic() - self._flushed < FLUSH_EVERY_S)):
            return
        self._flushed, self._written = time.monotonic(), self._changes
        tmp = self._file.with_suffix(".tmp")
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(self.snapshot()))
            os.replace(tmp, self._file)
        except OSError:
            pass  # a full or read-only disk must not fail requests: the scrape shows this worker alone

    async def flush_periodically(self) -> None:
        """Run for the worker's life: what the last requests counted reaches the file even
        if no request follows them (the answering worker would otherwise not see it)."""
        while True:
            await asyncio.sleep(FLUSH_EVERY_S)
            self.maybe_flush()

    def totals(self) -> dict[str, float]:
        """Every worker's counters summed (this one's live, the others' as last written)."""
        self.maybe_flush(force=True)
        if self._dir is None:
            return self.snapshot()
        total: dict[str, float] = {}
        for path in self._dir.glob("worker-*.json"):
            try:
                samples = self.snapshot() if path == self._file else json.loads(path.read_text())
            except (OSError, ValueError):
                continue  # a worker replacing its file this instant: next scrape
            for key, value in samples.items():
                total[key] = total.get(key, 0) + value
        return total or self.snapshot()


def render(samples: dict[str, float]) -> str:
    """The Prometheus text exposition of ``samples`` (families in a fixed order)."""
    lines = []
    for family, (kind, help_text) in FAMILIES.items():
        mine = sorted((k, v) for k, v in samples.items()
                      if k.split("{", 1)[0] in (family, family + "_bucket", family + "_sum", family + "_count"))
        if not mine:
            continue
        lines += [f"# HELP {family} {help_text}", f"# TYPE {family} {kind}"]
        if kind == "histogram":
            mine.sort(key=lambda kv: _histogram_order(kv[0]))
        lines += [f"{key} {_number(value)}" for key, value in mine]
    return "\n".join(lines) + "\n"


def _histogram_order(key: str) -> tuple:
    """Bucket lines by labels, then by increasing ``le``, then _sum and _count."""
    name, _brace, rest = key.partition("{")
    labels = dict(part.split("=", 1) for part in rest.rstrip("}").split(",") if "=" in part)
    le = labels.pop("le", None)
    edge = float("inf") if le == '"+Inf"' else float(le.strip('"')) if le else float("inf")
    suffix = name.rsplit("_", 1)[1]
    return tuple(sorted(labels.items())), {"bucket": 0, "sum": 1, "count": 2}[suffix], edge


class RequestMetrics:
    """Pure ASGI middleware: counts every HTTP request and times it, by route template
    (never the raw path: a client cannot grow the label set) and status."""

    def __init__(self, app, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def sending(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "other"
            self.metrics.observe_request(scope["method"], path, status, time.perf_counter() - start)
            self.metrics.maybe_flush()
