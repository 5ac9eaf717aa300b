"""``GET /v1/sync/snapshot``: the first sync of a new station, from the current state.

A station at cursor 0 would otherwise pull the region's whole history. Here it gets the
latest merged value of every entity it may see (``entities``), as changes that rebuild
each one with its per-field versions (:func:`syncstore.snapshot_changes`, the same
builder the server uses when an event becomes shared), walked kind by kind in the
order parents come before children (``SYNCED_ENTITIES``) and by id within a kind.

Consistency. The first page fixes ``at`` = the greatest seq stored; the station then
pulls the change stream from ``at``. An entity changed after ``at`` while the station
pages is sent with its newer state; the stream later brings the same changes again and
the merge (per-field last-writer-wins on the HLC) keeps the same values: the result is
the state a station that pulled the whole stream would hold.

Visibility is the pull's (syncstore.pull), judged on the entity instead of each change:
resources go to everyone; an entity of an event to the event's corps, or to everyone
once it is shared; an entity with no known event to the corps that created it.
"""

# No "from __future__ import annotations": FastAPI must resolve the closures used in Depends().

import json
import re
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, and_, func, or_, select

from ..domain.enums import Sharing
from ..domain.ids import uuid7
from ..domain.wire_rules import SELF_SHARED_ENTITIES, SYNCED_ENTITIES
from ..sync.protocol import (
    FIELD_PATTERN,
    HLC_PATTERN,
    SERVER_ORIGIN,
    SNAPSHOT_DEFAULT_LIMIT,
    SNAPSHOT_MAX_LIMIT,
    SNAPSHOT_PAGE_HEAD,
    SNAPSHOT_PAGE_TAIL,
    SNAPSHOT_PATH,
)
from . import tables, wire
from .accounts import Principal
from .schemas import ErrorOut
from .syncstore import snapshot_changes

_ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 403, 422, 503)}
_dumps = json.JSONEncoder(separators=(",", ":")).encode


# Versions as the server writes them ({"field": "hlc", ...}, no escapes in either part),
# every field at the same HLC (the backreference): one C-level match instead of a JSON
# decode per entity. Text of any other form is decoded.
_FIELD = FIELD_PATTERN.removeprefix("^").removesuffix("$")
_HLC = HLC_PATTERN.removeprefix("^").removesuffix("$")
_ONE_VERSION_RE = re.compile(rf'\{{"{_FIELD}": ?"({_HLC})"(?:, ?"{_FIELD}": ?"\1")*\}}')


def _one_version(text: str) -> str | None:
    """The version of every field of an entity written at one version, else None. Versions
    holding "^field" bases (never a part of an HLC) take the general way."""
    match = _ONE_VERSION_RE.fullmatch(text)
    if match:
        return match.group(1)
    if '"^' in text:
        return None
    stamps = set(json.loads(text).values())
    return stamps.pop() if len(stamps) == 1 and None not in stamps else None


def snapshot_page(engine: Engine, who: Principal, at: int, kind: str, after: str, limit: int) -> bytes:
    """One page (the response body): at most ``limit`` entities from (``kind``, ``after``) on,
    as changes. An entity written at one version (most of a long history: rows never edited
    after they were made) is one change whose fields are the stored state's text as it is
    (its "id" included, which a station ignores): nothing decoded or re-encoded. Others
    are rebuilt version by version (:func:`syncstore.snapshot_changes`)."""
    e, ev = tables.entities, tables.entities.alias("ev")
    corps = who.corps_id if who.corps_id is not None else -1  # observers belong to no corps
    visible = or_(e.c.entity == "resources", ev.c.sharing == Sharing.SHARED.value, ev.c.corps_id == corps,
                  and_(ev.c.entity_id.is_(None), e.c.corps_id == corps))
    texts: list[str] = []
    nxt: list[str] | None = None
    # Change ids: unique per page (a uuid7) and per change within it; cheaper than one uuid7 each.
    page_id = uuid7()
    with engine.connect() as conn:
        if at <= 0:
            at = conn.execute(select(func.coalesce(func.max(tables.changes.c.seq), 0))).scalar_one()
        kinds = list(SYNCED_ENTITIES)
        start = kinds.index(kind) if kind in kinds else 0
        room = limit
        for k in kinds[start:]:
            query = (select(e.c.entity, e.c.entity_id, e.c.state, e.c.versions)
                     .select_from(e.outerjoin(ev, and_(ev.c.entity.in_(SELF_SHARED_ENTITIES),
                                                       ev.c.entity_id == e.c.event_id)))
                     .where(e.c.entity == k, e.c.entity_id > (after if k == kind else ""), visible)
                     .order_by(e.c.entity_id).limit(room))
            rows = conn.execute(query).all()
            head = f'{{"entity":"{k}","entity_id":'
            for entity, entity_id, state, versions in rows:
                stamp = _one_version(versions)
                if stamp:
                    texts.append(f'{head}{_dumps(entity_id)},"fields":{state},"hlc":"{stamp}",'
                                 f'"change_id":"{page_id}.{len(texts)}","origin":"{SERVER_ORIGIN}"}}')
                    continue
                for change in snapshot_changes(entity, entity_id, json.loads(state), json.loads(versions)):
                    change |= {"change_id": f"{page_id}.{len(texts)}", "origin": SERVER_ORIGIN}
                    texts.append(_dumps(change))
            room -= len(rows)
            if room <= 0:
                nxt = [k, rows[-1].entity_id]
                break
        conn.rollback()
    # One change per line: a station decodes the page a slice at a time (sync/slices.py).
    changes = ",\n".join(texts)
    rest = f'"cursor":{int(at)},"next":{_dumps(nxt)}}}'
    return b"\n".join((SNAPSHOT_PAGE_HEAD, changes.encode(), SNAPSHOT_PAGE_TAIL + rest.encode()))


def install(app: FastAPI, engine: Engine, principal: Callable[..., Principal]) -> None:
    @app.get(SNAPSHOT_PATH, responses=_ERRORS, tags=["sincronizzazione"])
    async def snapshot(request: Request, who: Annotated[Principal, Depends(principal)],
                       at: Annotated[int, Query(ge=0, le=2**62, description="seq dell'istantanea (0: ora)")] = 0,
                       kind: Annotated[str, Query(max_length=20)] = SYNCED_ENTITIES[0],
                       after: Annotated[str, Query(max_length=64)] = "",
                       limit: Annotated[int, Query(ge=1, le=SNAPSHOT_MAX_LIMIT)] = SNAPSHOT_DEFAULT_LIMIT):
        """Istantanea dello stato attuale visibile alla postazione (prima sincronizzazione), a pagine:
        `cursor` è il seq da cui continuare con /v1/sync/pull; `next` è [tipo, id] da chiedere dopo."""
        page = await run_in_threadpool(snapshot_page, engine, who, at, kind, after, limit)
        body, headers = wire.encode(page, request.headers.get("accept-encoding"))
        return Response(body, media_type="application/json", headers=headers)
