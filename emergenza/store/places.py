"""Where things are, for the map: active events with their coordinates, and every unit
at its last known place. The map only draws what these return; the rule for a unit's
"last known place" lives here. Placing a unit by hand is a write of the units manager
(``Units.set_position``).
"""

from __future__ import annotations

from typing import Any

from ..domain.enums import AssignmentStatus
from .core import StoreCore
from .queries import ACTIVE_ASSIGNMENT, EventFilter

# Columns of the rows of Places.events, in order.
MAP_EVENT_COLUMNS = ("id", "number", "priority", "status", "lat", "lon", "municipality_istat", "exercise",
                     "type_code", "address")

# The unit's latest assignment, an active one first: the active one (a unit has at most
# one) is found through the partial unique index assignments_one_active_per_unit, so only
# a unit without one looks for its latest. One ORDER BY "active first, then latest" sorted
# all of every unit's assignments: 2.5 s of CPU at a million events (900,000 assignments)
# at each refresh of the map. The latest comes from the index on (resource_id,
# requested_at) (schema v19).
_UNITS_SQL = f"""
SELECT r.id, r.call_sign, r.kind, r.status, r.lat, r.lon, r.position_at,
       a.status AS assignment_status, a.event_id, a.on_scene_at,
       coalesce(a.cleared_at, a.on_scene_at, a.en_route_at, a.sent_at, a.requested_at) AS assignment_at,
       e.number AS event_number, e.lat AS event_lat, e.lon AS event_lon,
       e.municipality_istat AS event_municipality
FROM resources r
LEFT JOIN assignments a ON a.id = coalesce(
    (SELECT x.id FROM assignments x WHERE x.resource_id = r.id AND {ACTIVE_ASSIGNMENT.replace("a.status", "x.status")}),
    (SELECT x.id FROM assignments x WHERE x.resource_id = r.id ORDER BY x.requested_at DESC, x.rowid DESC LIMIT 1))
LEFT JOIN events e ON e.id = a.event_id
WHERE r.active = 1
ORDER BY r.call_sign COLLATE NOCASE
"""


class Places:
    def __init__(self, core: StoreCore):
        self._db = core.db

    def events(self, flt: EventFilter | None = None) -> list[tuple]:
        """Active events passing the board's filter, as tuples of ``MAP_EVENT_COLUMNS``.

        Tuples, not dicts: the map re-reads thousands of them per refresh and compares
        them with the previous ones.
        """
        where, params = (flt or EventFilter()).active_where()
        columns = ", ".join(f"e.{c}" for c in MAP_EVENT_COLUMNS)
        return self._db.execute(f"SELECT {columns} FROM events e INDEXED BY events_active WHERE {where}",
                                params).fetchall()

    def units(self) -> list[dict[str, Any]]:
        """Every active unit with its last known place.

        The place is the most recent of: the event of its latest assignment (while it is
        active, or once the unit got there: cleared after being on scene) and the position
        set by hand (``position_at``). Keys added to the unit's fields: ``place`` ("event",
        "hand" or None), ``place_lon``/``place_lat`` (None for an event without
        coordinates), ``place_municipality`` (the event's, for those), ``on_event`` (the
        active event's id or None).
        """
        out = []
        for row in self._db.query(_UNITS_SQL):
            status = row["assignment_status"]
            active = status is not None and AssignmentStatus(status).is_active
            was_there = active or (status == AssignmentStatus.CLEARED.value and row["on_scene_at"] is not None)
            by_hand = row["lat"] is not None and row["lon"] is not None
            place: tuple[str | None, Any, Any, Any]
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
