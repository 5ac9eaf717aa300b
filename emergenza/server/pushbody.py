"""The body of a push (``/v1/sync/push``, ``/v1/sync/push-pull``) read for a fraction
of the usual cost, with exactly the usual outcome.

FastAPI's usual path for 1,000 changes: ``json.loads`` (~6 µs a change on the project's
slower machine), pydantic building a ``Change`` model per change (~12 µs, a Python
validator among it) and ``model_dump`` back into the dicts the store works on (~6 µs).
Here orjson decodes the body (~3 µs) and :func:`certified_changes`, column by column,
vouches for the changes as they are (~3.5 µs): it accepts only what the models accept
and would return unchanged, and for anything else (or a text orjson will not decode)
the body goes the usual way: ``json.loads`` and the models, raising the very errors
FastAPI raises (and so the same Italian messages). tests/server/test_pushbody.py
compares both ways. One difference: the routes read the body after the caller's token
is checked, so a bad token is a 401 whatever the body (before: a 422 for a body that
was not JSON at all).

orjson and ``json.loads`` decode every text both accept to the same value but for one
case: an integer beyond 64 bits, which orjson makes a float. A float that large is never
vouched for, so such a body always goes the usual way.
"""

from __future__ import annotations

import json
import re
from itertools import chain, repeat
from operator import eq, itemgetter
from typing import Any, TypeVar

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..domain.wire_rules import FIELD_RULES, ID_PATTERN
from ..sync.merge import BASE_KEY
from ..sync.protocol import CHANGE_KEYS, FIELD_PATTERN, HLC_PATTERN, MAX_CHANGES_PER_PUSH, SYNCED_ENTITIES
from .schemas import MAX_FIELDS, MAX_ORIGIN

M = TypeVar("M", bound=BaseModel)

# The models' patterns, matched whole: pydantic's regex engine (Rust) reads "$" as the
# end of the text, Python's also before a final newline, which fullmatch rules out.
_HLC = re.compile(HLC_PATTERN.strip("^$")).fullmatch
_FIELD = re.compile(FIELD_PATTERN.strip("^$")).fullmatch
_KEYS = frozenset(CHANGE_KEYS)
_ENTITIES = frozenset(SYNCED_ENTITIES)
# Names that match the field pattern, known without matching it (all the rules' names).
_NAMES = frozenset(name for table in FIELD_RULES.values() for name in table) | {BASE_KEY}
# orjson makes an integer beyond 64 bits a float at least this large.
_BIG = float(2**63)


def _value_ok(name: str, value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return name != BASE_KEY
    if kind is float:  # finite (NaN and infinities fail the comparison) and not a big integer
        return name != BASE_KEY and -_BIG < value < _BIG
    if kind is dict:
        return name == BASE_KEY and all(type(k) is str and _FIELD(k) is not None and type(v) is str
                                        and _HLC(v) is not None for k, v in value.items())
    return False


def _all_match(pattern: re.Pattern[str], texts: tuple[Any, ...]) -> bool:
    """Every item a str matching ``pattern`` (which matches no newline): one regex over them all."""
    return set(map(type, texts)) <= {str} and pattern.fullmatch("\n".join(texts)) is not None


def _joined(pattern: str) -> re.Pattern[str]:
    one = pattern.strip("^$")
    return re.compile(f"(?:{one}\n)*{one}")


_IDS, _HLCS = _joined(ID_PATTERN), _joined(HLC_PATTERN)
_PLAIN = frozenset({str, int, bool, type(None)})
_COLUMNS = itemgetter(*CHANGE_KEYS)


def certified_changes(changes: Any) -> bool:
    """True when ``changes`` (decoded by orjson) certainly passes ``list[schemas.Change]``
    with at most MAX_CHANGES_PER_PUSH items, each change's ``model_dump`` equal to it.
    False means "not vouched for" (the models decide), not "invalid". Column by column,
    in C loops as far as possible: a field at a time in Python cost ~5 µs a change."""
    if type(changes) is not list or len(changes) > MAX_CHANGES_PER_PUSH:
        return False
    if not changes:
        return True
    if not set(map(type, changes)) <= {dict} or not all(map(eq, repeat(_KEYS), map(dict.keys, changes))):
        return False
    change_ids, entities, entity_ids, fields, hlcs, origins = zip(*map(_COLUMNS, changes), strict=True)
    if not (_all_match(_IDS, change_ids) and _all_match(_IDS, entity_ids) and _all_match(_HLCS, hlcs)
            and set(map(type, entities)) <= {str} and set(entities) <= _ENTITIES
            # origin: a lone surrogate fails the model's length check (orjson refuses one anyway)
            and set(map(type, origins)) <= {str} and min(map(len, origins)) > 0
            and max(map(len, origins)) <= MAX_ORIGIN and "".join(origins).isascii()
            and set(map(type, fields)) <= {dict} and max(map(len, fields)) <= MAX_FIELDS):
        return False
    names = set().union(*fields)
    if not names <= _NAMES and not all(type(n) is str and _FIELD(n) is not None for n in names - _NAMES):
        return False
    if BASE_KEY in names or not set(map(type, chain.from_iterable(map(dict.values, fields)))) <= _PLAIN:
        # A float (a big integer?) or an object somewhere: those changes value by value.
        return all(all(map(_value_ok, f.keys(), f.values())) for f in fields
                   if BASE_KEY in f or not set(map(type, f.values())) <= _PLAIN)
    return True


_ADAPTERS: dict[type, TypeAdapter] = {}


def _usual(body: bytes, model: type[M]) -> M:
    """FastAPI's own reading of a JSON body declared as ``body: model`` (see
    fastapi.routing and fastapi.dependencies.utils), errors and all."""
    if not body:
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "Field required",
                                       "input": None}])
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body", exc.pos), "msg": "JSON decode error",
                                       "input": {}, "ctx": {"error": exc.msg}}], body=exc.doc) from exc
    except RecursionError:  # nested past the interpreter's stack (orjson too refuses it as invalid)
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error",
                                       "input": {}}]) from None
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    try:
        return adapter.validate_python(value, from_attributes=True)
    except ValidationError as exc:
        raise RequestValidationError([{**err, "loc": ("body", *err["loc"])} for err in exc.errors(include_url=False)],
                                     body=value) from None


def parse(body: bytes, model: type[M]) -> tuple[M, list[dict[str, Any]]]:
    """``model`` (which has a ``changes: list[Change]`` member) read from a request body:
    the model with its other members (its ``changes`` left empty) and the changes as
    dicts, exactly as ``[c.model_dump() for c in model.changes]`` after FastAPI's usual
    validation. Raises that validation's RequestValidationError."""
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        value = None
    if type(value) is dict and certified_changes(changes := value.get("changes")):
        # The other members (a cursor, a limit, ... or an unknown one) judged by the model.
        try:
            return model.model_validate({**value, "changes": []}), changes
        except ValidationError:
            pass  # reported the usual way, every error in its order
    usual = _usual(body, model)
    changes = [c.model_dump() for c in usual.changes]  # type: ignore[attr-defined]
    return usual.model_copy(update={"changes": []}), changes


async def read(request: Request, model: type[M]) -> tuple[M, list[dict[str, Any]]]:
    """:func:`parse` of the request's body."""
    return parse(await request.body(), model)


def openapi_body(model: type[BaseModel]) -> dict[str, Any]:
    """The route's ``openapi_extra``: the body documented as ``model``, as if declared
    (:func:`add_schemas` puts the model in the components)."""
    return {"requestBody": {"content": {"application/json": {"schema": {
        "$ref": f"#/components/schemas/{model.__name__}"}}}, "required": True}}


def add_schemas(spec: dict[str, Any], *models: type[BaseModel]) -> None:
    """Add ``models`` (and the models they use) to an OpenAPI document's components."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for model in models:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            schemas.setdefault(name, sub)
        schemas.setdefault(model.__name__, schema)
