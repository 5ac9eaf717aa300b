"""Cameras and plate-reading gates (*varchi*): kinds, owners, statuses, validation and
the two CSV files a station imports (the registry, and hot-list hits of the gates).

CSV files are read as exported by Excel with an Italian locale (``;``, UTF-8 with or
without BOM) or with ``,``: the header line names the columns. Every bad row is
reported by its line number and nothing is returned when there is any (the caller then
imports nothing). Times in a hits file are local (Europe/Rome) unless they carry a
zone; they come back as UTC ``…Z`` text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from .errors import FieldError, UserError
from .text import QT_TRANSLATE_NOOP
from .validation import LAT_RANGE, LON_RANGE, MAX_NAME, MAX_NOTE

ROME = ZoneInfo("Europe/Rome")
MAX_ROWS = 50_000
MAX_DIRECTION = 60
PLATE_RE = re.compile(r"^[A-Z0-9]{4,10}$")
NEAR_RADIUS_M = 500  # "cameras near this event": the default radius


class CameraKind(StrEnum):
    CAMERA = "camera"
    GATE = "gate"  # plate-reading gate (varco lettura targhe)

    @property
    def label(self) -> str:
        return {CameraKind.CAMERA: QT_TRANSLATE_NOOP("enums", "telecamera"),
                CameraKind.GATE: QT_TRANSLATE_NOOP("enums", "varco lettura targhe")}[self]


class CameraOwner(StrEnum):
    CORPS = "corps"
    MUNICIPALITY = "municipality"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        return {CameraOwner.CORPS: QT_TRANSLATE_NOOP("enums", "comando"),
                CameraOwner.MUNICIPALITY: QT_TRANSLATE_NOOP("enums", "comune"),
                CameraOwner.PRIVATE: QT_TRANSLATE_NOOP("enums", "privato")}[self]


class CameraStatus(StrEnum):
    WORKING = "working"
    FAULTY = "faulty"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {CameraStatus.WORKING: QT_TRANSLATE_NOOP("enums", "funzionante"),
                CameraStatus.FAULTY: QT_TRANSLATE_NOOP("enums", "guasta"),
                CameraStatus.REMOVED: QT_TRANSLATE_NOOP("enums", "rimossa")}[self]


class HotList(StrEnum):
    """The list a plate was found on."""

    STOLEN = "rubato"
    UNINSURED = "non_assicurato"
    WANTED = "ricercato"
    OTHER = "altro"

    @property
    def label(self) -> str:
        return {HotList.STOLEN: QT_TRANSLATE_NOOP("enums", "veicolo rubato"),
                HotList.UNINSURED: QT_TRANSLATE_NOOP("enums", "senza assicurazione"),
                HotList.WANTED: QT_TRANSLATE_NOOP("enums", "ricercato"),
                HotList.OTHER: QT_TRANSLATE_NOOP("enums", "altra segnalazione")}[self]


# The event type a confirmed hit opens ("controllo varco"): a catalog code.
GATE_CHECK_TYPE = "CTR.VARCO"  # "allarme varco lettura targhe" in the catalog


def _enum_of(enum: type[StrEnum], text: Any, labels: bool = True) -> Any:
    if not isinstance(text, str):
        return None
    key = text.strip().lower().replace(" ", "_")
    for item in enum:
        if key == item.value or (labels and key == str(getattr(item, "label", "")).lower().replace(" ", "_")):
            return item
    return None


def kind_of(text: Any) -> CameraKind | None:
    found = _enum_of(CameraKind, text)
    if found is None and isinstance(text, str) and text.strip().lower() in ("telecamera", "varco"):
        found = CameraKind.CAMERA if text.strip().lower() == "telecamera" else CameraKind.GATE
    return found


def validate_camera(data: dict[str, Any], *, partial: bool = False) -> list[FieldError]:
    errors: list[FieldError] = []

    def present(name: str) -> bool:
        return not partial or name in data

    if present("name"):
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(FieldError("name", QT_TRANSLATE_NOOP("validation", "Indicare il nome.")))
        elif len(name) > MAX_NAME:
            errors.append(FieldError("name", QT_TRANSLATE_NOOP("validation", "Nome troppo lungo.")))
    if present("kind") and _enum_of(CameraKind, data.get("kind"), labels=False) is None:
        errors.append(FieldError("kind", QT_TRANSLATE_NOOP("validation", "Tipo sconosciuto (telecamera o varco).")))
    if present("owner_kind") and data.get("owner_kind") is not None and \
            _enum_of(CameraOwner, data.get("owner_kind"), labels=False) is None:
        errors.append(FieldError("owner_kind", QT_TRANSLATE_NOOP(
            "validation", "Proprietario sconosciuto (comando, comune o privato).")))
    if present("status") and _enum_of(CameraStatus, data.get("status"), labels=False) is None:
        errors.append(FieldError("status", QT_TRANSLATE_NOOP("validation", "Stato sconosciuto.")))
    for name, (lo, hi) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        if present(name):
            value = data.get(name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not lo <= value <= hi:
                errors.append(FieldError(name, QT_TRANSLATE_NOOP(
                    "validation", "Coordinate fuori dal territorio (gradi WGS 84).")))
    if present("direction") and isinstance(data.get("direction"), str) and len(data["direction"]) > MAX_DIRECTION:
        errors.append(FieldError("direction", QT_TRANSLATE_NOOP("validation", "Direzione troppo lunga.")))
    for name in ("footage_request", "notes"):
        if present(name) and isinstance(data.get(name), str) and len(data[name]) > MAX_NOTE:
            errors.append(FieldError(name, QT_TRANSLATE_NOOP("validation", "Testo troppo lungo.")))
    return errors


# -------------------------------------------------------------------- CSV
@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str  # Italian, context "cameras"
    args: tuple = ()

    def __str__(self) -> str:
        return QT_TRANSLATE_NOOP("cameras", "riga {0}: {1}").format(self.line, self.message.format(*self.args))


class CsvRowsError(UserError):
    """A CSV file that cannot be imported: every bad row, by line."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = list(problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = len(self.problems) - 5
        if more > 0:
            shown += QT_TRANSLATE_NOOP("cameras", " (e altre {0} righe)").format(more)
        super().__init__(QT_TRANSLATE_NOOP("errors", "File non importato: {0}"), shown)


REGISTRY_COLUMNS = ("nome", "tipo", "lat", "lon", "direzione", "proprietario", "tipo_proprietario", "stato",
                    "richiesta_filmati")
HITS_COLUMNS = ("varco", "targa", "ora", "lista")


def _rows(text: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CsvRowsError([RowProblem(1, QT_TRANSLATE_NOOP("cameras", "file vuoto"))]) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvRowsError([RowProblem(1, QT_TRANSLATE_NOOP("cameras", "mancano le colonne {0}"),
                                       (", ".join(missing),))])
    out: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(out) >= MAX_ROWS:
            raise CsvRowsError([RowProblem(line, QT_TRANSLATE_NOOP("cameras", "troppe righe (al massimo {0})"),
                                           (MAX_ROWS,))])
        out.append((line, {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)}))
    if not out:
        raise CsvRowsError([RowProblem(2, QT_TRANSLATE_NOOP("cameras", "nessuna riga da importare"))])
    return out


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def parse_registry(text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line, camera fields) of a registry CSV; CsvRowsError with every bad row."""
    problems: list[RowProblem] = []
    out = []
    for line, row in _rows(text, ("nome", "tipo", "lat", "lon")):
        kind = kind_of(row.get("tipo"))
        owner = _enum_of(CameraOwner, row.get("tipo_proprietario") or "corps") or (
            {"comando": CameraOwner.CORPS, "comune": CameraOwner.MUNICIPALITY, "privato": CameraOwner.PRIVATE}
            .get((row.get("tipo_proprietario") or "").lower()))
        status = _enum_of(CameraStatus, row.get("stato") or "working") or (
            {"funzionante": CameraStatus.WORKING, "guasta": CameraStatus.FAULTY, "rimossa": CameraStatus.REMOVED}
            .get((row.get("stato") or "").lower()))
        fields = {"name": row.get("nome") or None, "kind": kind.value if kind else row.get("tipo"),
                  "lat": _number(row.get("lat", "")), "lon": _number(row.get("lon", "")),
                  "direction": row.get("direzione") or None, "owner_name": row.get("proprietario") or None,
                  "owner_kind": owner.value if owner else row.get("tipo_proprietario"),
                  "status": status.value if status else row.get("stato"),
                  "footage_request": row.get("richiesta_filmati") or None}
        errors = validate_camera(fields)
        if errors:
            problems.append(RowProblem(line, "{0}", ("; ".join(f"{e.field}: {e.message}" for e in errors),)))
        else:
            out.append((line, fields))
    if problems:
        raise CsvRowsError(problems)
    return out


@dataclass(frozen=True)
class Hit:
    line: int
    gate: str
    plate: str
    at: str  # UTC …Z
    hot_list: HotList


def parse_time(text: str) -> datetime | None:
    """A local (or zoned) time from ``2026-03-01 10:15[:00]``, ISO, or ``01/03/2026 10:15[:00]``."""
    text = text.strip()
    when = None
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            when = datetime.strptime(text, fmt)
            break
        except ValueError:
            pass
    if when is None:
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ROME)
    return when.astimezone(UTC)


def parse_hits(text: str) -> list[Hit]:
    """Hot-list hits of a gates CSV (``varco;targa;ora;lista``); CsvRowsError with every bad row.
    The gate is named as in the registry; the store checks that it exists."""
    problems: list[RowProblem] = []
    out = []
    for line, row in _rows(text, HITS_COLUMNS):
        plate = re.sub(r"[\s-]", "", row["targa"]).upper()
        when = parse_time(row["ora"])
        hot = _enum_of(HotList, row["lista"])
        if not row["varco"]:
            problems.append(RowProblem(line, QT_TRANSLATE_NOOP("cameras", "manca il varco")))
        elif not PLATE_RE.match(plate):
            problems.append(RowProblem(line, QT_TRANSLATE_NOOP("cameras", "targa non valida: {0}"),
                                       (row["targa"][:20],)))
        elif when is None:
            problems.append(RowProblem(line, QT_TRANSLATE_NOOP("cameras", "ora non valida: {0}"), (row["ora"][:30],)))
        elif hot is None:
            problems.append(RowProblem(line, QT_TRANSLATE_NOOP(
                "cameras", "lista sconosciuta: {0} (rubato, non_assicurato, ricercato, altro)"), (row["lista"][:30],)))
        else:
            out.append(Hit(line, row["varco"], plate, when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), hot))
    if problems:
        raise CsvRowsError(problems)
    return out
