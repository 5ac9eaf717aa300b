"""Fixtures of the server suite: a REAL server process on 127.0.0.1 over a real database.

Every test runs twice: on a fresh SQLite file and on a fresh PostgreSQL database
(created through the admin URL ``EMERGENZA_PG_URL``, default
postgresql://postgres@127.0.0.1:5432/test, and dropped after the test).
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

PG_ADMIN_URL = os.environ.get("EMERGENZA_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[2]
_counter = itertools.count()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_admin():
    import psycopg
    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    from sqlalchemy.engine import make_url
    name = f"emergenza_test_{os.getpid()}_{next(_counter)}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "emergenza.server.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError(f"cli {args} failed ({proc.returncode}): {proc.stderr}")
    return proc


@dataclass
class Station:
    station_id: str
    replica_id: str
    token: str
    corps: str
    client: httpx.Client
    _hlc: list = field(default_factory=lambda: [0])

    def hlc(self, ahead_ms: int = 0) -> str:
        """A fresh HLC of this station, strictly increasing."""
        self._hlc[0] += 1
        return f"{int(time.time() * 1000) + ahead_ms:013d}-{self._hlc[0] % 100000:05d}-{self.replica_id}"

    def change(self, entity: str, entity_id: str, fields: dict, *, hlc: str | None = None,
               change_id: str | None = None, origin: str | None = None) -> dict:
        return {"change_id": change_id or secrets.token_hex(8), "entity": entity, "entity_id": entity_id,
                "fields": fields, "hlc": hlc or self.hlc(), "origin": origin or self.replica_id}

    def push(self, changes: list[dict], expect: int = 200) -> dict:
        r = self.client.post("/v1/sync/push", json={"changes": changes}, headers=self.auth)
        assert r.status_code == expect, r.text
        return r.json()

    def pull(self, cursor: int = 0, limit: int | None = None, expect: int = 200) -> dict:
        params = {"cursor": cursor} | ({"limit": limit} if limit else {})
        r = self.client.get("/v1/sync/pull", params=params, headers=self.auth)
        assert r.status_code == expect, r.text
        return r.json()

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[list[dict], int]:
        out = []
        while True:
            page = self.pull(cursor, limit)
            out += page["changes"]
            assert page["next_cursor"] >= cursor
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return out, cursor

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


class ServerProcess:
    def __init__(self, db_url: str, log_path: Path):
        self.db_url = db_url
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def start(self, workers: int = 1) -> None:
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "emergenza.server.cli", "serve", "--db", self.db_url, "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                if self.client.get("/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError("server did not start in 30 s")

    def stop(self) -> int | None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode if self.proc else None

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run_cli(args[0], "--db", self.db_url, *args[1:], check=check)

    def add_station(self, corps: str, name: str = "Sala") -> dict:
        return json.loads(self.cli("add-station", "--corps", corps, "--name", name, "--json").stdout)

    def add_observer(self, name: str = "Questura", agency: str = "PS") -> dict:
        return json.loads(self.cli("add-observer", "--name", name, "--agency", agency, "--json").stdout)

    def enroll(self, code: str, replica_id: str | None = None) -> httpx.Response:
        return self.client.post("/v1/enroll", json={"code": code, "replica_id": replica_id or secrets.token_hex(8)})

    def station(self, corps: str, name: str = "Sala", observer: bool = False) -> Station:
        created = self.add_observer(name) if observer else self.add_station(corps, name)
        replica = secrets.token_hex(8)
        r = self.enroll(created["code"], replica)
        assert r.status_code == 200, r.text
        body = r.json()
        return Station(body["station_id"], replica, body["token"], body["corps"], self.client)


@pytest.fixture
def server(db_url, tmp_path):
    srv = ServerProcess(db_url, tmp_path / "server.log")
    srv.start()
    yield srv
    code = srv.stop()
    srv.client.close()
    log = srv.log_path.read_text()
    # A bug answers 500 and logs a traceback: no test may cause one.
    assert "Traceback" not in log, log[-4000:]
    assert code == 0, f"server did not stop cleanly on SIGTERM ({code})"
