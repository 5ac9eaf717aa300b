"""How the station's management commands (units, operators) reach the store: an existing
Emergenza store only (never one created by mistake), its lock held while writing, and a
validation error turned into the one Italian line the command line prints."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from ..domain.errors import UserError, ValidationError
from ..store import Store
from .common import existing_store


@contextlib.contextmanager
def open_store(path: Path, *, write: bool) -> Iterator[Store]:
    """The store at ``path`` (UserError if missing or not Emergenza's); while writing, its
    lock too (a running app refuses the command, and the other way round). The command
    acts as the holder of the file (roles.FILE_HOLDER)."""
    from ..store.lock import StoreLock

    existing_store(path)
    lock = StoreLock(path) if write else contextlib.nullcontext()
    with lock:
        store = Store.open(path)
        try:
            yield store
        except ValidationError as exc:  # "call_sign: …" is for forms; a person reads the messages
            raise UserError(" ".join(e.message for e in exc.errors) or str(exc)) from None
        finally:
            store.close()
