"""Current schema of the server database (SQLAlchemy Core). Times are integer Unix ms.

Migration 1 creates exactly the version-1 tables and migration 2 the version-2 ones;
later schema changes go into new migrations in ``migrations.py`` (explicit DDL), never
into edits of the definitions below.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", BigInteger, nullable=False),
)

corps = Table(
    "corps", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", BigInteger, nullable=False),
)

stations = Table(
    "stations", metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(10), nullable=False),  # station | observer
    Column("name", String(200), nullable=False),
    Column("corps_id", Integer, ForeignKey("corps.id")),  # NULL for observers
    Column("agency", String(10)),  # observers: CC, PS, GDF, PREF
    Column("replica_id", String(16), unique=True),
    Column("token_hash", String(64), unique=True),
    Column("code_hash", String(64), unique=True),
    Column("code_expires_at", BigInteger),
    Column("enrolled_at", BigInteger),
    Column("revoked_at", BigInteger),
    Column("created_at", BigInteger, nullable=False),
)

# Every accepted change, once, in the global order pulls follow.
changes = Table(
    "changes", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("change_id", String(64), nullable=False, unique=True),
    Column("station_id", String(40)),  # NULL for the server's synthetic snapshots
    Column("entity", String(20), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("event_id", String(64)),
    Column("corps_id", Integer),  # corps of the pushing station (fallback visibility)
    Column("exclude_corps_id", Integer),  # snapshots: not sent to the corps that had it all
    Column("fields", Text, nullable=False),
    Column("hlc", String(100), nullable=False),
    Column("original_hlc", String(100)),  # set when the hlc was clamped
    Column("origin", String(64), nullable=False),
    Column("received_at", BigInteger, nullable=False),
)
Index("changes_event", changes.c.event_id)
Index("changes_origin_hlc", changes.c.origin, changes.c.hlc)  # last stamp of a node, for clamping

# Current merged state of every entity, with the HLC of each field's value.
entities = Table(
    "entities", metadata,
    Column("entity", String(20), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
    Column("event_id", String(64)),
    Column("corps_id", Integer),  # corps of the station that first pushed it
    Column("sharing", String(10)),  # events only: reserved | shared
    Column("state", Text, nullable=False),  # JSON: field -> value
    Column("versions", Text, nullable=False),  # JSON: field -> HLC
    Column("updated_seq", BigInteger, nullable=False),
)
Index("entities_event", entities.c.event_id)

# Every value that lost a merge, kept for review.
conflicts = Table(
    "conflicts", metadata,
    Column("id", Integer, primary_key=True),
    Column("change_id", String(64), nullable=False),
    Column("entity", String(20), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("field", String(64), nullable=False),
    Column("kept_value", Text),
    Column("kept_hlc", String(100)),
    Column("lost_value", Text),
    Column("lost_hlc", String(100)),
    Column("lost_origin", String(64)),
    Column("reason", String(200)),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("change_id", "entity_id", "field", "lost_hlc", name="conflicts_once"),
)
Index("conflicts_entity", conflicts.c.entity, conflicts.c.entity_id)

VERSION_1_TABLES = (corps, stations, changes, entities, conflicts)

# ---------------------------------------------------------------- version 2 (the door)
# Station codes of the region: the one a station registered (at add-station or at
# enrollment) and those it used first in event numbers; a code is never another's.
station_codes = Table(
    "station_codes", metadata,
    Column("code", String(8), primary_key=True),
    Column("station_id", String(40), nullable=False),
    Column("registered", Integer, nullable=False),  # 1: the station's own code; 0: claimed by use
    Column("created_at", BigInteger, nullable=False),
)
Index("station_codes_station", station_codes.c.station_id)

# Every event number accepted: unique in the region (every station stores them UNIQUE).
event_numbers = Table(
    "event_numbers", metadata,
    Column("number", String(40), primary_key=True),
    Column("event_id", String(64), nullable=False),
)

# Current call sign of every unit, folded like the stations' NOCASE index: unique per corps.
call_signs = Table(
    "call_signs", metadata,
    Column("corps_id", Integer, primary_key=True, autoincrement=False),
    Column("sign_key", String(64), primary_key=True),
    Column("resource_id", String(64), nullable=False),
)

VERSION_2_TABLES = (station_codes, event_numbers, call_signs)

# ---------------------------------------------------------------- version 3 (audit anchors)
# The head of each station's audit chain, as the station sent it on its last sync
# (server/anchors.py): a local rewrite of history shows as a head that went backwards or
# a hash that changed at a seq the server already knew. The flag stays until an admin looks.
audit_anchors = Table(
    "audit_anchors", metadata,
    Column("station_id", String(40), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("flagged_at", BigInteger),
    Column("flag_reason", Text),
)

# Every head a station anchored (one row per sync that moved it): a later sync is checked
# against the hash its chain had at the seq it says it last anchored.
audit_anchor_history = Table(
    "audit_anchor_history", metadata,
    Column("station_id", String(40), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
    Column("received_at", BigInteger, nullable=False),
)

VERSION_3_TABLES = (audit_anchors, audit_anchor_history)

# ---------------------------------------------------------------- version 4 (wire form)
# ``changes`` as it is since migration 4, with ``wire``: the change's pull JSON, written
# once at push time (see wire.py). A table object of its own, in its own MetaData, so that
# migration 1 keeps creating exactly the version-1 table; inserts and pulls use this one.
_version_4 = MetaData()
changes_stored = Table(
    "changes", _version_4,
    *(Column(c.name, c.type, primary_key=c.primary_key, autoincrement=False, nullable=c.nullable)
      for c in changes.columns),
    Column("wire", Text),  # NULL only for rows written by code that does not know it: pulls rebuild it
)
