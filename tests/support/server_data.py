"""Server-side data for the server suite: ids, event fields as stations push them, raw SQL on its database."""

from __future__ import annotations

import secrets

from sqlalchemy import create_engine, text

from emergenza.server.db import normalise_url


def new_id() -> str:
    return secrets.token_hex(12)


def event_fields(sharing: str = "reserved", **extra) -> dict:
    return {"number": "BG01-2026-000001", "status": "new", "priority": "red", "type_code": "incidente",
            "description": "Incidente stradale", "municipality_istat": "016024", "sharing": sharing,
            "received_at": "2026-11-24T10:00:00", "channel": "phone"} | extra


def sql(db_url: str, query: str, params: dict | None = None) -> list:
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(query), params or {})
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()
