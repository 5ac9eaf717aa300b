"""Full-text search (FTS5) over events and their journals, plus "prior events" look-ups.

The index is brought up to date outside the operator's commits (schema v18: new rows are
those above the index's mark, changed ones are queued with the values the index holds);
``catch_up`` indexes them (the store owner between calls and when idle, and every search
first, so a search never misses a committed row).
"""

from __future__ import annotations

import re
from typing import Any

import sqlite_utils

from ..domain.phone import looks_like_phone, phone_key
from .core import StoreCore
from .queries import EVENT_ROW_COLUMNS, EventFilter, marks
from .schema import PHONE_KEY_SQL, SEARCH_COLUMNS, SEARCH_CONTENT, SEARCH_QUEUE

# Events of one caller, over the events_phone_key index (schema v6).
_SAME_CALLER = f"e.caller_phone IS NOT NULL AND {PHONE_KEY_SQL} = ?"

_TOKEN = re.compile(r"[\w']+", re.UNICODE)
_NUMBER = re.compile(r"^[A-Za-z0-9]{2,8}-\d{4}-\d{1,9}$")

# Prefix matching on a very short word ("a*", "v*") merges millions of postings: words
# shorter than this are matched whole in the prefix pass.
MIN_PREFIX = 3


def _tokens(text: str) -> list[str]:
    return [t for t in (t.replace("'", " ").strip() for t in _TOKEN.findall(text)) if t]


_COLUMNS = ", ".join(SEARCH_COLUMNS)
_FTS_COLUMNS = {"events_fts": _COLUMNS, "journal_fts": "text"}
# The queue's old values leave the index before the row's current values enter it (the same
# rowid may be in both); the queue drives the join (CROSS JOIN: never a scan of events).
_CATCH_UP_QUEUE = (
    f"INSERT INTO events_fts(events_fts, rowid, {_COLUMNS}) SELECT 'delete', event_rowid, {_COLUMNS} "
    f"FROM {SEARCH_QUEUE} WHERE event_rowid <= ?",
    f"INSERT INTO events_fts(rowid, {_COLUMNS}) SELECT e.rowid, {', '.join(f'e.{c}' for c in SEARCH_COLUMNS)} "
    f"FROM {SEARCH_QUEUE} q CROSS JOIN events e ON e.rowid = q.event_rowid WHERE q.event_rowid <= ?",
    f"DELETE FROM {SEARCH_QUEUE} WHERE event_rowid <= ?",
)
_MARK = "SELECT upto FROM search_marks WHERE fts = ?"
# Anything to index: a queued change, or a row above its index's mark (max(rowid): the last
# entry of the table's b-tree). No mark: a bulk load has deferred the upkeep (bulk_load.py).
_ANY_QUEUED = (f"SELECT EXISTS (SELECT 1 FROM {SEARCH_QUEUE}) "
               + "".join(f"OR coalesce((SELECT max(rowid) FROM {table}) > (SELECT upto FROM search_marks "
                         f"WHERE fts = '{fts}'), 0) " for fts, table in SEARCH_CONTENT.items()))


def queued(db: sqlite_utils.Database, at_most: int = 1 << 62) -> int:
    """Rows waiting to be indexed (counted up to ``at_most`` per index: cheap however many)."""
    total = db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {SEARCH_QUEUE} LIMIT ?)", [at_most]).fetchone()[0]
    for fts, table in SEARCH_CONTENT.items():
        mark = db.execute(_MARK, [fts]).fetchone()
        if mark is not None:
            total += db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE rowid > ? LIMIT ?)",
                                [mark[0], at_most]).fetchone()[0]
    return total


def catch_up(db: sqlite_utils.Database, rows: int | None = None) -> bool:
    """Index what the commits left to index (at most ``rows`` rows per index; None: all), in
    one transaction (a savepoint inside the caller's). True if some is still left.

    The queued changes first; the rows above the marks only once none is queued, so a row is
    never both queued and above its mark (a row deleted and its rowid taken again)."""
    if db.execute(_ANY_QUEUED).fetchone()[0] == 0:
        return False  # the usual case of a search: one look-up, no transaction
    with db.atomic():
        if rows is None:
            last = db.execute(f"SELECT max(event_rowid) FROM {SEARCH_QUEUE}").fetchone()[0]
        else:
            last = db.execute(f"SELECT max(event_rowid) FROM (SELECT event_rowid FROM {SEARCH_QUEUE} "
                              "ORDER BY event_rowid LIMIT ?)", [rows]).fetchone()[0]
        if last is not None:
            for statement in _CATCH_UP_QUEUE:
                db.execute(statement, [last])
        if db.execute(f"SELECT 1 FROM {SEARCH_QUEUE} LIMIT 1").fetchone() is None:
            for fts, table in SEARCH_CONTENT.items():
                _index_above_mark(db, fts, table, rows)
    return db.execute(_ANY_QUEUED).fetchone()[0] == 1


def _index_above_mark(db: sqlite_utils.Database, fts: str, table: str, rows: int | None) -> None:
    mark_row = db.execute(_MARK, [fts]).fetchone()
    if mark_row is None:
        return  # deferred by a bulk load: its restore rebuilds the index
    mark = mark_row[0]
    top = db.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
    if top > mark:
        upto = top
        if rows is not None:
            nth = db.execute(f"SELECT rowid FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ?",
                             [mark, rows - 1]).fetchone()
            upto = nth[0] if nth is not None else top
        columns = _FTS_COLUMNS[fts]
        db.execute(f"INSERT INTO {fts}(rowid, {columns}) SELECT rowid, {columns} FROM {table} "
                   "WHERE rowid > ? AND rowid <= ?", [mark, upto])
    else:
        upto = top  # the last rows were deleted: a rowid taken again must land above the mark
    if upto != mark:
        db.execute("UPDATE search_marks SET upto = ? WHERE fts = ?", [upto, fts])


def fts_query(text: str, *, prefix: bool = True) -> str:
    """A safe FTS5 query from what a person typed: every word must match (as a prefix if asked)."""
    return " ".join(f'"{t}"*' if prefix and len(t) >= MIN_PREFIX else f'"{t}"' for t in _tokens(text))


def search_events(db: sqlite_utils.Database, text: str, flt: EventFilter, *, limit: int = 200,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Events matching ``text`` in their fields or their journal, newest first, then filtered.

    Whole words first, then (only if that found fewer than a page) words as prefixes, so a
    word still being typed is found too. Each pass is two ordered, bounded walks instead of
    one ``rowid IN (… UNION …)``: FTS5 hands out whole-word matches by descending rowid and
    each walk stops after ``limit + offset`` events, so a common word costs about the same
    as a rare one even at a million events. Journal matches count an event by its newest
    matching entry.
    """
    clauses, params = flt.where()
    where = " AND ".join(clauses) or "1"
    stripped = text.strip()
    if _NUMBER.match(stripped):
        return list(db.query(f"SELECT {EVENT_ROW_COLUMNS} FROM events e WHERE e.number = ? AND {where}",
                             [stripped.upper(), *params]))[offset:offset + limit]
    if looks_like_phone(stripped):  # a caller's number, however typed: their events, newest first
        callers = list(db.query(
            f"SELECT {EVENT_ROW_COLUMNS} FROM events e WHERE {_SAME_CALLER} AND {where} "
            f"ORDER BY e.received_at DESC LIMIT ? OFFSET ?", [phone_key(stripped), *params, limit, offset]))
        if callers or offset:
            return callers  # no caller with that number: the digits may be in a text (below)
    exact = fts_query(text, prefix=False)
    if not exact:
        return list(db.query(
            f"SELECT {EVENT_ROW_COLUMNS} FROM events e WHERE {where} ORDER BY e.received_at DESC "
            f"LIMIT ? OFFSET ?", [*params, limit, offset]))
    want = limit + offset
    catch_up(db)  # what the last commits queued, before the index is read
    found = _walk(db, exact, where, params, want)
    prefixed = fts_query(text)
    if len(found) < want and prefixed != exact:
        found |= _walk(db, prefixed, where, params, want)
    chosen = sorted(found, reverse=True)[offset:offset + limit]
    if not chosen:
        return []
    rows = {r["rowid"]: r for r in db.query(
        f"SELECT e.rowid AS rowid, {EVENT_ROW_COLUMNS} FROM events e WHERE e.rowid IN "
        f"({marks(chosen)})", chosen)}
    out = []
    for rowid in chosen:
        row = rows[rowid]
        del row["rowid"]
        out.append(row)
    return out


def _walk(db: sqlite_utils.Database, query: str, where: str, params: list[Any], want: int) -> set[int]:
    """Event rowids of the newest ``want`` matches in event fields, plus as many from journals."""
    found: set[int] = {r[0] for r in db.execute(
        f"SELECT e.rowid FROM events_fts JOIN events e ON e.rowid = events_fts.rowid "
        f"WHERE events_fts MATCH ? AND {where} ORDER BY events_fts.rowid DESC LIMIT ?",
        [query, *params, want])}
    from_journal: set[int] = set()
    cursor = db.execute(
        f"SELECT e.rowid FROM journal_fts JOIN journal j ON j.rowid = journal_fts.rowid "
        f"JOIN events e ON e.id = j.event_id WHERE journal_fts MATCH ? AND {where} "
        f"ORDER BY journal_fts.rowid DESC", [query, *params])
    try:
        for (rowid,) in cursor:
            from_journal.add(rowid)
            if len(from_journal) >= want:
                break
    finally:
        cursor.close()
    return found | from_journal


def prior_events(db: sqlite_utils.Database, *, municipality_istat: str | None, address: str | None,
                 phone: str | None, limit: int = 10, exclude_id: str | None = None) -> list[dict[str, Any]]:
    """Earlier events at the same address (in the same municipality) or from the same phone.

    One ordered, bounded index walk per criterion (merged here), never a sort of every
    event of a frequent caller."""
    rows: list[dict[str, Any]] = []
    take = limit + 1  # one spare for exclude_id
    if looks_like_phone(phone):  # the same caller however the number was typed (domain/phone.py)
        rows += db.query(f"SELECT {EVENT_ROW_COLUMNS}, 'phone' AS matched FROM events e "
                         f"WHERE {_SAME_CALLER} ORDER BY e.received_at DESC LIMIT ?",
                         [phone_key(phone), take])
    if address and municipality_istat and len(address.strip()) >= 3:
        rows += db.query(f"SELECT {EVENT_ROW_COLUMNS}, 'address' AS matched FROM events e "
                         f"WHERE e.municipality_istat = ? AND e.address = ? COLLATE NOCASE "
                         f"ORDER BY e.received_at DESC LIMIT ?", [municipality_istat, address.strip(), take])
    rows.sort(key=lambda r: r["received_at"], reverse=True)
    seen, out = set(), []
    for r in rows:
        if r["id"] in seen or r["id"] == exclude_id:
            continue
        seen.add(r["id"])
        out.append(r)
    return out[:limit]


class Search:
    def __init__(self, core: StoreCore):
        self._db = core.db

    def catch_up(self, rows: int | None = None) -> bool:
        """Index what the commits queued (see ``catch_up``). True if some is still queued."""
        return catch_up(self._db, rows)

    def queued(self) -> int:
        """Rows still to be indexed."""
        return queued(self._db)

    def find(self, text: str = "", flt: EventFilter | None = None, *, limit: int = 200,
             offset: int = 0) -> list[dict[str, Any]]:
        """Events matching ``text`` (see ``search_events``), newest first."""
        return search_events(self._db, text, flt or EventFilter(), limit=limit, offset=offset)

    def prior_events(self, *, municipality_istat: str | None = None, address: str | None = None,
                     phone: str | None = None, limit: int = 10, exclude_id: str | None = None
                     ) -> list[dict[str, Any]]:
        """Earlier events at the same address or from the same phone (see ``prior_events``)."""
        return prior_events(self._db, municipality_istat=municipality_istat, address=address,
                            phone=phone, limit=limit, exclude_id=exclude_id)
