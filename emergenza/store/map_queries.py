"""What the map reads from the store, and its one write (a unit placed by hand).

Plain functions taking the store, run on the store owner's thread like every store
method (``ReadOp(ctx, active_events_for_map, flt)``); to be folded into the store's
managers. The GUI only draws what these return: where a unit was last seen is decided
here (:func:`units_for_map`).
"""

from __future__ import annotations

from typing import Any

from ..domain.enums import ACTIVE_ASSIGNMENT_STATUSES, AssignmentStatus
from ..domain.validation import raise_if, validate_event
from .store import _ACTIVE_EVENTS_SQL, EventFilter, Store

# Columns of the rows of active_events_for_map, in order.
MAP_EVENT_COLUMNS = ("id", "number", "priority", "status", "lat", "lon", "municipality_istat", "exercise",
                     "type_code", "address")


def active_events_for_map(store: Store, flt: EventFilter | None = None) -> list[tuple]:
    """Active events passing the board's filter, as tuples of ``MAP_EVENT_COLUMNS``.

    Tuples, not dicts: the map re-reads thousands of them per refresh and compares them
    with the previous ones.
    """
    clauses, params = (flt or EventFilter()).where()
    where = " AND ".join([_ACTIVE_EVENTS_SQL, *clauses])
    columns = ", ".join(f"e.{c}" for c in MAP_EVENT_COLUMNS)
    return store.db.execute(f"SELECT {columns} FROM events e INDEXED BY events_active WHERE {where}",
                            params).fetchall()


_UNITS_SQL = f"""
SELECT r.id, r.call_sign, r.kind, r.status, r.lat, r.lon, r.position_at,
       a.status AS assignment_status, a.event_id, a.on_scene_at,
       coalesce(a.cleared_at, a.on_scene_at, a.en_route_at, a.sent_at, a.requested_at) AS assignment_at,
       e.number AS event_number, e.lat AS event_lat, e.lon AS event_lon,
       e.municipality_istat AS event_municipality
FROM resources r
LEFT JOIN assignments a ON a.id = (
    SELECT x.id FROM assignments x WHERE x.resource_id = r.id
    ORDER BY x.status IN ({", ".join(repr(s) for s in ACTIVE_ASSIGNMENT_STATUSES)}) DESC,
             x.requested_at DESC, x.rowid DESC LIMIT 1)
LEFT JOIN events e ON e.id = a.event_id
WHERE r.active = 1
ORDER BY r.call_sign COLLATE NOCASE
"""


def units_for_map(store: Store) -> list[dict[str, Any]]:
    """Every active unit with its last known place.

    The place is the most recent of: the event of its latest assignment (while it is
    active, or once the unit got there: cleared after being on scene) and the position
    set by hand (``position_at``). Keys added to the unit's fields: ``place`` ("event",
    "hand" or None), ``place_lon``/``place_lat`` (None for an event without coordinates),
    ``place_municipality`` (the event's, for those), ``on_event`` (the active event's id
    or None).
    """
    out = []
    for row in store.db.query(_UNITS_SQL):
        status = row["assignment_status"]
        active = status is not None and AssignmentStatus(status).is_active
        was_there = active or (status == AssignmentStatus.CLEARED.value and row["on_scene_at"] is not None)
        by_hand = row["lat"] is not None and row["lon"] is not None
        if was_there and (not by_hand or (row["position_at"] or "") < (row["assignment_at"] or "")):
            place = ("event", row["event_lon"], row["event_lat"], row["event_municipality"])
        elif by_hand:
            place = ("hand", row["lon"], row["lat"], None)
        else:
            place = (None, None, None, None)
        row["place"], row["place_lon"], row["place_lat"], row["place_municipality"] = place
        row["on_event"] = row["event_id"] if active else None
        out.append(row)
    return out


def set_unit_position(store: Store, resource_id: str, lat: float | None, lon: float | None, *,
                      operator: str) -> dict[str, Any]:
    """Place a unit by hand (both None: forget the position). Same coordinate rules as an event's."""
    store.get_resource(resource_id)  # NotFoundError for an unknown unit
    raise_if(validate_event({"lat": lat, "lon": lon}, store.catalogs, partial=True))
    values = {"lat": None if lat is None else float(lat), "lon": None if lon is None else float(lon),
              "position_at": None if lat is None else store.now_iso()}
    with store.transaction():
        return store.changes.update("resources", resource_id, values, operator=operator,
                                    action="resource.position")
