"""The store's ``meta`` table: every key declared here, read and written through ``Meta``."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import sqlite_utils

from ..domain.wire_rules import DEFAULT_STATION_CODE


class MetaKey(StrEnum):
    # Identity of the store, written when the file is created.
    REPLICA_ID = "replica_id"
    CREATED_AT = "created_at"
    STATION_CODE = "station_code"
    CORPS = "corps"
    HLC_LAST = "hlc_last"  # the clock's last stamp, saved by every transaction
    # Set-up wizard.
    STATION_NAME = "station_name"
    SETUP_DONE = "setup_done"
    # Sync with the regional server (emergenza/sync).
    SERVER_URL = "server_url"
    STATION_ID = "station_id"
    TOKEN = "token"
    PULL_CURSOR = "pull_cursor"
    LAST_SYNC_AT = "last_sync_at"
    LAST_SYNC_ERROR = "last_sync_error"
    # Demo stores (store/demo.py); the build figures are read by the benchmarks.
    DEMO = "demo"
    DEMO_SEED = "demo_seed"
    DEMO_EVENTS = "demo_events"
    DEMO_BUILD_S = "demo_build_s"
    DEMO_ROWS = "demo_rows"


class Meta:
    """Reads and writes of ``meta``. A key must be a ``MetaKey`` (or its value): an
    undeclared key raises ValueError instead of silently reading nothing.

    Writes are part of the caller's transaction when there is one; otherwise they are a
    transaction of their own."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def get(self, key: MetaKey | str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", [MetaKey(key).value]).fetchone()
        return row[0] if row else default

    def set(self, key: MetaKey | str, value: str | None) -> None:
        """Write ``value`` (None deletes the key)."""
        self.set_many({key: value})

    def set_many(self, values: Mapping[MetaKey, str | None] | Mapping[str, str | None]) -> None:
        keyed = [(MetaKey(k).value, v) for k, v in values.items()]
        if len(keyed) == 1 or self._db.conn.in_transaction:  # one statement is atomic already
            self._write(keyed)
        else:
            with self._db.atomic():
                self._write(keyed)

    def _write(self, keyed: list[tuple[str, str | None]]) -> None:
        for key, value in keyed:
            if value is None:
                self._db.execute("DELETE FROM meta WHERE key = ?", [key])
            else:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def all(self) -> dict[str, str]:
        return {k: v for k, v in self._db.execute("SELECT key, value FROM meta")}

    @property
    def station_code(self) -> str:
        return self.get(MetaKey.STATION_CODE) or DEFAULT_STATION_CODE

    @property
    def corps(self) -> str:
        return self.get(MetaKey.CORPS) or ""
