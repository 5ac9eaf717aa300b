"""Demo data: a plausible record of a Lombard Polizia Locale corps, fast enough for 1M events.

The history is written straight to SQLite in bulk (executemany in large transactions, FTS
rebuilt once at the end, secondary indexes re-created after the load) into a scratch file
that replaces the target only when complete, so an interrupted run leaves nothing behind.

Historical demo data is seeded as *already synced*: it has no outbox rows (meta ``demo=1``).
Every row still gets its audit entry (hash chain + row digest), so ``emergenza check``
passes. Everything done later through ``Store`` goes through the outbox as usual.

Deterministic for a given seed and ``now`` (ids and texts come from one seeded RNG);
only the station's replica id (and therefore HLC node and audit hashes) is random.
"""

from __future__ import annotations

import bisect
import json
import os
import random
import re
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import sqlite_utils

from ..domain.catalogs import Catalogs
from ..domain.enums import AssignmentStatus, Channel, EventStatus
from ..domain.text import QT_TRANSLATE_NOOP
from ..errors import StoreError, UserError
from . import database
from . import demo_data as D
from .audit import AuditTrail, plain_row_digest
from .schema import FTS_TRIGGER_NAMES, FTS_TRIGGERS

MAX_EVENTS = 10_000_000
STATION_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
CHUNK_EVENTS = 20_000
HOUR_MS = 3_600_000
MIN_MS = 60_000

PROVINCE_CAPITALS = {"BG": "Bergamo", "BS": "Brescia", "CO": "Como", "CR": "Cremona", "LC": "Lecco",
                     "LO": "Lodi", "MB": "Monza", "MI": "Milano", "MN": "Mantova", "PV": "Pavia",
                     "SO": "Sondrio", "VA": "Varese"}

Progress = Callable[[float, str], None]


@dataclass
class DemoSummary:
    path: Path
    events: int
    active_events: int
    resources: int
    assignments: int
    journal_entries: int
    seconds: float


def _iso_factory() -> Callable[[int], str]:
    """ms since the epoch -> ``YYYY-MM-DDTHH:MM:SS.mmmZ`` (as utc_now_iso), with a per-day cache."""
    days: dict[int, str] = {}

    def iso(ms: int) -> str:
        day, rem = divmod(ms, 86_400_000)
        prefix = days.get(day)
        if prefix is None:
            prefix = days[day] = datetime.fromtimestamp(day * 86400, timezone.utc).strftime("%Y-%m-%dT")
        h, rem = divmod(rem, 3_600_000)
        m, rem = divmod(rem, 60_000)
        s, milli = divmod(rem, 1000)
        return f"{prefix}{h:02d}:{m:02d}:{s:02d}.{milli:03d}Z"

    return iso


def check_target(path: Path, *, force: bool) -> None:
    """Refuse to overwrite a store holding events, unless it is a demo and ``force`` is given."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            demo = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza: non viene sovrascritto."),
                        path) from None
    if events == 0:
        return
    if not force:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "L'archivio {0} contiene già {1} interventi: usare --force per sostituire un archivio "
                      "dimostrativo."), path, events)
    if not demo or demo[0] != "1":
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "L'archivio {0} non è dimostrativo: non viene sostituito nemmeno con --force."), path)


def _province_and_town(catalogs: Catalogs, station_code: str, corps: str) -> tuple[str, str]:
    by_name = {m.name.lower(): m for m in catalogs.municipalities.values()}
    tail = corps.rsplit(" di ", 1)[-1].strip().lower() if " di " in corps else ""
    if tail in by_name:
        town = by_name[tail]
        return town.province_code, town.istat
    prov = station_code[:2]
    if prov not in PROVINCE_CAPITALS:
        prov = "BG"
    return prov, by_name[PROVINCE_CAPITALS[prov].lower()].istat


def generate(path: str | Path, *, events: int, seed: int = 1, station_code: str = "BG01",
             corps: str = "Polizia Locale di Bergamo", force: bool = False, now: datetime | None = None,
             catalogs: Catalogs | None = None, progress: Progress | None = None) -> DemoSummary:
    """Build a demo store at ``path`` (see the module doc). Bad input raises UserError, nothing written."""
    import time

    from ..resources import load_catalogs

    if isinstance(events, bool) or not isinstance(events, int) or not 0 <= events <= MAX_EVENTS:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Numero di interventi non valido: {0} (da 0 a {1})."),
                        events, MAX_EVENTS)
    station_code = (station_code or "").strip().upper()
    if not STATION_RE.match(station_code):
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "Codice postazione non valido: «{0}» (2-8 lettere o cifre, es. BG01)."), station_code)
    corps = " ".join((corps or "").split())
    if not corps or len(corps) > 120:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Indicare il nome del comando (massimo 120 caratteri)."))
    path = Path(path)
    check_target(path, force=force)
    if path.parent and not path.parent.exists():
        raise UserError(QT_TRANSLATE_NOOP("errors", "La cartella {0} non esiste."), path.parent)
    started = time.monotonic()
    catalogs = catalogs or load_catalogs()
    now = now or datetime.now(timezone.utc)
    tmp = path.with_name(path.name + ".demo-part")
    _remove_db(tmp)
    try:
        summary = _Builder(tmp, catalogs, seed=seed, station_code=station_code, corps=corps,
                           now_ms=int(now.timestamp() * 1000), progress=progress).build(events)
        _remove_db(path)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except sqlite3.DatabaseError as exc:
        _remove_db(tmp)
        raise StoreError(f"impossibile scrivere l'archivio dimostrativo {path}: {exc}") from exc
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


class _Builder:
    def __init__(self, path: Path, catalogs: Catalogs, *, seed: int, station_code: str, corps: str,
                 now_ms: int, progress: Progress | None):
        self.path = path
        self.cat = catalogs
        self.rng = random.Random(seed)
        self.seed = seed
        self.station = station_code
        self.corps = corps
        self.now_ms = now_ms
        self.progress = progress or (lambda fraction, phase: None)
        self.iso = _iso_factory()
        self.replica = uuid.uuid4().hex[:16]
        self.max_hlc = 0
        self.counters: dict[int, int] = {}
        self.year_starts: list[tuple[int, int]] = []
        self.rows: dict[str, list[tuple]] = {"events": [], "journal": [], "assignments": []}
        self.audit_entries: list[tuple[str, str, str, str, str, str]] = []
        self.n_events = self.n_journal = self.n_assign = 0
        self.nue_seq = 0

    # ------------------------------------------------------------- primitives
    def new_id(self, ms: int) -> str:
        r = self.rng.getrandbits(74)
        value = (ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
        h = "%032x" % value
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hlc(self, ms: int) -> str:
        if ms > self.max_hlc:
            self.max_hlc = ms
        return f"{ms:013d}-00000-{self.replica}"

    def year_of(self, ms: int) -> int:
        i = bisect.bisect_right(self.year_starts, (ms, 10**9)) - 1
        return self.year_starts[i][1]

    def next_number(self, ms: int) -> str:
        year = self.year_of(ms)
        n = self.counters.get(year, 0) + 1
        self.counters[year] = n
        return f"{self.station}-{year}-{n:06d}"

    def add(self, table: str, values: tuple, at: str, operator: str, action: str) -> None:
        self.rows[table].append(values)
        self.audit_entries.append((at, operator, action, table, values[0],
                                   plain_row_digest(dict(zip(self.columns[table], values)))))

    # ------------------------------------------------------------------ build
    def build(self, n_events: int) -> DemoSummary:
        import time
        started = time.monotonic()
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")  # scratch file, replaced only when complete
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("PRAGMA temp_store = MEMORY")
        db = sqlite_utils.Database(conn)
        try:
            database.migrate(db)
            self.columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")]
                            for t in ("events", "journal", "assignments", "resources", "operators")}
            self.audit = AuditTrail(db)
            indexes = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('events', 'journal', 'assignments', 'audit')").fetchall()
            conn.execute("BEGIN")
            for name in FTS_TRIGGER_NAMES:
                conn.execute(f"DROP TRIGGER {name}")
            for name, _sql in indexes:
                conn.execute(f"DROP INDEX {name}")
            self._setup_tables(conn)
            conn.execute("COMMIT")
            self._events(conn, n_events)
            self.progress(0.86, "indici")
            conn.execute("BEGIN")
            for i, (_name, sql) in enumerate(indexes):
                conn.execute(sql)
                self.progress(0.86 + 0.08 * (i + 1) / len(indexes), "indici")
            conn.execute("COMMIT")
            conn.executescript(FTS_TRIGGERS)
            conn.execute("BEGIN")
            conn.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
            self.progress(0.96, "ricerca")
            conn.execute("INSERT INTO journal_fts(journal_fts) VALUES ('rebuild')")
            conn.executemany("INSERT OR REPLACE INTO event_counters (station_code, year, last) VALUES (?, ?, ?)",
                             [(self.station, y, n) for y, n in sorted(self.counters.items())])
            meta = {"demo": "1", "setup_done": "1", "station_name": f"Sala operativa - {self.corps}",
                    "demo_seed": str(self.seed), "demo_events": str(n_events),
                    "hlc_last": f"{max(self.max_hlc, 1):013d}-00000-{self.replica}",
                    # For benchmarks that reuse the file: how fast it was written.
                    "demo_build_s": f"{time.monotonic() - started:.2f}",
                    "demo_rows": str(self.n_events + self.n_journal + self.n_assign)}
            conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = WAL")  # the finished file is a normal store
        finally:
            conn.close()
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        self.progress(1.0, "fatto")
        return DemoSummary(self.path, self.n_events, self.n_active, len(self.units), self.n_assign,
                           self.n_journal, 0.0)

    def _setup_tables(self, conn: sqlite3.Connection) -> None:
        rng = self.rng
        start_iso = self.iso(self.now_ms)
        meta = {"replica_id": self.replica, "created_at": start_iso, "station_code": self.station,
                "corps": self.corps}
        conn.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        # Operators.
        self.operators = [name for name, _role in D.OPERATORS]
        self.admin = self.operators[0]
        op_rows = []
        for name, role in D.OPERATORS:
            row = (self.new_id(self.now_ms - 400 * 86_400_000), name, role, 1, self.iso(self.now_ms - 400 * 86_400_000))
            op_rows.append(row)
            self.audit_entries.append((row[4], self.admin, "operator.add", "operators", row[0],
                                       plain_row_digest(dict(zip(self.columns["operators"], row)))))
        conn.executemany("INSERT INTO operators VALUES (?, ?, ?, ?, ?)", op_rows)
        # Units: statuses are settled once the active events have been planned.
        self.units = []
        for kind, pattern, count in D.UNIT_PLAN:
            for i in range(1, count + 1):
                plate = None if kind in ("officer", "bicycle") else \
                    f"YA{rng.randint(100, 999)}{rng.choice('ABCDEFGHLMNPRSTVZ')}{rng.choice('ABCDEFGHLMNPRSTVZ')}"
                self.units.append({"id": self.new_id(self.now_ms - 400 * 86_400_000), "kind": kind,
                                   "call_sign": pattern.format(i), "status": "available", "plate": plate,
                                   "radio_channel": f"Canale {1 + (i % 2)}", "corps": self.corps,
                                   "notes": None, "active": 1})
        self.units[12]["status"] = "out_of_service"  # Bravo 5
        self.units[12]["notes"] = "In officina per tagliando."
        self.units[17]["status"] = "out_of_service"  # Moto 5
        # Years of the numbering (station's local time, as Store._next_number).
        first_year = datetime.fromtimestamp((self.now_ms - 3700 * 86_400_000) / 1000).year
        last_year = datetime.fromtimestamp(self.now_ms / 1000).year + 1
        for y in range(first_year, last_year + 1):
            self.year_starts.append((int(datetime(y, 1, 1).timestamp() * 1000), y))
        # Places.
        province, town = _province_and_town(self.cat, self.station, self.corps)
        self.province, self.town = province, town
        others = sorted(m.istat for m in self.cat.municipalities.values()
                        if m.province_code == province and m.istat != town)
        rng.shuffle(others)
        self.places = [town] + others
        weights = [0.0] + [1.0 / (i + 1) for i in range(len(others))]
        total_others = sum(weights) or 1.0
        cum, acc = [], 0.0
        for i, w in enumerate(weights):
            acc += 0.55 if i == 0 else 0.45 * w / total_others
            cum.append(acc)
        self.place_cum = cum
        self.centre = D.PROVINCE_CENTRES[province]
        self.streets = {istat: rng.sample(D.STREETS, k=min(len(D.STREETS), 60 if istat == town else 15))
                        for istat in self.places}
        # Types.
        codes = [c for c in D.TYPE_WEIGHTS if c in self.cat.event_types]
        acc, self.type_cum = 0.0, []
        for c in codes:
            acc += D.TYPE_WEIGHTS[c]
            self.type_cum.append(acc)
        self.type_codes = codes
        self.priority_order = ["white", "green", "yellow", "red"]
        self.type_labels = {c: self.cat.type_label(c) for c in self.cat.event_types}
        self.channel_labels = {c.value: c.label for c in Channel}
        self.channel_cum = [("phone", 0.45), ("nue112", 0.70), ("radio", 0.78), ("initiative", 0.89),
                            ("front_desk", 0.94), ("video", 1.0)]
        self.phone_pool: list[str] = []

    def pick_place(self) -> str:
        return self.places[min(bisect.bisect_left(self.place_cum, self.rng.random() * self.place_cum[-1]),
                               len(self.places) - 1)]

    def pick_type(self) -> str:
        return self.type_codes[bisect.bisect_left(self.type_cum, self.rng.random() * self.type_cum[-1])]

    def phone(self) -> str:
        """Callers repeat: a few numbers call very often, so "prior events" show up."""
        rng = self.rng
        size = max(50, self.expected // 4)
        idx = int(size * rng.random() ** 1.5)
        while idx >= len(self.phone_pool):
            if rng.random() < 0.8:
                self.phone_pool.append(f"+39 3{rng.randint(20, 93)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}")
            else:
                self.phone_pool.append(f"035 {rng.randint(200000, 999999)}")
        return self.phone_pool[idx]

    # --------------------------------------------------------------- events
    def _events(self, conn: sqlite3.Connection, n: int) -> None:
        rng = self.rng
        self.expected = n
        n_active = 0 if n == 0 else (rng.randint(30, 80) if n >= 100 else max(1, n // 3))
        self.n_active = n_active
        n_hist = n - n_active
        span_days = min(3650, max(60, n // 250))
        start = self.now_ms - span_days * 86_400_000
        end = self.now_ms - 4 * HOUR_MS
        step = (end - start) / max(n_hist, 1)
        n_majors = 0 if n_hist < 20 else max(1, min(300, n_hist // 5000))
        major_every = n_hist // (n_majors + 1) if n_majors else 0
        n_exercises = 0 if n_hist < 50 else max(2, n_hist // 500)
        exercise_every = n_hist // (n_exercises + 1) if n_exercises else 0
        active = self._plan_active(n_active)
        self._write_units(conn)
        parent: tuple[str, str, int] | None = None  # (id, municipality, children left)
        for i in range(n_hist):
            ms = int(start + (i + rng.random()) * step)
            if major_every and i % major_every == major_every // 2:
                code = rng.choice(D.MAJOR_TYPES)
                eid = self._historical(ms, code=code, exercise=False)
                parent = (eid, self.last_place, rng.randint(2, 4))
            elif parent is not None:
                pid, place, left = parent
                self._historical(ms, code=rng.choice(D.CHILD_TYPES.get(self.last_major_code, D.MAJOR_TYPES)),
                                 parent_id=pid, place=place)
                parent = (pid, place, left - 1) if left > 1 else None
            else:
                self._historical(ms, exercise=bool(exercise_every and i % exercise_every == 1))
            if len(self.rows["events"]) >= CHUNK_EVENTS:
                self._flush(conn)
                self.progress(0.85 * self.n_events / max(n, 1), "interventi")
        for plan in active:
            self._active(plan)
        self._flush(conn)
        self.progress(0.85, "interventi")

    def _write_units(self, conn: sqlite3.Connection) -> None:
        cols = self.columns["resources"]
        rows = []
        at = self.iso(self.now_ms - 400 * 86_400_000)
        for u in self.units:
            values = {**u, "_hlc": self.hlc(self.now_ms - 400 * 86_400_000), "_versions": "{}"}
            if u["status"] != "available":
                values["_versions"] = json.dumps({"status": self.hlc(self.now_ms - 5 * MIN_MS)}, sort_keys=True)
            row = tuple(values.get(c) for c in cols)  # columns the demo does not fill (position): NULL
            rows.append(row)
            self.audit_entries.append((at, self.admin, "resource.add", "resources", row[0],
                                       plain_row_digest(dict(zip(cols, row)))))
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO resources VALUES ({', '.join('?' for _ in cols)})", rows)
        self.audit.append_many(self.audit_entries)
        conn.execute("COMMIT")
        self.audit_entries = []

    def _flush(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN")
        for table, rows in self.rows.items():
            if rows:
                conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in self.columns[table])})",
                                 rows)
                rows.clear()
        self.audit.append_many(self.audit_entries)
        self.audit_entries = []
        conn.execute("COMMIT")

    def _base_event(self, ms: int, code: str | None, place: str | None, exercise: bool) -> dict[str, Any]:
        rng = self.rng
        code = code or self.pick_type()
        priority = self.cat.event_types[code].priority
        if rng.random() < 0.08:
            rank = self.priority_order.index(priority) + rng.choice((-1, 1))
            priority = self.priority_order[min(3, max(0, rank))]
        place = place or self.pick_place()
        self.last_place = place
        if code in D.MAJOR_TYPES:
            self.last_major_code = code
        r = rng.random()
        channel = next(c for c, p in self.channel_cum if r <= p)
        if code.startswith("CTR."):
            channel = "video" if code == "CTR.VIDEO" else "initiative"
        nue = None
        if channel == "nue112":
            self.nue_seq += 1
            nue = f"NUE-{self.province}-{self.nue_seq:08d}"
        caller_name = caller_phone = None
        if channel in ("phone", "nue112", "front_desk"):
            caller_phone = self.phone() if channel != "front_desk" or rng.random() < 0.5 else None
            if rng.random() < 0.75:
                caller_name = f"{rng.choice(D.FIRST_NAMES)} {rng.choice(D.SURNAMES)}"
        street = rng.choice(self.streets[place])
        address = street if rng.random() < 0.1 else f"{street} {int(1 + 120 * rng.random() ** 2)}"
        lat = lon = None
        if rng.random() < 0.6:
            spread = 0.03 if place == self.town else 0.25
            lat = round(self.centre[0] + rng.uniform(-spread, spread), 5)
            lon = round(self.centre[1] + rng.uniform(-spread, spread), 5)
        template = rng.choice(D.DESCRIPTIONS.get(code) or D.DESCRIPTIONS[code.split(".")[0]])
        description = template.format(v=rng.choice(D.VEHICLES), v2=rng.choice(D.VEHICLES),
                                      c=rng.choice(D.COLOURS), n=rng.randint(2, 6), s=rng.choice(D.SURNAMES))
        if exercise:
            description = "[ESERCITAZIONE] " + description
        shared = (rng.random() < 0.7) if code.startswith(D.SHARED_PREFIXES) else (rng.random() < 0.03)
        operator = self.operators[int(len(self.operators) * rng.random() ** 1.5)]
        return {
            "id": self.new_id(ms), "number": self.next_number(ms), "received_at": self.iso(ms),
            "channel": channel, "nue_contact_id": nue, "type_code": code, "priority": priority,
            "status": "new", "municipality_istat": place,
            "municipality_name": self.cat.municipalities[place].name, "address": address,
            "lat": lat, "lon": lon, "caller_name": caller_name, "caller_phone": caller_phone,
            "description": description, "sharing": "shared" if shared else "reserved",
            "exercise": 1 if exercise else 0, "parent_id": None, "outcome": None, "first_sent_at": None,
            "closed_at": None, "created_by": operator, "created_at": self.iso(ms + rng.randint(20, 150) * 1000),
            "updated_at": None, "origin": self.replica, "corps": self.corps,
            "_hlc": self.hlc(ms), "_versions": "{}", "_ms": ms,
        }

    def _journal(self, event: dict[str, Any], ms: int, text: str, kind: str, author: str,
                 automatic: bool = True) -> None:
        rng = self.rng
        jid = self.new_id(ms)
        struck = (None, None, None)
        versions = "{}"
        if not automatic and rng.random() < 0.01:
            sms = ms + rng.randint(1, 20) * MIN_MS
            struck = (self.iso(sms), author, rng.choice(D.STRIKE_REASONS))
            h = self.hlc(sms)
            versions = json.dumps({"strike_reason": h, "struck_at": h, "struck_by": h}, sort_keys=True)
        at = self.iso(ms)
        self.add("journal", (jid, event["id"], at, author, text, 1 if automatic else 0, kind, *struck,
                             self.hlc(ms), versions), at, author, f"journal.{kind}")
        self.n_journal += 1

    def _write_event(self, ev: dict[str, Any], changed: dict[str, int]) -> None:
        if changed:
            ev["_versions"] = json.dumps({k: self.hlc(v) for k, v in changed.items()}, sort_keys=True)
        ms = ev.pop("_ms")
        values = tuple(ev[c] for c in self.columns["events"])
        self.add("events", values, self.iso(ms), ev["created_by"], "event.create")
        self.n_events += 1

    def _received_entry(self, ev: dict[str, Any], ms: int) -> None:
        self._journal(ev, ms, "Intervento ricevuto ({0}): {1}.".format(
            self.channel_labels[ev["channel"]], self.type_labels[ev["type_code"]]), "system", ev["created_by"])

    def _historical(self, ms: int, *, code: str | None = None, parent_id: str | None = None,
                    place: str | None = None, exercise: bool = False) -> str:
        rng = self.rng
        ev = self._base_event(ms, code, place, exercise)
        ev["parent_id"] = parent_id
        op = ev["created_by"]
        # Written in this order: event first (journal and assignments refer to it).
        pending_journal: list[tuple[int, str, str, bool]] = []
        pending_assign: list[tuple] = []
        cancelled = rng.random() < 0.04
        dispatched = rng.random() < (0.3 if cancelled else 0.85)
        prio = ev["priority"]
        end = ms + rng.randint(2, 60) * MIN_MS
        prev_label = EventStatus.NEW.label
        if dispatched:
            n_units = 1 + (rng.random() < 0.25 if prio in ("red", "yellow") else 0) + (prio == "red" and rng.random() < 0.1)
            delay = rng.randint(30, 300) if prio == "red" else rng.randint(60, 900)
            sent = ms + delay * 1000
            ev["first_sent_at"] = self.iso(sent)
            last_clear = sent
            for k in range(n_units):
                unit = self.units[rng.randrange(len(self.units))]
                s = sent + k * rng.randint(60, 600) * 1000
                aid = self.new_id(s)
                en_route = s + rng.randint(10, 120) * 1000 if rng.random() < 0.75 else None
                if cancelled:
                    clear = s + rng.randint(2, 10) * MIN_MS
                    on_scene = None
                    status = AssignmentStatus.CANCELLED.value
                else:
                    on_scene = s + rng.randint(3, 25) * MIN_MS
                    clear = on_scene + rng.randint(10, 120) * MIN_MS
                    status = AssignmentStatus.CLEARED.value
                last_clear = max(last_clear, clear)
                versions = {"cleared_at": clear, "status": clear}
                if en_route:
                    versions["en_route_at"] = en_route
                if on_scene:
                    versions["on_scene_at"] = on_scene
                pending_assign.append((aid, ev["id"], unit["id"], status, self.iso(s), self.iso(s),
                                       self.iso(en_route) if en_route else None,
                                       self.iso(on_scene) if on_scene else None, self.iso(clear), op,
                                       self.hlc(s), json.dumps({f: self.hlc(t) for f, t in versions.items()},
                                                               sort_keys=True)))
                pending_journal.append((s, f"Unità {unit['call_sign']}: inviata.", "assignment", True))
                if on_scene:
                    pending_journal.append((on_scene, f"Unità {unit['call_sign']}: sul posto.", "assignment", True))
            end = last_clear + rng.randint(0, 10) * MIN_MS
            # Units called back before arriving leave the event "assigned"; otherwise it was on scene.
            prev_label = EventStatus.ASSIGNED.label if cancelled else EventStatus.ON_SCENE.label
        if rng.random() < 0.2:
            pending_journal.append((ms + rng.randint(1, 15) * MIN_MS, rng.choice(D.NOTES), "note", False))
        if cancelled:
            outcome = rng.choice(D.CANCEL_OUTCOMES)
            final = EventStatus.CANCELLED
        else:
            outcome = rng.choice(D.OUTCOMES_BY_PREFIX.get(ev["type_code"].split(".")[0], D.OUTCOMES_BY_PREFIX["CTR"]))
            final = EventStatus.CLOSED
        pending_journal.append((end, f"Stato: {prev_label} → {final.label}. Esito: {outcome}", "status", True))
        ev.update(status=final.value, outcome=outcome, closed_at=self.iso(end), updated_at=self.iso(end))
        changed = {"closed_at": end, "outcome": end, "status": end, "updated_at": end}
        if dispatched:
            changed["first_sent_at"] = ms + 1
        eid = ev["id"]
        self._write_event(ev, changed)
        self._received_entry(ev, ms)
        for a in pending_assign:
            self.add("assignments", a, a[4], op, "assignment.create")
            self.n_assign += 1
        for t, text, kind, auto in sorted(pending_journal, key=lambda x: x[0]):
            self._journal(ev, t, text, kind, op if auto or rng.random() < 0.5 else rng.choice(self.operators), auto)
        return eid

    # --------------------------------------------------------- active events
    def _plan_active(self, count: int) -> list[dict[str, Any]]:
        """Statuses and units of the events still open, settled before the units are written."""
        rng = self.rng
        free = [u for u in self.units if u["status"] == "available"]
        rng.shuffle(free)
        plans = []
        for i in range(count):
            ms = self.now_ms - 4 * HOUR_MS + int((i + rng.random()) * (4 * HOUR_MS - 2 * MIN_MS) / count)
            r = rng.random()
            status = ("new" if r < 0.2 else "waiting" if r < 0.4 else "assigned" if r < 0.65
                      else "on_scene" if r < 0.9 else "suspended" if r < 0.95 else "reopened")
            units: list[tuple[dict[str, Any], str]] = []
            if status in ("assigned", "on_scene", "reopened"):
                wanted = 2 if rng.random() < 0.15 else 1
                for _ in range(wanted):
                    if not free:
                        break
                    unit = free.pop()
                    if status == "on_scene" and not units:
                        a_status = "on_scene"
                    else:
                        a_status = rng.choice(("sent", "sent", "en_route", "requested"))
                    units.append((unit, a_status))
                    unit["status"] = "sent" if a_status == "requested" else a_status
                if not units:
                    status = "waiting"
            plans.append({"ms": ms, "status": status, "units": units,
                          "major": count >= 10 and i == count // 2, "child_of_major": count >= 10 and
                          count // 2 < i <= count // 2 + 2})
        return plans

    def _active(self, plan: dict[str, Any]) -> None:
        rng = self.rng
        ms = plan["ms"]
        if plan["major"]:
            ev = self._base_event(ms, "PC.ALLAGAMENTO", self.town, False)
            self.active_major = (ev["id"], self.town)
        elif plan["child_of_major"] and getattr(self, "active_major", None):
            ev = self._base_event(ms, rng.choice(D.CHILD_TYPES["PC.ALLAGAMENTO"]), self.active_major[1], False)
            ev["parent_id"] = self.active_major[0]
        else:
            ev = self._base_event(ms, None, None, False)
        op = ev["created_by"]
        status = plan["status"]
        journal: list[tuple[int, str, str, bool]] = []
        changed: dict[str, int] = {}
        t = ms + rng.randint(1, 5) * MIN_MS
        if status == "reopened":
            journal.append((t, f"Stato: {EventStatus.NEW.label} → {EventStatus.CLOSED.label}. "
                               f"Esito: Nulla da rilevare all'arrivo della pattuglia.", "status", True))
            t += rng.randint(5, 20) * MIN_MS
            journal.append((t, f"Stato: {EventStatus.CLOSED.label} → {EventStatus.REOPENED.label}. "
                               f"Il segnalante richiama: il problema si ripresenta.", "status", True))
        elif status in ("waiting", "suspended"):
            target = EventStatus(status)
            note = " Nessuna pattuglia libera in zona." if status == "waiting" else \
                " In attesa dell'arrivo del carro attrezzi."
            journal.append((t, f"Stato: {EventStatus.NEW.label} → {target.label}.{note}", "status", True))
        assigns = []
        prev = EventStatus(status) if status == "reopened" else EventStatus.NEW
        for k, (unit, a_status) in enumerate(plan["units"]):
            s = min(t + k * 2 * MIN_MS, self.now_ms - MIN_MS)
            times = {"requested_at": s, "sent_at": s if a_status != "requested" else None,
                     "en_route_at": None, "on_scene_at": None}
            if a_status in ("en_route", "on_scene"):
                times["en_route_at"] = min(s + rng.randint(10, 90) * 1000, self.now_ms - 30_000)
            if a_status == "on_scene":
                times["on_scene_at"] = min(s + rng.randint(3, 15) * MIN_MS, self.now_ms - 20_000)
            versions = {f: v for f, v in times.items() if v is not None and f not in ("requested_at", "sent_at")}
            if versions:
                versions["status"] = max(versions.values())
            assigns.append((self.new_id(s), ev["id"], unit["id"], a_status, self.iso(s),
                            self.iso(times["sent_at"]) if times["sent_at"] else None,
                            self.iso(times["en_route_at"]) if times["en_route_at"] else None,
                            self.iso(times["on_scene_at"]) if times["on_scene_at"] else None, None, op,
                            self.hlc(s), json.dumps({f: self.hlc(v) for f, v in versions.items()}, sort_keys=True)))
            first = AssignmentStatus.REQUESTED if a_status == "requested" else AssignmentStatus.SENT
            journal.append((s, f"Unità {unit['call_sign']}: {first.label}.", "assignment", True))
            if k == 0:
                journal.append((s, f"Stato: {prev.label} → {EventStatus.ASSIGNED.label}.", "status", True))
                if times["sent_at"]:
                    ev["first_sent_at"] = self.iso(times["sent_at"])
                    changed["first_sent_at"] = times["sent_at"]
            if a_status == "on_scene":
                journal.append((times["on_scene_at"], f"Unità {unit['call_sign']}: {AssignmentStatus.ON_SCENE.label}.",
                                "assignment", True))
                if k == 0:
                    journal.append((times["on_scene_at"], f"Stato: {EventStatus.ASSIGNED.label} → "
                                                          f"{EventStatus.ON_SCENE.label}.", "status", True))
        if status == "reopened" and plan["units"]:
            status = "on_scene" if plan["units"][0][1] == "on_scene" else "assigned"
        if rng.random() < 0.4:
            journal.append((min(ms + rng.randint(1, 30) * MIN_MS, self.now_ms - 10_000), rng.choice(D.NOTES),
                            "note", False))
        ev["status"] = status
        last = max([ms] + [j[0] for j in journal])
        ev["updated_at"] = self.iso(last)
        if last > ms:
            changed["updated_at"] = last
            if status != "new":
                changed["status"] = last
        self._write_event(ev, changed)
        self._received_entry(ev, ms)
        for a in assigns:
            self.add("assignments", a, a[4], op, "assignment.create")
            self.n_assign += 1
        for t_, text, kind, auto in sorted(journal, key=lambda x: x[0]):
            self._journal(ev, t_, text, kind, op, auto)
