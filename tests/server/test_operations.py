"""What an operator watches, on a real server process: /v1/health and /v1/metrics."""

from __future__ import annotations

import time

import httpx

from emergenza.server.metrics import BUCKETS, Metrics, render
from emergenza.server.migrations import LATEST
from tests.support.server_data import event_fields, journal_fields, new_id, sql
from tests.support.servers import ServerProcess


def scrape(url: str) -> tuple[dict[str, float], list[str]]:
    """The samples of a Prometheus text page ({name{labels}: value}) and its comment lines."""
    r = httpx.get(url + "/v1/metrics", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples, comments = {}, []
    for line in r.text.splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif line:
            key, value = line.rsplit(" ", 1)
            samples[key] = float(value)
    return samples, comments


def test_health_says_whether_the_database_is_reachable_and_current(server):
    r = server.client.get("/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["schema_version"] == LATEST
    # A database migrated by a newer server: this one must be taken out of rotation.
    sql(server.db_url, "INSERT INTO schema_version (version, applied_at) VALUES (:v, 0)", {"v": LATEST + 1})
    r = server.client.get("/v1/health")
    assert r.status_code == 503 and f"versione {LATEST + 1}" in r.json()["detail"]
    sql(server.db_url, "DELETE FROM schema_version WHERE version = :v", {"v": LATEST + 1})
    assert server.client.get("/v1/health").status_code == 200


def test_metrics_count_requests_pushes_pulls_and_refusals(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    ev = new_id()
    a.push([a.change("events", ev, event_fields()), a.change("journal", new_id(), journal_fields(ev))])
    batch = [a.change("events", ev, {"priority": "green"}),
             a.change("journal", new_id(), journal_fields(new_id()))]  # no such event: refused
    a.push(batch)
    a.push(batch[:1])  # again: a duplicate
    b.pull(0)
    b.pull(0)
    a.client.get("/v1/sync/pull", params={"cursor": "no"}, headers=a.auth)  # 422
    samples, comments = scrape(server.url)
    assert samples["emergenza_pushes_total"] == 3
    assert samples["emergenza_changes_received_total"] == 5
    assert samples["emergenza_changes_sequenced_total"] == 3
    assert samples["emergenza_changes_refused_total"] == 1
    assert samples["emergenza_changes_duplicate_total"] == 1
    assert samples["emergenza_pulls_total"] == 2 and samples["emergenza_changes_served_total"] == 6
    assert samples["emergenza_changes_last_seq"] == 3 and samples["emergenza_schema_version"] == LATEST
    assert samples["emergenza_process_cpu_seconds_total"] > 0
    pull = 'method="GET",route="/v1/sync/pull"'
    assert samples[f'emergenza_http_requests_total{{{pull},status="200"}}'] == 2
    assert samples[f'emergenza_http_requests_total{{{pull},status="422"}}'] == 1
    assert samples['emergenza_http_requests_total{method="POST",route="/v1/sync/push",status="200"}'] == 3
    # A histogram as Prometheus wants it: every bucket, cumulative, +Inf equal to the count.
    buckets = [samples[f'emergenza_http_request_duration_seconds_bucket{{le="{e!r}",{pull}}}'] for e in BUCKETS]
    assert buckets == sorted(buckets)
    assert samples[f'emergenza_http_request_duration_seconds_bucket{{le="+Inf",{pull}}}'] == 3
    assert samples[f"emergenza_http_request_duration_seconds_count{{{pull}}}"] == 3
    assert samples[f"emergenza_http_request_duration_seconds_sum{{{pull}}}"] > 0
    assert "# TYPE emergenza_http_request_duration_seconds histogram" in comments
    assert "# TYPE emergenza_pushes_total counter" in comments
    # Unknown paths share one label: a client cannot grow the label set.
    server.client.get("/v1/no/such/thing")
    samples, _ = scrape(server.url)
    assert samples['emergenza_http_requests_total{method="GET",route="other",status="404"}'] == 1


def test_metrics_add_up_over_worker_processes(db_url, tmp_path, monkeypatch):
    folder = tmp_path / "metrics"
    monkeypatch.setenv("EMERGENZA_METRICS_DIR", str(folder))
    server = ServerProcess(db_url, tmp_path / "server.log")
    server.start(workers=2)
    try:
        for _ in range(40):  # one connection each: the kernel spreads them over the workers
            assert httpx.get(server.url + "/v1/health", timeout=10).status_code == 200
        deadline, seen = time.monotonic() + 30, None
        key = 'emergenza_http_requests_total{method="GET",route="/v1/health",status="200"}'
        while time.monotonic() < deadline:  # each worker writes its counters about once a second
            seen = scrape(server.url)[0].get(key)
            if seen == 41:  # the 40 above, and the start-up check of ServerProcess
                break
            time.sleep(0.2)
        assert seen == 41
        assert list(folder.glob("worker-*.json"))
    finally:
        assert server.close() == 0
    assert "Traceback" not in server.log_path.read_text()


def test_counters_of_several_workers_are_summed(tmp_path):
    one, two = Metrics(tmp_path), Metrics(tmp_path)
    one.add("emergenza_pushes_total", 2)
    two.add("emergenza_pushes_total", 3)
    two.observe_request("GET", "/v1/sync/pull", 200, 0.3)
    two.maybe_flush(force=True)
    text = render(one.totals())
    assert "emergenza_pushes_total 5\n" in text
    assert 'emergenza_http_request_duration_seconds_bucket{le="0.25",method="GET",route="/v1/sync/pull"} 0' in text
    assert 'emergenza_http_request_duration_seconds_bucket{le="0.5",method="GET",route="/v1/sync/pull"} 1' in text
    # A worker that exited keeps its totals counted: nothing goes backwards.
    del two
    assert "emergenza_pushes_total 5\n" in render(Metrics(tmp_path).totals())
