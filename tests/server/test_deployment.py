"""The deployment recipes of installer/server/, run for real where this machine can.

The systemd unit's command and the container's command are started here, as the unit
and the image would start them (environment file, variables, several workers), and
answer /v1/health and /v1/metrics. No container is built (no daemon here): the
recipe's files and its dependency filter are checked instead.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from emergenza.server.migrations import LATEST
from emergenza.sync.protocol import HEALTH_PATH, METRICS_PATH
from tests.support.net import free_port
from tests.support.paths import ROOT

RECIPES = ROOT / "installer" / "server"
VENV_BIN = Path(sys.executable).parent


def unit_entries(text: str) -> list[tuple[str, str]]:
    """(key, value) of a systemd unit, continuation lines joined, comments left out."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [tuple(p.strip() for p in line.split("=", 1)) for line in joined.splitlines()
            if "=" in line and not line.lstrip().startswith(("#", ";"))]


def env_file(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))


def container_instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [tuple(line.split(None, 1)) for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def serve(argv: list[str], env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    with open(log, "a") as out:
        proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            if httpx.get(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not start")


def check_and_stop(proc: subprocess.Popen, port: int, log: Path) -> None:
    try:
        health = httpx.get(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=10)
        assert health.status_code == 200 and health.json()["schema_version"] == LATEST
        metrics = httpx.get(f"http://127.0.0.1:{port}{METRICS_PATH}", timeout=10)
        assert metrics.status_code == 200 and "# TYPE emergenza_http_requests_total counter" in metrics.text
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    assert "Traceback" not in log.read_text()


def test_systemd_unit_is_valid_and_its_command_serves(db_url, tmp_path):
    unit = (RECIPES / "emergenza-server.service").read_text()
    binary = "/opt/emergenza-server/bin/emergenza-server"
    if shutil.which("systemd-analyze"):
        local = tmp_path / "emergenza-server.service"
        local.write_text(unit.replace(binary, str(VENV_BIN / "emergenza-server")))
        checked = subprocess.run(["systemd-analyze", "verify", str(local)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout + checked.stderr, checked.stdout + checked.stderr
    entries = unit_entries(unit)
    assert ("EnvironmentFile", "/etc/emergenza/server.env") in entries
    port = free_port()
    env = {**os.environ, **env_file(RECIPES / "emergenza-server.env"),
           "EMERGENZA_SERVER_DB": db_url, "EMERGENZA_PORT": str(port), "EMERGENZA_WORKERS": "2"}
    for key, value in entries:
        if key == "Environment":
            name, _eq, val = value.partition("=")
            env[name] = val.replace("/run/emergenza-server", str(tmp_path))
    command = dict(entries)["ExecStart"]
    argv = shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], command))
    assert argv[0] == binary and argv[1] == "serve"
    assert db_url not in argv  # the password stays out of the process list
    log = tmp_path / "unit.log"
    proc = serve([sys.executable, "-m", "emergenza.server.cli", *argv[1:]], env, port, log)
    check_and_stop(proc, port, log)
    assert list((tmp_path / "metrics").glob("worker-*.json"))  # the workers wrote where the unit says


def test_container_recipe_installs_the_server_and_its_command_serves(db_url, tmp_path):
    steps = container_instructions((RECIPES / "Containerfile").read_text())
    # Every file copied from the build context (the repository root) exists.
    for kind, arg in steps:
        if kind == "COPY" and not arg.startswith("--from"):
            for source in arg.split()[:-1]:
                assert (ROOT / source).exists(), source
    # The requirement filter: pyproject's pins, without the GUI's.
    script = next(arg for kind, arg in steps if kind == "ARG" and arg.startswith("SERVER_REQUIREMENTS="))
    code = script.split("=", 1)[1].strip('"')
    wanted = subprocess.run([sys.executable, "-c", code, str(ROOT / "pyproject.toml")],
                            capture_output=True, text=True, check=True).stdout.split("\n")
    names = {re.split(r"[\[=<>]", r)[0].lower() for r in wanted if r}
    assert {"fastapi", "uvicorn", "sqlalchemy", "psycopg", "reportlab"} <= names
    assert not {"pyside6-essentials", "qasync"} & names
    # The image's command, with the image's environment, on this machine.
    env = dict(os.environ)
    for kind, arg in steps:
        if kind == "ENV":  # the image's virtual environment is this one
            env.update({k: v.replace("/opt/emergenza-server/bin", str(VENV_BIN)).replace("$PATH", os.environ["PATH"])
                        for k, v in (pair.split("=", 1) for pair in shlex.split(arg))})
    port = free_port()
    env |= {"EMERGENZA_SERVER_DB": db_url, "EMERGENZA_PORT": str(port), "EMERGENZA_WORKERS": "2",
            "EMERGENZA_METRICS_DIR": str(tmp_path / "metrics")}
    cmd = next(arg for kind, arg in steps if kind == "CMD")
    check = next(arg for kind, arg in steps if kind == "HEALTHCHECK").split("CMD", 1)[1]
    log = tmp_path / "container.log"
    proc = serve(json.loads(cmd), env, port, log)
    try:
        probe = [sys.executable if part == "python" else part for part in json.loads(check)]
        assert subprocess.run(probe, env=env, timeout=30).returncode == 0
    finally:
        check_and_stop(proc, port, log)


def test_proxy_examples_forward_to_the_servers_port_and_guard_the_metrics():
    port = env_file(RECIPES / "emergenza-server.env")["EMERGENZA_PORT"]
    nginx, caddy = (RECIPES / "nginx.conf").read_text(), (RECIPES / "Caddyfile").read_text()
    assert f"server 127.0.0.1:{port};" in nginx and f"reverse_proxy 127.0.0.1:{port}" in caddy
    assert "location = /v1/metrics" in nginx and "deny all;" in nginx
    assert "@metrics path /v1/metrics" in caddy and "respond @outside 403" in caddy
    assert f"health_uri {HEALTH_PATH}" in caddy
