"""At-risk areas (*aree a rischio*): categories, the stored shape, the watch rule (pure).

An area is a named (multi)polygon in WGS 84 with a category, an owner corps and a
sharing; its shape is kept as compact JSON text (``encode_shape``/``decode_shape``:
a GeoJSON MultiPolygon's coordinates, rounded to 1e-6°, ~0.1 m) because that is what
travels on the wire and what the server stores without knowing geometry.

The watch rule of an area: "``count`` events of the given types within ``hours``
hours" (types are catalog codes matched as prefixes, so ``DIS`` takes every sub-type of
``DIS``; no types means every type). :func:`watch_count` counts, :func:`watch_fires`
decides; the store feeds them the area's recent events.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .errors import FieldError
from .geo import MultiPolygon, point_in_multipolygon, polygon_area
from .text import QT_TRANSLATE_NOOP
from .validation import LAT_RANGE, LON_RANGE, MAX_NAME, MAX_NOTE

MAX_SHAPE_TEXT = 200_000  # characters of a shape's JSON (~8,000 vertices): a drawn or imported area
MAX_WATCH_COUNT = 1000
MAX_WATCH_HOURS = 24 * 31
MAX_WATCH_TYPES = 400  # characters of the comma-separated type list


class AreaCategory(StrEnum):
    """Declared once: the kinds of place an area can be (the registry's, the CLI's and the wire's)."""

    STATION = "stazione"
    PARK = "parco"
    NIGHTLIFE = "movida"
    SCHOOL = "scuola"
    INDUSTRIAL = "area_industriale"
    SHOPPING = "centro_commerciale"
    OTHER = "altro"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    AreaCategory.STATION: QT_TRANSLATE_NOOP("enums", "stazione"),
    AreaCategory.PARK: QT_TRANSLATE_NOOP("enums", "parco"),
    AreaCategory.NIGHTLIFE: QT_TRANSLATE_NOOP("enums", "movida"),
    AreaCategory.SCHOOL: QT_TRANSLATE_NOOP("enums", "scuola"),
    AreaCategory.INDUSTRIAL: QT_TRANSLATE_NOOP("enums", "area industriale"),
    AreaCategory.SHOPPING: QT_TRANSLATE_NOOP("enums", "centro commerciale"),
    AreaCategory.OTHER: QT_TRANSLATE_NOOP("enums", "altro"),
}


def category_of(text: str | None) -> AreaCategory | None:
    """A category from its code or its Italian label ("area industriale"), case-insensitive."""
    if not text:
        return None
    key = text.strip().lower()
    for category in AreaCategory:
        if key in (category.value, category.label):
            return category
    return None


# ------------------------------------------------------------------ shape
def encode_shape(shape: MultiPolygon) -> str:
    """The JSON text kept in the store and sent on the wire (rings closed, 1e-6° precision)."""
    out = []
    for polygon in shape:
        rings = []
        for ring in polygon:
            points = [[round(float(x), 6), round(float(y), 6)] for x, y in ring]
            if points and points[0] != points[-1]:
                points.append(list(points[0]))
            rings.append(points)
        out.append(rings)
    return json.dumps(out, separators=(",", ":"))


def decode_shape(text: str) -> list[list[list[tuple[float, float]]]]:
    """The (lon, lat) multipolygon of a stored shape; ValueError when it is not one."""
    doc = json.loads(text)
    if not isinstance(doc, list) or not doc:
        raise ValueError("not a multipolygon")
    shape = []
    for polygon in doc:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError("not a polygon")
        rings = []
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                raise ValueError("ring too short")
            points = []
            for p in ring:
                if (not isinstance(p, list) or len(p) != 2
                        or not all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c)
                                   for c in p)):
                    raise ValueError("not a position")
                points.append((float(p[0]), float(p[1])))
            rings.append(points)
        shape.append(rings)
    return shape


def shape_problem(text: Any) -> str | None:
    """Why a stored shape is not acceptable (Italian, context "validation"), or None."""
    if not isinstance(text, str) or not text.strip():
        return QT_TRANSLATE_NOOP("validation", "Disegnare o importare il perimetro dell'area.")
    if len(text) > MAX_SHAPE_TEXT:
        return QT_TRANSLATE_NOOP("validation", "Perimetro troppo complesso.")
    try:
        shape = decode_shape(text)
    except ValueError:
        return QT_TRANSLATE_NOOP("validation", "Perimetro non valido.")
    for polygon in shape:
        for ring in polygon:
            if ring[0] != ring[-1]:
                return QT_TRANSLATE_NOOP("validation", "Perimetro non chiuso.")
            for lon, lat in ring:
                if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                    return QT_TRANSLATE_NOOP("validation", "Perimetro fuori dal territorio.")
        if polygon_area(polygon) <= 0:
            return QT_TRANSLATE_NOOP("validation", "Il perimetro ha area nulla.")
    return None


def contains(shape: MultiPolygon, lon: float, lat: float) -> bool:
    return point_in_multipolygon((lon, lat), shape)


# ------------------------------------------------------------- validation
def validate_area(data: dict[str, Any], *, partial: bool = False) -> list[FieldError]:
    """Errors of an area's fields (the registry form, the import, the server's door)."""
    errors: list[FieldError] = []

    def present(name: str) -> bool:
        return not partial or name in data

    if present("name"):
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(FieldError("name", QT_TRANSLATE_NOOP("validation", "Indicare il nome dell'area.")))
        elif len(name) > MAX_NAME:
            errors.append(FieldError("name", QT_TRANSLATE_NOOP("validation", "Nome troppo lungo.")))
    if present("category") and category_of(data.get("category")) is None:
        errors.append(FieldError("category", QT_TRANSLATE_NOOP("validation", "Categoria dell'area sconosciuta.")))
    if present("shape"):
        problem = shape_problem(data.get("shape"))
        if problem:
            errors.append(FieldError("shape", problem))
    if present("notes") and isinstance(data.get("notes"), str) and len(data["notes"]) > MAX_NOTE:
        errors.append(FieldError("notes", QT_TRANSLATE_NOOP("validation", "Note troppo lunghe.")))
    count, hours = data.get("watch_count"), data.get("watch_hours")
    if (present("watch_count") or present("watch_hours")) and (count is None) != (hours is None):
        errors.append(FieldError("watch_count", QT_TRANSLATE_NOOP(
            "validation", "La regola di sorveglianza vuole sia il numero di interventi sia le ore.")))
    if count is not None and (type(count) is not int or not 1 <= count <= MAX_WATCH_COUNT):
        errors.append(FieldError("watch_count", QT_TRANSLATE_NOOP(
            "validation", "Numero di interventi della regola fuori intervallo (1…1000).")))
    if hours is not None and (type(hours) is not int or not 1 <= hours <= MAX_WATCH_HOURS):
        errors.append(FieldError("watch_hours", QT_TRANSLATE_NOOP(
            "validation", "Ore della regola fuori intervallo (1…744).")))
    return errors


# -------------------------------------------------------------- watch rule
@dataclass(frozen=True)
class WatchRule:
    count: int
    hours: int
    types: tuple[str, ...] = ()  # catalog type codes (prefixes); empty: any type

    @classmethod
    def of_area(cls, area: dict[str, Any]) -> WatchRule | None:
        if not area.get("watch_count") or not area.get("watch_hours"):
            return None
        return cls(int(area["watch_count"]), int(area["watch_hours"]), parse_types(area.get("watch_types")))

    def matches_type(self, type_code: str) -> bool:
        return not self.types or any(type_code == t or type_code.startswith(t + ".") for t in self.types)

    def window_start(self, now: datetime) -> datetime:
        return now - timedelta(hours=self.hours)


def parse_types(text: str | None) -> tuple[str, ...]:
    """"DIS, INC.FERITI" -> ("DIS", "INC.FERITI")."""
    if not text:
        return ()
    return tuple(dict.fromkeys(t.strip().upper() for t in text.split(",") if t.strip()))


def watch_count(rule: WatchRule, events: list[tuple[datetime, str]], now: datetime) -> int:
    """How many of ``events`` ((received at, type code)) count for the rule at ``now``."""
    start = rule.window_start(now)
    return sum(1 for at, type_code in events if start <= at <= now and rule.matches_type(type_code))


def watch_fires(rule: WatchRule, events: list[tuple[datetime, str]], now: datetime) -> bool:
    return watch_count(rule, events, now) >= rule.count


# ------------------------------------------------------------- territory alerts
# A territory alert (a watch rule met, a gate's hot-list hit) is stored as its Italian
# template (QT_TRANSLATE_NOOP, context "territory") and its parameters (JSON list), and
# put together where it is shown: the GUI translates it (gui/territory), the command line
# shows it in Italian. A parameter that is itself a marked label is stored as
# ``{"enums": label}`` and translated too (context "enums").
ALERT_CONTEXT = "territory"
LABEL_KEY = "enums"
WATCH_ALERT_TEXT = QT_TRANSLATE_NOOP("territory", "Area «{0}»: {1} interventi nelle ultime {2} ore (soglia {3}).")
PLATE_ALERT_TEXT = QT_TRANSLATE_NOOP("territory", "Varco «{0}»: targa {1} ({2}).")


def _untranslated(context: str, text: str) -> str:
    return text


def alert_params(*values: Any) -> str:
    """The stored form of an alert's parameters (see ``label`` for translatable labels)."""
    return json.dumps(list(values), ensure_ascii=False)


def label(text: str) -> dict[str, str]:
    """A parameter that is a marked label (QT_TRANSLATE_NOOP("enums", ...)): translated when shown."""
    return {LABEL_KEY: text}


def alert_text(text: str, params: str | None, translate: Any = _untranslated) -> str:
    """An alert as a person reads it. ``translate(context, source)``: the GUI passes its
    translation function; without it, Italian. A row with no parameters (none recorded)
    is shown as stored."""
    if params is None:
        return text
    values = [translate(LABEL_KEY, v[LABEL_KEY]) if isinstance(v, dict) and LABEL_KEY in v else v
              for v in json.loads(params)]
    try:
        return translate(ALERT_CONTEXT, text).format(*values)
    except (IndexError, KeyError, ValueError):  # a translation with broken slots: the source
        return text.format(*values)
