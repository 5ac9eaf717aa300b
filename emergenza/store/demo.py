"""Demo data: a plausible record of a Lombard Polizia Locale corps, fast enough for 1M events.

``generate`` checks its input and the target, then has the record built into a scratch
file that replaces the target only when complete, so an interrupted run leaves nothing
behind. The record is made by demo_generator.py (the events' stories) over demo_world.py
(people, units, places, types) and written by demo_writer.py (bulk SQLite).

Historical demo data is seeded as *already synced*: it has no outbox rows (meta ``demo=1``).
Every row still gets its audit entry (hash chain + row digest), so ``emergenza check``
passes. Everything done later through ``Store`` goes through the outbox as usual.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from ..domain.catalogs import Catalogs
from ..domain.errors import StoreError, UserError
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.wire_rules import STATION_CODE_RE
from . import database
from .demo_generator import DemoGenerator, DemoSummary
from .demo_writer import Progress
from .lock import StoreLock
from .meta import Meta, MetaKey

MAX_EVENTS = 10_000_000


# Tables whose rows are someone's work: a store holding any is never replaced by a demo.
DATA_TABLES = ("events", "journal", "assignments", "resources", "operators")


def check_target(path: Path, *, force: bool) -> None:
    """What ``demo`` may replace: nothing, an empty store never set up, or (``force``) a demo
    store that was never enrolled. A store set up, enrolled or holding data is refused even
    with ``force``: the enrollment token and the station's work would be lost."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn = database.open_raw(path, readonly=True)
        try:
            counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATA_TABLES}
            meta = Meta(sqlite_utils.Database(conn))
            demo, setup_done = meta.get(MetaKey.DEMO), meta.get(MetaKey.SETUP_DONE)
            enrolled = meta.get(MetaKey.TOKEN) or meta.get(MetaKey.STATION_ID)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, StoreError):  # StoreError: not SQLite, nor a store we hold the key of
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza: non viene sovrascritto."),
                        path) from None
    if enrolled:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "L'archivio {0} è collegato al server regionale: non viene sostituito nemmeno con --force."),
            path)
    holds_data = any(counts.values())
    if demo == "1":
        if holds_data and not force:
            raise UserError(QT_TRANSLATE_NOOP(
                "errors", "L'archivio {0} contiene già {1} interventi: usare --force per sostituire un archivio "
                          "dimostrativo."), path, counts["events"])
        return
    if setup_done:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "L'archivio {0} è già configurato per una postazione: non viene sostituito nemmeno con "
                      "--force."), path)
    if holds_data:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "L'archivio {0} contiene dati ({1} interventi, {2} unità, {3} operatori): non viene "
                      "sostituito nemmeno con --force."),
            path, counts["events"], counts["resources"], counts["operators"])


def generate(path: str | Path, *, events: int, seed: int = 1, station_code: str = "BG01",
             corps: str = "Polizia Locale di Bergamo", force: bool = False, now: datetime | None = None,
             catalogs: Catalogs | None = None, progress: Progress | None = None) -> DemoSummary:
    """Build a demo store at ``path`` (see the module doc). Bad input raises UserError, nothing written."""

    if isinstance(events, bool) or not isinstance(events, int) or not 0 <= events <= MAX_EVENTS:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Numero di interventi non valido: {0} (da 0 a {1})."),
                        events, MAX_EVENTS)
    station_code = (station_code or "").strip().upper()
    if not STATION_CODE_RE.match(station_code):
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "Codice postazione non valido: «{0}» (2-8 lettere o cifre, es. BG01)."), station_code)
    corps = " ".join((corps or "").split())
    if not corps or len(corps) > 120:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Indicare il nome del comando (massimo 120 caratteri)."))
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise UserError(QT_TRANSLATE_NOOP("errors", "La cartella {0} non esiste."), path.parent)
    with StoreLock(path):  # no program may have the store open while it is replaced
        check_target(path, force=force)
        return _build(path, events=events, seed=seed, station_code=station_code, corps=corps, now=now,
                      catalogs=catalogs, progress=progress)


def _build(path: Path, *, events: int, seed: int, station_code: str, corps: str, now: datetime | None,
           catalogs: Catalogs | None, progress: Progress | None) -> DemoSummary:
    from ..resources import load_catalogs

    started = time.monotonic()
    catalogs = catalogs or load_catalogs()
    now = now or datetime.now(UTC)
    tmp = path.with_name(path.name + ".demo-part")
    _remove_db(tmp)
    try:
        summary = DemoGenerator(tmp, catalogs, seed=seed, station_code=station_code, corps=corps,
                                now_ms=int(now.timestamp() * 1000), progress=progress).build(events)
        _remove_db(path)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except sqlite3.DatabaseError as exc:
        _remove_db(tmp)
        raise StoreError(QT_TRANSLATE_NOOP("errors", "impossibile scrivere l'archivio dimostrativo {0}: {1}"),
                         path, exc) from exc
    except BaseException:
        _remove_db(tmp)
        raise
    summary.path = path
    summary.seconds = round(time.monotonic() - started, 2)
    return summary


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
