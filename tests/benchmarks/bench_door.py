"""Cost of the server's door (emergenza/server/door.py) per pushed change, measured directly.

    python -m tests.benchmarks door --changes 20000

A real store makes the changes (events with their journal entries, then edits and notes,
as in ``bench sync``); they are pushed in batches of 1000 in-process into a SQLite server
file through ``syncstore.push``. Prints ``door_us_per_change`` (CPU time inside the door's
checks: look-ups, field rules, domain validation, uniqueness bookkeeping, per change),
``rules_us_per_change`` (the pure field rules and domain validation alone, no database),
``push_cpu_us_per_change`` (CPU time of the whole in-process push, door, merge, JSON and
SQL, per change: steadier than wall time on a shared machine), ``push_changes_s``
(in-process push throughput with the door) and ``door_share`` (the door's part of the
push's CPU time). CPU times are this thread's (``time.thread_time``).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from emergenza.domain import wire_rules as rules
from emergenza.resources import load_catalogs
from emergenza.server import accounts, door, syncstore
from emergenza.server.db import make_engine
from emergenza.server.migrations import migrate
from emergenza.store import Store

EVENT = {"type_code": "INC", "municipality_istat": "016024", "address": "via Roma 1",
         "description": "Tamponamento", "sharing": "shared"}
BATCH = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--changes", type=int, default=20_000, help="changes to push (default 20000)")
    parser.add_argument("--dir", help="working folder (default: a temporary one)")


_DOOR = door.Door


class _TimedDoor(_DOOR):
    spent = 0.0

    def _timed(name):
        def wrapper(self, *args, **kwargs):
            t0 = time.thread_time()
            try:
                return getattr(_DOOR, name)(self, *args, **kwargs)
            finally:
                _TimedDoor.spent += time.thread_time() - t0
        return wrapper

    preload = _timed("preload")
    admit = _timed("admit")
    admit_outcome = _timed("admit_outcome")
    accept = _timed("accept")
    write = _timed("write")


def _changes(store: Store, n: int) -> list[dict]:
    with store.db.atomic():  # set-up, not measured
        events = []
        while store.outbox.count() < n * 0.7:
            events.append(store.events.create(EVENT | {"description": f"Evento di prova {len(events)}"},
                                             operator="Bench")["id"])
        i = 0
        while store.outbox.count() < n:
            target = events[i % len(events)]
            if i % 2:
                store.events.update(target, {"address": f"via Dante {i}"}, operator="Bench")
            else:
                store.events.add_note(target, f"Nota {i}", operator="Bench")
            i += 1
    rows = store.outbox.pending(n)
    return [{k: r[k] for k in ("change_id", "entity", "entity_id", "fields", "hlc", "origin")} for r in rows]


def _rules_only(changes: list[dict], catalogs) -> float:
    states: dict[tuple[str, str], dict] = {}
    t0 = time.thread_time()
    for c in changes:
        key = (c["entity"], c["entity_id"])
        before = states.get(key)
        rules.check_fields(c["entity"], c["fields"], creating=before is None)
        after = {**(before or {}), **{k: v for k, v in c["fields"].items() if k != "_base"}}
        if before is None or not rules.VALIDATED_FIELDS[c["entity"]].isdisjoint(c["fields"]):
            rules.state_problems(c["entity"], after, catalogs)
            if before is not None:
                rules.state_problems(c["entity"], before, catalogs)
        states[key] = after
    return time.thread_time() - t0


def run(args: argparse.Namespace) -> dict:
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench_door_"))
    work.mkdir(parents=True, exist_ok=True)
    catalogs = load_catalogs()
    load = os.getloadavg()[0]
    engine = make_engine(f"sqlite:///{work / 'server.db'}")
    migrate(engine)
    made = accounts.add_station(engine, "PL Bench", "Sala")
    store = Store.open(work / "station.db", catalogs, station_code="BND", corps="PL Bench")
    enrolled = accounts.enroll(engine, made["code"], store.replica_id, None, "BND")
    who = accounts.authenticate(engine, enrolled["token"])
    changes = json.loads(json.dumps(_changes(store, args.changes)))
    store.close()
    rules_s = _rules_only(changes, catalogs)
    door.Door = _TimedDoor  # the module syncstore calls: timed for this run only
    clock = syncstore.ServerClock()
    refused = 0
    try:
        t0, cpu0 = time.perf_counter(), time.thread_time()
        for i in range(0, len(changes), BATCH):
            refused += len(syncstore.push(engine, who, changes[i:i + BATCH], clock, catalogs).refused)
        push_s, push_cpu_s = time.perf_counter() - t0, time.thread_time() - cpu0
    finally:
        door.Door = _DOOR
        engine.dispose()
    n = len(changes)
    return {
        "changes": n, "refused": refused, "load_1m": round(load, 2), "workdir": str(work),
        "door_us_per_change": round(_TimedDoor.spent / n * 1e6, 1),
        "rules_us_per_change": round(rules_s / n * 1e6, 1),
        "push_cpu_us_per_change": round(push_cpu_s / n * 1e6, 1),
        "push_changes_s": round(n / push_s),
        "door_share": round(_TimedDoor.spent / push_cpu_s, 3),
    }
