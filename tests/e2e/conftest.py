"""End-to-end fixtures: a REAL server process on 127.0.0.1 (SQLite file or a fresh
PostgreSQL database) and real station stores syncing with it over HTTP."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest

from emergenza.store import Store, StoreOwner
from emergenza.sync.engine import SyncEngine, enroll

PG_ADMIN_URL = os.environ.get("EMERGENZA_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[2]
OPERATOR = "Mario Rossi"
EVENT = {"type_code": "INC", "municipality_istat": "016024", "address": "via Roma 1",
         "description": "Tamponamento", "sharing": "shared"}
_counter = itertools.count()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(self, db_url: str, workdir: Path):
        self.db_url = db_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "emergenza.server.cli", *args, "--db", self.db_url],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "emergenza.server.cli", "serve", "--db", self.db_url, "--host", "127.0.0.1",
                 "--port", str(self.port), "--log-level", "warning"], cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("server did not start")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, requests in flight are cut."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def add_station(self, corps: str, name: str) -> str:
        return json.loads(self.cli("add-station", "--corps", corps, "--name", name, "--json"))["code"]


@pytest.fixture(scope="session")
def pg_database():
    """One fresh PostgreSQL database per session, for the server under test."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"emergenza_e2e_{os.getpid()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _reset_pg(url: str) -> None:
    """Empty the session database between tests (schema dropped, re-created by serve)."""
    import psycopg
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.db'}"
    else:
        url = request.getfixturevalue("pg_database")
        _reset_pg(url)
    srv = ServerProcess(url, tmp_path)
    srv.start()
    yield srv
    srv.stop()


class _OnOwner:
    """The methods of one store manager, each called through the owner (blocking)."""

    def __init__(self, owner: StoreOwner, methods: Any):
        self._owner = owner
        self._methods = methods

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._methods, name)
        return lambda *a, **k: self._owner.call_blocking(method, *a, **k)


class Station:
    """A station PC: its store (behind the owner thread) and sync over real HTTP."""

    def __init__(self, path: Path, catalogs, code: str, corps: str, **store_kwargs: Any):
        self.owner = StoreOwner(lambda: Store.open(path, catalogs, station_code=code, corps=corps, **store_kwargs))
        self.base_url: str | None = None

    def __getattr__(self, name: str) -> "_OnOwner":
        """``station.events.create(...)``: that manager method of its store, on the owner thread."""
        return _OnOwner(self.owner, getattr(Store, name))

    def enroll(self, url: str, code: str) -> None:
        async def run():
            async with httpx.AsyncClient(timeout=10) as client:
                return await enroll(self.owner, client, url, code)
        asyncio.run(run())
        self.base_url = url

    def sync(self, url: str | None = None, progress=None, **engine_kwargs: Any):
        """One full push + pull; ``url`` overrides the enrolled server (e.g. a proxy)."""
        async def run():
            async with httpx.AsyncClient(timeout=10) as client:
                engine = await SyncEngine.for_store(self.owner, client, **engine_kwargs)
                if url:
                    engine.base_url = url
                return await engine.sync_once(progress)
        return asyncio.run(run())

    def q(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        return self.owner.call_blocking(lambda s: s.db.execute(sql, params).fetchall())

    def snapshot(self) -> dict:
        def snap(store: Store) -> dict:
            out = {}
            for table in ("events", "resources", "assignments", "journal"):
                out[table] = [dict(r) for r in store.db.query(f"SELECT * FROM [{table}] ORDER BY id")]
            return out
        return self.owner.call_blocking(snap)

    def open_conflicts(self) -> set[tuple]:
        return {(r[0], r[1], r[2], r[3], r[4]) for r in self.q(
            "SELECT entity_id, field, lost_value, lost_hlc, kept_value FROM conflicts WHERE resolved_at IS NULL")}

    def close(self) -> None:
        self.owner.close()


@pytest.fixture
def stations(tmp_path, catalogs, server):
    """``stations("A", corps="BG")`` -> an enrolled Station on the test server."""
    made: list[Station] = []

    def _make(name: str, corps: str = "Polizia Locale di Bergamo", **store_kwargs: Any) -> Station:
        st = Station(tmp_path / f"{name}.db", catalogs, f"ST{name}", corps, **store_kwargs)
        made.append(st)
        st.enroll(server.url, server.add_station(corps, name))
        return st

    yield _make
    for st in made:
        st.close()


def sync_all(*stations: Station, rounds: int = 2) -> None:
    for _ in range(rounds):
        for st in stations:
            report = st.sync()
            assert report.pending == 0
