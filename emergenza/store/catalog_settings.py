"""The station's own catalogs: its priority scale and event types, set by the amministratore.

Kept in the store (``catalog_settings``, one JSON document per catalog), never in the
program folder: the shipped files (``resources/catalogs``) are only the defaults a store
starts from, and stay in force until the first change. Every change is checked whole
(``domain.validation``), written in one transaction with its audit row, and swapped into
the store's ``Catalogs`` at once (the board's order, the alerts and the intake read it).
Not synced: each station has its own; the regional door accepts any well-formed code.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..domain.catalogs import EventType, PriorityLevel
from ..domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if, validate_event_types, validate_priority_scale
from .audit import plain_row_digest
from .core import StoreCore, clean
from .queries import ACTIVE_EVENT

PRIORITIES, EVENT_TYPES = "priorities", "event_types"
_TYPE_FIELDS = ("label", "label_en", "parent", "priority", "protocol", "protocol_en")


class CatalogSettings:
    def __init__(self, core: StoreCore):
        self._core = core
        self._db = core.db
        # (A store object on an older schema, as a migration test builds one, has no such table.)
        has_table = self._db["catalog_settings"].exists()
        stored = {r["name"]: json.loads(r["data"])
                  for r in self._db.query("SELECT name, data FROM catalog_settings")} if has_table else {}
        if stored:
            cat = core.catalogs
            cat.replace_configurable(
                priorities=_levels(stored[PRIORITIES]) if PRIORITIES in stored else cat.priorities,
                event_types=_types(stored[EVENT_TYPES]) if EVENT_TYPES in stored else cat.event_types)

    # ------------------------------------------------------------------- reads
    def current(self) -> Any:
        """The store's live ``Catalogs`` (the GUI reads the same object)."""
        return self._core.catalogs

    def priority_scale(self) -> list[dict[str, Any]]:
        """The scale, most urgent level first, as plain dicts (for the settings window)."""
        return [dataclasses.asdict(p) for p in self._core.catalogs.priorities_by_urgency()]

    def event_types(self) -> list[dict[str, Any]]:
        """Every type (retired ones too) with ``open_events``: how many active events use it."""
        used = dict(self._db.execute(
            f"SELECT type_code, count(*) FROM events e INDEXED BY events_active WHERE {ACTIVE_EVENT} "
            f"GROUP BY type_code").fetchall())
        cat = self._core.catalogs
        rows = [{**dataclasses.asdict(t), "open_events": used.get(t.code, 0)} for t in cat.event_types.values()]
        return sorted(rows, key=lambda r: cat.type_label(r["code"]).lower())

    # ------------------------------------------------------------------ writes
    def save_priority_scale(self, levels: list[dict[str, Any]], *, operator: str) -> Any:
        """Replace the whole scale. A level still named by an event type may not go."""
        self._core.require(Action.CATALOGS)
        levels = [{**level, "code": clean(level.get("code")),
                   "label_en": clean(level.get("label_en")) or clean(level.get("label"))} for level in levels]
        raise_if(validate_priority_scale(levels))
        codes = {level["code"] for level in levels}
        orphans = sorted({t.priority for t in self._core.catalogs.event_types.values()} - codes)
        if orphans:
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "Il livello {0} è usato da alcune tipologie: cambiarne prima la priorità."),
                ", ".join(orphans))
        new = _levels(levels)
        self._write(PRIORITIES, [dataclasses.asdict(p) for p in new.values()], operator)
        self._core.catalogs.replace_configurable(priorities=new, event_types=self._core.catalogs.event_types)
        return self._core.catalogs

    def add_event_type(self, data: dict[str, Any], *, operator: str) -> Any:
        self._core.require(Action.CATALOGS)
        values = {k: clean(data.get(k)) for k in ("code", *_TYPE_FIELDS)}
        values["label_en"] = values["label_en"] or values["label"]
        for name in ("protocol", "protocol_en"):
            values[name] = values[name] or ""
        if values["code"] in self._core.catalogs.event_types:
            raise ValidationError([FieldError("code", QT_TRANSLATE_NOOP("validation", "Codice già in uso."))])
        return self._save_types([*self._type_dicts(), {**values, "retired": False}], operator)

    def update_event_type(self, code: str, changes: dict[str, Any], *, operator: str) -> Any:
        """Change a type's labels, protocol texts, parent or priority (its code stays)."""
        self._core.require(Action.CATALOGS)
        types = self._type_dicts()
        target = self._find(types, code)
        for name, value in changes.items():
            if name not in _TYPE_FIELDS:
                raise ValidationError([FieldError(name, QT_TRANSLATE_NOOP("validation", "Campo sconosciuto."))])
            target[name] = clean(value) if name not in ("protocol", "protocol_en") else str(value or "").strip()
        return self._save_types(types, operator)

    def set_retired(self, code: str, retired: bool, *, operator: str) -> Any:
        """Retire a type (open events keep it; the intake no longer offers it) or bring it back."""
        self._core.require(Action.CATALOGS)
        types = self._type_dicts()
        self._find(types, code)["retired"] = bool(retired)
        return self._save_types(types, operator)

    # ----------------------------------------------------------------- helpers
    def _type_dicts(self) -> list[dict[str, Any]]:
        return [dataclasses.asdict(t) for t in self._core.catalogs.event_types.values()]

    @staticmethod
    def _find(types: list[dict[str, Any]], code: str) -> dict[str, Any]:
        for t in types:
            if t["code"] == code:
                return t
        raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Tipologia {0} non trovata."), code)

    def _save_types(self, types: list[dict[str, Any]], operator: str) -> Any:
        raise_if(validate_event_types(types, set(self._core.catalogs.priorities)))
        new = _types(types)
        self._write(EVENT_TYPES, [dataclasses.asdict(t) for t in new.values()], operator)
        self._core.catalogs.replace_configurable(priorities=self._core.catalogs.priorities, event_types=new)
        return self._core.catalogs

    def _write(self, name: str, data: list[dict[str, Any]], operator: str) -> None:
        core = self._core
        now = core.now_iso()
        row = {"name": name, "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
               "updated_at": now, "updated_by": operator}
        with core.transaction():
            self._db.execute("INSERT OR REPLACE INTO catalog_settings (name, data, updated_at, updated_by) "
                             "VALUES (:name, :data, :updated_at, :updated_by)", row)
            core.audit.append(now, operator, "catalog." + name, "catalog_settings", name, plain_row_digest(row))


def _levels(data: list[dict[str, Any]]) -> dict[str, PriorityLevel]:
    fields = {f.name for f in dataclasses.fields(PriorityLevel)}
    return {d["code"]: PriorityLevel(**{k: v for k, v in d.items() if k in fields}) for d in data}


def _types(data: list[dict[str, Any]]) -> dict[str, EventType]:
    fields = {f.name for f in dataclasses.fields(EventType)}
    return {d["code"]: EventType(**{k: v for k, v in d.items() if k in fields}) for d in data}
