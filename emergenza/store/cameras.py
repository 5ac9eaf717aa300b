"""Cameras and plate-reading gates: the registry (synced like units: owner corps,
sharing), "cameras near an event", footage requests in the event's journal, and
hot-list hits of the gates (local: imported from the gates' CSV, each raising a
territory alert; a confirmed one opens a "controllo varco" event at the gate).
"""

from __future__ import annotations

import math
from typing import Any

from ..domain.areas import PLATE_ALERT_TEXT, alert_params, label
from ..domain.cameras import (
    GATE_CHECK_TYPE,
    NEAR_RADIUS_M,
    CameraKind,
    CameraOwner,
    CameraStatus,
    CsvRowsError,
    HotList,
    RowProblem,
    parse_hits,
    parse_registry,
    validate_camera,
)
from ..domain.enums import Channel, JournalKind, Sharing
from ..domain.errors import FieldError, NotFoundError, UserError
from ..domain.geo import haversine_m
from ..domain.ids import uuid7
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if
from .areas import Areas
from .core import StoreCore, clean
from .events import Events

CAMERA_FIELDS = ("name", "kind", "lat", "lon", "direction", "owner_kind", "owner_name", "status",
                 "footage_request", "notes", "sharing", "active")
PLATE_ALERT = "plate"


class Cameras:
    def __init__(self, core: StoreCore, events: Events, areas: Areas):
        self._core = core
        self._db = core.db
        self._events = events
        self._areas = areas
        self._territory: Any = None

    # ------------------------------------------------------------------ reads
    def registry(self, *, kind: str | None = None, include_inactive: bool = False) -> list[dict[str, Any]]:
        where, params = ["1 = 1" if include_inactive else "active = 1"], []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        return list(self._db.query(f"SELECT * FROM cameras WHERE {' AND '.join(where)} "
                                   "ORDER BY name COLLATE NOCASE", params))

    def get(self, camera_id: str) -> dict[str, Any]:
        row = self._core.one("SELECT * FROM cameras WHERE id = ?", [camera_id])
        if row is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Telecamera non trovata."))
        return row

    def near(self, lat: float, lon: float, radius_m: float = NEAR_RADIUS_M) -> list[dict[str, Any]]:
        """Active cameras and gates within ``radius_m`` of a point, nearest first (``distance_m``)."""
        dlat = radius_m / 111_195.0
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        rows = self._db.query(
            "SELECT * FROM cameras INDEXED BY cameras_place WHERE active = 1 AND lat BETWEEN ? AND ? "
            "AND lon BETWEEN ? AND ?", [lat - dlat, lat + dlat, lon - dlon, lon + dlon])
        out = []
        for row in rows:
            distance = haversine_m((lon, lat), (row["lon"], row["lat"]))
            if distance <= radius_m:
                out.append({**row, "distance_m": round(distance)})
        return sorted(out, key=lambda r: (r["distance_m"], r["name"]))

    def near_event(self, event_id: str, radius_m: float = NEAR_RADIUS_M) -> list[dict[str, Any]]:
        event = self._events.get(event_id)
        if event["lat"] is None or event["lon"] is None:
            return []
        return self.near(event["lat"], event["lon"], radius_m)

    # ----------------------------------------------------------------- writes
    def add(self, data: dict[str, Any], *, operator: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_TERRITORY)
        row = self._new_row(data)
        with self._core.transaction():
            return self._core.changes.insert("cameras", row, operator=operator, action="camera.add")

    def update(self, camera_id: str, changes: dict[str, Any], *, operator: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_TERRITORY)
        current = self.get(camera_id)
        values = {k: v for k, v in self._normalise(changes).items() if k in CAMERA_FIELDS and current.get(k) != v}
        if not values:
            return current
        raise_if([e for e in validate_camera({**current, **values}) if e.field in values])
        with self._core.transaction():
            return self._core.changes.update("cameras", camera_id, values, operator=operator, action="camera.update")

    def import_csv(self, text: str, *, operator: str, sharing: str = Sharing.RESERVED.value) -> list[dict[str, Any]]:
        """The registry CSV (domain/cameras.REGISTRY_COLUMNS): every row or none."""
        self._core.require(Action.MANAGE_TERRITORY)
        rows = [self._new_row({**fields, "sharing": sharing}) for _line, fields in parse_registry(text)]
        with self._core.transaction():
            return [self._core.changes.insert("cameras", row, operator=operator, action="camera.import")
                    for row in rows]

    def request_footage(self, event_id: str, camera_id: str, *, operator: str) -> dict[str, Any]:
        """Record in the event's journal that the footage of a camera was asked for, and how."""
        self._core.require(Action.NOTE)
        event = self._events.get(event_id)
        camera = self.get(camera_id)
        owner = camera["owner_name"] or CameraOwner(camera["owner_kind"]).label
        how = camera["footage_request"] or QT_TRANSLATE_NOOP("territory", "modalità non indicata")
        text = "Richiesta filmati: {0} «{1}» ({2}). Modalità: {3}".format(
            CameraKind(camera["kind"]).label, camera["name"], owner, how)
        with self._core.transaction():
            entry = self._events.write_journal(event["id"], text, operator=operator, kind=JournalKind.NOTE,
                                               automatic=False)
            self._core.changes.update("events", event_id, {"updated_at": entry["at"]}, operator=operator,
                                      action="event.note")
        return entry

    # ------------------------------------------------------------ plate hits
    def import_hits(self, text: str, *, operator: str) -> list[dict[str, Any]]:
        """Hot-list hits (``varco;targa;ora;lista``): every row or none. A gate is named as in
        the registry; a hit already imported (same gate, plate and time) is skipped. Each new
        hit raises a territory alert."""
        hits = parse_hits(text)
        gates = {row["name"].casefold(): row for row in self.registry(kind=CameraKind.GATE.value)}
        problems = [RowProblem(h.line, QT_TRANSLATE_NOOP("cameras", "varco sconosciuto: {0}"), (h.gate[:60],))
                    for h in hits if h.gate.casefold() not in gates]
        if problems:
            raise CsvRowsError(problems)
        now = self._core.now_iso()
        out = []
        with self._core.transaction():
            for hit in hits:
                gate = gates[hit.gate.casefold()]
                if self._core.one("SELECT 1 FROM plate_hits WHERE gate_id = ? AND plate = ? AND at = ?",
                                  [gate["id"], hit.plate, hit.at]):
                    continue
                row = {"id": uuid7(), "gate_id": gate["id"], "plate": hit.plate, "at": hit.at,
                       "hot_list": hit.hot_list.value, "imported_at": now, "imported_by": operator, "event_id": None}
                self._db.execute("INSERT INTO plate_hits (id, gate_id, plate, at, hot_list, imported_at, imported_by, "
                                 "event_id) VALUES (:id, :gate_id, :plate, :at, :hot_list, :imported_at, "
                                 ":imported_by, :event_id)", row)
                self._core.changes.audit_row("plate_hits", row["id"], operator=operator, action="plate_hit.import")
                self._areas.raise_alert(PLATE_ALERT, row["id"], PLATE_ALERT_TEXT,
                                        alert_params(gate["name"], hit.plate, label(hit.hot_list.label)))
                out.append({**row, "gate_name": gate["name"]})
        return out

    def hits(self, *, open_only: bool = False) -> list[dict[str, Any]]:
        where = "WHERE h.event_id IS NULL" if open_only else ""
        return list(self._db.query(
            "SELECT h.*, c.name AS gate_name, c.lat, c.lon FROM plate_hits h JOIN cameras c ON c.id = h.gate_id "
            f"{where} ORDER BY h.at DESC"))

    def open_gate_event(self, hit_id: str, *, operator: str, municipality_istat: str | None = None) -> dict[str, Any]:
        """On confirmation: an event "controllo varco" at the gate's position, in the
        municipality whose boundary holds the gate (unless given)."""
        self._core.require(Action.INTAKE)
        hit = self._core.one("SELECT * FROM plate_hits WHERE id = ?", [hit_id])
        if hit is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Segnalazione del varco non trovata."))
        if hit["event_id"]:
            raise UserError(QT_TRANSLATE_NOOP("errors", "Per questa segnalazione è già aperto un intervento."))
        gate = self.get(hit["gate_id"])
        if municipality_istat is None:
            municipality_istat = self._municipality_at(gate["lon"], gate["lat"])
        description = "Varco {0}: targa {1}, {2}, transito {3}.".format(
            gate["name"], hit["plate"], HotList(hit["hot_list"]).label, hit["at"])
        event = self._events.create({"type_code": GATE_CHECK_TYPE, "channel": Channel.VIDEO.value,
                                     "municipality_istat": municipality_istat, "lat": gate["lat"],
                                     "lon": gate["lon"], "description": description}, operator=operator)
        with self._core.transaction():
            self._db.execute("UPDATE plate_hits SET event_id = ? WHERE id = ?", [event["id"], hit_id])
            self._core.changes.audit_row("plate_hits", hit_id, operator=operator, action="plate_hit.event")
        return event

    # ---------------------------------------------------------------- helpers
    def _municipality_at(self, lon: float, lat: float) -> str:
        from ..resources import load_territory  # 0.2 s, only when a gate event is opened

        if self._territory is None:
            self._territory = load_territory()
        found = self._territory.municipality_at((lon, lat))
        if found is None:
            raise UserError(QT_TRANSLATE_NOOP("errors", "Il varco è fuori dal territorio della regione."))
        return found

    @staticmethod
    def _normalise(data: dict[str, Any]) -> dict[str, Any]:
        values = {k: clean(v) for k, v in data.items()}
        for name in ("lat", "lon"):
            if isinstance(values.get(name), int):
                values[name] = float(values[name])
        return values

    def _new_row(self, data: dict[str, Any]) -> dict[str, Any]:
        values = self._normalise(data)
        values["owner_kind"] = values.get("owner_kind") or CameraOwner.CORPS.value
        values["status"] = values.get("status") or CameraStatus.WORKING.value
        values["sharing"] = values.get("sharing") or Sharing.RESERVED.value
        errors = validate_camera(values)
        if values["sharing"] not in {s.value for s in Sharing}:
            errors.append(FieldError("sharing", QT_TRANSLATE_NOOP("validation", "Condivisione non valida.")))
        raise_if(errors)
        return {"id": uuid7(), **{k: values.get(k) for k in CAMERA_FIELDS if k != "active"}, "active": 1,
                "corps": self._core.meta.corps or None, "created_at": self._core.now_iso()}
