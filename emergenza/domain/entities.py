"""Entities of the operations room, as plain dataclasses.

Rows in the store carry exactly these field names; ``to_row``/``from_row`` convert.
Times are ISO-8601 UTC strings with milliseconds and a trailing ``Z`` (they sort).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any, TypeVar

T = TypeVar("T")


def utc_now_iso(now: datetime | None = None) -> str:
    now = (now or datetime.now(UTC)).astimezone(UTC)
    if now.year < 1000:  # strftime's %Y does not pad: kept as it was
        return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    # Formatted by hand: strftime builds a time tuple first (5 stamps in each intake's commit).
    return (f"{now.year:04d}-{now.month:02d}-{now.day:02d}T{now.hour:02d}:{now.minute:02d}:{now.second:02d}."
            f"{now.microsecond // 1000:03d}Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class _Row:
    @classmethod
    def from_row(cls: type[T], row: dict[str, Any]) -> T:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in row.items() if k in names})

    def to_row(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


# Fields of an event that a person enters or edits; the rest is managed by the store.
EVENT_INPUT_FIELDS: tuple[str, ...] = (
    "received_at", "channel", "nue_contact_id", "type_code", "priority",
    "municipality_istat", "address", "lat", "lon", "caller_name", "caller_phone",
    "description", "sharing", "exercise", "parent_id", "outcome",
)


@dataclass
class Event(_Row):
    id: str
    number: str
    received_at: str
    channel: str
    type_code: str
    priority: str
    status: str
    municipality_istat: str
    description: str
    sharing: str = "reserved"
    nue_contact_id: str | None = None
    municipality_name: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    caller_name: str | None = None
    caller_phone: str | None = None
    exercise: int = 0
    parent_id: str | None = None
    outcome: str | None = None
    first_sent_at: str | None = None
    closed_at: str | None = None
    created_by: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    origin: str | None = None
    corps: str | None = None


@dataclass
class Resource(_Row):
    id: str
    kind: str
    call_sign: str
    status: str = "available"
    plate: str | None = None
    radio_channel: str | None = None
    corps: str | None = None
    notes: str | None = None
    active: int = 1


@dataclass
class Assignment(_Row):
    id: str
    event_id: str
    resource_id: str
    status: str
    requested_at: str
    sent_at: str | None = None
    en_route_at: str | None = None
    on_scene_at: str | None = None
    cleared_at: str | None = None
    created_by: str | None = None


@dataclass
class JournalEntry(_Row):
    id: str
    event_id: str
    at: str
    author: str
    text: str
    automatic: int = 0
    kind: str = "note"
    struck_at: str | None = None
    struck_by: str | None = None
    strike_reason: str | None = None


# A journal entry's content is written once and never rewritten: the store's triggers,
# the merge rule, the applier and the conflict review all keep to this one set (only the
# strike-through, struck_at/struck_by/strike_reason, may be added later).
JOURNAL_WRITE_ONCE: frozenset[str] = frozenset({"event_id", "at", "author", "text", "automatic", "kind"})


@dataclass
class Operator(_Row):
    id: str
    name: str
    role: str
    active: int = 1
    created_at: str | None = None


@dataclass
class Shift(_Row):
    id: str
    operator_id: str
    started_at: str
    ended_at: str | None = None
    close_note: str | None = None
    pending_at_close: int | None = None


@dataclass
class RiskArea(_Row):
    id: str
    name: str
    municipality_istat: str
    kind: str
    description: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_m: int | None = None
    active: int = 1
