"""The station's audit head, anchored at the regional server on every sync.

Whoever can write the store file can rewrite its history and recompute the audit hash
chain with the project's own functions: the chain alone then still verifies. Each sync
sends the head (seq, hash) and the hash the chain holds today at the seq the server last
confirmed (``MetaKey.ANCHOR``); the server refuses a head that went backwards or changed
(server/anchors.py) and keeps the last good one. ``emergenza check`` compares the local
chain with that anchor — the one in ``meta`` and the one the server holds (asked for when
the store is enrolled and the server answers) — so a recomputed chain is still caught.

Anchoring never fails a sync: an older server without the endpoint, or a failure after the
changes went through, is logged and tried again at the next sync.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from ..domain.entities import utc_now_iso
from ..domain.errors import SyncError
from ..store import Store
from ..store.meta import MetaKey
from .errors import RequestRefusedError
from .protocol import ANCHOR_PATH, AUDIT_HASH_PATTERN

if TYPE_CHECKING:
    from .engine import SyncEngine

log = logging.getLogger(__name__)

_HASH_RE = re.compile(AUDIT_HASH_PATTERN)
SERVER_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str | None = None

    def as_meta(self) -> str:
        return f"{self.seq} {self.hash}"

    @classmethod
    def parse(cls, text: str | None, at: str | None = None) -> Anchor | None:
        if not text:
            return None
        seq, _, hash_ = text.partition(" ")
        if not seq.isdigit() or not _HASH_RE.match(hash_):
            return None
        return cls(int(seq), hash_, at)


def audit_head(store: Store) -> Anchor | None:
    row = store.db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return Anchor(row[0], row[1]) if row else None


def hash_at(store: Store, seq: int) -> str | None:
    row = store.db.execute("SELECT hash FROM audit WHERE seq = ?", [seq]).fetchone()
    return row[0] if row else None


def local_anchor(store: Store) -> Anchor | None:
    return Anchor.parse(store.meta.get(MetaKey.ANCHOR), store.meta.get(MetaKey.ANCHOR_AT))


def _request_body(store: Store) -> dict[str, Any] | None:
    head = audit_head(store)
    if head is None or store.meta.observer:  # an observer's account has no chain at the server
        return None
    known = local_anchor(store)
    return {"seq": head.seq, "hash": head.hash, "known_seq": known.seq if known else None,
            "known_hash": hash_at(store, known.seq) if known else None}


def _valid_answer(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict) or not isinstance(data.get("accepted"), bool):
        return None
    seq, hash_ = data.get("seq"), data.get("hash")
    if seq is None and hash_ is None:
        return data
    if isinstance(seq, int) and not isinstance(seq, bool) and isinstance(hash_, str) and _HASH_RE.match(hash_):
        return data
    return None


def _record(store: Store, answer: dict[str, Any]) -> None:
    """The server's head becomes the local anchor (the good one, even when ours was refused)."""
    values: dict[MetaKey, str | None] = {}
    if answer["seq"] is not None:
        values[MetaKey.ANCHOR] = Anchor(answer["seq"], answer["hash"]).as_meta()
        values[MetaKey.ANCHOR_AT] = utc_now_iso()
    values[MetaKey.ANCHOR_REFUSED] = None if answer["accepted"] else str(answer.get("reason") or "")
    with store.transaction():
        store.meta.set_many(values)


async def anchor_head(engine: SyncEngine) -> bool | None:
    """Send the audit head; True accepted, False flagged by the server, None not anchored now."""
    body = await engine.owner.call(_request_body)
    if body is None:
        return None
    try:
        data = await engine._call("POST", ANCHOR_PATH, json=body)
    except RequestRefusedError as exc:
        if exc.params and exc.params[0] == 404:
            log.info("il server regionale non ancora la catena di audit (versione precedente)")
        else:
            log.warning("ancoraggio della catena di audit rifiutato: %s", exc)
        return None
    except SyncError as exc:
        log.warning("ancoraggio della catena di audit non riuscito: %s", exc)
        return None
    answer = _valid_answer(data)
    if answer is None:
        log.warning("risposta non valida all'ancoraggio della catena di audit")
        return None
    await engine.owner.call(_record, answer)
    if not answer["accepted"]:
        log.warning("il server ha segnalato la catena di audit di questa postazione: %s", answer.get("reason"))
    return bool(answer["accepted"])


def compare(store: Store, anchor: Anchor, source: str) -> list[str]:
    """Problems (Italian) when the local chain does not hold ``anchor``: history rewritten or cut."""
    when = f" il {anchor.at[:16].replace('T', ' ')}" if anchor.at else ""
    have = hash_at(store, anchor.seq)
    if have is None:
        return [f"registro di audit: la voce {anchor.seq}, ancorata {source}{when}, non c'è più "
                f"(storia tagliata o archivio sostituito)"]
    if have != anchor.hash:
        return [f"registro di audit riscritto: la voce {anchor.seq} non è quella ancorata {source}{when}"]
    return []


def fetch_server_anchor(store: Store, timeout_s: float = SERVER_TIMEOUT_S) -> tuple[dict[str, Any] | None, str]:
    """The head the server holds for this station (None and why, when it cannot be asked)."""
    url, token = store.meta.get(MetaKey.SERVER_URL), store.meta.get(MetaKey.TOKEN)
    if not (url and token and store.meta.get(MetaKey.STATION_ID)):
        return None, "postazione non registrata"
    try:
        response = httpx.get(url.rstrip("/") + ANCHOR_PATH, headers={"Authorization": f"Bearer {token}"},
                             timeout=timeout_s)
        response.raise_for_status()
        answer = _valid_answer(response.json())
    except (httpx.HTTPError, ValueError, OSError) as exc:
        return None, f"server non raggiungibile o senza ancoraggio ({type(exc).__name__})"
    if answer is None:
        return None, "risposta non valida dal server"
    return answer, ""


def check(store: Store, *, ask_server: bool = True) -> tuple[list[str], list[str]]:
    """(problems, notes) of the anchor comparison for ``emergenza check``."""
    problems: list[str] = []
    notes: list[str] = []
    local = local_anchor(store)
    if local is not None:
        problems += compare(store, local, "localmente")
    refused = store.meta.get(MetaKey.ANCHOR_REFUSED)
    if refused:
        problems.append(f"il server regionale ha segnalato la catena di audit: {refused}")
    if not ask_server:
        return problems, notes
    answer, why = fetch_server_anchor(store)
    if answer is None:
        if store.meta.get(MetaKey.STATION_ID):
            notes.append(f"ancoraggio al server non verificato: {why}")
        return problems, notes
    if answer["seq"] is not None:
        found = compare(store, Anchor(answer["seq"], answer["hash"]), "al server regionale")
        problems += [p for p in found if p not in problems]
    if not answer["accepted"] and not refused:
        problems.append(f"il server regionale ha segnalato la catena di audit: {answer.get('reason')}")
    return problems, notes
