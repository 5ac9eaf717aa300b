"""A store file left at an older schema version, as an older program made it: the
migrations up to ``version`` applied, each in its transaction, and the version recorded."""

from __future__ import annotations

import uuid
from pathlib import Path

import sqlite_utils


def database_at(path: Path, version: int, *, station_code: str | None = "BG01") -> sqlite_utils.Database:
    """A connection to a new store at schema ``version`` (its replica id and station code
    set, unless ``station_code`` is None)."""
    from emergenza.store import database
    from emergenza.store.schema import MIGRATIONS

    db = database.connect(path)
    for done in range(version):
        db.conn.executescript(f"BEGIN;\n{MIGRATIONS[done]}\nPRAGMA user_version = {done + 1};\nCOMMIT;")
    if station_code is not None:
        db.execute("INSERT INTO meta VALUES ('replica_id', ?)", [uuid.uuid4().hex[:16]])
        db.execute("INSERT INTO meta VALUES ('station_code', ?)", [station_code])
    return db
