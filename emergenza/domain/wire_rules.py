"""What a synced change may carry: the rules the server applies at the door and a client
may apply to what it sends or receives (pure: stdlib and ``emergenza.domain`` only).

One table per synced entity (events, resources, assignments, journal) gives each field
its type, whether it may be null, its limits (text length, pattern, enumeration, numeric
range), whether a creation must carry it, and whether it is written once. The rules are
those of the local store (NOT NULL columns, unique values) and of the domain validation
(``emergenza.domain.validation``), so a change that passes them applies on every
station: nothing a station cannot store (a lone surrogate, an integer beyond 64 bits, a
null in a NOT NULL column) can reach one.

- :func:`check_fields`: one change on its own (types, enumerations, limits, valid
  Unicode, required fields of a creation, write-once fields of an update);
- :func:`state_problems`: the domain validation of a whole entity state, so a caller can
  refuse a change that would make a valid entity invalid (compare before and after).

Messages are Italian, marked for translation (context "errors").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from .areas import MAX_SHAPE_TEXT, MAX_WATCH_COUNT, MAX_WATCH_HOURS, MAX_WATCH_TYPES, AreaCategory, validate_area
from .cameras import MAX_DIRECTION, CameraKind, CameraOwner, CameraStatus, validate_camera
from .catalogs import Catalogs
from .entities import EVENT_INPUT_FIELDS
from .enums import AssignmentStatus, Channel, EventStatus, JournalKind, ResourceKind, ResourceStatus, Sharing
from .lifecycle import EVENT_PROGRESS
from .text import QT_TRANSLATE_NOOP as N_
from .validation import (
    CALL_SIGN_RE,
    ISTAT_RE,
    LAT_RANGE,
    LON_RANGE,
    MAX_ADDRESS,
    MAX_AGENCIES_JSON,
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_NOTE,
    NUE_ID_RE,
    PHONE_RE,
    validate_event,
    validate_note,
    validate_resource,
    validate_strike_reason,
)

SYNCED_ENTITIES = ("events", "resources", "assignments", "journal", "risk_areas", "cameras")
# Entities that carry their own ``sharing`` (reserved: the owner corps only; shared: everyone),
# like an event; the server treats each as the "event" its changes belong to.
SELF_SHARED_ENTITIES = ("events", "risk_areas", "cameras")

# A station's code starts every event number it makes (BG01-2026-000123); unique in the region.
STATION_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
DEFAULT_STATION_CODE = "PL01"  # what a store gets before its setup: never registered on a server
EVENT_NUMBER_RE = re.compile(r"^([A-Z][A-Z0-9]{1,7})-[0-9]{4}-[0-9]{6,9}$")
ID_PATTERN = r"^[0-9A-Za-z_.:-]{1,64}$"  # change_id, entity_id, origin
REPLICA_ID_PATTERN = r"^[0-9a-f]{16}$"
ID_RE = re.compile(ID_PATTERN)
REPLICA_RE = re.compile(REPLICA_ID_PATTERN)
# Stored times: ISO-8601 UTC with a trailing Z (they sort as text on every station).
UTC_TIME_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$")
# Automatic journal entries quote old and new values of edited fields: longer than a note.
MAX_JOURNAL_TEXT = 20_000
MAX_CORPS = 200
MAX_SHORT = 40
MAX_STATUS_GEN = 1_000_000  # reopenings of one event
BASE_KEY = "_base"  # field -> HLC of the value its writer replaced (see emergenza.sync.merge)

# A one-line text may hold no control character; a multi-line one tab, newline and CR.
# Lone surrogates cannot be encoded (SQLite, UTF-8 files): never valid.
_BAD_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_BAD_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

TEXT, TIME, INT, REAL, FLAG, REF = "text", "time", "int", "real", "flag", "ref"
_KIND_LABEL = {TEXT: N_("errors", "testo"), TIME: N_("errors", "data e ora UTC (…Z)"),
               INT: N_("errors", "numero intero"), REAL: N_("errors", "numero"),
               FLAG: N_("errors", "0 o 1"), REF: N_("errors", "identificativo")}


@dataclass(frozen=True)
class Rule:
    kind: str
    required: bool = False      # a creation must carry it, non-null (NOT NULL columns)
    nullable: bool = True
    max_len: int | None = None
    pattern: re.Pattern[str] | None = None
    choices: frozenset[str] | None = None
    lo: float | None = None
    hi: float | None = None
    write_once: bool = False    # set by the creation only
    multiline: bool = False
    blank: bool = True          # a required text may not be only spaces when False
    trimmed: bool = False       # no space before or after (a key other values are compared on)
    ref: str | None = None      # entity a REF field points to


def _text(max_len: int, **kw: Any) -> Rule:
    return Rule(TEXT, max_len=max_len, **kw)


def _required(rule: Rule) -> Rule:
    return Rule(**{**rule.__dict__, "required": True, "nullable": False})


def _enum(enum: type[Enum], **kw: Any) -> Rule:
    return Rule(TEXT, required=True, nullable=False, choices=frozenset(e.value for e in enum), **kw)


_TIME = Rule(TIME)
_REQUIRED_TIME = _required(_TIME)

FIELD_RULES: dict[str, dict[str, Rule]] = {
    "events": {
        "number": Rule(TEXT, required=True, nullable=False, pattern=EVENT_NUMBER_RE, max_len=MAX_SHORT,
                       write_once=True),
        "received_at": _REQUIRED_TIME,
        "channel": _enum(Channel),
        "nue_contact_id": _text(MAX_SHORT, pattern=NUE_ID_RE),
        "type_code": _required(_text(MAX_SHORT, blank=False)),
        "priority": _required(_text(MAX_SHORT, blank=False)),
        "status": _enum(EventStatus),
        "status_gen": Rule(INT, nullable=False, lo=0, hi=MAX_STATUS_GEN),
        "status_rank": Rule(INT, lo=min(EVENT_PROGRESS.values()), hi=max(EVENT_PROGRESS.values())),
        "municipality_istat": _required(_text(6, pattern=ISTAT_RE)),
        "municipality_name": _text(MAX_NAME),
        "address": _text(MAX_ADDRESS),
        "lat": Rule(REAL, lo=LAT_RANGE[0], hi=LAT_RANGE[1]),
        "lon": Rule(REAL, lo=LON_RANGE[0], hi=LON_RANGE[1]),
        "caller_name": _text(MAX_NAME),
        "caller_phone": _text(MAX_SHORT, pattern=PHONE_RE),
        "description": _required(_text(MAX_DESCRIPTION, multiline=True, blank=False)),
        "sharing": _enum(Sharing),
        "exercise": Rule(FLAG, required=True, nullable=False),
        "parent_id": Rule(REF, ref="events"),
        "outcome": _text(MAX_DESCRIPTION, multiline=True),
        # Agencies informed or requested (store v6): JSON checked by validate_agencies.
        "agencies": _text(MAX_AGENCIES_JSON),
        "first_sent_at": _TIME,
        "closed_at": _TIME,
        "created_by": _text(MAX_NAME, write_once=True),
        "created_at": Rule(TIME, required=True, nullable=False, write_once=True),
        "updated_at": _REQUIRED_TIME,
        "origin": _text(16, pattern=REPLICA_RE, write_once=True),
        "corps": _text(MAX_CORPS, write_once=True),
    },
    "resources": {
        "kind": _enum(ResourceKind),
        "call_sign": _required(_text(30, pattern=CALL_SIGN_RE, trimmed=True)),
        "status": _enum(ResourceStatus),
        "plate": _text(MAX_SHORT),
        "radio_channel": _text(MAX_SHORT),
        "corps": _text(MAX_CORPS, write_once=True),
        "notes": _text(MAX_NOTE, multiline=True),
        "active": Rule(FLAG, required=True, nullable=False),
        # Where the unit was placed by hand (store migration v5; shown on the map).
        "lat": Rule(REAL, lo=LAT_RANGE[0], hi=LAT_RANGE[1]),
        "lon": Rule(REAL, lo=LON_RANGE[0], hi=LON_RANGE[1]),
        "position_at": _TIME,
    },
    "assignments": {
        "event_id": Rule(REF, required=True, nullable=False, ref="events", write_once=True),
        "resource_id": Rule(REF, required=True, nullable=False, ref="resources", write_once=True),
        "status": _enum(AssignmentStatus),
        "requested_at": _REQUIRED_TIME,
        "sent_at": _TIME,
        "en_route_at": _TIME,
        "on_scene_at": _TIME,
        "cleared_at": _TIME,
        "created_by": _text(MAX_NAME, write_once=True),
    },
    "journal": {
        "event_id": Rule(REF, required=True, nullable=False, ref="events", write_once=True),
        "at": Rule(TIME, required=True, nullable=False, write_once=True),
        "author": Rule(TEXT, required=True, nullable=False, max_len=MAX_NAME, blank=False, write_once=True),
        "text": Rule(TEXT, required=True, nullable=False, max_len=MAX_JOURNAL_TEXT, multiline=True, blank=False,
                     write_once=True),
        "automatic": Rule(FLAG, required=True, nullable=False, write_once=True),
        "kind": _enum(JournalKind, write_once=True),
        "struck_at": _TIME,
        "struck_by": _text(MAX_NAME),
        "strike_reason": _text(MAX_NOTE, multiline=True),
    },
    # Territory (issue 12): owned by the corps that made them, shared or not like an event.
    "risk_areas": {
        "name": _required(_text(MAX_NAME, blank=False)),
        "category": _enum(AreaCategory),
        "shape": _required(_text(MAX_SHAPE_TEXT, blank=False)),
        "watch_count": Rule(INT, lo=1, hi=MAX_WATCH_COUNT),
        "watch_hours": Rule(INT, lo=1, hi=MAX_WATCH_HOURS),
        "watch_types": _text(MAX_WATCH_TYPES),
        "notes": _text(MAX_NOTE, multiline=True),
        "corps": _text(MAX_CORPS, write_once=True),
        "sharing": _enum(Sharing),
        "active": Rule(FLAG, required=True, nullable=False),
        "created_at": Rule(TIME, required=True, nullable=False, write_once=True),
    },
    "cameras": {
        "name": _required(_text(MAX_NAME, blank=False)),
        "kind": _enum(CameraKind),
        "lat": Rule(REAL, required=True, nullable=False, lo=LAT_RANGE[0], hi=LAT_RANGE[1]),
        "lon": Rule(REAL, required=True, nullable=False, lo=LON_RANGE[0], hi=LON_RANGE[1]),
        "direction": _text(MAX_DIRECTION),
        "owner_kind": _enum(CameraOwner),
        "owner_name": _text(MAX_NAME),
        "status": _enum(CameraStatus),
        "footage_request": _text(MAX_NOTE, multiline=True),
        "notes": _text(MAX_NOTE, multiline=True),
        "corps": _text(MAX_CORPS, write_once=True),
        "sharing": _enum(Sharing),
        "active": Rule(FLAG, required=True, nullable=False),
        "created_at": Rule(TIME, required=True, nullable=False, write_once=True),
    },
}

# Fields that travel together: the event's status with its merge bookkeeping, a strike whole.
STATUS_COMPANIONS = ("status_gen", "status_rank")
STRIKE = ("struck_at", "struck_by", "strike_reason")
# Fields a station must send on creation: every NOT NULL column of the local store (a
# missing one would be stored as NULL and refused by the station's database).
REQUIRED: dict[str, tuple[str, ...]] = {
    entity: tuple(name for name, rule in rules.items() if rule.required) for entity, rules in FIELD_RULES.items()}
WRITE_ONCE: dict[str, frozenset[str]] = {
    entity: frozenset(name for name, rule in rules.items() if rule.write_once)
    for entity, rules in FIELD_RULES.items()}
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    entity: tuple((name, rule.ref) for name, rule in rules.items() if rule.ref)
    for entity, rules in FIELD_RULES.items()}


@dataclass(frozen=True)
class Problem:
    """Why a change is refused: an Italian template (context "errors") and its arguments."""

    template: str
    args: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return self.template.format(*self.args) if self.args else self.template


def describe(problems: list[Problem], most: int = 3) -> str:
    """One line for a person: the first few problems."""
    text = "; ".join(dict.fromkeys(str(p) for p in problems[:most]))
    more = len(problems) - most
    return text + (N_("errors", " (e altri {0})").format(more) if more > 0 else "")


def call_sign_key(call_sign: str) -> str:
    """The form two call signs of one corps may not share: ASCII case folded, exactly like
    the station's ``COLLATE NOCASE`` unique index (only A-Z fold; "È" and "è" differ)."""
    return call_sign.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def station_code_of(number: str) -> str | None:
    """The station code that starts an event number (None if it is not one)."""
    match = EVENT_NUMBER_RE.match(number) if isinstance(number, str) else None
    return match.group(1) if match else None


def check_value(name: str, rule: Rule, value: Any) -> Problem | None:
    """The problem of one field's value on its own, or None."""
    if value is None:
        return None if rule.nullable else Problem(N_("errors", "{0}: valore obbligatorio"), (name,))
    kind = rule.kind
    if kind in (INT, FLAG):
        if type(value) is not int:
            return Problem(N_("errors", "{0}: tipo non valido (atteso {1})"), (name, _KIND_LABEL[kind]))
        if kind == FLAG and value not in (0, 1):
            return Problem(N_("errors", "{0}: tipo non valido (atteso {1})"), (name, _KIND_LABEL[kind]))
        if kind == INT and not rule.lo <= value <= rule.hi:  # type: ignore[operator]
            return Problem(N_("errors", "{0}: valore fuori intervallo ({1}…{2})"), (name, rule.lo, rule.hi))
        return None
    if kind == REAL:
        if type(value) not in (int, float):
            return Problem(N_("errors", "{0}: tipo non valido (atteso {1})"), (name, _KIND_LABEL[kind]))
        if not rule.lo <= value <= rule.hi:
            return Problem(N_("errors", "{0}: valore fuori intervallo ({1}…{2})"), (name, rule.lo, rule.hi))
        return None
    if type(value) is not str:
        return Problem(N_("errors", "{0}: tipo non valido (atteso {1})"), (name, _KIND_LABEL[kind]))
    if (_BAD_MULTI_LINE if rule.multiline else _BAD_ONE_LINE).search(value):
        return Problem(N_("errors", "{0}: il testo contiene caratteri non ammessi"), (name,))
    if kind == REF:
        return None if ID_RE.match(value) else Problem(N_("errors", "{0}: formato non valido"), (name,))
    if kind == TIME:
        if not UTC_TIME_RE.match(value):
            return Problem(N_("errors", "{0}: formato non valido (atteso {1})"), (name, "2026-01-31T08:00:00.000Z"))
        try:
            datetime.fromisoformat(value[:-1] + "+00:00")
        except ValueError:
            return Problem(N_("errors", "{0}: data o ora inesistente"), (name,))
        return None
    if rule.max_len is not None and len(value) > rule.max_len:
        return Problem(N_("errors", "{0}: testo troppo lungo (massimo {1} caratteri)"), (name, rule.max_len))
    if not rule.blank and not value.strip():
        return Problem(N_("errors", "{0}: valore obbligatorio"), (name,))
    if rule.choices is not None and value not in rule.choices:
        return Problem(N_("errors", "{0}: valore non ammesso: {1}"), (name, value[:MAX_SHORT]))
    if (rule.pattern is not None and not rule.pattern.match(value)) or (rule.trimmed and value != value.strip()):
        return Problem(N_("errors", "{0}: formato non valido"), (name,))
    return None


def _fast_check(rule: Rule) -> Callable[[Any], bool]:
    """True when a value passes :func:`check_value`: the same tests with the rule's facts
    bound once (the door runs this for every field of every pushed change); on False the
    caller asks :func:`check_value` for the message."""
    nullable, kind, max_len, blank = rule.nullable, rule.kind, rule.max_len, rule.blank
    choices, trimmed = rule.choices, rule.trimmed
    match = rule.pattern.match if rule.pattern is not None else None
    bad = (_BAD_MULTI_LINE if rule.multiline else _BAD_ONE_LINE).search
    if kind in (INT, FLAG, REAL):
        lo, hi = (0, 1) if kind == FLAG else (rule.lo, rule.hi)
        types = (float, int) if kind == REAL else (int,)
        return lambda v: (nullable if v is None else type(v) in types and lo <= v <= hi)
    if kind == REF:  # the id pattern admits no control character or surrogate
        return lambda v: nullable if v is None else type(v) is str and ID_RE.match(v) is not None
    if kind == TIME:
        def time_ok(v: Any) -> bool:
            if v is None:
                return nullable
            if type(v) is not str or UTC_TIME_RE.match(v) is None:
                return False
            try:
                datetime.fromisoformat(v[:-1] + "+00:00")
            except ValueError:
                return False
            return True
        return time_ok

    def text_ok(v: Any) -> bool:
        if v is None:
            return nullable
        return (type(v) is str and bad(v) is None and (max_len is None or len(v) <= max_len)
                and (blank or bool(v.strip())) and (choices is None or v in choices)
                and (match is None or match(v) is not None) and (not trimmed or v == v.strip()))
    return text_ok


_FAST: dict[str, dict[str, tuple[bool, Callable[[Any], bool]]]] = {
    entity: {name: (rule.write_once, _fast_check(rule)) for name, rule in table.items()}
    for entity, table in FIELD_RULES.items()}


def check_fields(entity: str, fields: dict[str, Any], *, creating: bool) -> list[Problem]:
    """Problems of one change's fields, judged alone (no other entity consulted).

    ``creating``: the change creates the entity (it must carry every required field);
    otherwise it updates one and may not touch a write-once field."""
    rules = FIELD_RULES.get(entity)
    if rules is None:
        return [Problem(N_("errors", "entità sconosciuta: {0}"), (str(entity)[:MAX_SHORT],))]
    problems: list[Problem] = []
    if not fields:
        return [Problem(N_("errors", "modifica senza campi"))]
    checks = _FAST[entity]
    for name, value in fields.items():
        if name == BASE_KEY:
            if creating or not isinstance(value, dict):
                problems.append(Problem(N_("errors", "«_base» ammesso solo su una modifica")))
            elif not value.keys() <= rules.keys():
                problems.append(Problem(N_("errors", "«_base»: campo sconosciuto: {0}"),
                                        (sorted(value.keys() - rules.keys())[0][:64],)))
            continue
        fast = checks.get(name)
        if fast is None:
            problems.append(Problem(N_("errors", "campo sconosciuto: {0}"), (name[:64],)))
        elif fast[0] and not creating:
            problems.append(Problem(N_("errors", "{0}: non modificabile dopo la creazione"), (name,)))
        elif not fast[1](value):
            problem = check_value(name, rules[name], value)
            if problem is not None:  # never otherwise: the two agree (tests/server/test_wire_rules.py)
                problems.append(problem)
    if creating:
        missing = [name for name in REQUIRED[entity] if fields.get(name) is None]
        if missing:
            problems.append(Problem(N_("errors", "creazione incompleta: mancano {0}"), (", ".join(missing),)))
    if entity == "events" and "status" not in fields and any(n in fields for n in STATUS_COMPANIONS):
        problems.append(Problem(N_("errors", "status_gen e status_rank vanno inviati con status")))
    if entity == "journal" and any(n in fields for n in STRIKE):
        given = [fields.get(n) for n in STRIKE]
        partial = any(n not in fields for n in STRIKE) or (any(v is None for v in given) and any(given))
        unexplained = given[0] is not None and not (str(given[1]).strip() and str(given[2]).strip())
        if partial or unexplained:
            problems.append(Problem(N_("errors", "barratura incompleta: servono struck_at, struck_by e "
                                                 "strike_reason insieme")))
    return problems


# The fields the domain validation of each entity reads (:func:`state_problems`): a change
# touching none of them cannot change its verdict.
VALIDATED_FIELDS: dict[str, frozenset[str]] = {
    "events": (frozenset(EVENT_INPUT_FIELDS) - {"parent_id"}) | {"agencies"},
    "resources": frozenset({"kind", "call_sign"}),
    "assignments": frozenset(),
    "journal": frozenset({"kind", "automatic", "text", "struck_at", "strike_reason"}),
    "risk_areas": frozenset({"name", "category", "shape", "watch_count", "watch_hours", "notes"}),
    "cameras": frozenset({"name", "kind", "lat", "lon", "direction", "owner_kind", "status"}),
}


def state_problems(entity: str, state: dict[str, Any], catalogs: Catalogs) -> set[str]:
    """The domain validation of a whole entity state (the same functions the station's
    store applies to what a person enters), as a set of "field: message" texts. A change
    is acceptable when it adds none to those of the state before it."""
    if entity == "events":
        errors = validate_event(state, catalogs)
    elif entity == "resources":
        errors = validate_resource(state)
    elif entity == "journal":
        errors = []
        if state.get("kind") == JournalKind.NOTE and not state.get("automatic"):
            errors += validate_note(state.get("text"))
        if state.get("struck_at") is not None:
            errors += validate_strike_reason(state.get("strike_reason"))
    elif entity == "risk_areas":
        errors = validate_area(state)
    elif entity == "cameras":
        errors = validate_camera(state)
    else:
        errors = []
    return {str(e) for e in errors}
