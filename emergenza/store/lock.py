"""One program per store: an OS file lock on ``<store>.lock`` beside the store.

The desktop app holds it for as long as its ``StoreOwner`` lives, a CLI writer (``restore``,
``demo``, ``exercise``) for as long as it writes; a second one is refused at once with an
Italian message naming the holder's PID, instead of meeting "database is locked" half-way
through its work. Readers (``status``, ``check``, ``backup``, reports) never take it: SQLite
lets them read beside the writer.

The lock belongs to the open file: the OS drops it when the holder closes it or dies
(even SIGKILL), so a lock file left behind never blocks anyone. A holder removes the file
on release, while still holding it; a newcomer that locked a file meanwhile removed sees
that the name no longer leads to its file and starts again, so two programs never hold
two files of the same name.
Unix: ``fcntl.flock``; Windows: ``msvcrt.locking`` on a byte past the PID, so the PID
stays readable by the one refused.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from ..domain.errors import StoreError
from ..domain.text import QT_TRANSLATE_NOOP
from . import private

LOCK_SUFFIX = ".lock"
_PID_BYTES = 32
_WINDOWS_LOCK_OFFSET = 1024  # the locked byte; the PID is written before it


class StoreLockedError(StoreError):
    """Another program holds the store: say which, change nothing."""


def lock_path(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


class StoreLock:
    """``with StoreLock(db_path):`` or ``acquire()`` / ``release()``. Not re-entrant."""

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> StoreLock:
        """Take the lock or raise StoreLockedError (never waits)."""
        if self._fd is not None:
            return self
        if not self.path.parent.is_dir():
            private.private_dir(self.path.parent)
        while True:
            fd = self._open()
            try:
                _lock(fd)
            except OSError:
                holder = _read_pid(fd)
                os.close(fd)
                raise StoreLockedError(QT_TRANSLATE_NOOP(
                    "errors", "L'archivio {0} è già aperto da un altro programma (PID {1}): "
                              "chiuderlo e riprovare."), self.db_path, holder or "sconosciuto") from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # its holder removed it as we locked it: lock the current one
        private.tighten(self.path)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).encode().ljust(_PID_BYTES))
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, b" " * _PID_BYTES)  # no PID left behind to mislead anyone
            with contextlib.suppress(OSError):  # Windows keeps an open file: it stays, harmless
                self.path.unlink()  # while still holding it (see the module doc)
            _unlock(fd)
        finally:
            os.close(fd)  # closing drops the lock in any case

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, private.FILE_MODE)
        except OSError as exc:
            raise StoreError(QT_TRANSLATE_NOOP("errors", "impossibile creare il file di blocco {0}: {1}"),
                             self.path, exc.strerror or exc) from exc

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    return os.path.samestat(os.fstat(fd), named)


def _read_pid(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, _PID_BYTES).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # OSError when someone holds it

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError when someone holds it

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
