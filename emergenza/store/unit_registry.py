"""The units registry: add, edit, retire and reactivate units, import them from a CSV file
(all Action.MANAGE_UNITS). Mixed into ``Units`` (units.py), which adds the assignments.

Call signs are unique per corps (schema v7): "Alfa 1" of another corps, which arrives
with a shared event, is another unit; it is shown with its corps ("Alfa 1 (Polizia
Locale di Treviglio)") and only its own station changes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

from ..domain.enums import ResourceStatus
from ..domain.errors import FieldError, RowsError, UserError, ValidationError
from ..domain.ids import uuid7
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if, validate_resource
from ..domain.wire_rules import call_sign_key
from . import unit_csv
from .core import StoreCore, clean
from .queries import ACTIVE_ASSIGNMENT

EDITABLE = ("kind", "call_sign", "plate", "radio_channel", "notes")
DUPLICATE = QT_TRANSLATE_NOOP("validation", "Esiste già una risorsa con questo nominativo.")


def shown_call_sign(row: dict[str, Any], own_corps: str | None) -> str:
    """The call sign as a person should read it: with the corps when it is not ours."""
    corps = row.get("corps")
    if not corps or corps == own_corps:
        return str(row["call_sign"])
    return f"{row['call_sign']} ({corps})"


class UnitRegistry:
    _core: StoreCore
    _db: sqlite_utils.Database

    def get(self, resource_id: str) -> dict[str, Any]:  # Units.get
        raise NotImplementedError

    def active_assignment(self, resource_id: str) -> dict[str, Any] | None:  # Units.active_assignment
        raise NotImplementedError

    # ------------------------------------------------------------------- reads
    def registry(self, *, include_retired: bool = True) -> list[dict[str, Any]]:
        """Every unit (retired too, unless told otherwise) with ``shown_as``, ``own`` (1: of
        this station's corps) and the number of the event holding it, by call sign."""
        where = "" if include_retired else "WHERE r.active = 1"
        own = self._core.meta.corps or None
        rows = list(self._db.query(
            "SELECT r.*, e.number AS event_number FROM resources r "
            f"LEFT JOIN assignments a ON a.resource_id = r.id AND {ACTIVE_ASSIGNMENT} "
            f"LEFT JOIN events e ON e.id = a.event_id {where} "
            "ORDER BY r.active DESC, r.call_sign COLLATE NOCASE, r.corps"))
        for r in rows:
            r["shown_as"] = shown_call_sign(r, own)
            r["own"] = int(not r["corps"] or r["corps"] == own)
        return rows

    # ------------------------------------------------------------------ writes
    def add(self, data: dict[str, Any], *, operator: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_UNITS)
        row = self._new_row(data)
        raise_if(self._duplicates(row["call_sign"], row["corps"]))
        with self._core.transaction():
            return self._core.changes.insert("resources", row, operator=operator, action="resource.add")

    def edit(self, resource_id: str, data: dict[str, Any], *, operator: str) -> dict[str, Any]:
        """Change a unit's kind, call sign, plate, radio channel or notes (unchanged ones ignored)."""
        self._core.require(Action.MANAGE_UNITS)
        current = self._own(resource_id)
        unknown = set(data) - set(EDITABLE)
        if unknown:
            raise ValidationError([FieldError(name, QT_TRANSLATE_NOOP("validation", "Campo sconosciuto."))
                                   for name in sorted(unknown)])
        values = {k: clean(v) for k, v in data.items() if clean(v) != current[k]}
        if not values:
            return current
        merged = {**{k: current[k] for k in EDITABLE}, **values}
        errors = validate_resource(merged)
        if not errors and "call_sign" in values:
            errors = self._duplicates(merged["call_sign"], current["corps"], but=resource_id)
        raise_if(errors)
        with self._core.transaction():
            return self._core.changes.update("resources", resource_id, values, operator=operator,
                                             action="resource.edit")

    def retire(self, resource_id: str, *, operator: str) -> dict[str, Any]:
        """Take a unit out of the registry (kept for the history; it can come back)."""
        self._core.require(Action.MANAGE_UNITS)
        current = self._own(resource_id)
        busy = self.active_assignment(resource_id)
        if busy is not None:
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "L'unità {0} è impegnata sull'intervento {1}: liberarla prima di ritirarla."),
                current["call_sign"], busy["event_number"])
        if not current["active"]:
            return current
        with self._core.transaction():
            return self._core.changes.update("resources", resource_id, {"active": 0}, operator=operator,
                                             action="resource.retire")

    def reactivate(self, resource_id: str, *, operator: str) -> dict[str, Any]:
        self._core.require(Action.MANAGE_UNITS)
        current = self._own(resource_id)
        if current["active"]:
            return current
        values: dict[str, Any] = {"active": 1}
        if current["status"] != ResourceStatus.OUT_OF_SERVICE:
            values["status"] = ResourceStatus.AVAILABLE.value
        with self._core.transaction():
            return self._core.changes.update("resources", resource_id, values, operator=operator,
                                             action="resource.reactivate")

    def import_csv(self, source: str | Path, *, operator: str) -> list[dict[str, Any]]:
        """Add the units of a CSV file (``Path``) or text (``str``): all of them, or none
        (RowsError names every bad row by its line). See unit_csv.py for the format."""
        self._core.require(Action.MANAGE_UNITS)
        parsed, problems = unit_csv.parse(unit_csv.read_source(source))
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for line, values in parsed:
            try:
                row = self._new_row(values)
            except ValidationError as exc:
                problems += [(line, e.message) for e in exc.errors]
                continue
            key = call_sign_key(row["call_sign"])
            if key in seen:
                problems.append((line, QT_TRANSLATE_NOOP(
                    "errors", "nominativo «{0}» già presente alla riga {1}.").format(row["call_sign"], seen[key])))
            elif self._duplicates(row["call_sign"], row["corps"]):
                problems.append((line, QT_TRANSLATE_NOOP(
                    "errors", "esiste già una risorsa con il nominativo «{0}».").format(row["call_sign"])))
            seen.setdefault(key, line)
            rows.append(row)
        if problems:
            raise RowsError(sorted(problems))
        with self._core.transaction():
            return [self._core.changes.insert("resources", row, operator=operator, action="resource.import")
                    for row in rows]

    # ----------------------------------------------------------------- helpers
    def _new_row(self, data: dict[str, Any]) -> dict[str, Any]:
        values = {k: clean(v) for k, v in data.items()}
        raise_if(validate_resource(values))
        return {"id": uuid7(), "kind": values["kind"], "call_sign": values["call_sign"],
                "status": ResourceStatus.AVAILABLE.value, "plate": values.get("plate"),
                "radio_channel": values.get("radio_channel"),
                "corps": values.get("corps") or self._core.meta.corps or None,
                "notes": values.get("notes"), "active": 1}

    def _duplicates(self, call_sign: str, corps: str | None, *, but: str | None = None) -> list[FieldError]:
        """The call sign's error if another unit of the same corps has it (as the v7 index)."""
        taken = self._core.one(
            "SELECT 1 FROM resources WHERE coalesce(corps, '') = ? AND call_sign = ? COLLATE NOCASE AND id != ?",
            [corps or "", call_sign, but or ""])
        return [FieldError("call_sign", DUPLICATE)] if taken else []

    def _own(self, resource_id: str) -> dict[str, Any]:
        """The unit, if this station may change it: not one of another corps."""
        current = self.get(resource_id)
        own = self._core.meta.corps or None
        if current["corps"] and own and current["corps"] != own:
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "L'unità {0} appartiene a «{1}»: la modifica solo il suo comando."),
                current["call_sign"], current["corps"])
        return current

