"""``GET /v1/exchange/cap`` (an Atom feed of CAP 1.2 alerts) and ``GET /v1/exchange/emsi/{event}``.

For the rooms that do not run Emergenza (Questura, Carabinieri, fire service, 118): an
observer account or a station reads, with its bearer token, the shared events as CAP
alerts (one entry per event, its current version) and one event with its missions and
units as EMSI. Who sees what is the pull's rule (``syncstore.pull``): the feed holds
the shared events only; the EMSI of an event is given to whoever may pull it (every
account for a shared event, the owning corps' stations for a reserved one), 404 to
anyone else (the event's existence is not disclosed).

The feed's cursor is the entities' ``updated_seq``: an event appears again whenever it
changes, with its new CAP version. Events stored by one group commit share a seq, so a
page never ends in the middle of one.
"""

# No "from __future__ import annotations": FastAPI must resolve the closures used in Depends().

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Response
from fastapi.concurrency import run_in_threadpool
from lxml import etree
from sqlalchemy import Engine, and_, or_, select

from ..domain.catalogs import Catalogs
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP as N_
from ..exchange import cap, emsi
from ..resources import default_catalogs
from . import tables
from .accounts import Principal
from .schemas import ErrorOut

log = logging.getLogger(__name__)

CAP_FEED_PATH = "/v1/exchange/cap"
EMSI_PATH = "/v1/exchange/emsi/{event}"
FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT = 100, 500
ATOM = "http://www.w3.org/2005/Atom"
EXT = "urn:emergenza:exchange"
FEED_ID = "urn:emergenza:exchange:cap"
_ERRORS = {code: {"model": ErrorOut} for code in (401, 422)}
_FEED_ANSWERS = {
    200: {"description": "Feed Atom (RFC 4287): una voce per intervento condiviso cambiato dopo `cursor`, con "
                         "l'allarme CAP 1.2 (OASIS) della sua versione attuale nel `content` "
                         "(type application/cap+xml). `em:cursor` (namespace urn:emergenza:exchange) è il cursore "
                         "da passare alla richiesta successiva, `em:more` dice se ci sono altre voci subito; "
                         "il link rel=next porta alla pagina seguente.",
          "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
    **_ERRORS,
}
_EMSI_ANSWERS = {
    200: {"description": "Il messaggio EMSI (ISO/TR 22351) dell'intervento: CONTEXT, EVENT, MISSION "
                         "(assegnazioni), RESOURCE (unità); XML o JSON secondo `format`.",
          "content": {"application/xml": {"schema": {"type": "string"}},
                      "application/json": {"schema": {"type": "object"}}}},
    404: {"model": ErrorOut, "description": "Intervento inesistente o non visibile all'account."},
    **_ERRORS,
}


def _rfc3339(stored: str | None) -> str:
    moment = datetime.fromisoformat(stored.replace("Z", "+00:00")) if stored else datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_page(engine: Engine, cursor: int, limit: int) -> tuple[list, int, bool]:
    """(rows, next cursor, more?) of shared events changed after ``cursor``, whole seqs only."""
    e = tables.entities
    base = select(e.c.entity_id, e.c.state, e.c.updated_seq).where(e.c.entity == "events", e.c.sharing == "shared")
    with engine.connect() as conn:
        rows = conn.execute(base.where(e.c.updated_seq > cursor)
                            .order_by(e.c.updated_seq, e.c.entity_id).limit(limit + 1)).all()
        more = len(rows) > limit
        if more:
            last = rows[limit - 1].updated_seq
            rows = [r for r in rows[:limit] if r.updated_seq < last]
            # The whole last seq, however many events one group commit stored with it.
            rows += conn.execute(base.where(e.c.updated_seq == last).order_by(e.c.entity_id)).all()
        conn.rollback()
    next_cursor = rows[-1].updated_seq if rows else cursor
    return rows, next_cursor, more


def atom_feed(rows: list, next_cursor: int, more: bool, catalogs: Catalogs, base_url: str) -> bytes:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "em": EXT})
    etree.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    etree.SubElement(feed, f"{{{ATOM}}}title").text = "Emergenza — allarmi CAP degli interventi condivisi"
    updated = etree.SubElement(feed, f"{{{ATOM}}}updated")
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    etree.SubElement(author, f"{{{ATOM}}}name").text = "Server regionale di Emergenza"
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base_url)
    if more:
        etree.SubElement(feed, f"{{{ATOM}}}link", rel="next", href=f"{CAP_FEED_PATH}?cursor={next_cursor}")
    etree.SubElement(feed, f"{{{EXT}}}cursor").text = str(next_cursor)
    etree.SubElement(feed, f"{{{EXT}}}more").text = "true" if more else "false"
    newest = None
    for row in rows:
        event = {"id": row.entity_id, **json.loads(row.state)}
        try:
            alert = etree.fromstring(cap.build(event, catalogs))
        except (UserError, KeyError, ValueError, TypeError) as exc:  # the door lets none through: a safety net
            log.warning("event %s left out of the CAP feed: %s", row.entity_id, exc)
            continue
        sender, identifier, _sent, _refs = cap.identity(event)
        stamp = event.get("updated_at") or event.get("received_at")
        newest = max(newest or stamp, stamp)
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        etree.SubElement(entry, f"{{{ATOM}}}id").text = (
            f"urn:emergenza:cap:{quote(sender, safe='')}:{quote(identifier, safe='')}")
        etree.SubElement(entry, f"{{{ATOM}}}title").text = alert.findtext(f"{{{cap.NS}}}info/{{{cap.NS}}}headline")
        etree.SubElement(entry, f"{{{ATOM}}}updated").text = _rfc3339(stamp)
        etree.SubElement(entry, f"{{{ATOM}}}category", term=cap.category_of(event.get("type_code") or ""))
        content = etree.SubElement(entry, f"{{{ATOM}}}content", type="application/cap+xml")
        content.append(alert)
    updated.text = _rfc3339(newest)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8")


def _visible(who: Principal) -> object:
    e = tables.entities
    if who.read_only or who.corps_id is None:
        return e.c.sharing == "shared"
    return or_(e.c.sharing == "shared", e.c.corps_id == who.corps_id)


def emsi_of(engine: Engine, who: Principal, key: str, catalogs: Catalogs) -> dict | None:
    """The EMSI message of the event (id or number) the caller may see, else None."""
    e, numbers = tables.entities, tables.event_numbers
    with engine.connect() as conn:
        event_id = conn.execute(select(numbers.c.event_id).where(numbers.c.number == key.strip().upper())).scalar()
        row = conn.execute(select(e.c.state).where(e.c.entity == "events", e.c.entity_id == (event_id or key),
                                                   _visible(who))).first()
        if row is None:
            conn.rollback()
            return None
        event = {"id": event_id or key, **json.loads(row.state)}
        assignments = [{"id": r.entity_id, **json.loads(r.state)} for r in conn.execute(
            select(e.c.entity_id, e.c.state).where(e.c.entity == "assignments", e.c.event_id == event["id"]))]
        ids = sorted({a["resource_id"] for a in assignments if a.get("resource_id")})
        resources = {r.entity_id: {"id": r.entity_id, **json.loads(r.state)} for r in conn.execute(
            select(e.c.entity_id, e.c.state).where(and_(e.c.entity == "resources", e.c.entity_id.in_(ids))))}
        conn.rollback()
    assignments = [a for a in assignments if a.get("resource_id") in resources and a.get("status")
                   and a.get("requested_at")]
    created = event.get("updated_at") or event["received_at"]
    return emsi.message(event, assignments, resources, catalogs, message_id=f"{event['number']}.{created}",
                        created=created)


def install(app: FastAPI, engine: Engine, principal: Callable[..., Principal]) -> None:
    catalogs = default_catalogs()

    @app.get(CAP_FEED_PATH, tags=["scambio"], response_class=Response, responses=_FEED_ANSWERS)
    async def cap_feed(who: Annotated[Principal, Depends(principal)],
                       cursor: Annotated[int, Query(ge=0, le=2**62, description="ultimo cursore ricevuto")] = 0,
                       limit: Annotated[int, Query(ge=1, le=FEED_MAX_LIMIT)] = FEED_DEFAULT_LIMIT) -> Response:
        """Allarmi CAP 1.2 degli interventi condivisi cambiati dopo `cursor` (feed Atom)."""
        def build() -> bytes:
            rows, next_cursor, more = feed_page(engine, cursor, limit)
            return atom_feed(rows, next_cursor, more, catalogs, f"{CAP_FEED_PATH}?cursor={cursor}")
        body = await run_in_threadpool(build)
        return Response(body, media_type="application/atom+xml")

    @app.get(EMSI_PATH, tags=["scambio"], response_class=Response, responses=_EMSI_ANSWERS)
    async def emsi_event(who: Annotated[Principal, Depends(principal)],
                         event: Annotated[str, Path(min_length=1, max_length=64,
                                                    description="id o numero dell'intervento")],
                         format: Annotated[Literal["xml", "json"], Query(description="xml oppure json")] = "xml"
                         ) -> Response:
        """Un intervento con missioni e unità come messaggio EMSI (se l'account può vederlo)."""
        msg = await run_in_threadpool(emsi_of, engine, who, event, catalogs)
        if msg is None:
            raise HTTPException(404, N_("errors", "intervento inesistente o non visibile: {0}").format(event))
        if format == "json":
            return Response(emsi.to_json(msg), media_type="application/json")
        return Response(emsi.to_xml(msg), media_type="application/xml")
