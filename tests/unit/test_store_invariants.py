"""Rule-based (hypothesis) checks of the store's two promises:
every change to a synced table leaves exactly one outbox row, and the journal never loses an entry."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from emergenza.domain.enums import EventStatus
from emergenza.domain.errors import UserError
from emergenza.domain.lifecycle import EVENT_TRANSITIONS, next_assignment_status
from emergenza.resources import default_catalogs
from emergenza.store import Store
from emergenza.store.schema import SYNCED_TABLES
from tests.support.factories import DUTY_OFFICER as OP

TYPES = ["INC.DANNI", "INC.FERITI", "VIA.SOSTA", "DIS.RUMORE", "PC.ALBERO"]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=40)


def _count_writes(db) -> None:
    """Independent witness: TEMP triggers count every row written to a synced table."""
    db.execute("CREATE TEMP TABLE writes (n INTEGER)")
    db.execute("INSERT INTO temp.writes VALUES (0)")
    for table in SYNCED_TABLES:
        for op in ("INSERT", "UPDATE", "DELETE"):
            db.execute(f"CREATE TEMP TRIGGER w_{table}_{op} AFTER {op} ON main.{table} "
                       f"BEGIN UPDATE writes SET n = n + 1; END")


class StoreMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="emergenza-hyp-"))
        self.store = Store.open(self.dir / "s.db", default_catalogs(), station_code="BG01")
        _count_writes(self.store.db)
        self.units = [self.store.units.add({"kind": "patrol", "call_sign": f"Alfa {i}"}, operator=OP)["id"]
                      for i in range(1, 4)]
        self.events: list[str] = []
        self.entries: dict[str, dict] = {}  # journal id -> row as first seen
        self.last_journal = 0

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def writes(self) -> int:
        return self.store.db.execute("SELECT n FROM temp.writes").fetchone()[0]

    def attempt(self, fn, *args, **kwargs):
        """Run one store call; a refusal (UserError) must write nothing at all."""
        before = (self.writes(), self.store.outbox.count(), self.audit_len())
        try:
            fn(*args, **kwargs)
        except UserError:
            assert (self.writes(), self.store.outbox.count(), self.audit_len()) == before
            return False
        return True

    def audit_len(self) -> int:
        return self.store.db.execute("SELECT count(*) FROM audit").fetchone()[0]

    @rule(type_code=st.sampled_from(TYPES), description=TEXT, phone=st.sampled_from(["", "035 123456", "x"]))
    def create(self, type_code, description, phone):
        def go():
            ev = self.store.events.create({"type_code": type_code, "municipality_istat": "016024",
                                          "address": "Via Roma 1", "description": description,
                                          "caller_phone": phone}, operator=OP)
            self.events.append(ev["id"])
        self.attempt(go)

    @precondition(lambda self: self.events)
    @rule(i=st.integers(0, 10_000), status=st.sampled_from(list(EventStatus)))
    def change_status(self, i, status):
        eid = self.events[i % len(self.events)]
        self.attempt(self.store.events.change_status, eid, status.value, operator=OP, note="prova")

    @precondition(lambda self: self.events)
    @rule(i=st.integers(0, 10_000), text=TEXT)
    def note(self, i, text):
        self.attempt(self.store.events.add_note, self.events[i % len(self.events)], text, operator=OP)

    @precondition(lambda self: self.events)
    @rule(i=st.integers(0, 10_000), address=st.sampled_from(["Via Roma 1", "Via Verdi 2", ""]),
          priority=st.sampled_from(["red", "green", "blu"]))
    def update(self, i, address, priority):
        self.attempt(self.store.events.update, self.events[i % len(self.events)],
                     {"address": address, "priority": priority}, operator=OP)

    @precondition(lambda self: self.events)
    @rule(i=st.integers(0, 10_000), u=st.integers(0, 2))
    def assign(self, i, u):
        self.attempt(self.store.units.assign, self.events[i % len(self.events)], self.units[u], operator=OP)

    @rule(u=st.integers(0, 2))
    def advance(self, u):
        current = self.store.units.active_assignment(self.units[u])
        if current is not None and next_assignment_status(current["status"]):
            self.attempt(self.store.units.advance, current["id"], operator=OP)

    @precondition(lambda self: self.entries)
    @rule(i=st.integers(0, 10_000), reason=st.sampled_from(["errore", ""]))
    def strike(self, i, reason):
        ids = sorted(self.entries)
        self.attempt(self.store.events.strike_entry, ids[i % len(ids)], reason, operator=OP)

    @invariant()
    def one_outbox_row_per_write(self):
        assert self.store.outbox.count() == self.writes()

    @invariant()
    def journal_never_loses_an_entry(self):
        rows = {r["id"]: r for r in self.store.db.query("SELECT * FROM journal")}
        assert len(rows) >= self.last_journal
        self.last_journal = len(rows)
        for jid, first in self.entries.items():
            now = rows[jid]
            for key in ("event_id", "at", "author", "text", "automatic", "kind"):
                assert now[key] == first[key]
            if first["struck_at"]:
                assert now["struck_at"] == first["struck_at"]
        for jid, row in rows.items():
            if jid not in self.entries or (row["struck_at"] and not self.entries[jid]["struck_at"]):
                self.entries[jid] = row

    @invariant()
    def events_are_consistent(self):
        for ev in self.store.db.query("SELECT id, status FROM events"):
            active = self.store.db.execute(
                "SELECT count(*) FROM assignments WHERE event_id = ? AND status NOT IN ('cleared', 'cancelled')",
                [ev["id"]]).fetchone()[0]
            if not EventStatus(ev["status"]).is_active:
                assert active == 0
        assert set(EVENT_TRANSITIONS) == set(EventStatus)


def test_audit_stays_verifiable_after_a_random_session():
    machine = StoreMachine()
    try:
        for k in range(5):
            machine.create("INC.DANNI", f"evento {k}", "035 123456")
        machine.assign(0, 0)
        machine.advance(0)
        machine.note(1, "nota")
        machine.change_status(0, EventStatus.CLOSED)
        machine.one_outbox_row_per_write()
        assert machine.store.maintenance.verify_audit() == []
    finally:
        machine.teardown()


StoreMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])
TestStoreMachine = StoreMachine.TestCase
