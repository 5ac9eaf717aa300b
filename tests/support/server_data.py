"""Server-side data for the server suite: ids, event fields as stations push them, raw SQL on its database."""

from __future__ import annotations

import itertools
import secrets

from sqlalchemy import create_engine, text

from emergenza.server.db import normalise_url

T0 = "2026-11-24T10:00:00.000Z"
_numbers = itertools.count(1)


def new_id() -> str:
    return secrets.token_hex(12)


def event_fields(sharing: str = "reserved", **extra) -> dict:
    """Every field a station sends when it creates an event. Each call gets a number of its
    own, under a station code of its own (a code belongs to the first station using it)."""
    return {"number": f"T{next(_numbers):05d}-2026-000001", "received_at": T0, "channel": "phone",
            "type_code": "INC", "priority": "red", "status": "new", "municipality_istat": "016024",
            "municipality_name": "Bergamo", "address": "via Roma 1", "description": "Incidente stradale",
            "sharing": sharing, "exercise": 0, "created_by": "rossi", "created_at": T0, "updated_at": T0} | extra


def journal_fields(event_id: str, text: str = "nota", **extra) -> dict:
    return {"event_id": event_id, "at": T0, "author": "rossi", "text": text, "automatic": 0, "kind": "note",
            "struck_at": None, "struck_by": None, "strike_reason": None} | extra


def resource_fields(call_sign: str, corps: str, **extra) -> dict:
    return {"kind": "car", "call_sign": call_sign, "status": "available", "plate": None, "radio_channel": None,
            "corps": corps, "notes": None, "active": 1} | extra


def assignment_fields(event_id: str, resource_id: str, status: str = "sent", **extra) -> dict:
    return {"event_id": event_id, "resource_id": resource_id, "status": status, "requested_at": T0,
            "sent_at": T0, "en_route_at": None, "on_scene_at": None, "cleared_at": None,
            "created_by": "rossi"} | extra


def sql(db_url: str, query: str, params: dict | None = None) -> list:
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(query), params or {})
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()
