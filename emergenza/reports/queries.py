"""Read-only SQL shared by the station reports: which events, counts, response times.

Every query selects events by ``received_at`` inside [start, end) (stored UTC strings;
index ``events_received``) and leaves exercises out unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .figures import ResponseTimes
from .localtime import local_modifier
from .source import StationSource

ACTIVE_ASSIGNMENT = "a.status NOT IN ('cleared', 'cancelled')"


def seconds_between(later: str, earlier: str) -> str:
    """SQL: seconds from ``earlier`` to ``later`` (stored times), to the millisecond."""
    return f"round((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


@dataclass(frozen=True)
class EventScope:
    """Which events a report counts. Empty filters mean "any"."""

    start: str                      # stored UTC, inclusive
    end: str                        # stored UTC, exclusive
    include_exercises: bool = False
    type_code: str | None = None    # the type and its sub-types
    priority: str | None = None
    municipality_istat: str | None = None
    channel: str | None = None
    sharing: str | None = None
    corps: str | None = None        # events of one corps (the store also holds shared ones of others)

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        e = alias
        clauses = [f"{e}.received_at >= ?", f"{e}.received_at < ?"]
        params: list[Any] = [self.start, self.end]
        if not self.include_exercises:
            clauses.append(f"{e}.exercise = 0")
        if self.type_code:
            clauses.append(f"({e}.type_code = ? OR {e}.type_code LIKE ?)")
            params += [self.type_code, self.type_code + ".%"]
        for column, value in (("priority", self.priority), ("municipality_istat", self.municipality_istat),
                              ("channel", self.channel), ("sharing", self.sharing)):
            if value:
                clauses.append(f"{e}.{column} = ?")
                params.append(value)
        if self.corps is not None:  # rows without a corps are the station's own
            clauses.append(f"coalesce(nullif({e}.corps, ''), ?) = ?")
            params += [self.corps, self.corps]
        return " AND ".join(clauses), params

    def local(self, part: str, column: str = "e.received_at") -> tuple[str, list[Any]]:
        """SQL for a local-time part (strftime format, e.g. '%H') of ``column``, with params."""
        modifier, params = local_modifier(column, self.start, self.end)
        return f"strftime('{part}', {column}, {modifier})", params


def count(src: StationSource, scope: EventScope, extra: str = "", params: list[Any] | None = None) -> int:
    where, p = scope.where()
    return src.scalar(f"SELECT count(*) FROM events e WHERE {where}{extra}", p + (params or []))


def count_by(src: StationSource, scope: EventScope, expr: str, expr_params: list[Any] | None = None
             ) -> list[tuple[Any, int]]:
    """[(value of expr, events)], most frequent first (then by value)."""
    where, p = scope.where()
    rows = src.conn.execute(f"SELECT {expr} AS k, count(*) AS n FROM events e WHERE {where} GROUP BY k "
                            f"ORDER BY n DESC, k", (expr_params or []) + p).fetchall()
    return [(k, n) for k, n in rows]


def count_by_local(src: StationSource, scope: EventScope, part: str) -> dict[int, int]:
    """Events per local-time bucket (e.g. '%H' -> {0..23: n}); buckets with no event omitted."""
    expr, expr_params = scope.local(part)
    return {int(k): n for k, n in count_by(src, scope, expr, expr_params) if k is not None}


def response_times(src: StationSource, scope: EventScope) -> ResponseTimes:
    """Per event (see figures.py): received -> first sent -> first on scene -> last cleared."""
    where, params = scope.where()
    rows = src.conn.execute(
        f"SELECT {seconds_between('e.first_sent_at', 'e.received_at')}, "
        f"CASE WHEN x.first_scene IS NOT NULL THEN {seconds_between('x.first_scene', 'e.first_sent_at')} END, "
        f"CASE WHEN x.engaged = 0 THEN {seconds_between('x.last_clear', 'x.first_scene')} END "
        f"FROM events e LEFT JOIN ("
        f"  SELECT a.event_id, min(a.on_scene_at) AS first_scene, max(a.cleared_at) AS last_clear, "
        f"         sum({ACTIVE_ASSIGNMENT}) AS engaged "
        f"  FROM assignments a JOIN events e ON e.id = a.event_id WHERE {where} GROUP BY a.event_id"
        f") x ON x.event_id = e.id WHERE {where}", params + params).fetchall()
    return ResponseTimes.of(rows)
