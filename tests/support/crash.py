"""Kill -9 a writer process mid-stream and collect what it reported as committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
