"""Throw-away PostgreSQL databases, made and dropped through the admin URL ``EMERGENZA_PG_URL``."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_ADMIN_URL = os.environ.get("EMERGENZA_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def admin_connection():
    import psycopg
    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def database_url(name: str) -> str:
    """The admin URL pointed at database ``name``."""
    from sqlalchemy.engine import make_url
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def create_database(name: str, *, replace: bool = False) -> str:
    """Create database ``name`` (dropping a leftover one first if ``replace``); returns its URL."""
    with admin_connection() as conn:
        if replace:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(name)


def drop_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset_schema(url: str) -> None:
    """Empty a database between tests (schema dropped; the server's migrations re-create it)."""
    import psycopg
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


_names = itertools.count()


@contextmanager
def server_database(kind: str, folder: Path, prefix: str = "emergenza_test") -> Iterator[str]:
    """The URL of a fresh server database of ``kind`` ("sqlite": a file in ``folder``;
    "postgres": a throw-away database, dropped on exit)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'server.db'}"
        return
    name = f"{prefix}_{os.getpid()}_{next(_names)}"
    url = create_database(name)
    try:
        yield url
    finally:
        drop_database(name)
