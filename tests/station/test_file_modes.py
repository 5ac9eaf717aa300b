"""Data at rest: store, WAL/SHM, backups and logs are 0600 in 0700 folders (POSIX only)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from emergenza import logs
from emergenza.backups import BackupPolicy
from emergenza.config import Paths
from emergenza.store import Store, StoreOwner
from emergenza.store import backup as store_backup
from emergenza.store.private import tighten_store_files
from tests.support.cli import run_emergenza
from tests.support.factories import OPERATOR, event_data, open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: per-user folder)")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask():
    """The default umask of most desktops: what would make files 0644 if nothing took care."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_store_and_its_wal_and_shm_are_private(tmp_path, catalogs):
    db = tmp_path / "data" / "station.db"
    store = open_store(db, catalogs)
    try:
        assert mode(db.parent) == 0o700  # created by us
        assert mode(db) == 0o600
        store.events.create(event_data(), operator=OPERATOR)  # a write: WAL and SHM exist now
        for side in ("-wal", "-shm"):
            assert Path(f"{db}{side}").exists()
            assert mode(Path(f"{db}{side}")) == 0o600
    finally:
        store.close()


def test_an_existing_folder_given_by_the_user_is_left_alone(tmp_path, catalogs):
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    open_store(folder / "station.db", catalogs).close()
    assert mode(folder) == 0o755
    assert mode(folder / "station.db") == 0o600


def test_an_older_loose_store_is_tightened_and_the_log_says_so(tmp_path, catalogs, caplog):
    db = tmp_path / "station.db"
    store = open_store(db, catalogs)
    store.events.create(event_data(), operator=OPERATOR)
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.chmod(0o644)  # as an older version left them
    with caplog.at_level(logging.INFO, logger="emergenza.store.private"):
        reopened = Store.open(db, catalogs)
    store.close()
    reopened.close()
    assert mode(db) == 0o600
    assert "permessi ristretti" in caplog.text and "station.db" in caplog.text
    assert tighten_store_files(db) == []  # nothing left to tighten


def test_backups_by_the_policy_and_by_the_cli_are_private(tmp_path, catalogs):
    db = tmp_path / "station.db"
    owner = StoreOwner.open(db, catalogs=catalogs)
    try:
        owner.call_blocking(Store.events.create, event_data(), operator=OPERATOR)
        made = owner.call_blocking(BackupPolicy.for_db(db).run)
    finally:
        owner.close()
    assert mode(made.parent) == 0o700 and mode(made) == 0o600
    proc = run_emergenza("backup", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert all(mode(p) == 0o600 for p in made.parent.iterdir())
    assert len(list(made.parent.iterdir())) == 2
    # A folder named with --to: created 0700; the copy 0600.
    proc = run_emergenza("backup", "--db", db, "--to", tmp_path / "elsewhere")
    assert proc.returncode == 0, proc.stderr
    assert mode(tmp_path / "elsewhere") == 0o700
    assert [mode(p) for p in (tmp_path / "elsewhere").iterdir()] == [0o600]


def test_restore_leaves_a_private_store_and_tightens_the_one_kept(tmp_path, catalogs):
    db = tmp_path / "station.db"
    store = open_store(db, catalogs)
    copy = store.maintenance.backup(tmp_path / "copy.db")
    store.close()
    copy.chmod(0o644)  # a copy brought from elsewhere
    db.chmod(0o644)
    kept = store_backup.restore(copy, db)
    assert kept is not None
    assert mode(db) == 0o600
    assert mode(kept) == 0o600
    proc = run_emergenza("restore", "--db", db, "--from", copy)
    assert proc.returncode == 0, proc.stderr
    assert mode(db) == 0o600
    assert all(mode(p) == 0o600 for p in tmp_path.glob("station*"))


def test_demo_store_is_private(tmp_path):
    proc = run_emergenza("demo", "--db", tmp_path / "demo.db", "--events", 20, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert mode(tmp_path / "demo.db") == 0o600


def test_logs_and_data_folder_are_private_also_after_a_rollover(tmp_path):
    paths = Paths(tmp_path / "home")
    paths.root.mkdir(mode=0o755)
    paths.root.chmod(0o755)  # an older version's folder
    try:
        log_file = logs.setup_logging(paths, max_bytes=200, backup_count=2)
        for i in range(20):
            logging.getLogger("emergenza.test").info("riga di prova numero %d", i)
        files = sorted(paths.logs.iterdir())
        assert len(files) == 3  # rolled over
        assert [mode(p) for p in files] == [0o600] * 3
        assert mode(paths.logs) == 0o700
        assert mode(paths.root) == 0o700
        assert log_file in files
    finally:
        logs.teardown_logging()


def test_older_log_files_are_tightened(tmp_path):
    paths = Paths(tmp_path / "home")
    paths.logs.mkdir(parents=True)
    (paths.logs / "emergenza.log.1").write_text("vecchia riga\n")
    (paths.logs / "emergenza.log.1").chmod(0o644)
    try:
        logs.setup_logging(paths)
    finally:
        logs.teardown_logging()
    assert mode(paths.logs / "emergenza.log.1") == 0o600


def test_init_makes_a_private_store_in_a_private_data_folder(tmp_path):
    """``emergenza init`` at a fresh station: the data folder it makes is 0700, the store
    0600 (built in a scratch file first: the rename keeps its mode)."""
    home = tmp_path / "home" / "Emergenza"
    proc = run_emergenza("init", "--corps", "Polizia Locale di Bergamo", "--station-code", "BG07", "--admin",
                         "Anna Bianchi", "--password-stdin", stdin="s3greta!\n",
                         env={**os.environ, "EMERGENZA_HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert mode(home) == 0o700 and mode(tmp_path / "home") == 0o700
    assert mode(home / "emergenza.db") == 0o600
    assert sorted(p.name for p in home.iterdir()) == ["emergenza.db"]
