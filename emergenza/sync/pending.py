"""Changes waiting in ``sync_pending``: parked by the apply when what they hang on (a
parent event or unit, or their own row for an update that came before its insert) is
not here yet, or when a unique value clashed; retried after every page.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..domain.text import QT_TRANSLATE_NOOP
from ..store import Store

if TYPE_CHECKING:
    from .apply import Applier


def park(store: Store, parked: list[tuple[dict[str, Any], str]], now: str) -> None:
    if parked:
        store.db.conn.executemany(
            "INSERT OR IGNORE INTO sync_pending (change_id, entity, entity_id, change, missing, parked_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(c["change_id"], c["entity"], c["entity_id"], json.dumps(c, ensure_ascii=False), m, now)
             for c, m in parked])


def retry_parked(store: Store, applier: Applier) -> int:
    """Apply parked changes whose parents have arrived; repeat while that helps."""
    done = 0
    while True:
        progress = 0
        for seq, text in store.db.execute("SELECT seq, change FROM sync_pending WHERE missing NOT LIKE 'unique:%' "
                                          "ORDER BY seq").fetchall():
            change = json.loads(text)
            if applier.missing_for(change) is None:
                applier.apply(change)
                store.db.execute("DELETE FROM sync_pending WHERE seq = ?", [seq])
                progress += 1
        done += progress
        if not progress:
            return done


def parked_count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM sync_pending").fetchone()[0]


_WHAT = {"events": QT_TRANSLATE_NOOP("errors", "l'intervento {0} non è ancora arrivato"),
         "resources": QT_TRANSLATE_NOOP("errors", "l'unità {0} non è ancora arrivata")}


def describe_missing(missing: str) -> str:
    """Why a parked change waits, in Italian (the ``missing`` column of ``sync_pending``)."""
    if missing == "self":
        return QT_TRANSLATE_NOOP("errors", "la riga che modifica non è ancora arrivata")
    if missing.startswith("unique:"):
        return QT_TRANSLATE_NOOP("errors", "valore già usato da un'altra riga ({0})").format(
            missing[len("unique:"):].strip())
    table, _, ref = missing.partition(":")
    template = _WHAT.get(table)
    return template.format(ref) if template else missing


def first_waiting_reason(store: Store) -> str | None:
    row = store.db.execute("SELECT missing FROM sync_pending ORDER BY seq LIMIT 1").fetchone()
    return describe_missing(row[0]) if row else None
