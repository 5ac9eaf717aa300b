"""Log files of the desktop app: rotated in the data folder (``Paths.logs``).

A station PC has no console (the Windows build is windowed), so the log file is where
a technician looks first: 5 files × 2 MB at most, oldest dropped.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from .config import Paths
from .store.private import FILE_MODE, POSIX, private_dir, tighten

LOG_NAME = "emergenza.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5  # emergenza.log + emergenza.log.1 … .5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


class _AppFileHandler(RotatingFileHandler):
    """Marks the handler as ours, so a second ``setup_logging`` replaces it instead of doubling.

    Every file it opens (the first and each one after a rollover) is created 0600: logs
    name operators, events and addresses (store/private.py)."""

    def _open(self):
        if POSIX:
            os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE))
        tighten(self.baseFilename)
        return super()._open()


def setup_logging(paths: Paths, level: int | str = logging.INFO, *, max_bytes: int = MAX_BYTES,
                  backup_count: int = BACKUP_COUNT) -> Path:
    """Send the root logger to ``<data>/log/emergenza.log`` (rotating); return the file's path.

    The data folder and its log folder become 0700, the log files 0600 (older ones tightened)."""
    private_dir(paths.root)
    private_dir(paths.logs)
    for old_file in paths.logs.glob(LOG_NAME + "*"):
        tighten(old_file)
    log_file = paths.logs / LOG_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _AppFileHandler)]:
        root.removeHandler(old)
        old.close()
    handler = _AppFileHandler(log_file, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    # httpx logs every request at INFO: the background sync polls every second.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
    return log_file


def teardown_logging() -> None:
    """Close and remove the file handler (tests, and before a restore moves the data folder)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _AppFileHandler)]:
        root.removeHandler(old)
        old.close()


def log_uncaught_exceptions() -> None:
    """Write unhandled exceptions to the log before the default hook runs (no console on Windows)."""
    previous = sys.excepthook

    def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            logging.getLogger("emergenza").critical("eccezione non gestita", exc_info=(kind, exc, tb))
        previous(kind, exc, tb)

    sys.excepthook = _hook

