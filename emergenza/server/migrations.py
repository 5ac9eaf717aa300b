"""Versioned migrations, run in order on SQLite and PostgreSQL alike.

``schema_version`` holds one row per applied version. Each migration runs in its own
transaction together with its version row, so a crash leaves a clean version. On
PostgreSQL an advisory lock keeps two starting servers from migrating at once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from ..domain.errors import StoreError
from ..domain.text import QT_TRANSLATE_NOOP as N_
from ..domain.wire_rules import call_sign_key, station_code_of
from . import tables
from .db import WRITE, is_postgres
from .wire import sql_change_text

MIGRATION_LOCK = 0x454D4731  # arbitrary, distinct from the push lock


def _v1_initial(conn: Connection) -> None:
    tables.metadata.create_all(conn, tables=list(tables.VERSION_1_TABLES))


def _v2_door(conn: Connection) -> None:
    """The door's uniqueness tables, filled from what was accepted before it existed
    (first come first kept: a duplicate already stored stays, later ones are refused)."""
    tables.metadata.create_all(conn, tables=list(tables.VERSION_2_TABLES))
    now = int(time.time() * 1000)
    creators = dict(conn.execute(text(
        "SELECT c.entity_id, c.station_id FROM changes c JOIN (SELECT entity_id, MIN(seq) AS first_seq "
        "FROM changes WHERE entity = 'events' AND station_id IS NOT NULL GROUP BY entity_id) f "
        "ON c.seq = f.first_seq")).all())
    numbers: dict[str, str] = {}
    codes: dict[str, str] = {}
    signs: dict[tuple[int, str], str] = {}
    e = tables.entities
    for kind, entity_id, corps_id, state in conn.execute(
            select(e.c.entity, e.c.entity_id, e.c.corps_id, e.c.state)
            .where(e.c.entity.in_(("events", "resources"))).order_by(e.c.updated_seq)):
        values = json.loads(state)
        code = station_code_of(values.get("number")) if kind == "events" else None
        if code:  # numbers of another shape can never equal one the door accepts now
            numbers.setdefault(values["number"], entity_id)
            if creators.get(entity_id):
                codes.setdefault(code, creators[entity_id])
        elif (kind == "resources" and isinstance(values.get("call_sign"), str) and corps_id is not None
              and len(values["call_sign"]) <= 64):
            signs.setdefault((corps_id, call_sign_key(values["call_sign"])), entity_id)
    for table, rows in (
            (tables.event_numbers, [{"number": n, "event_id": i} for n, i in numbers.items()]),
            (tables.station_codes, [{"code": c, "station_id": s, "registered": 0, "created_at": now}
                                    for c, s in codes.items()]),
            (tables.call_signs, [{"corps_id": c, "sign_key": k, "resource_id": i}
                                 for (c, k), i in signs.items()])):
        if rows:
            conn.execute(table.insert(), rows)


def _v3_anchors(conn: Connection) -> None:
    """Audit chain heads anchored by the stations (server/anchors.py)."""
    tables.metadata.create_all(conn, tables=list(tables.VERSION_3_TABLES))


def _v4_wire(conn: Connection) -> None:
    """Every change's pull JSON in ``changes.wire`` (see wire.py), built by the database
    for the rows already stored: the same text pulls sent for them before."""
    conn.execute(text("ALTER TABLE changes ADD COLUMN wire TEXT"))
    conn.execute(text(f"UPDATE changes SET wire = {sql_change_text()}"))


# The entities with a sharing of their own (wire_rules.SELF_SHARED_ENTITIES when migration
# 5 was written): the pull joins each change to its event among them. Frozen here, as a
# migration must be; tests/server/test_wire_pull.py fails when the two part ways.
PULL_INDEX_ENTITIES = ("cameras", "events", "risk_areas")


def _v5_pull_index(conn: Connection) -> None:
    """An index for the pull's visibility join (a change -> its event's CURRENT sharing
    and corps): one probe per change instead of one per kind of shared entity through
    the primary key, about 40 % of the database's time per page. On PostgreSQL it also
    carries the two columns read, so a vacuumed table answers from the index alone."""
    kinds = ", ".join(f"'{k}'" for k in PULL_INDEX_ENTITIES)
    include = " INCLUDE (sharing, corps_id)" if conn.dialect.name == "postgresql" else ""
    conn.execute(text(f"CREATE INDEX entities_shared_by_id ON entities (entity_id){include} "
                      f"WHERE entity IN ({kinds})"))


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial, _v2_door, _v3_anchors, _v4_wire, _v5_pull_index]
LATEST = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    tables.schema_version.create(conn, checkfirst=True)
    return conn.execute(select(tables.schema_version.c.version)
                        .order_by(tables.schema_version.c.version.desc()).limit(1)).scalar() or 0


def migrate(engine: Engine) -> tuple[int, int]:
    """Bring the database to the latest version; return (before, after)."""
    before = None
    while True:
        with engine.connect().execution_options(**WRITE) as conn, conn.begin():
            if is_postgres(engine):
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            version = current_version(conn)
            if before is None:
                before = version
            if version > LATEST:
                raise StoreError(N_("errors", "il database del server è di una versione più recente ({0})")
                                 .format(version))
            if version == LATEST:
                return before, version
            MIGRATIONS[version](conn)
            conn.execute(tables.schema_version.insert().values(
                version=version + 1, applied_at=int(time.time() * 1000)))


def check_current(engine: Engine) -> None:
    with engine.connect() as conn:
        version = current_version(conn) if inspect(conn).has_table("schema_version") else 0
        conn.rollback()
    if version != LATEST:
        raise StoreError(N_("errors", "il database del server non è aggiornato (versione {0}, attesa {1}): "
                                      "eseguire «emergenza-server migrate»").format(version, LATEST))
