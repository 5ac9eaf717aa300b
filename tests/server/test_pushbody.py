"""A push body read by emergenza.server.pushbody gives exactly what FastAPI gives for the
same body declared as a model: the same changes (the same JSON, but for the order of a
change's members) or the same error answer (status and Italian message), whatever the
body. Both ways run side by side here, in-process, over valid changes bent at random
and over raw texts."""

from __future__ import annotations

import asyncio
import json
import secrets

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emergenza.domain.wire_rules import FIELD_RULES
from emergenza.server import errors, pushbody
from emergenza.server.roundtrip import PushPullIn
from emergenza.server.schemas import PushIn
from emergenza.sync.protocol import FIELD_PATTERN, MAX_CHANGES_PER_PUSH
from tests.support.server_data import event_fields


def _apps() -> tuple[FastAPI, FastAPI]:
    declared, read = FastAPI(), FastAPI()
    for app in (declared, read):
        errors.install(app)

    def answer(changes: list[dict], body: PushIn | PushPullIn) -> Response:
        rest = {"cursor": body.cursor, "limit": body.limit} if isinstance(body, PushPullIn) else {}
        return errors.AsciiJSONResponse({"changes": changes} | rest)

    @declared.post("/push")
    def declared_push(body: PushIn) -> Response:
        return answer([c.model_dump() for c in body.changes], body)

    @declared.post("/push-pull")
    def declared_push_pull(body: PushPullIn) -> Response:
        return answer([c.model_dump() for c in body.changes], body)

    @read.post("/push")
    async def read_push(request: Request) -> Response:
        body, changes = await pushbody.read(request, PushIn)
        return answer(changes, body)

    @read.post("/push-pull")
    async def read_push_pull(request: Request) -> Response:
        body, changes = await pushbody.read(request, PushPullIn)
        return answer(changes, body)

    return declared, read


DECLARED, READ = _apps()
HLC = "1732400000000-00001-0123456789abcdef"


async def _post_both(path: str, content: bytes) -> list[httpx.Response]:
    out = []
    for app in (DECLARED, READ):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            out.append(await client.post(path, content=content, headers={"Content-Type": "application/json"}))
    return out


def _canonical(answer: httpx.Response) -> tuple[int, str]:
    # The order of a change's members is the only freedom (the model's against the sender's).
    return answer.status_code, json.dumps(answer.json(), sort_keys=True)


def _same(content: bytes, path: str = "/push") -> tuple[int, str]:
    want, got = asyncio.run(_post_both(path, content))
    assert _canonical(got) == _canonical(want), content[:300]
    return _canonical(got)


def _change(**over) -> dict:
    return {"change_id": secrets.token_hex(8), "entity": "events", "entity_id": secrets.token_hex(8),
            "fields": event_fields(), "hlc": HLC, "origin": "0123456789abcdef"} | over


def test_every_rules_name_matches_the_field_pattern():
    import re
    assert all(re.fullmatch(FIELD_PATTERN.strip("^$"), name) for table in FIELD_RULES.values() for name in table)


def test_valid_pushes_come_through_unchanged_and_cheaply():
    changes = [_change(), _change(entity="journal", fields={"text": "nota", "_base": {"text": HLC}}),
               _change(fields={"lat": 45.5, "exercise": 0, "flag": True, "none": None, "big": 2**63 - 1,
                               "neg": -2**63, "zero": -0.0, "s": "\ud800 «è»"})]
    body = json.dumps({"changes": changes}).encode()
    assert _same(body)[0] == 200
    assert pushbody.certified_changes(json.loads(body)["changes"])  # took the cheap way
    assert _same(json.dumps({"changes": changes, "cursor": 5}).encode(), "/push-pull")[0] == 200
    assert _same(json.dumps({"changes": [], "cursor": 5, "limit": 7}).encode(), "/push-pull")[0] == 200


@pytest.mark.parametrize("content", [
    b"", b"{", b"null", b"[]", b"1", b'"x"', b"{}", b'{"changes": null}', b'{"changes": {}}', b'{"cambi": []}',
    b'{"changes": [], "extra": 1}', b'{"changes": []} garbage', b"\xef\xbb\xbf{\"changes\": []}",
    b'{"changes": [{"change_id": "a", "fields": {"x": NaN}}]}',
    b'{"changes": [{"change_id": "a", "fields": {"x": Infinity}}]}',
])
def test_malformed_bodies_get_the_same_answer(content):
    assert _same(content)[0] >= 400 or content.startswith(b"\xef\xbb\xbf")  # json.loads skips a BOM
    _same(content, "/push-pull")


@pytest.mark.parametrize("literal", [b"18446744073709551615", b"18446744073709551616", b"-9223372036854775809",
                                     b"123456789012345678901234567890", b"1e400", b"-1e400", b"9.3e18",
                                     b"1e-400", b"1.0", b"-0", b"NaN", b"-Infinity"])
def test_numbers_at_the_edges_of_64_bits_and_of_floats(literal):
    body = json.dumps({"changes": [_change(fields={"status_gen": 0})]}).encode().replace(b'"status_gen": 0',
                                                                                        b'"status_gen": ' + literal)
    _same(body)
    body = json.dumps({"changes": [], "cursor": 0}).encode().replace(b'"cursor": 0', b'"cursor": ' + literal)
    _same(body, "/push-pull")


TRICKY = (None, True, 0, 1.5, 2**70, "", "a", "a\n", "\ud800", "é", "x" * 65, "é" * 64, "journal", HLC,
          HLC + "\n", [], {}, {"status": HLC})


@pytest.mark.parametrize("key", ["change_id", "entity", "entity_id", "hlc", "origin", "fields"])
def test_each_member_bent_gets_the_same_answer(key):
    for value in TRICKY:
        _same(json.dumps({"changes": [_change(), _change(**{key: value})]}).encode())


@pytest.mark.parametrize("name", ["status", "_base", "x", "_", "a1", "1a", "", "é", "a\n", "\ud800", "a" * 64,
                                  "a" * 65])
def test_each_field_bent_gets_the_same_answer(name):
    for value in TRICKY:
        _same(json.dumps({"changes": [_change(fields={name: value})]}).encode())
    for key in ("status", "_base", "", "é", "a\n", "\ud800", "a" * 65):
        for stamp in (HLC, HLC + "\n", "ieri", 1, None, "\ud800"):
            _same(json.dumps({"changes": [_change(fields={"status": "new", name: {key: stamp}})]}).encode())


def test_fields_up_to_the_limit():
    for count in (200, 201):
        _same(json.dumps({"changes": [_change(fields={f"f{i}": i for i in range(count)})]}).encode())


def test_too_many_changes_is_413_both_ways():
    body = json.dumps({"changes": [_change() for _ in range(MAX_CHANGES_PER_PUSH + 1)]}).encode()
    assert _same(body)[0] == 413


scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(), st.text(max_size=5),
                    st.just("\ud800"), st.just(HLC))
values = st.one_of(scalars, st.lists(scalars, max_size=2),
                   st.dictionaries(st.sampled_from(("status", "x y", "", "_base", "\ud800")), scalars, max_size=2))
names = st.one_of(st.sampled_from(("status", "description", "_base", "x", "a1", "1a", "", "é", "a\n", "\ud800",
                                   "a" * 64, "a" * 65)), st.text(max_size=4))
bends = st.one_of(
    st.tuples(st.sampled_from(("change_id", "entity", "entity_id", "hlc", "origin")),
              st.one_of(scalars, st.sampled_from(("a\n", "", "x" * 65, "é" * 64, "journal", HLC + "\n")))),
    st.tuples(st.just("fields"), st.one_of(values, st.dictionaries(names, values, max_size=3))),
    st.tuples(st.sampled_from(("field", "drop", "extra")), st.tuples(names, values)),
)


def _bend(change: dict, how: tuple) -> dict:
    key, value = how
    if key == "field":
        fields = change["fields"] if isinstance(change["fields"], dict) else {}
        return change | {"fields": fields | {value[0]: value[1]}}
    if key == "drop":
        return {k: v for k, v in change.items() if k != "hlc"}
    if key == "extra":
        return change | {value[0] or "z": value[1]}
    return change | {key: value}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(bends, max_size=2), min_size=1, max_size=3), st.one_of(st.none(), scalars))
def test_changes_bent_at_random_get_the_same_answer(plans, cursor):
    changes = []
    for plan in plans:
        change = _change()
        for how in plan:
            change = _bend(change, how)
        changes.append(change)
    _same(json.dumps({"changes": changes}).encode())
    _same(json.dumps({"changes": changes} | ({} if cursor is None else {"cursor": cursor})).encode(), "/push-pull")
