"""Catalog value types (event types, priority scale, agencies, municipalities).

Parsing only: reading the files is done by ``emergenza.resources``. The shipped files
are the defaults a new store starts from; a station's amministratore may change its
priority scale and event types, kept in its store (``store/catalog_settings.py``), which
swaps them into the store's ``Catalogs`` in place (:meth:`Catalogs.replace_configurable`)
so the board, the alerts and the intake read the new ones at once.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# A priority level's or event type's code: what a station may define (and the regional
# door accepts from any station, as it cannot know each station's own catalog).
CATALOG_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    label_en: str
    parent: str | None = None
    priority: str = "green"
    protocol: str = ""
    protocol_en: str = ""
    # Retired by the station: events of this type keep it, the intake no longer offers it.
    retired: bool = False


@dataclass(frozen=True)
class PriorityLevel:
    code: str
    label: str
    label_en: str
    color: str
    rank: int  # higher is more urgent; the only source of the scale's order
    text_color: str = "#000000"
    # Seconds an event of this level may wait without a unit before it alerts; None: never.
    alert_after_s: int | None = None


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    name_en: str
    kind: str  # "state_police" | "rescue" | "civil_protection" | "volunteer" | "local_police"


@dataclass(frozen=True)
class Municipality:
    istat: str
    name: str
    province: str
    province_code: str


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching what a person types."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower().strip()


@dataclass
class Catalogs:
    event_types: dict[str, EventType] = field(default_factory=dict)
    priorities: dict[str, PriorityLevel] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    # The regional door's view: any well-formed type or priority code is a station's own.
    any_station_code: bool = False

    @classmethod
    def from_data(cls, *, event_types: list[dict], priorities: list[dict], agencies: list[dict],
                  municipalities: list[dict]) -> Catalogs:
        cat = cls(
            event_types={d["code"]: EventType(**d) for d in event_types},
            priorities={d["code"]: PriorityLevel(**d) for d in priorities},
            agencies={d["code"]: Agency(**d) for d in agencies},
            municipalities={d["istat"]: Municipality(**d) for d in municipalities},
        )
        for t in cat.event_types.values():
            if t.parent is not None and t.parent not in cat.event_types:
                raise ValueError(f"event type {t.code}: unknown parent {t.parent}")
            if t.priority not in cat.priorities:
                raise ValueError(f"event type {t.code}: unknown priority {t.priority}")
        return cat

    def replace_configurable(self, *, priorities: dict[str, PriorityLevel],
                             event_types: dict[str, EventType]) -> None:
        """Swap in a station's own scale and types (each dict replaced whole, so a reader on
        another thread sees the old ones or the new ones, never a mix of one dict)."""
        self.priorities = priorities
        self.event_types = event_types

    def for_region(self) -> Catalogs:
        """These catalogs as the regional server checks events against them: a type or
        priority code it does not know is another station's own, accepted if well formed."""
        return dataclasses.replace(self, any_station_code=True)

    def knows_type(self, code: Any) -> bool:
        return code in self.event_types or (self.any_station_code and isinstance(code, str)
                                             and CATALOG_CODE_RE.match(code) is not None)

    def knows_priority(self, code: Any) -> bool:
        return code in self.priorities or (self.any_station_code and isinstance(code, str)
                                           and CATALOG_CODE_RE.match(code) is not None)

    def offered_event_types(self) -> list[EventType]:
        """The types the intake offers: every type not retired."""
        return [t for t in self.event_types.values() if not t.retired]

    def priority_rank(self, code: str) -> int:
        """Urgency rank of a priority code (higher is more urgent); -1 for an unknown code."""
        level = self.priorities.get(code)
        return level.rank if level is not None else -1

    def priorities_by_urgency(self) -> list[PriorityLevel]:
        """The priority scale, most urgent level first."""
        return sorted(self.priorities.values(), key=lambda p: -p.rank)

    def alerting_priorities(self) -> list[PriorityLevel]:
        """Levels that raise an alert when left without a unit, most urgent first."""
        return [p for p in self.priorities_by_urgency() if p.alert_after_s is not None]

    def children(self, parent: str | None) -> list[EventType]:
        return [t for t in self.event_types.values() if t.parent == parent]

    def type_path(self, code: str) -> list[EventType]:
        """Root-first chain of an event type (e.g. Incidente stradale › con feriti)."""
        path: list[EventType] = []
        t = self.event_types.get(code)
        while t is not None:
            path.insert(0, t)
            t = self.event_types.get(t.parent) if t.parent else None
        return path

    def type_label(self, code: str, *, english: bool = False) -> str:
        path = self.type_path(code)
        if not path:
            return code
        return " › ".join(t.label_en if english else t.label for t in path)

    def search_municipalities(self, text: str, limit: int = 20) -> list[Municipality]:
        """Prefix matches first, then substring matches; accent- and case-insensitive."""
        q = fold(text)
        if not q:
            return []
        prefix, inside = [], []
        for m in self.municipalities.values():
            name = fold(m.name)
            if name.startswith(q):
                prefix.append(m)
            elif q in name:
                inside.append(m)
        prefix.sort(key=lambda m: m.name)
        inside.sort(key=lambda m: m.name)
        return (prefix + inside)[:limit]

    def search_event_types(self, text: str, limit: int = 30) -> list[EventType]:
        q = fold(text)
        hits = [t for t in self.offered_event_types()
                if q in fold(self.type_label(t.code)) or q in t.code.lower()]
        return hits[:limit]
