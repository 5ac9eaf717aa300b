"""Schema of the local store, as numbered migrations (``PRAGMA user_version``).

Rules for new migrations:
- append, never edit a released one;
- a migration that rewrites a table (create-copy-drop-rename) must re-create that
  table's triggers: the append-only journal guards and the FTS triggers below;
- synced tables carry ``_hlc`` (stamp of the row's creation) and ``_versions``
  (JSON: field -> HLC of its last change, only for fields changed after creation).
"""

from __future__ import annotations

SYNCED_TABLES = ("events", "resources", "assignments", "journal")

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    nue_contact_id TEXT,
    type_code TEXT NOT NULL,
    priority TEXT NOT NULL,
    status TEXT NOT NULL,
    municipality_istat TEXT NOT NULL,
    municipality_name TEXT,
    address TEXT,
    lat REAL,
    lon REAL,
    caller_name TEXT,
    caller_phone TEXT,
    description TEXT NOT NULL,
    sharing TEXT NOT NULL DEFAULT 'reserved',
    exercise INTEGER NOT NULL DEFAULT 0,
    parent_id TEXT REFERENCES events(id),
    outcome TEXT,
    first_sent_at TEXT,
    closed_at TEXT,
    created_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT,
    corps TEXT,
    _hlc TEXT NOT NULL,
    _versions TEXT NOT NULL DEFAULT '{}'
);
-- The board reads only active events: a partial index keeps it small at 1M events.
CREATE INDEX events_active ON events(received_at) WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX events_received ON events(received_at);
CREATE INDEX events_phone ON events(caller_phone) WHERE caller_phone IS NOT NULL;
CREATE INDEX events_place ON events(municipality_istat, address COLLATE NOCASE);
CREATE INDEX events_parent ON events(parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    call_sign TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'available',
    plate TEXT,
    radio_channel TEXT,
    corps TEXT,
    notes TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    _hlc TEXT NOT NULL,
    _versions TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX resources_call_sign ON resources(call_sign COLLATE NOCASE);

CREATE TABLE assignments (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    resource_id TEXT NOT NULL REFERENCES resources(id),
    status TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    sent_at TEXT,
    en_route_at TEXT,
    on_scene_at TEXT,
    cleared_at TEXT,
    created_by TEXT,
    _hlc TEXT NOT NULL,
    _versions TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX assignments_event ON assignments(event_id);
CREATE INDEX assignments_resource ON assignments(resource_id);
-- A unit cannot be on two active events: enforced by the database itself.
CREATE UNIQUE INDEX assignments_one_active_per_unit ON assignments(resource_id)
    WHERE status NOT IN ('cleared', 'cancelled');

CREATE TABLE journal (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    automatic INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'note',
    struck_at TEXT,
    struck_by TEXT,
    strike_reason TEXT,
    _hlc TEXT NOT NULL,
    _versions TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX journal_event ON journal(event_id, at);

CREATE TABLE shifts (
    id TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    close_note TEXT,
    pending_at_close INTEGER
);

CREATE TABLE risk_areas (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    municipality_istat TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT,
    lat REAL,
    lon REAL,
    radius_m INTEGER,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE drafts (
    key TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE event_counters (
    station_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (station_code, year)
);

-- Every local change to a synced table, queued for the server in the same transaction.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    hlc TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Values that lost a merge: never dropped silently, shown for review.
CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    kept_value TEXT,
    kept_hlc TEXT,
    lost_value TEXT,
    lost_hlc TEXT,
    lost_origin TEXT,
    reason TEXT,
    detected_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT,
    resolved_by TEXT
);
CREATE INDEX conflicts_open ON conflicts(detected_at) WHERE resolved_at IS NULL;

-- Tamper-evident audit trail: each row hashes the previous one.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity, entity_id, seq);
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
"""

JOURNAL_GUARDS = """
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_rewrite BEFORE UPDATE OF id, event_id, at, author, text, automatic, kind ON journal
    BEGIN SELECT RAISE(ABORT, 'journal entries cannot be rewritten'); END;
CREATE TRIGGER journal_no_unstrike BEFORE UPDATE OF struck_at ON journal
    WHEN OLD.struck_at IS NOT NULL AND NEW.struck_at IS NULL
    BEGIN SELECT RAISE(ABORT, 'a struck journal entry stays struck'); END;
"""

FTS = """
CREATE VIRTUAL TABLE events_fts USING fts5(
    number, municipality_name, address, caller_name, caller_phone, description, outcome,
    content='events', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE journal_fts USING fts5(
    text, content='journal', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
"""

FTS_TRIGGERS = """
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, number, municipality_name, address, caller_name, caller_phone, description, outcome)
    VALUES (new.rowid, new.number, new.municipality_name, new.address, new.caller_name, new.caller_phone,
            new.description, new.outcome);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, number, municipality_name, address, caller_name, caller_phone,
                           description, outcome)
    VALUES ('delete', old.rowid, old.number, old.municipality_name, old.address, old.caller_name,
            old.caller_phone, old.description, old.outcome);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF number, municipality_name, address, caller_name, caller_phone,
        description, outcome ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, number, municipality_name, address, caller_name, caller_phone,
                           description, outcome)
    VALUES ('delete', old.rowid, old.number, old.municipality_name, old.address, old.caller_name,
            old.caller_phone, old.description, old.outcome);
    INSERT INTO events_fts(rowid, number, municipality_name, address, caller_name, caller_phone, description, outcome)
    VALUES (new.rowid, new.number, new.municipality_name, new.address, new.caller_name, new.caller_phone,
            new.description, new.outcome);
END;
CREATE TRIGGER journal_fts_ai AFTER INSERT ON journal BEGIN
    INSERT INTO journal_fts(rowid, text) VALUES (new.rowid, new.text);
END;
"""

FTS_TRIGGER_NAMES = ("events_fts_ai", "events_fts_ad", "events_fts_au", "journal_fts_ai")

MIGRATIONS: list[str] = [
    _V1 + JOURNAL_GUARDS + FTS + FTS_TRIGGERS,
]

SCHEMA_VERSION = len(MIGRATIONS)
