"""A REAL ``emergenza-server`` process on 127.0.0.1, and a station speaking its HTTP API."""

from __future__ import annotations

import json
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import httpx

from .cli import run_server_cli
from .net import free_port
from .paths import ROOT


@dataclass
class ApiStation:
    """An enrolled station seen from the wire: it builds changes and pushes and pulls them."""

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
    """``emergenza-server serve`` on a free port; its output goes to ``log_path``.

    ``start`` may be called again after ``kill`` (same port, same log). ``client`` is an
    ``httpx.Client`` on the server's URL, made on first use and closed by ``close``.
    """

    def __init__(self, db_url: str, log_path: Path):
        self.db_url = db_url
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    @cached_property
    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)

    def start(self, workers: int = 1, *, log_level: str | None = None, timeout: float = 30) -> None:
        extra = ["--log-level", log_level] if log_level else []
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "emergenza.server.cli", "serve", "--db", self.db_url, "--host", "127.0.0.1",
                 "--port", str(self.port), "--workers", str(workers), *extra],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                # One-shot request: no pooled connection is left open behind the health check.
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"server did not start in {timeout:g} s")

    def stop(self, timeout: float = 15) -> int | None:
        """SIGTERM and wait (SIGKILL after ``timeout`` s); the exit code, None if never started."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode if self.proc else None

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, requests in flight are cut."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def close(self) -> int | None:
        """Stop the server and close ``client``; the server's exit code."""
        code = self.stop()
        if "client" in self.__dict__:
            self.client.close()
        return code

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """``emergenza-server COMMAND --db URL ARGS`` on this server's database."""
        return run_server_cli(args[0], "--db", self.db_url, *args[1:], check=check)

    def add_station(self, corps: str, name: str = "Sala") -> dict:
        return json.loads(self.cli("add-station", "--corps", corps, "--name", name, "--json").stdout)

    def enrollment_code(self, corps: str, name: str = "Sala") -> str:
        """A new station's one-time enrollment code."""
        return self.add_station(corps, name)["code"]

    def add_observer(self, name: str = "Questura", agency: str = "PS") -> dict:
        return json.loads(self.cli("add-observer", "--name", name, "--agency", agency, "--json").stdout)

    def enroll(self, code: str, replica_id: str | None = None) -> httpx.Response:
        return self.client.post("/v1/enroll", json={"code": code, "replica_id": replica_id or secrets.token_hex(8)})

    def station(self, corps: str, name: str = "Sala", observer: bool = False) -> ApiStation:
        created = self.add_observer(name) if observer else self.add_station(corps, name)
        replica = secrets.token_hex(8)
        r = self.enroll(created["code"], replica)
        assert r.status_code == 200, r.text
        body = r.json()
        return ApiStation(body["station_id"], replica, body["token"], body["corps"], self.client)
