"""The sync protocol (``/v1``), declared once for the client and the server: paths,
limits, identifier formats and wire shapes.

Pure: stdlib and ``emergenza.domain`` only, so the server imports it (the server's
pydantic models in ``emergenza.server.schemas`` use these limits and patterns).

    GET  /v1/health                      -> {"status": "ok", "version", "time_ms"}
    POST /v1/enroll  {"code", "replica_id", "name"?}
                                         -> {"station_id", "token", "corps", "station_name"}
    POST /v1/sync/push {"changes": [Change, ...]}   (Bearer token, <= MAX_CHANGES_PER_PUSH)
                                         -> {"acked", "duplicates", "conflicts", "clamped", "server_time_ms"}
    GET  /v1/sync/pull?cursor=N&limit=M  (Bearer token; M <= PULL_MAX_LIMIT, default PULL_DEFAULT_LIMIT)
                                         -> {"changes": [Change + "seq"], "next_cursor", "has_more"}
    POST /v1/sync/push-pull {"changes": [...], "cursor": N, "limit"?: M}   (optional: one round trip)
                                         -> {"push": <push answer>, "pull": <pull page after the push>}
    GET  /v1/sync/snapshot?at=S&kind=K&after=ID&limit=M   (Bearer token; first sync of a new station)
                                         -> {"changes": [Change], "cursor": S, "next": [K, ID] | null}
         The current state of every entity the station may see (not the history), as
         changes that rebuild it, walked kind by kind (parents first) and by id; ``at``
         (0 on the first page) is the seq the stream continues from, answered as
         ``cursor``; ``next`` is what to ask after (null: done).
    GET  /v1/metrics                     -> Prometheus text (for the operator, not for stations)

Pull bodies (and push-pull ones) come gzip-compressed when the request accepts it.
"""

from __future__ import annotations

import re
from itertools import chain
from operator import itemgetter
from typing import Any, TypedDict

from ..domain.hlc import Timestamp
from ..domain.wire_rules import ID_PATTERN, SYNCED_ENTITIES

API_PREFIX = "/v1"
HEALTH_PATH = API_PREFIX + "/health"
ENROLL_PATH = API_PREFIX + "/enroll"
PUSH_PATH = API_PREFIX + "/sync/push"
PULL_PATH = API_PREFIX + "/sync/pull"
PUSH_PULL_PATH = API_PREFIX + "/sync/push-pull"
METRICS_PATH = API_PREFIX + "/metrics"
SNAPSHOT_PATH = API_PREFIX + "/sync/snapshot"
SNAPSHOT_DEFAULT_LIMIT = 5000  # entities per snapshot page: 2000 cost ~10 % more CPU per row (bench_sync --initial)
SNAPSHOT_MAX_LIMIT = 5000
# A snapshot page's body, one change per line, so that a station can decode it a slice at a
# time (sync/slices.py):  {"changes":[\n<change>,\n<change>\n],"cursor":N,"next":[kind, id]}
SNAPSHOT_PAGE_HEAD = b'{"changes":['
SNAPSHOT_PAGE_TAIL = b"],"

MAX_BODY_BYTES = 5 * 1024 * 1024  # larger request bodies are refused (413)
MAX_CHANGES_PER_PUSH = 1000
# One commit (fsync) per page on the client: bigger pages catch up faster. The server
# uses the same default when a puller names no limit.
PULL_DEFAULT_LIMIT = 1000
PULL_MAX_LIMIT = 2000
MAX_SKEW_MS = 60_000  # HLCs further ahead of the server's clock are clamped

SERVER_ORIGIN = "server"  # origin of the changes the server writes itself (snapshots)
CHANGE_KEYS = ("change_id", "entity", "entity_id", "fields", "hlc", "origin")
ENROLL_KEYS = ("station_id", "token", "corps", "station_name", "station_code", "kind")
ENROLL_KINDS = ("station", "observer")  # an observer's account is read-only (no push, no audit anchor)

HLC_PATTERN = r"^[0-9]{13}-[0-9]{5}-[0-9A-Za-z_.]{1,64}$"  # see emergenza.domain.hlc
FIELD_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"
_ID_RE = re.compile(ID_PATTERN)  # the id pattern is the domain's (wire_rules)


class Change(TypedDict):
    change_id: str
    entity: str
    entity_id: str
    fields: dict[str, Any]
    hlc: str
    origin: str


class PulledChange(Change):
    seq: int


class PushRequest(TypedDict):
    changes: list[Change]


class Clamped(TypedDict):
    change_id: str
    hlc: str
    clamped_hlc: str


class Refused(TypedDict):
    change_id: str
    reason: str  # Italian, for the person


class PushResponse(TypedDict):
    acked: list[str]  # everything the server is done with, refused changes included
    duplicates: int
    conflicts: int
    clamped: list[Clamped]
    server_time_ms: int
    refused: list[Refused]


class PullResponse(TypedDict):
    changes: list[PulledChange]
    next_cursor: int
    has_more: bool


class PushPullRequest(TypedDict, total=False):
    changes: list[Change]  # may be empty: then it is a pull
    cursor: int
    limit: int


class PushPullResponse(TypedDict):
    push: PushResponse
    pull: PullResponse


class SnapshotResponse(TypedDict):
    changes: list[Change]
    cursor: int  # the seq the change stream continues from after the snapshot
    next: list[str] | None  # [kind, last id] to ask for next; None when the snapshot is complete


class EnrollRequest(TypedDict, total=False):
    code: str
    replica_id: str
    name: str
    station_code: str  # the code the station would like; the server checks or assigns it


class EnrollResponse(TypedDict):
    station_id: str
    token: str
    corps: str
    station_name: str
    station_code: str  # the station's code in the region (given, checked or assigned)
    kind: str  # station | observer (an older server does not say: station)


class ProtocolError(ValueError):
    """A body that does not follow the protocol (the message says which part)."""


def validate_hlc(value: Any) -> str:
    if not isinstance(value, str):
        raise ProtocolError("hlc: deve essere un testo")
    try:
        Timestamp.parse(value)
    except ValueError as exc:
        raise ProtocolError(f"hlc non valido: {value!r}") from exc
    return value


def validate_change(obj: Any, *, with_seq: bool = False) -> Change:
    """Check one change; returns it (same dict) or raises ProtocolError."""
    if not isinstance(obj, dict):
        raise ProtocolError("ogni modifica deve essere un oggetto")
    required = CHANGE_KEYS + (("seq",) if with_seq else ())
    missing = [k for k in required if k not in obj]
    if missing:
        raise ProtocolError("modifica senza i campi: " + ", ".join(missing))
    for key in ("change_id", "entity_id", "origin"):
        if not isinstance(obj[key], str) or not _ID_RE.match(obj[key]):
            raise ProtocolError(f"{key} non valido: {obj[key]!r}")
    if obj["entity"] not in SYNCED_ENTITIES:
        raise ProtocolError(f"entità sconosciuta: {obj['entity']!r}")
    if not isinstance(obj["fields"], dict) or not all(isinstance(k, str) for k in obj["fields"]):
        raise ProtocolError("fields deve essere un oggetto")
    validate_hlc(obj["hlc"])
    if with_seq and (not isinstance(obj["seq"], int) or isinstance(obj["seq"], bool)):
        raise ProtocolError("seq deve essere un intero")
    return obj  # type: ignore[return-value]


def validate_push_response(obj: Any) -> PushResponse:
    if not isinstance(obj, dict) or not isinstance(obj.get("acked"), list):
        raise ProtocolError("risposta di invio non valida")
    obj.setdefault("duplicates", 0)
    obj.setdefault("conflicts", 0)
    obj.setdefault("clamped", [])
    obj.setdefault("server_time_ms", 0)
    obj.setdefault("refused", [])  # servers before the door did not send it
    for r in obj["refused"]:
        if not isinstance(r, dict) or not isinstance(r.get("change_id"), str) or not isinstance(r.get("reason"), str):
            raise ProtocolError("risposta di invio non valida (refused)")
    for c in obj["clamped"]:
        if not isinstance(c, dict) or not {"change_id", "hlc", "clamped_hlc"} <= set(c):
            raise ProtocolError("risposta di invio non valida (clamped)")
        validate_hlc(c["clamped_hlc"])
    return obj  # type: ignore[return-value]


def validate_pull_response(obj: Any) -> PullResponse:
    if not isinstance(obj, dict) or not isinstance(obj.get("changes"), list):
        raise ProtocolError("risposta di ricezione non valida")
    if not isinstance(obj.get("next_cursor"), int) or not isinstance(obj.get("has_more"), bool):
        raise ProtocolError("risposta di ricezione non valida (cursore)")
    if not _changes_plainly_valid(obj["changes"], with_seq=True):
        for change in obj["changes"]:
            validate_change(change, with_seq=True)
    return obj  # type: ignore[return-value]


# A pulled or snapshot page is thousands of changes: its checks are run column by column, in C
# (type sets, one regex over the joined ids), and only a page that fails them is
# checked change by change (validate_change), which names what is wrong. The fast
# checks are at least as strict, so both accept exactly the same pages.
_CHANGE_COLUMNS = itemgetter(*CHANGE_KEYS)
_PULLED_COLUMNS = itemgetter(*CHANGE_KEYS, "seq")
_INT = frozenset({int})  # a bool is not a seq
_ENTITY_SET = frozenset(SYNCED_ENTITIES)
_ID_BODY = ID_PATTERN.removeprefix("^").removesuffix("$")
_IDS_RE = re.compile(rf"(?:{_ID_BODY}\n)*{_ID_BODY}")  # ids joined by newlines
_HLC_BODY = r"[0-9]{13}-[0-9]{5}-[0-9A-Za-z_.]{1,64}"  # stricter than Timestamp.parse
_HLCS_RE = re.compile(rf"(?:{_HLC_BODY}\n)*{_HLC_BODY}")
_DICT = frozenset({dict})
_STR = frozenset({str})


def _all_match(pattern: re.Pattern[str], texts: tuple[str, ...]) -> bool:
    """Every text matches (TypeError if one is not text). A newline inside a text would
    split it in two: the count of newlines must be that of the joins."""
    joined = "\n".join(texts)
    return joined.count("\n") == len(texts) - 1 and pattern.fullmatch(joined) is not None


def _changes_plainly_valid(changes: list[Any], *, with_seq: bool = False) -> bool:
    """True when every change passes validate_change (``with_seq`` as there); False: look closer."""
    if not changes:
        return True
    try:
        if set(map(type, changes)) != _DICT:
            return False
        if with_seq:
            *columns, seqs = zip(*map(_PULLED_COLUMNS, changes), strict=True)
            if set(map(type, seqs)) != _INT:
                return False
            change_ids, entities, entity_ids, fields, hlcs, origins = columns
        else:
            change_ids, entities, entity_ids, fields, hlcs, origins = zip(*map(_CHANGE_COLUMNS, changes),
                                                                          strict=True)
        if not set(entities) <= _ENTITY_SET or set(map(type, fields)) != _DICT:
            return False
        if not set(map(type, chain.from_iterable(fields))) <= _STR:  # keys (always text from JSON)
            return False
        return _all_match(_IDS_RE, change_ids + entity_ids + origins) and _all_match(_HLCS_RE, hlcs)
    except (KeyError, TypeError):  # a key missing, an unhashable entity, a non-text id
        return False


def validate_snapshot_response(obj: Any) -> SnapshotResponse:
    validate_snapshot_envelope(obj)
    validate_changes(obj["changes"])
    return obj


def validate_snapshot_envelope(obj: Any) -> None:
    """A snapshot page's own fields (its changes: ``validate_changes``, e.g. a slice at a time)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("changes"), list):
        raise ProtocolError("risposta di istantanea non valida")
    if not isinstance(obj.get("cursor"), int) or isinstance(obj.get("cursor"), bool):
        raise ProtocolError("risposta di istantanea non valida (cursore)")
    nxt = obj.get("next")
    if nxt is not None and not (isinstance(nxt, list) and len(nxt) == 2 and all(isinstance(x, str) for x in nxt)):
        raise ProtocolError("risposta di istantanea non valida (seguito)")


def validate_changes(changes: list[Any]) -> None:
    """Every change passes ``validate_change`` (ProtocolError naming the first that does not)."""
    if not _changes_plainly_valid(changes):
        for change in changes:
            validate_change(change)


def validate_enroll_response(obj: Any) -> EnrollResponse:
    if not isinstance(obj, dict) or not all(isinstance(obj.get(k), str) and obj.get(k)
                                            for k in ("station_id", "token")):
        raise ProtocolError("risposta di registrazione non valida")
    obj.setdefault("corps", "")
    obj.setdefault("station_name", "")
    obj.setdefault("kind", "station")
    if obj["kind"] not in ENROLL_KINDS:
        raise ProtocolError("risposta di registrazione non valida")
    return obj  # type: ignore[return-value]


# ---------------------------------------------------------------- audit anchor (sync/anchor.py)
#   POST /v1/sync/anchor {"seq", "hash", "known_seq", "known_hash"}  (Bearer token, stations only)
#       -> {"accepted": bool, "seq", "hash", "reason"}   the head the server holds after the call
#   GET  /v1/sync/anchor -> {"seq", "hash"} (null, null before the first anchor)
# ``seq``/``hash``: the station's audit head now; ``known_*``: the head the server last
# confirmed to it and the hash its chain holds at that seq today (a rewrite changes it).
ANCHOR_PATH = API_PREFIX + "/sync/anchor"
AUDIT_HASH_PATTERN = r"^[0-9a-f]{64}$"
