"""Crews: which officers form each unit's crew, set at shift start and changed during it
(Action.MANAGE_CREWS). Local to the station, audited; history kept for the shift report.

What travels with the events is the journal: when a unit with a crew is sent to an event
(units.py ``assign``), and when the crew of a unit already on an event changes, that
event's journal gets "Unità Alfa 1 — Equipaggio: Mario Rossi (matr. 1234), …".
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..domain.enums import JournalKind
from ..domain.errors import NotFoundError, UserError
from ..domain.ids import uuid7
from ..domain.roles import Action
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import raise_if, validate_crew
from .core import StoreCore, clean
from .events import Events
from .queries import ACTIVE_ASSIGNMENT

Member = dict[str, Any]  # {"name": ..., "badge": ... or None}


def describe(members: list[Member]) -> str:
    """ "Mario Rossi (matr. 1234), Luca Bianchi" — as the journal and the report write it."""
    return ", ".join(m["name"] + (f" (matr. {m['badge']})" if m.get("badge") else "") for m in members)


def journal_text(call_sign: str, members: list[Member]) -> str:
    crew = describe(members) or "nessun agente indicato"
    return f"Unità {call_sign} — Equipaggio: {crew}."


def current_members(core: StoreCore, resource_id: str) -> list[Member]:
    return list(core.db.query(
        "SELECT name, badge, from_at, shift_id FROM crew_members WHERE resource_id = ? AND until_at IS NULL "
        "ORDER BY position", [resource_id]))


def crew_line(core: StoreCore, resource: dict[str, Any]) -> str | None:
    """The journal line for a unit being sent, or None if it has no crew recorded."""
    members = current_members(core, resource["id"])
    return journal_text(resource["call_sign"], members) if members else None


def _normalise(members: Any) -> list[Member]:
    """Members as given: dicts, (name, badge) pairs or plain names."""
    out: list[Member] = []
    for m in members if isinstance(members, list | tuple) else [members]:
        if isinstance(m, str):
            m = {"name": m}
        elif isinstance(m, list | tuple):
            m = {"name": m[0] if m else None, "badge": m[1] if len(m) > 1 else None}
        if isinstance(m, dict):
            m = {"name": clean(m.get("name")), "badge": clean(m.get("badge"))}
            if isinstance(m["badge"], int):
                m["badge"] = str(m["badge"])
        out.append(m)
    return out


class Crews:
    def __init__(self, core: StoreCore, events: Events):
        self._core = core
        self._db = core.db
        self._events = events

    # ------------------------------------------------------------------- reads
    def current(self, resource_id: str) -> list[Member]:
        return current_members(self._core, resource_id)

    def all_current(self) -> dict[str, list[Member]]:
        """resource id -> its crew now (units with no crew left out)."""
        out: dict[str, list[Member]] = {}
        for r in self._db.query("SELECT resource_id, name, badge, from_at FROM crew_members "
                                "WHERE until_at IS NULL ORDER BY resource_id, position"):
            out.setdefault(r.pop("resource_id"), []).append(r)
        return out

    def during(self, start: str, end: str) -> list[dict[str, Any]]:
        """Every crew member on duty at some time in [start, end), with the unit's call sign."""
        return list(self._db.query(
            "SELECT c.resource_id, r.call_sign, c.name, c.badge, c.from_at, c.until_at FROM crew_members c "
            "JOIN resources r ON r.id = c.resource_id WHERE c.from_at < ? AND coalesce(c.until_at, ?) > ? "
            "ORDER BY r.call_sign COLLATE NOCASE, c.from_at, c.position", [end, end, start]))

    # ------------------------------------------------------------------ writes
    def set(self, resource_id: str, members: Any, *, operator: str) -> list[Member]:
        """Set a unit's crew (an empty list: nobody). Unchanged: nothing written."""
        self._core.require(Action.MANAGE_CREWS)
        unit = self._core.one("SELECT * FROM resources WHERE id = ?", [resource_id])
        if unit is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Risorsa non trovata."))
        if not unit["active"]:
            raise UserError(QT_TRANSLATE_NOOP("errors", "L'unità {0} è ritirata."), unit["call_sign"])
        crew = _normalise(members)
        raise_if(validate_crew(crew))
        current = self.current(resource_id)
        if [(m["name"], m["badge"]) for m in current] == [(m["name"], m["badge"]) for m in crew]:
            return current
        now = self._core.now_iso()
        shift = self._core.one("SELECT id FROM shifts WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT 1")
        text = journal_text(unit["call_sign"], crew)
        with self._core.transaction():
            self._db.execute("UPDATE crew_members SET until_at = ? WHERE resource_id = ? AND until_at IS NULL",
                             [now, resource_id])
            self._db.conn.executemany(
                "INSERT INTO crew_members (id, resource_id, shift_id, position, name, badge, from_at, set_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(uuid7(), resource_id, shift["id"] if shift else None, i, m["name"], m["badge"], now, operator)
                 for i, m in enumerate(crew)])
            self._core.audit.append(now, operator, "crew.set", "crew_members", resource_id,
                                    hashlib.sha256(text.encode()).hexdigest())
            held = self._core.one(f"SELECT a.event_id FROM assignments a WHERE a.resource_id = ? "
                                  f"AND {ACTIVE_ASSIGNMENT}", [resource_id])
            if held is not None:
                self._events.write_journal(held["event_id"], text, operator=operator, kind=JournalKind.ASSIGNMENT)
        return self.current(resource_id)
