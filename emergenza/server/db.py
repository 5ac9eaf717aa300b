"""Engine creation for the two supported databases, behind one SQLAlchemy Core layer.

``sqlite:///PATH`` runs in WAL mode with FULL sync (an acked push survives a power cut);
``postgresql://`` is rewritten to the psycopg 3 driver.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from psycopg.abc import Buffer
from psycopg.adapt import Loader
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP as N_

# Execution option asking for a write transaction: SQLite then starts with BEGIN IMMEDIATE,
# taking the single writer lock up front instead of failing on a later lock upgrade.
WRITE = {"emergenza_write": True}


def normalise_url(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(N_("errors", "indirizzo del database non valido: {0}"), url) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise UserError(N_("errors", "serve un file SQLite: sqlite:///PERCORSO"))
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    raise UserError(N_("errors", "database non supportato (usare sqlite:/// o postgresql://): {0}"), url)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def in_list(conn: Connection) -> str:
    """SQL for "is one of the list passed as ONE parameter" (see :func:`list_param`), for
    statements run with ``exec_driver_sql``: one statement and no IN list to expand,
    compile and bind value by value, whatever the list's length. PostgreSQL gets the
    list as an array made from the JSON text (an index scan for ``= ANY``, as with an
    array parameter, which psycopg instead adapts value by value in Python: ~1.5 µs each
    on the project's slower machine, ~1.5 ms for a push of 1,000 changes)."""
    if conn.dialect.name == "postgresql":
        return "= ANY(ARRAY(SELECT json_array_elements_text(CAST(%s AS json))))"
    return "IN (SELECT value FROM json_each(?))"


def list_param(conn: Connection, values: Iterable[str]) -> Any:
    """The parameter of :func:`in_list`: a JSON array (texts without NUL or lone surrogates,
    which PostgreSQL's JSON refuses: ids, event numbers, codes and call signs as checked)."""
    return json.dumps(list(values))


def insert_rows(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Many rows at once, with no per-row work in SQLAlchemy: COPY on PostgreSQL (an
    executemany there is one statement per row), the driver's executemany on SQLite
    (a tight C loop over tuples)."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name != "postgresql":
        conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
        return
    cursor = conn.connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


class _RawText(Loader):
    """A text value as the bytes PostgreSQL sent (UTF-8), not decoded into a str."""

    def load(self, data: Buffer) -> bytes:
        return bytes(data)


def fetch_one_raw(conn: Connection, sql: str, params: dict[str, Any]) -> Any:
    """The first row of ``sql`` (psycopg's ``%(name)s`` parameters) on a PostgreSQL
    connection, its text columns as bytes: a long text (a pull page joined by the
    database) goes into a response as it came, never decoded and encoded back. UTF-8
    whatever client encoding the environment (PGCLIENTENCODING) or the role's or the
    database's settings give the session: the response says UTF-8."""
    driver = conn.connection.driver_connection
    cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        if driver.info.encoding != "utf-8":  # type: ignore[union-attr]
            cursor.execute("SET client_encoding TO 'UTF8'")
        cursor.adapters.register_loader("text", _RawText)
        cursor.execute(sql, params)
        return cursor.fetchone()
    finally:
        cursor.close()


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=pool_size, max_overflow=pool_size)
        _sqlite_events(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                         pool_timeout=30)


def make_pull_engine(url: str, *, pool_size: int) -> Engine:
    """The connections pulls read with. On PostgreSQL: autocommit (a pull is ONE
    statement: no BEGIN and ROLLBACK round trips around it) and sorts discouraged, so
    the planner walks the seq index and stops at the page's end. With statistics older
    than the rows (a burst of pushes, a young table) it chose to fetch, join and sort
    EVERY row after the cursor to keep 501: most of the database's CPU under load.
    These connections run nothing but the pull's statement. No ping before each use
    (a round trip per pull): a connection the database dropped fails that one pull with
    a 503 the station retries, and SQLAlchemy then replaces every pooled connection;
    recycled after 5 minutes, before an idle timeout in between can drop them.
    SQLite: a plain engine."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return make_engine(url, pool_size=pool_size)
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=300, pool_timeout=30,
                         isolation_level="AUTOCOMMIT", connect_args={"options": "-c enable_sort=off"})


def _sqlite_events(engine: Engine) -> None:
    # pysqlite's own transaction handling cannot do BEGIN IMMEDIATE: take it over
    # (SQLAlchemy's documented recipe) and emit BEGIN ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("emergenza_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
