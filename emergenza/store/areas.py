"""At-risk areas: the registry (synced like units: owner corps, sharing), which areas hold
each event (``event_areas``, derived), and the watch rules that raise territory alerts.

Membership is computed in ONE place, :meth:`Areas.follow`, whenever a write moves an event
(its ``lat``/``lon``) or reshapes an area (its ``shape``, switched on or off): every local
write reaches it through the change writer (store/changes.py calls :meth:`Areas.written`,
wired by the facade: intake, edits, CAP/EMSI import, exercises, conflict resolution, gate
events), every pulled one through the sync's apply (sync/apply.py ``Applier.flush``: pages,
parked changes applied later, quarantined ones retried, the first sync's snapshot). The
demo generator writes no areas, so its stores hold no membership to compute. The board,
the detail and the search then read it with one indexed look-up. An event without
coordinates is in no area (its municipality's placement point is a guess, not a place).

Shapes are decoded once per version and kept in memory with their bounding box: the
store owner's thread is the only user, and a station has at most a few hundred areas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..domain.areas import (
    WATCH_ALERT_TEXT,
    AreaCategory,
    WatchRule,
    alert_params,
    category_of,
    contains,
    decode_shape,
    encode_shape,
    validate_area,
    watch_count,
)
from ..domain.entities import parse_iso
from ..domain.enums import Sharing
from ..domain.errors import FieldError, NotFoundError, ValidationError
from ..domain.geo import BBox, bbox
from ..domain.geojson import Area
from ..domain.ids import uuid7
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if
from .core import StoreCore, clean
from .queries import chunks, marks

AREA_FIELDS = ("name", "category", "shape", "watch_count", "watch_hours", "watch_types", "notes", "sharing",
               "active")
WATCH_ALERT = "watch"
# The fields whose change moves membership, per table (see the module doc).
TRACKED: dict[str, frozenset[str]] = {"events": frozenset({"lat", "lon"}),
                                      "risk_areas": frozenset({"shape", "active"})}
CATEGORY_KEYS = ("categoria", "category")


@dataclass(frozen=True)
class _Shape:
    versions: str
    shape: list
    box: BBox


class Areas:
    def __init__(self, core: StoreCore):
        self._core = core
        self._db = core.db
        self._shapes: dict[str, _Shape] = {}
        self._quiet = False  # an import places without raising watch alerts

    # ------------------------------------------------------------------ reads
    def registry(self, *, include_inactive: bool = False) -> list[dict[str, Any]]:
        """Every area with how many events it holds (shape text included: the map draws it)."""
        where = "" if include_inactive else "WHERE ra.active = 1"
        return list(self._db.query(
            "SELECT ra.*, (SELECT count(*) FROM event_areas ea WHERE ea.area_id = ra.id) AS events "
            f"FROM risk_areas ra {where} ORDER BY ra.name COLLATE NOCASE"))

    def get(self, area_id: str) -> dict[str, Any]:
        row = self._core.one("SELECT * FROM risk_areas WHERE id = ?", [area_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Area non trovata."))
        return row

    def of_event(self, event_id: str) -> list[dict[str, Any]]:
        return list(self._db.query(
            "SELECT ra.id, ra.name, ra.category FROM event_areas ea JOIN risk_areas ra ON ra.id = ea.area_id "
            "WHERE ea.event_id = ? ORDER BY ra.name COLLATE NOCASE", [event_id]))

    def event_ids(self, area_id: str) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT event_id FROM event_areas WHERE area_id = ?", [area_id])]

    def export_geojson(self) -> dict[str, Any]:
        """The active areas as a GeoJSON FeatureCollection (what ``import`` reads back)."""
        features = []
        for row in self.registry():
            geometry = {"type": "MultiPolygon", "coordinates": json.loads(row["shape"])}
            props = {"nome": row["name"], "categoria": row["category"], "condivisione": row["sharing"]}
            if row["watch_count"]:
                props.update({"soglia_interventi": row["watch_count"], "soglia_ore": row["watch_hours"],
                              "tipi": row["watch_types"] or ""})
            if row["notes"]:
                props["note"] = row["notes"]
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
        return {"type": "FeatureCollection", "features": features}

    # ----------------------------------------------------------------- writes
    def add(self, data: dict[str, Any], *, operator: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_TERRITORY)
        row = self._new_row(data)
        with self._core.transaction():
            return self._core.changes.insert("risk_areas", row, operator=operator, action="area.add")

    def update(self, area_id: str, changes: dict[str, Any], *, operator: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_TERRITORY)
        current = self.get(area_id)
        values = self._normalise(changes)
        values = {k: v for k, v in values.items() if k in AREA_FIELDS and current.get(k) != v}
        if not values:
            return current
        merged = {**current, **values}
        raise_if([e for e in validate_area(merged) if e.field in values or e.field == "watch_count"])
        with self._core.transaction():
            return self._core.changes.update("risk_areas", area_id, values, operator=operator, action="area.update")

    def import_areas(self, areas: list[Area], *, operator: str, category: str | None = None,
                     sharing: str = Sharing.RESERVED.value) -> list[dict[str, Any]]:
        """Areas read from GeoJSON (domain/geojson.parse_areas), all in one transaction: a bad
        category or rule anywhere and nothing is written (ValidationError naming the feature)."""
        self._core.require(Action.MANAGE_TERRITORY)
        rows, errors = [], []
        for number, area in enumerate(areas, start=1):
            props = area.properties
            data = {"name": area.name, "shape": encode_shape(area.polygons), "sharing": sharing,
                    "category": next((props[k] for k in CATEGORY_KEYS if isinstance(props.get(k), str)), category),
                    "watch_count": props.get("soglia_interventi"), "watch_hours": props.get("soglia_ore"),
                    "watch_types": props.get("tipi") or None, "notes": props.get("note") or None}
            if isinstance(props.get("condivisione"), str):
                data["sharing"] = props["condivisione"]
            try:
                rows.append(self._new_row(data))
            except ValidationError as exc:
                errors += [FieldError(f"{number}", QT_TRANSLATE_NOOP("geojson", "Elemento {0} («{1}»): {2}")
                                      .format(number, area.name, e.message)) for e in exc.errors]
        raise_if(errors)
        with self._core.transaction():
            self._quiet = True
            try:
                return [self._core.changes.insert("risk_areas", row, operator=operator, action="area.import")
                        for row in rows]
            finally:
                self._quiet = False

    # ------------------------------------------- membership (caller's transaction)
    def written(self, table: str, entity_id: str, fields: dict[str, Any]) -> None:
        """A local write (the change writer's follower): follow it if it moved membership."""
        tracked = TRACKED.get(table)
        if tracked is None or tracked.isdisjoint(fields):
            return
        if table == "events" and (fields.get("lat", 0) is None or fields.get("lon", 0) is None):
            # Now without a point, so in no area: one statement (an intake without coordinates
            # is the common case), not the areas' read and the placement of place_events.
            self._db.conn.execute("DELETE FROM event_areas WHERE event_id = ?", [entity_id])
            return
        self.follow(table, [entity_id])

    def follow(self, table: str, ids: list[str]) -> list[dict[str, Any]]:
        """THE place membership is computed: these events moved, or these areas were added,
        reshaped or switched on or off. Returns the territory alerts raised."""
        if not ids:
            return []
        if table == "events":
            return self.place_events(ids, alerts=not self._quiet)
        raised = []
        for area_id in sorted(set(ids)):
            raised += self.refresh_area(area_id, alerts=not self._quiet)
        return raised

    def place_events(self, event_ids: list[str], *, alerts: bool = True) -> list[dict[str, Any]]:
        """Recompute which areas hold these events; for an event newly inside an area with
        a watch rule, check the rule. Returns the territory alerts raised."""
        shapes = self._active_shapes()
        if not shapes:  # no area: only forget places still recorded (normally none: a pull stays cheap)
            if self._db.execute("SELECT 1 FROM event_areas LIMIT 1").fetchone() is None:
                return []
            for part in chunks(list(event_ids)):
                self._db.execute(f"DELETE FROM event_areas WHERE event_id IN ({marks(part)})", list(part))
            return []
        entered: set[str] = set()
        for part in chunks(list(event_ids)):
            before = set(self._db.execute(
                f"SELECT event_id, area_id FROM event_areas WHERE event_id IN ({marks(part)})", list(part)).fetchall())
            self._db.execute(f"DELETE FROM event_areas WHERE event_id IN ({marks(part)})", list(part))
            rows = []
            for event_id, lat, lon in self._db.execute(
                    f"SELECT id, lat, lon FROM events WHERE id IN ({marks(part)}) AND lat IS NOT NULL "
                    "AND lon IS NOT NULL", list(part)):
                for area_id, shape in shapes.items():
                    if shape.box.contains((lon, lat)) and contains(shape.shape, lon, lat):
                        rows.append((event_id, area_id))
            if rows:
                self._db.conn.executemany("INSERT INTO event_areas (event_id, area_id) VALUES (?, ?)", rows)
            entered |= {area for event, area in rows if (event, area) not in before}
        return self.check_watch(sorted(entered)) if alerts and entered else []

    def refresh_area(self, area_id: str, *, alerts: bool = True) -> list[dict[str, Any]]:
        """Recompute the events an area holds (after it was added, reshaped or switched off)."""
        self._db.execute("DELETE FROM event_areas WHERE area_id = ?", [area_id])
        shape = self._active_shapes().get(area_id)
        if shape is None:
            return []
        box = shape.box
        # No index on coordinates: one pass over events, done only when an area changes.
        rows = [(event_id, area_id) for event_id, lat, lon in self._db.execute(
            "SELECT id, lat, lon FROM events WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            [box.min_y, box.max_y, box.min_x, box.max_x]) if contains(shape.shape, lon, lat)]
        if rows:
            self._db.conn.executemany("INSERT INTO event_areas (event_id, area_id) VALUES (?, ?)", rows)
        return self.check_watch([area_id]) if alerts and rows else []

    # ------------------------------------------------------------ watch rules
    def check_watch(self, area_ids: list[str]) -> list[dict[str, Any]]:
        """Raise one alert per area whose rule is met now and that has not alerted within the
        rule's window (so a busy night gives one alert, not one per event)."""
        now = self._core.now()
        raised = []
        for area_id in area_ids:
            area = self._core.one("SELECT * FROM risk_areas WHERE id = ? AND active = 1", [area_id])
            rule = WatchRule.of_area(area) if area else None
            if rule is None or area is None:
                continue
            start = rule.window_start(now).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            events = [(parse_iso(at), type_code) for at, type_code in self._db.execute(
                "SELECT e.received_at, e.type_code FROM event_areas ea JOIN events e ON e.id = ea.event_id "
                "WHERE ea.area_id = ? AND e.received_at >= ? AND e.exercise = 0", [area_id, start])]
            count = watch_count(rule, events, now)
            if count < rule.count:
                continue
            if self._core.one("SELECT 1 FROM territory_alerts WHERE kind = ? AND ref_id = ? AND at >= ?",
                              [WATCH_ALERT, area_id, start]):
                continue
            raised.append(self.raise_alert(WATCH_ALERT, area_id, WATCH_ALERT_TEXT,
                                           alert_params(area["name"], count, rule.hours, rule.count)))
        return raised

    def raise_alert(self, kind: str, ref_id: str, text: str, params: str) -> dict[str, Any]:
        """``text``: the untranslated template; ``params``: domain/areas.alert_params (shown
        with domain/areas.alert_text, translated by the GUI)."""
        row = {"id": uuid7(), "kind": kind, "ref_id": ref_id, "text": text, "params": params,
               "at": self._core.now_iso(), "seen_at": None}
        self._db.execute("INSERT INTO territory_alerts (id, kind, ref_id, text, params, at, seen_at) "
                         "VALUES (:id, :kind, :ref_id, :text, :params, :at, :seen_at)", row)
        return row

    def open_alerts(self) -> list[dict[str, Any]]:
        return list(self._db.query("SELECT * FROM territory_alerts WHERE seen_at IS NULL ORDER BY at"))

    def mark_seen(self, alert_id: str, *, operator: str) -> None:
        with self._core.transaction():
            self._db.execute("UPDATE territory_alerts SET seen_at = ? WHERE id = ? AND seen_at IS NULL",
                             [self._core.now_iso(), alert_id])

    # ---------------------------------------------------------------- helpers
    def _active_shapes(self) -> dict[str, _Shape]:
        current = {i: v for i, v in self._db.execute(
            "SELECT id, _hlc || _versions FROM risk_areas WHERE active = 1").fetchall()}
        stale = [i for i, v in current.items() if i not in self._shapes or self._shapes[i].versions != v]
        for area_id in stale:
            shape = decode_shape(self._db.execute("SELECT shape FROM risk_areas WHERE id = ?",
                                                  [area_id]).fetchone()[0])
            self._shapes[area_id] = _Shape(current[area_id], shape, bbox(shape))
        for gone in self._shapes.keys() - current.keys():
            del self._shapes[gone]
        return dict(self._shapes)

    @staticmethod
    def _normalise(data: dict[str, Any]) -> dict[str, Any]:
        values = {k: clean(v) for k, v in data.items()}
        if "shape" in values and not isinstance(values["shape"], str) and values["shape"] is not None:
            values["shape"] = encode_shape(values["shape"])
        if isinstance(values.get("category"), str):
            found = category_of(values["category"])
            values["category"] = found.value if found else values["category"]
        for name in ("watch_count", "watch_hours"):
            if isinstance(values.get(name), float) and values[name].is_integer():
                values[name] = int(values[name])
        return values

    def _new_row(self, data: dict[str, Any]) -> dict[str, Any]:
        values = self._normalise(data)
        values.setdefault("category", AreaCategory.OTHER.value)
        values["sharing"] = values.get("sharing") or Sharing.RESERVED.value
        errors = validate_area(values)
        if values["sharing"] not in {s.value for s in Sharing}:
            errors.append(FieldError("sharing", QT_TRANSLATE_NOOP("validation", "Condivisione non valida.")))
        raise_if(errors)
        return {"id": uuid7(), "name": values["name"], "category": values["category"], "shape": values["shape"],
                "watch_count": values.get("watch_count"), "watch_hours": values.get("watch_hours"),
                "watch_types": values.get("watch_types"), "notes": values.get("notes"),
                "corps": self._core.meta.corps or None, "sharing": values["sharing"], "active": 1,
                "created_at": self._core.now_iso()}
