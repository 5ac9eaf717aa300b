"""Kill -9 a writer process mid-stream and collect what it reported as committed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def kill_writer_after(script: str, path: Path, lines: int) -> list[str]:
    """Run ``script`` (python -c, argv[1] = ``path``), SIGKILL it once it printed ``lines``
    lines, and return every line it printed — each one printed after its commit, so each
    names something the store must still hold. Asserts it really died of SIGKILL."""
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    printed: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            printed.append(line.strip())
            if len(printed) >= lines:
                break
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()  # still in the pipe: committed too
        printed += [x for x in rest.split() if x]
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(printed) >= lines
    return printed


def reopen_whole(path: Path, printed: list[str]):
    """The store after the kill: intact, holding every event the writer reported, its audit
    chain verified. Returns it open (the caller closes it)."""
    from emergenza.store import Store, database

    assert database.quick_check(path) == []
    store = Store.open(path)
    try:
        numbers = {r[0] for r in store.db.execute("SELECT number FROM events")}
        assert set(printed) <= numbers
        assert store.maintenance.verify_audit() == []
    except BaseException:
        store.close()
        raise
    return store


def snapshot_done(path: Path) -> int:
    """Changes applied so far by a first sync under way in another process (0: none yet)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'snapshot_progress'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
    return json.loads(row[0])["done"] if row else 0


def kill_first_sync_midway(path: Path, applied: int = 30) -> None:
    """``emergenza sync`` of an enrolled new store, in pages of 3, SIGKILLed once its
    snapshot has applied ``applied`` changes (asserts it was still running then)."""
    proc = subprocess.Popen([sys.executable, "-m", "emergenza", "sync", "--db", str(path), "--initial-page", "3"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None and snapshot_done(path) < applied:
            time.sleep(0.005)
        assert proc.poll() is None, "the sync ended before it could be killed"
        proc.kill()
    finally:
        proc.wait(timeout=30)
    assert snapshot_done(path) >= applied  # killed with a snapshot under way
