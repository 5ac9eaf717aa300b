"""Data at rest: the station's files readable by its user only (0600, folders 0700).

The store holds names, phone numbers and addresses of callers: on a shared PC no other
account may read it, its WAL, its backups or the logs. SQLite creates ``-wal``/``-shm``
with the main file's permission bits (unix ``robust_open`` copies them), so the main file
is made 0600 BEFORE the first connection. Files are created with the mode they keep
(``os.open`` with 0600) or tightened right after; the process umask is never touched
(it is process-wide, and the GUI thread writes files too).

Windows: POSIX modes do not apply there (``chmod`` only sets read-only); the data folder
under ``%LOCALAPPDATA%`` is per-user by its ACLs, so these functions do nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

from . import encryption

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def tighten(path: str | Path, mode: int = FILE_MODE) -> bool:
    """Remove group/other access from an existing file or folder; True if it was looser."""
    if not POSIX:
        return False
    path = Path(path)
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    if current & ~mode == 0:
        return False
    try:
        path.chmod(current & mode)  # only takes away: a read-only file stays read-only
    except OSError as exc:  # e.g. a FAT-formatted stick given as a backup folder: no modes there
        log.warning("impossibile restringere i permessi di %s: %s", path, exc)
        return False
    return True


def private_dir(path: str | Path) -> Path:
    """Create the folder (and missing parents) 0700, or tighten it if it exists."""
    path = Path(path)
    if not path.exists():
        # parents created here are ours too; an existing parent is left as it is
        missing = [p for p in [path, *path.parents] if not p.exists()]
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        for p in missing:
            tighten(p, DIR_MODE)  # mkdir's mode is filtered by the umask
    elif tighten(path, DIR_MODE):
        log.info("permessi della cartella %s ristretti (0700)", path)
    return path


def create_private(path: str | Path) -> Path:
    """Make sure ``path`` exists as a file readable by its owner only (an existing one is tightened)."""
    path = Path(path)
    if POSIX:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        os.close(fd)
    else:
        path.touch(exist_ok=True)
    tighten(path)
    return path


def tighten_store_files(db_path: str | Path) -> list[Path]:
    """0600 on a store and its SQLite side files (a store written by an older version was 0644).
    Returns the files changed, and says so in the log."""
    db_path = Path(db_path)
    changed = [p for p in (db_path, *(Path(f"{db_path}{ext}") for ext in SQLITE_SIDE_FILES)) if tighten(p)]
    if changed:
        log.info("permessi ristretti (0600, solo l'utente) su: %s", ", ".join(p.name for p in changed))
    return changed


def remove_with_side_files(path: str | Path) -> None:
    """Delete a store file and its -wal, -shm and -journal (what a scratch build leaves)."""
    encryption.forget(path)
    for p in (Path(path), *(Path(f"{path}{ext}") for ext in SQLITE_SIDE_FILES)):
        p.unlink(missing_ok=True)


def fsync_dir(folder: str | Path) -> None:
    """Make a rename into ``folder`` durable (POSIX; Windows cannot open a folder for fsync,
    and MoveFileEx is durable there)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)
