"""Full-text search (FTS5) over events and their journals, plus "prior events" look-ups."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sqlite_utils

if TYPE_CHECKING:
    from .store import EventFilter

_TOKEN = re.compile(r"[\w']+", re.UNICODE)

SEARCH_COLUMNS = (
    "e.id, e.number, e.received_at, e.first_sent_at, e.status, e.priority, e.type_code, "
    "e.municipality_istat, e.municipality_name, e.address, e.sharing, e.exercise, e.channel, "
    "e.caller_phone, e.description, e.updated_at, e.closed_at"
)


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a person typed: every word must match, as a prefix."""
    tokens = [t.replace("'", " ").strip() for t in _TOKEN.findall(text)]
    return " ".join(f'"{t}"*' for t in tokens if t)


def search_events(db: sqlite_utils.Database, text: str, flt: "EventFilter", *, limit: int = 200,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Events matching ``text`` in their fields or their journal, newest first, then filtered."""
    clauses, params = flt.where()
    query = fts_query(text)
    if not query:
        where = " AND ".join(clauses) or "1"
        return list(db.query(
            f"SELECT {SEARCH_COLUMNS} FROM events e WHERE {where} ORDER BY e.received_at DESC "
            f"LIMIT ? OFFSET ?", [*params, limit, offset]))
    # Newest matches first by rowid (insertion order): FTS5 walks rowids in order
    # and stops at LIMIT, instead of ranking every match of a common word.
    where = " AND ".join(clauses) or "1"
    return list(db.query(
        f"SELECT {SEARCH_COLUMNS} FROM events e WHERE e.rowid IN ("
        f"  SELECT rowid FROM events_fts WHERE events_fts MATCH ? "
        f"  UNION SELECT ev.rowid FROM journal_fts JOIN journal j ON j.rowid = journal_fts.rowid "
        f"  JOIN events ev ON ev.id = j.event_id WHERE journal_fts MATCH ?"
        f") AND {where} ORDER BY e.rowid DESC LIMIT ? OFFSET ?",
        [query, query, *params, limit, offset]))


def prior_events(db: sqlite_utils.Database, *, municipality_istat: str | None, address: str | None,
                 phone: str | None, limit: int = 10, exclude_id: str | None = None) -> list[dict[str, Any]]:
    """Earlier events at the same address (in the same municipality) or from the same phone."""
    parts, params = [], []
    if phone and len(phone.strip()) >= 5:
        parts.append(f"SELECT {SEARCH_COLUMNS}, 'phone' AS matched FROM events e WHERE e.caller_phone = ?")
        params.append(" ".join(phone.split()))
    if address and municipality_istat and len(address.strip()) >= 3:
        parts.append(f"SELECT {SEARCH_COLUMNS}, 'address' AS matched FROM events e "
                     f"WHERE e.municipality_istat = ? AND e.address = ? COLLATE NOCASE")
        params += [municipality_istat, address.strip()]
    if not parts:
        return []
    rows = list(db.query(f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY received_at DESC LIMIT ?",
                         [*params, limit * 2]))
    seen, out = set(), []
    for r in rows:
        if r["id"] in seen or r["id"] == exclude_id:
            continue
        seen.add(r["id"])
        out.append(r)
    return out[:limit]
