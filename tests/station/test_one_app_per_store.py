"""One program per store: the store's lock file refuses a second owner or CLI writer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from emergenza.store import Store, StoreOwner
from emergenza.store.lock import StoreLock, StoreLockedError, lock_path
from tests.support.cli import run_emergenza
from tests.support.factories import OPERATOR, open_store

REFUSAL = "è già aperto da un altro programma"

# A second process that holds the store through its owner until killed (or told to close).
HOLDER = """
import sys
from emergenza.store import StoreOwner
owner = StoreOwner.open(sys.argv[1], idle_after_s=None)
print("held", flush=True)
sys.stdin.readline()
owner.close()
print("closed", flush=True)
"""


@pytest.fixture
def db(tmp_path, catalogs):
    path = tmp_path / "station.db"
    open_store(path, catalogs).close()
    return path


@pytest.fixture
def holder(db):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)
    proc.stdin.close()
    proc.stdout.close()


def test_a_second_owner_on_the_same_store_is_refused(db, catalogs):
    first = StoreOwner.open(db, catalogs=catalogs, idle_after_s=None)
    try:
        with pytest.raises(StoreLockedError) as caught:
            StoreOwner.open(db, catalogs=catalogs, idle_after_s=None)
        assert REFUSAL in str(caught.value)
        assert f"PID {os.getpid()}" in str(caught.value)
        assert str(db) in str(caught.value)
        # the first one is untouched and still works
        first.call_blocking(Store.people.add, OPERATOR, "operator")
    finally:
        first.close()
    second = StoreOwner.open(db, catalogs=catalogs, idle_after_s=None)  # released on close
    second.close()


def test_the_lock_is_refused_before_anything_is_opened(db, catalogs):
    opened = []
    with StoreLock(db), pytest.raises(StoreLockedError):
        StoreOwner(lambda: opened.append(1) or Store.open(db, catalogs), lock=db)
    assert opened == []


def test_the_lock_is_released_when_the_opener_fails(tmp_path, catalogs):
    not_a_store = tmp_path / "x.db"
    not_a_store.write_bytes(b"not sqlite at all, just some bytes" * 100)
    with pytest.raises(Exception):  # noqa: B017 - the opener's own error, whatever it is
        StoreOwner.open(not_a_store, catalogs=catalogs, idle_after_s=None)
    StoreLock(not_a_store).acquire().release()


def test_the_lock_file_is_private_and_names_the_holder(db):
    lock = StoreLock(db).acquire()
    try:
        assert lock_path(db).read_text().strip() == str(os.getpid())
        if os.name == "posix":
            assert lock_path(db).stat().st_mode & 0o777 == 0o600
    finally:
        lock.release()
    assert not lock_path(db).exists()  # removed by its holder


def test_a_lock_file_left_by_a_dead_holder_blocks_nobody(db):
    lock_path(db).write_text("999999")  # as a killed holder leaves it
    with StoreLock(db) as lock:
        assert lock.held
        assert lock_path(db).read_text().strip() == str(os.getpid())


def test_restore_in_a_second_process_is_refused_with_one_italian_line(db, tmp_path, catalogs, holder):
    store = Store.open(db, catalogs)
    copy = store.maintenance.backup(tmp_path / "copy.db")
    store.close()
    proc = run_emergenza("restore", "--db", db, "--from", copy)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emergenza: ")
    assert REFUSAL in lines[0] and f"PID {holder.pid}" in lines[0]
    assert "locked" not in proc.stderr
    # the holder closes: the same restore goes through
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "closed"
    holder.wait(timeout=30)
    proc = run_emergenza("restore", "--db", db, "--from", copy)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_the_lock_dies_with_a_killed_holder(db, catalogs, holder):
    with pytest.raises(StoreLockedError):
        StoreLock(db).acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    owner = StoreOwner.open(db, catalogs=catalogs, idle_after_s=None)
    owner.close()


def test_demo_force_is_refused_while_the_store_is_held(tmp_path, holder, db):
    proc = run_emergenza("demo", "--db", db, "--events", 5, "--force", "--quiet")
    assert proc.returncode == 2 and REFUSAL in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_second_app_is_refused_and_exits_2(tmp_path, holder, db):
    proc = run_emergenza("--selftest", "--db", db, env={**os.environ, "EMERGENZA_HOME": str(tmp_path / "home")})
    assert proc.returncode == 2, proc.stderr
    assert REFUSAL in proc.stderr.strip().splitlines()[-1]
    assert "Traceback" not in proc.stderr


def test_readers_do_not_need_the_lock(db, holder):
    for args in (("status", "--db", db), ("check", "--db", db), ("backup", "--db", db)):
        proc = run_emergenza(*args)
        assert proc.returncode == 0, (args, proc.stderr)
