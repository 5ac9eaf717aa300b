"""Where station reports read from: a connection to the store, its catalogs and identity.

Reports only read. ``StationSource.open(path)`` opens its own read-only connection
(``mode=ro``: never migrates, never writes; safe beside the running app, so the GUI can
build a long report in a worker thread without holding the store's owner thread);
``StationSource.from_store(store)`` reuses an open Store's connection (call it on the
owner thread).
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.catalogs import Catalogs
from ..domain.enums import Channel
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from ..store.database import is_store_file, open_raw, row_type

REQUIRED_TABLES = {"meta", "events", "journal", "assignments", "resources", "shifts", "outbox", "conflicts"}


@dataclass
class StationSource:
    conn: sqlite3.Connection
    catalogs: Catalogs
    corps: str
    station: str           # e.g. "Sala operativa - Polizia Locale di Bergamo (BG01)"
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    owns_connection: bool = False

    # ------------------------------------------------------------------ opening
    @classmethod
    def from_store(cls, store: Any, **kwargs: Any) -> StationSource:
        """From an open Store (uses only ``store.db`` and ``store.catalogs``)."""
        conn = store.db.conn
        return cls(conn, store.catalogs, *_identity(conn), **kwargs)

    @classmethod
    def open(cls, path: str | Path, catalogs: Catalogs | None = None, **kwargs: Any) -> StationSource:
        """Read-only connection to the store file at ``path``; UserError if it is not one."""
        from ..resources import default_catalogs

        path = Path(path).expanduser()
        if not path.is_file() or path.stat().st_size == 0:
            raise UserError(QT_TRANSLATE_NOOP("errors", "Archivio non trovato: {0}"), path)
        if not is_store_file(path):
            raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza."), path)
        try:
            conn = open_raw(path, readonly=True, check_same_thread=False)  # plain or encrypted
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError:
            raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza."), path) from None
        if not tables >= REQUIRED_TABLES:
            conn.close()
            raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza."), path)
        conn.execute("PRAGMA query_only = ON")
        return cls(conn, catalogs or default_catalogs(), *_identity(conn), owns_connection=True, **kwargs)

    def close(self) -> None:
        if self.owns_connection:
            self.conn.close()

    def __enter__(self) -> StationSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ reading
    def rows(self, sql: str, params: list[Any] | tuple = ()) -> list[sqlite3.Row]:
        cur = self.conn.cursor()
        cur.row_factory = row_type(self.conn)
        return cur.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: list[Any] | tuple = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", [key])

    def has_table(self, name: str) -> bool:
        return bool(self.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]))

    # ------------------------------------------------------------------ labels
    def type_label(self, code: str | None) -> str:
        return self.catalogs.type_label(code) if code else ""

    def priority_label(self, code: str | None) -> str:
        level = self.catalogs.priorities.get(code or "")
        return level.label if level else (code or "")

    def priority_rank(self, code: str | None) -> int:
        return self.catalogs.priority_rank(code or "")

    def municipality_label(self, istat: str | None, stored_name: str | None = None) -> str:
        if stored_name:
            return stored_name
        m = self.catalogs.municipalities.get(istat or "")
        return m.name if m else (istat or "")

    def default_author(self) -> str:
        """Who generates a report when nobody is named: the operator on shift, else the login."""
        row = self.conn.execute(
            "SELECT o.name FROM shifts s JOIN operators o ON o.id = s.operator_id WHERE s.ended_at IS NULL "
            "ORDER BY s.started_at DESC LIMIT 1").fetchone()
        if row:
            return row[0]
        try:
            return getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name (service account): say so
            return "utente non identificato"


def channel_label(code: str | None) -> str:
    try:
        return Channel(code).label
    except ValueError:
        return code or ""


def _identity(conn: sqlite3.Connection) -> tuple[str, str]:
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN "
                             "('corps', 'station_code', 'station_name')").fetchall())
    corps = meta.get("corps") or "Comando non indicato"
    code = meta.get("station_code") or ""
    name = meta.get("station_name") or "Sala operativa"
    return corps, f"{name} ({code})" if code and code not in name else name
