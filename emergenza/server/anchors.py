"""Audit chain heads anchored at the server (issue 9, "data at rest").

A station's audit trail is a hash chain in its own file: whoever can write the file can
rewrite history and recompute the chain with the project's own functions, and the local
check passes. On every sync the station sends its head (seq, hash) and the hash its chain
has today at the seq the server last confirmed; the server keeps the latest head per
station and every head it accepted (history). A head is **flagged** (kept out, logged as a
warning, listed by ``emergenza-server anchors``) when:

- it goes backwards (a seq lower than the one already anchored: history was cut);
- it names a seq already anchored with another hash (that entry was rewritten);
- the station's chain no longer has, at an anchored seq, the hash anchored then.

A flagged head does not replace the anchored one: the server keeps the last good head,
so the station keeps failing the comparison (``emergenza check``) until it is looked at.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy import Engine, select

from ..domain.text import QT_TRANSLATE_NOOP as N_
from . import tables
from .accounts import Principal
from .db import WRITE

log = logging.getLogger(__name__)

BACKWARDS = N_("errors", "la catena di audit è tornata indietro: voce {0}, il server ne conosceva {1}")
REWRITTEN = N_("errors", "la voce {0} della catena di audit è stata riscritta (il server ne conosceva un'altra)")


def latest(engine: Engine, who: Principal) -> dict[str, Any]:
    """The head anchored for the station, and the flag if one is standing."""
    a = tables.audit_anchors
    with engine.connect() as conn:
        row = conn.execute(select(a.c.seq, a.c.hash, a.c.flag_reason)
                           .where(a.c.station_id == who.station_id)).first()
    if row is None:
        return {"accepted": True, "seq": None, "hash": None, "reason": None}
    return {"accepted": row.flag_reason is None, "seq": row.seq, "hash": row.hash, "reason": row.flag_reason}


def record(engine: Engine, who: Principal, seq: int, hash_: str, known_seq: int | None,
           known_hash: str | None) -> dict[str, Any]:
    """Check and store a station's head; the answer names the head the server holds."""
    a, h = tables.audit_anchors, tables.audit_anchor_history
    now = int(time.time() * 1000)
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        row = conn.execute(select(a).where(a.c.station_id == who.station_id)).first()
        reason = None
        if row is not None:
            reason = _problem(conn, who, row, seq, hash_, known_seq, known_hash)
        if reason:
            conn.execute(a.update().where(a.c.station_id == who.station_id)
                         .values(flagged_at=now, flag_reason=reason))
            log.warning("ancora di audit segnalata: postazione %s (%s): %s", who.station_id, who.name, reason)
            return {"accepted": False, "seq": row.seq, "hash": row.hash, "reason": reason}
        if row is None:
            conn.execute(a.insert().values(station_id=who.station_id, seq=seq, hash=hash_, updated_at=now))
        elif seq != row.seq:
            conn.execute(a.update().where(a.c.station_id == who.station_id)
                         .values(seq=seq, hash=hash_, updated_at=now))
        if row is None or seq != row.seq:
            conn.execute(h.insert().values(station_id=who.station_id, seq=seq, hash=hash_, received_at=now))
        return {"accepted": True, "seq": seq, "hash": hash_, "reason": None}


def _problem(conn, who: Principal, row, seq: int, hash_: str, known_seq: int | None,
             known_hash: str | None) -> str | None:
    if seq < row.seq:
        return BACKWARDS.format(seq, row.seq)
    if seq == row.seq and hash_ != row.hash:
        return REWRITTEN.format(seq)
    if known_seq is not None:
        h = tables.audit_anchor_history
        anchored = conn.execute(select(h.c.hash).where(h.c.station_id == who.station_id,
                                                       h.c.seq == known_seq)).scalar()
        if anchored is not None and anchored != known_hash:
            return REWRITTEN.format(known_seq)
    return None


def listing(engine: Engine) -> list[dict[str, Any]]:
    """Every anchored station, flagged ones first (for ``emergenza-server anchors``)."""
    a, s, c = tables.audit_anchors, tables.stations, tables.corps
    q = (select(a.c.station_id, s.c.name, c.c.name.label("corps"), a.c.seq, a.c.hash, a.c.updated_at,
                a.c.flagged_at, a.c.flag_reason)
         .select_from(a.outerjoin(s, s.c.id == a.c.station_id).outerjoin(c, c.c.id == s.c.corps_id))
         .order_by(a.c.flagged_at.is_(None), a.c.station_id))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
