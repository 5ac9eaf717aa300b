"""Automatic backups of the station's store: once a day and at every shift end.

Qt-free: the GUI (``gui/backup_ui.py``) decides WHEN, this module decides WHERE and
HOW MANY. Backups live in the ``backup`` folder beside the database (for the default
store that is ``Paths.backups``) and are named by ``store.backup.backup_name``:
``<stem>-YYYYMMDD-HHMMSS-<tag>.db``. The newest ``keep`` of each tag are kept, so a
busy day of shift ends never pushes out the daily copies.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .config import Paths
from .store import Store
from .store.backup import backup_name
from .store.private import private_dir

log = logging.getLogger(__name__)

TAG_DAILY = "giornaliero"
TAG_SHIFT_END = "fineturno"
TAG_MANUAL = "manuale"
DAILY_INTERVAL = timedelta(hours=24)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime
    tag: str
    size: int


def list_backups(folder: Path, stem: str) -> list[BackupInfo]:
    """Backups of the store ``stem`` in ``folder``, newest first."""
    pattern = re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-([A-Za-z0-9_]+))?\.db$")
    found = []
    if not folder.is_dir():
        return found
    for p in folder.iterdir():
        m = pattern.match(p.name)
        if not m or not p.is_file():
            continue
        when = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
        found.append(BackupInfo(p, when, m.group(2) or "", p.stat().st_size))
    return sorted(found, key=lambda b: (b.when, b.path.name), reverse=True)


class BackupPolicy:
    def __init__(self, paths: Paths, keep: int = 14, *, db_path: Path | None = None):
        if keep < 1:
            raise ValueError("keep must be >= 1")
        self.paths = paths
        self.keep = keep
        self.db_path = Path(db_path) if db_path else paths.db

    @classmethod
    def for_db(cls, db_path: str | Path, keep: int = 14) -> BackupPolicy:
        """Policy for any store file: backups in the ``backup`` folder beside it."""
        db_path = Path(db_path)
        return cls(Paths(db_path.parent), keep, db_path=db_path)

    @property
    def folder(self) -> Path:
        return self.paths.backups

    @property
    def stem(self) -> str:
        return self.db_path.stem

    def backups(self) -> list[BackupInfo]:
        return list_backups(self.folder, self.stem)

    def last_backup(self) -> BackupInfo | None:
        found = self.backups()
        return found[0] if found else None

    def due_daily(self, now: datetime | None = None) -> bool:
        """True when no backup of any kind was made in the last 24 hours (a shift-end copy counts)."""
        now = now or datetime.now()
        last = self.last_backup()
        return last is None or now - last.when >= DAILY_INTERVAL

    def run(self, store: Store, tag: str = TAG_DAILY, now: datetime | None = None) -> Path:
        """Copy the open store (on its owner thread) and prune; return the new backup's path.

        ``store`` is the store of ``db_path`` (``for_db(store.path)``): copies are named after it."""
        dest = private_dir(self.folder) / backup_name(self.db_path, now, tag)
        store.maintenance.backup(dest)
        removed = self.prune()
        log.info("backup %s (%s) written; %d old backup(s) removed", dest.name, tag, len(removed))
        return dest

    def prune(self) -> list[Path]:
        """Keep the newest ``keep`` backups of each tag; return the files removed."""
        seen: dict[str, int] = {}
        removed = []
        for b in self.backups():
            seen[b.tag] = seen.get(b.tag, 0) + 1
            if seen[b.tag] > self.keep:
                b.path.unlink(missing_ok=True)
                removed.append(b.path)
        return removed
