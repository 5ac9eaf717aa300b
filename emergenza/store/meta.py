"""The store's ``meta`` table: every key declared here, read and written through ``Meta``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

import sqlite_utils

from ..domain.wire_rules import DEFAULT_STATION_CODE
from . import sealed

log = logging.getLogger(__name__)


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
    TOKEN = "token"  # sealed with the station's key (sealed.py), never in clear
    PULL_CURSOR = "pull_cursor"
    # First sync from a snapshot (sync/snapshot.py), while under way: {"at", "next", "done"}
    # JSON; removed, with pull_cursor set to "at", when the snapshot is complete.
    SNAPSHOT_PROGRESS = "snapshot_progress"
    # While a bulk load (the snapshot) runs without its per-row upkeep (store/bulk_load.py):
    # JSON of the dropped triggers' SQL and how to rebuild; removed when rebuilt.
    BULK_LOAD_DEFERRED = "bulk_load_deferred"
    LAST_SYNC_AT = "last_sync_at"
    LAST_SYNC_ERROR = "last_sync_error"
    # The audit head the server last confirmed (sync/anchor.py): "seq hash", time.
    ANCHOR = "anchor"
    ANCHOR_AT = "anchor_at"
    ANCHOR_REFUSED = "anchor_refused"  # the server's reason when it flagged our head
    # "1" when enrolled with an observer's code (sync/engine.enroll, from the server's
    # answer): a read-only regional board; StoreCore.require refuses every write.
    OBSERVER = "observer"
    # Demo stores (store/demo.py); the build figures are read by the benchmarks.
    DEMO = "demo"
    DEMO_SEED = "demo_seed"
    DEMO_EVENTS = "demo_events"
    DEMO_BUILD_S = "demo_build_s"
    DEMO_ROWS = "demo_rows"


# Values sealed with the station's key in the file; ``Meta.get`` gives them back in clear.
SEALED_KEYS = frozenset({MetaKey.TOKEN})


class Meta:
    """Reads and writes of ``meta``. A key must be a ``MetaKey`` (or its value): an
    undeclared key raises ValueError instead of silently reading nothing.

    Writes are part of the caller's transaction when there is one; otherwise they are a
    transaction of their own."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def get(self, key: MetaKey | str, default: str | None = None) -> str | None:
        key = MetaKey(key)
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", [key.value]).fetchone()
        if row is None:
            return default
        if key in SEALED_KEYS and sealed.is_sealed(row[0]):
            path = self._path()
            return sealed.unseal(path, key.value, row[0]) if path is not None else None
        return row[0]

    def _path(self) -> Path | None:
        """The store's file (None for a database in memory: nothing to seal with there)."""
        for _seq, name, file in self._db.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
        return None

    def _stored(self, key: MetaKey, value: str | None) -> str | None:
        if value is None or key not in SEALED_KEYS or sealed.is_sealed(value):
            return value
        path = self._path()
        return value if path is None else sealed.seal(path, key.value, value)

    def seal_clear_secrets(self) -> int:
        """Seal secrets an older version kept in clear; returns how many."""
        clear = {k: v for k in SEALED_KEYS if (v := self._raw(k)) is not None and not sealed.is_sealed(v)}
        if clear and self._path() is not None:
            self.set_many(clear)
            log.info("segreti dell'archivio sigillati con la chiave della postazione: %s", ", ".join(clear))
            return len(clear)
        return 0

    def _raw(self, key: MetaKey) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", [key.value]).fetchone()
        return row[0] if row else None

    def set(self, key: MetaKey | str, value: str | None) -> None:
        """Write ``value`` (None deletes the key)."""
        self.set_many({key: value})

    def set_many(self, values: Mapping[MetaKey, str | None] | Mapping[str, str | None]) -> None:
        keyed = [(MetaKey(k).value, self._stored(MetaKey(k), v)) for k, v in values.items()]
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
                # An upsert rewrites the row in place: REPLACE deletes and re-inserts it, one more
                # page (its key index) in every commit that moves the clock (bench_store).
                self._db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 [key, value])

    def all(self) -> dict[str, str]:
        return {k: v for k, v in self._db.execute("SELECT key, value FROM meta")}

    @property
    def station_code(self) -> str:
        return self.get(MetaKey.STATION_CODE) or DEFAULT_STATION_CODE

    @property
    def corps(self) -> str:
        return self.get(MetaKey.CORPS) or ""

    @property
    def observer(self) -> bool:
        """Enrolled with an observer's code: nothing may be written (StoreCore.require)."""
        return self.get(MetaKey.OBSERVER) == "1"
