"""How the station's management commands (units, operators) reach the store: an existing
Emergenza store only (never one created by mistake), its lock held while writing, and a
validation error turned into the one Italian line the command line prints."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..domain.errors import UserError, ValidationError
from ..domain.text import QT_TRANSLATE_NOOP
from ..store import Store


@contextlib.contextmanager
def open_store(path: Path, *, write: bool) -> Iterator[Store]:
    """The store at ``path`` (UserError if missing or not Emergenza's); while writing, its
    lock too (a running app refuses the command, and the other way round). The command
    acts as the holder of the file (roles.FILE_HOLDER)."""
    from ..store.lock import StoreLock

    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Archivio non trovato: {0}. Una nuova postazione si crea con "
                                                    "«emergenza init» (o con la prima configurazione dell'app)."), path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT 1 FROM resources, operators LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza."), path) from None
    lock = StoreLock(path) if write else contextlib.nullcontext()
    with lock:
        store = Store.open(path)
        try:
            yield store
        except ValidationError as exc:  # "call_sign: …" is for forms; a person reads the messages
            raise UserError(" ".join(e.message for e in exc.errors) or str(exc)) from None
        finally:
            store.close()
