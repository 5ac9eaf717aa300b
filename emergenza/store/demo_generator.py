"""The demo record's stories: what happened to each event, in bulk.

One job: from the world of demo_world.py, ten years of closed events (with their journal
and assignments, a few major events with child events, some exercises) and the events
still open now, handed to the bulk writer (demo_writer.py) in large batches. Every row
gets its audit entry (hash chain + row digest), so ``emergenza check`` passes on the
result. Deterministic for a given seed and ``now``: only the replica id is random.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.catalogs import Catalogs
from ..domain.enums import AssignmentStatus, EventStatus
from . import demo_data as D
from .audit import plain_row_digest
from .demo_world import DemoWorld
from .demo_writer import AuditEntry, BulkWriter, Progress
from .meta import MetaKey
from .passwords import hash_secret

CHUNK_EVENTS = 20_000
HOUR_MS = 3_600_000
MIN_MS = 60_000


@dataclass
class DemoSummary:
    path: Path
    events: int
    active_events: int
    resources: int
    assignments: int
    journal_entries: int
    seconds: float


class DemoGenerator(DemoWorld):
    def __init__(self, path: Path, catalogs: Catalogs, *, seed: int, station_code: str, corps: str,
                 now_ms: int, progress: Progress | None):
        super().__init__(catalogs, seed=seed, station_code=station_code, corps=corps, now_ms=now_ms)
        self.path = path
        self.progress = progress or (lambda fraction, phase: None)
        self.rows: dict[str, list[tuple]] = {"events": [], "journal": [], "assignments": []}
        self.audit_entries: list[AuditEntry] = []
        self.n_events = self.n_journal = self.n_assign = 0

    def add(self, table: str, values: tuple, at: str, operator: str, action: str) -> None:
        self.rows[table].append(values)
        self.audit_entries.append((at, operator, action, table, values[0],
                                   plain_row_digest(dict(zip(self.columns[table], values, strict=False)))))

    # ------------------------------------------------------------------ build
    def build(self, n_events: int) -> DemoSummary:
        started = time.monotonic()
        writer = BulkWriter(self.path)
        try:
            self.columns = writer.columns
            self._setup_tables(writer)
            self._events(writer, n_events)
            self.progress(0.86, "indici")
            writer.finish(self.station, self.counters, lambda: {
                MetaKey.DEMO: "1", MetaKey.SETUP_DONE: "1", MetaKey.STATION_NAME: f"Sala operativa - {self.corps}",
                MetaKey.DEMO_SEED: str(self.seed), MetaKey.DEMO_EVENTS: str(n_events),
                MetaKey.HLC_LAST: f"{max(self.max_hlc, 1):013d}-00000-{self.replica}",
                # For benchmarks that reuse the file: how fast it was written.
                MetaKey.DEMO_BUILD_S: f"{time.monotonic() - started:.2f}",
                MetaKey.DEMO_ROWS: str(self.n_events + self.n_journal + self.n_assign)}, self.progress)
        finally:
            writer.close()
        self.progress(1.0, "fatto")
        return DemoSummary(self.path, self.n_events, self.n_active, len(self.units), self.n_assign,
                           self.n_journal, 0.0)

    def _setup_tables(self, writer: BulkWriter) -> None:
        """The store's identity and the operators (their audit entries go with the units')."""
        self.audit_entries += [(row[4], self.admin, "operator.add", "operators", row[0],
                                plain_row_digest(dict(zip(self.columns["operators"], row, strict=False))))
                               for row in self.operator_rows]
        secrets = [(row[0], hash_secret(D.DEMO_PIN), row[4], 0, None, None) for row in self.operator_rows]
        writer.write({"operators": self.operator_rows, "operator_secrets": secrets}, meta={
            MetaKey.REPLICA_ID: self.replica, MetaKey.CREATED_AT: self.iso(self.now_ms),
            MetaKey.STATION_CODE: self.station, MetaKey.CORPS: self.corps})

    # --------------------------------------------------------------- events
    def _events(self, writer: BulkWriter, n: int) -> None:
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
        self._write_units(writer)
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
                self._flush(writer)
                self.progress(0.85 * self.n_events / max(n, 1), "interventi")
        for plan in active:
            self._active(plan)
        self._flush(writer)
        self.progress(0.85, "interventi")

    def _write_units(self, writer: BulkWriter) -> None:
        cols = self.columns["resources"]
        rows = []
        at = self.iso(self.now_ms - 400 * 86_400_000)
        for u in self.units:
            values = {**u, "_hlc": self.hlc(self.now_ms - 400 * 86_400_000), "_versions": "{}"}
            if u["status"] != "available":
                values["_versions"] = json.dumps({"status": self.hlc(self.now_ms - 5 * MIN_MS)}, sort_keys=True)
            row = tuple(values.get(c) for c in cols)  # columns the demo does not fill (position): NULL
            rows.append(row)
            self.audit_entries.append((at, self.admin, "resource.add", "resources", str(row[0]),
                                       plain_row_digest(dict(zip(cols, row, strict=False)))))
        writer.write({"resources": rows}, self.audit_entries)
        self.audit_entries = []

    def _flush(self, writer: BulkWriter) -> None:
        writer.write(self.rows, self.audit_entries)
        for rows in self.rows.values():
            rows.clear()
        self.audit_entries = []

    def _journal(self, event: dict[str, Any], ms: int, text: str, kind: str, author: str,
                 automatic: bool = True) -> None:
        rng = self.rng
        jid = self.new_id(ms)
        struck: tuple[str | None, str | None, str | None] = (None, None, None)
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
        values = tuple(ev.get(c) for c in self.columns["events"])  # a column it does not fill is NULL
        self.add("events", values, self.iso(ms), ev["created_by"], "event.create")
        self.n_events += 1

    def _received_entry(self, ev: dict[str, Any], ms: int) -> None:
        self._journal(ev, ms, "Intervento ricevuto ({0}): {1}.".format(
            self.channel_labels[ev["channel"]], self.type_labels[ev["type_code"]]), "system", ev["created_by"])

    def _historical(self, ms: int, *, code: str | None = None, parent_id: str | None = None,
                    place: str | None = None, exercise: bool = False) -> str:
        rng = self.rng
        ev = self.base_event(ms, code, place, exercise)
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
            n_units = (1 + (rng.random() < 0.25 if prio in self.urgent else 0)
                       + (prio == self.most_urgent and rng.random() < 0.1))
            delay = rng.randint(30, 300) if prio == self.most_urgent else rng.randint(60, 900)
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
            ev = self.base_event(ms, "PC.ALLAGAMENTO", self.town, False)
            self.active_major = (ev["id"], self.town)
        elif plan["child_of_major"] and getattr(self, "active_major", None):
            ev = self.base_event(ms, rng.choice(D.CHILD_TYPES["PC.ALLAGAMENTO"]), self.active_major[1], False)
            ev["parent_id"] = self.active_major[0]
        else:
            ev = self.base_event(ms, None, None, False)
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
