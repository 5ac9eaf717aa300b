"""Tamper-evident audit trail: a hash chain over who did what, with row digests.

Each audit row records the SHA-256 digest of the row it wrote (``digest``) and
hashes itself together with the previous row's hash. The verifier checks the chain
and that every audited row still has the digest its latest audit row recorded, so a
journal entry edited outside Emergenza is detected.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from itertools import chain
from typing import Any

import sqlite_utils

GENESIS = "0" * 64

# Columns not covered by the row digest: derived or bookkeeping.
_UNDIGESTED = frozenset({"rowid"})


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# hashlib.sha256() looks its algorithm up by name each time (OpenSSL 3: a fetch); a copy
# of an empty one does not: four hashes in each intake's commit.
_SHA256 = hashlib.sha256()


def _sha256_hex(data: bytes) -> str:
    h = _SHA256.copy()
    h.update(data)
    return h.hexdigest()


def row_digest(row: dict[str, Any]) -> str:
    """Digest of a row's content; stable across the SQLite round trip."""
    clean = {k: (int(v) if isinstance(v, bool) else v) for k, v in row.items() if k not in _UNDIGESTED}
    return plain_row_digest(clean)


def plain_row_digest(row: dict[str, Any]) -> str:
    """``row_digest`` for a row already as SQLite returns it (no bools, no rowid): bulk loads."""
    return _sha256_hex(_ENCODER.encode(row).encode())


def chain_hash(prev_hash: str, seq: int, at: str, operator: str, action: str, entity: str,
               entity_id: str, digest: str) -> str:
    text = "\x1f".join((prev_hash, str(seq), at, operator, action, entity, entity_id, digest))
    return _sha256_hex(text.encode())


_INSERT = "INSERT INTO audit (seq, at, operator, action, entity, entity_id, digest, prev_hash, hash) VALUES "
_ONE = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
_MULTIROW_FROM = 50  # fewer rows: one statement text (cached), executemany
_MULTIROW_MAX = 500


class AuditTrail:
    """Appends to the chain; the caller holds the transaction."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db
        last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        self._seq: int = last[0] if last else 0
        self._hash: str = last[1] if last else GENESIS

    def reload(self) -> None:
        """Re-read the head (after a rolled-back transaction)."""
        self.__init__(self._db)  # type: ignore[misc]

    def rows_for(self, entries: Iterable[tuple[str, str, str, str, str, str]]) -> list[tuple]:
        """Chain rows for (at, operator, action, entity, entity_id, digest) tuples."""
        out = []
        seq, prev = self._seq, self._hash
        sha256, join = hashlib.sha256, "\x1f".join
        for at, operator, action, entity, entity_id, digest in entries:
            seq += 1
            # chain_hash, written out: a bulk load appends a row per entity.
            h = sha256(join((prev, str(seq), at, operator, action, entity, entity_id, digest)).encode()).hexdigest()
            out.append((seq, at, operator, action, entity, entity_id, digest, prev, h))
            prev = h
        return out

    def append_many(self, entries: Iterable[tuple[str, str, str, str, str, str]]) -> None:
        rows = self.rows_for(entries)
        if not rows:
            return
        conn = self._db.conn
        if len(rows) < _MULTIROW_FROM:
            conn.executemany(_INSERT + _ONE, rows)
        else:  # a bulk load: multi-row statements cost a third less per row than executemany
            per = min(_MULTIROW_MAX, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 9)
            for i in range(0, len(rows), per):
                chunk = rows[i:i + per]
                conn.execute(_INSERT + ", ".join([_ONE] * len(chunk)), list(chain.from_iterable(chunk)))
        self._seq, self._hash = rows[-1][0], rows[-1][8]

    def append(self, at: str, operator: str, action: str, entity: str, entity_id: str, digest: str) -> None:
        """One row (every local write appends one): one prepared statement, no list of rows."""
        seq, prev = self._seq + 1, self._hash
        h = chain_hash(prev, seq, at, operator, action, entity, entity_id, digest)
        self._db.conn.execute(_INSERT + _ONE, (seq, at, operator, action, entity, entity_id, digest, prev, h))
        self._seq, self._hash = seq, h


AUDITED_TABLES = ("events", "resources", "assignments", "journal", "operators", "risk_areas", "cameras", "plate_hits")


def verify(db: sqlite_utils.Database) -> list[str]:
    """Problems found (Italian, one line each); empty when the trail is intact."""
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    cur = db.execute("SELECT seq, at, operator, action, entity, entity_id, digest, prev_hash, hash "
                     "FROM audit ORDER BY seq")
    for seq, at, operator, action, entity, entity_id, digest, prev_hash, h in cur:
        if seq != expected_seq:
            problems.append(f"registro di audit: manca la voce {expected_seq} (trovata {seq})")
        if prev_hash != prev or chain_hash(prev_hash, seq, at, operator, action, entity, entity_id, digest) != h:
            problems.append(f"registro di audit: catena interrotta alla voce {seq}")
            if len(problems) > 20:
                return problems
        prev, expected_seq = h, seq + 1
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in AUDITED_TABLES:
        if table not in present:  # a store not migrated yet (e.g. checked before it is opened)
            continue
        # Correlated look-up through audit_entity: streams, never holds a table in memory.
        sql = (f"SELECT t.*, (SELECT a.digest || ' ' || a.seq FROM audit a WHERE a.entity = ? "
               f"AND a.entity_id = t.id ORDER BY a.seq DESC LIMIT 1) AS __audit FROM [{table}] t")
        seen = 0
        for row in db.query(sql, [table]):
            seen += 1
            audit = row.pop("__audit")
            if audit is None:
                problems.append(f"{table} {row['id']}: riga senza voce di audit (inserita fuori da Emergenza)")
            else:
                digest, audit_seq = audit.split(" ")
                if digest != row_digest(row):
                    problems.append(f"{table} {row['id']}: contenuto modificato fuori da Emergenza "
                                    f"(non corrisponde alla voce di audit {audit_seq})")
            if len(problems) > 50:
                return problems
        audited = db.execute("SELECT count(DISTINCT entity_id) FROM audit WHERE entity = ?", [table]).fetchone()[0]
        if audited > seen:
            problems.append(f"{table}: {audited - seen} righe registrate nell'audit sono sparite")
    return problems
