"""BackupPolicy: when a daily copy is due, where copies go, how many are kept."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest

from emergenza.backups import TAG_DAILY, TAG_SHIFT_END, BackupPolicy, list_backups
from emergenza.config import Paths
from emergenza.store import Store
from tests.support.factories import call_signs


def test_due_daily_follows_the_newest_backup(tmp_path):
    policy = BackupPolicy(Paths(tmp_path), keep=3)
    now = datetime(2026, 3, 10, 9, 0, 0)
    assert policy.due_daily(now)  # never backed up
    policy.folder.mkdir(parents=True)
    (policy.folder / "emergenza-20260309-100000-fineturno.db").write_bytes(b"x")
    assert not policy.due_daily(now)  # a shift-end copy 23 h ago counts
    assert policy.due_daily(now + timedelta(hours=1))  # 24 h later it is due
    (policy.folder / "altro-20260310-085900-giornaliero.db").write_bytes(b"x")
    assert policy.due_daily(now + timedelta(hours=1))  # another store's copies do not count


def test_run_writes_a_checked_copy_of_the_open_store(station_db, catalogs):
    policy = BackupPolicy.for_db(station_db, keep=3)
    assert policy.folder == station_db.parent / "backup" == Paths(station_db.parent).backups
    store = Store.open(station_db, catalogs)
    try:
        path = policy.run(store, TAG_SHIFT_END, now=datetime(2026, 3, 10, 14, 0, 0))
    finally:
        store.close()
    assert path.name == "emergenza-20260310-140000-fineturno.db"
    assert call_signs(path) == ["Alfa 1", "Alfa 2"]
    assert not policy.due_daily(datetime(2026, 3, 11, 13, 0, 0))


def test_pruning_keeps_the_newest_of_each_tag(station_db, catalogs):
    policy = BackupPolicy.for_db(station_db, keep=2)
    store = Store.open(station_db, catalogs)
    try:
        start = datetime(2026, 3, 1, 8, 0, 0)
        for day in range(4):
            policy.run(store, TAG_DAILY, now=start + timedelta(days=day))
            for shift in range(3):  # three shift ends a day must not push out the daily copies
                policy.run(store, TAG_SHIFT_END, now=start + timedelta(days=day, hours=6 + 8 * shift))
    finally:
        store.close()
    assert len(policy.backups()) == 4
    daily = [b.path.name for b in policy.backups() if b.tag == TAG_DAILY]
    shift = [b.path.name for b in policy.backups() if b.tag == TAG_SHIFT_END]
    assert daily == ["emergenza-20260304-080000-giornaliero.db", "emergenza-20260303-080000-giornaliero.db"]
    assert shift == ["emergenza-20260305-060000-fineturno.db", "emergenza-20260304-220000-fineturno.db"]


def test_list_ignores_foreign_files_and_sorts_by_name_time(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    for name in ("emergenza-20260102-000000.db", "emergenza-20260101-000000-manuale.db",
                 "emergenza-note.txt", "emergenza-2026.db", "emergenza-20260103-000000-x.db.part"):
        (folder / name).write_bytes(b"x")
    os.utime(folder / "emergenza-20260101-000000-manuale.db", (2_000_000_000, 2_000_000_000))  # mtime ignored
    found = list_backups(folder, "emergenza")
    assert [(b.path.name, b.tag) for b in found] == [("emergenza-20260102-000000.db", ""),
                                                      ("emergenza-20260101-000000-manuale.db", "manuale")]


def test_keep_must_be_positive(tmp_path):
    with pytest.raises(ValueError):
        BackupPolicy(Paths(tmp_path), keep=0)
