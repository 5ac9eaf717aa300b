"""Versioned migrations, run in order on SQLite and PostgreSQL alike.

``schema_version`` holds one row per applied version. Each migration runs in its own
transaction together with its version row, so a crash leaves a clean version. On
PostgreSQL an advisory lock keeps two starting servers from migrating at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from ..domain.errors import StoreError
from ..domain.text import QT_TRANSLATE_NOOP as N_
from . import tables
from .db import WRITE, is_postgres

MIGRATION_LOCK = 0x454D4731  # arbitrary, distinct from the push lock


def _v1_initial(conn: Connection) -> None:
    tables.metadata.create_all(conn, tables=list(tables.VERSION_1_TABLES))


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial]
LATEST = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    tables.schema_version.create(conn, checkfirst=True)
    return conn.execute(select(tables.schema_version.c.version)
                        .order_by(tables.schema_version.c.version.desc()).limit(1)).scalar() or 0


def migrate(engine: Engine) -> tuple[int, int]:
    """Bring the database to the latest version; return (before, after)."""
    before = None
    while True:
        with engine.connect().execution_options(**WRITE) as conn, conn.begin():
            if is_postgres(engine):
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            version = current_version(conn)
            if before is None:
                before = version
            if version > LATEST:
                raise StoreError(N_("errors", "il database del server è di una versione più recente ({0})")
                                 .format(version))
            if version == LATEST:
                return before, version
            MIGRATIONS[version](conn)
            conn.execute(tables.schema_version.insert().values(
                version=version + 1, applied_at=int(time.time() * 1000)))


def check_current(engine: Engine) -> None:
    with engine.connect() as conn:
        version = current_version(conn) if inspect(conn).has_table("schema_version") else 0
        conn.rollback()
    if version != LATEST:
        raise StoreError(N_("errors", "il database del server non è aggiornato (versione {0}, attesa {1}): "
                                      "eseguire «emergenza-server migrate»").format(version, LATEST))
