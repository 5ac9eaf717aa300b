"""Drafts of forms being filled in (e.g. a new event), kept locally and never synced."""

from __future__ import annotations

import json
from typing import Any

from .core import StoreCore


class Drafts:
    def __init__(self, core: StoreCore):
        self._core = core
        self._db = core.db

    def save(self, key: str, payload: dict[str, Any]) -> None:
        with self._db.atomic():
            self._db.execute("INSERT OR REPLACE INTO drafts (key, payload, updated_at) VALUES (?, ?, ?)",
                             [key, json.dumps(payload, ensure_ascii=False), self._core.now_iso()])

    def load(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT payload FROM drafts WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else None

    def delete(self, key: str) -> None:
        with self._db.atomic():
            self._db.execute("DELETE FROM drafts WHERE key = ?", [key])
