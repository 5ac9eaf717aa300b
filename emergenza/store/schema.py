"""Schema of the local store, as numbered migrations (``PRAGMA user_version``).

Rules for new migrations:
- append, never edit a released one;
- a migration that rewrites a table (create-copy-drop-rename) must re-create that
  table's triggers: the append-only journal guards and the search triggers (v18), and
  rebuild its search index (its rowids change: see v18's ``search_marks``) and, for events,
  its statistics projection with its mark (v20's ``stats_marks``);
- synced tables carry ``_hlc`` (stamp of the row's creation) and ``_versions``
  (JSON: field -> HLC of its last change, only for fields changed after creation).
"""

from __future__ import annotations

import re

from ..domain.areas import LABEL_KEY, PLATE_ALERT_TEXT, WATCH_ALERT_TEXT

SYNCED_TABLES = ("events", "resources", "assignments", "journal")
# Synced since v6 (their stash triggers are made by that migration, not by v2's loop).
TERRITORY_TABLES = ("risk_areas", "cameras")

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
-- "Prior events" read the newest few per phone / per address: received_at last, so the
-- index hands them out in order (a frequent caller has thousands of events at 1M).
CREATE INDEX events_phone ON events(caller_phone, received_at) WHERE caller_phone IS NOT NULL;
CREATE INDEX events_place ON events(municipality_istat, address COLLATE NOCASE, received_at);
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
-- No incremental merging inside commits: at 1M events it put 20-40 ms merges into 1 commit
-- in 50. The store owner raises 'crisismerge' to 64 and merges crowded levels between
-- calls and in idle time (store/owner.py, Store.maintenance), so no commit carries a merge.
INSERT INTO events_fts(events_fts, rank) VALUES ('automerge', 0);
INSERT INTO journal_fts(journal_fts, rank) VALUES ('automerge', 0);
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

# The triggers above wrote the index inside every commit (schema v1 to v17; v18 drops them).
_FTS_TRIGGER_NAMES_V1 = ("events_fts_ai", "events_fts_ad", "events_fts_au", "journal_fts_ai")

# EVENT_PROGRESS of emergenza.domain.lifecycle, as SQL ({0}: the status expression).
_PROGRESS_SQL = ("(CASE {0} WHEN 'new' THEN 0 WHEN 'waiting' THEN 1 WHEN 'suspended' THEN 1 "
                 "WHEN 'reopened' THEN 1 WHEN 'assigned' THEN 2 WHEN 'on_scene' THEN 3 WHEN 'closed' THEN 4 "
                 "WHEN 'cancelled' THEN 4 ELSE 0 END)")
_OLD_PROGRESS = _PROGRESS_SQL.format("OLD.status")
_NEW_PROGRESS = _PROGRESS_SQL.format("NEW.status")
_CHANGE_PROGRESS = _PROGRESS_SQL.format("json_extract(NEW.fields, '$.status')")  # of an outbox row


def _sync_stash_trigger(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_sync_stash BEFORE UPDATE OF _versions ON {table} BEGIN
    INSERT OR REPLACE INTO sync_stash VALUES ('{table}', OLD.id, OLD._hlc, OLD._versions);
END;"""


# v2 (sync, emergenza/sync/): bookkeeping beside the synced tables, never inside them,
# so the audited rows (and their digests) keep their shape.
_V2 = """
-- Status level of each event for the merge (emergenza/sync/merge.py): ``gen`` counts
-- explicit reopenings (generation n+1 beats all of generation n); ``rank`` is the
-- furthest lifecycle progress reached in this generation: a status set after seeing
-- another one inherits its rank, so a deliberate step back (on scene -> assigned)
-- still beats what it replaced, while concurrent steps only move forward.
CREATE TABLE sync_gen (event_id TEXT PRIMARY KEY, gen INTEGER NOT NULL, rank INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER events_sync_status AFTER UPDATE OF status ON events
    WHEN NEW.status IS NOT OLD.status BEGIN
    INSERT INTO sync_gen VALUES (
        NEW.id,
        CASE WHEN NEW.status = 'reopened' THEN 1 ELSE 0 END,
        CASE WHEN NEW.status = 'reopened' THEN 1 ELSE max(""" + _OLD_PROGRESS + ", " + _NEW_PROGRESS + """) END)
    ON CONFLICT (event_id) DO UPDATE SET
        gen = CASE WHEN NEW.status = 'reopened' THEN gen + 1 ELSE gen END,
        rank = CASE WHEN NEW.status = 'reopened' THEN 1 ELSE max(rank, """ + _NEW_PROGRESS + """) END;
END;

-- Per field, the HLC of the value its writer replaced (the "base"): tells an ordinary
-- edit from a concurrent one. Valid while ``hlc`` is still the field's version.
CREATE TABLE sync_state (
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
    hlc TEXT NOT NULL, base TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field)
) WITHOUT ROWID;
-- The row's versions just before a local update, consumed by the outbox trigger.
CREATE TABLE sync_stash (
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, hlc TEXT NOT NULL, versions TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
""" + "".join(_sync_stash_trigger(t) for t in SYNCED_TABLES) + """
-- Every local change leaves with its base and (events) its reopening generation.
CREATE TRIGGER outbox_sync_base AFTER INSERT ON outbox
    WHEN EXISTS (SELECT 1 FROM sync_stash WHERE entity = NEW.entity AND entity_id = NEW.entity_id) BEGIN
    INSERT OR REPLACE INTO sync_state
        SELECT NEW.entity, NEW.entity_id, f.key, NEW.hlc,
               coalesce(json_extract(s.versions, '$."' || f.key || '"'), s.hlc)
        FROM json_each(NEW.fields) f, sync_stash s
        WHERE s.entity = NEW.entity AND s.entity_id = NEW.entity_id;
    UPDATE outbox SET fields = json_set(fields, '$._base', json((
        SELECT json_group_object(field, base) FROM sync_state
        WHERE entity = NEW.entity AND entity_id = NEW.entity_id AND hlc = NEW.hlc)))
        WHERE seq = NEW.seq;
    DELETE FROM sync_stash WHERE entity = NEW.entity AND entity_id = NEW.entity_id;
END;
CREATE TRIGGER outbox_sync_gen AFTER INSERT ON outbox
    WHEN NEW.entity = 'events' AND json_extract(NEW.fields, '$.status') IS NOT NULL BEGIN
    UPDATE outbox SET fields = json_set(fields,
        '$.status_gen', coalesce((SELECT gen FROM sync_gen WHERE event_id = NEW.entity_id), 0),
        '$.status_rank', coalesce((SELECT rank FROM sync_gen WHERE event_id = NEW.entity_id),
                                  """ + _CHANGE_PROGRESS + """))
        WHERE seq = NEW.seq;
END;

-- Pulled changes whose parent row (event, resource) has not arrived yet: retried
-- after every page, applied as soon as the parent exists.
CREATE TABLE sync_pending (
    seq INTEGER PRIMARY KEY,
    change_id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    change TEXT NOT NULL,
    missing TEXT NOT NULL,
    parked_at TEXT NOT NULL
);
CREATE INDEX conflicts_entity ON conflicts(entity, entity_id, field);
"""

# v3 (sync): assignments cancelled because their unit was already busy
# (merge.settle_unit) keep their merged, natural status here, restored if the rule
# stops applying (a late "cleared" of the assignment that held the unit). IF NOT
# EXISTS: a few development stores got this table from an unreleased draft of v2.
_V3 = """
CREATE TABLE IF NOT EXISTS sync_clash (
    assignment_id TEXT PRIMARY KEY, status TEXT NOT NULL, hlc TEXT NOT NULL, winner_id TEXT NOT NULL
) WITHOUT ROWID;
"""

# v4 (reports, emergenza/reports/): the brogliaccio reads a day's or a shift's journal by
# time, the shift report the events closed in a period; without these both scanned the
# whole table (seconds at 1M events).
_V4 = """
CREATE INDEX IF NOT EXISTS journal_at ON journal(at);
CREATE INDEX IF NOT EXISTS events_closed ON events(closed_at) WHERE closed_at IS NOT NULL;
"""

# v5 (map, emergenza/gui/map/): where a unit was last placed by hand, synced like its
# other fields (written by store/map_queries.set_unit_position through change capture).
# NULL: never placed by hand (the map then shows the unit at its event, if any).
_V5 = """
ALTER TABLE resources ADD COLUMN lat REAL;
ALTER TABLE resources ADD COLUMN lon REAL;
ALTER TABLE resources ADD COLUMN position_at TEXT;
"""

# v6 (station, store/people.py): how each operator signs in. Beside ``operators``, not in
# it, so the audited operator rows keep their shape and digests (no re-audit). Local to
# the station, never synced. ``secret_hash``: "scrypt$n$r$p$salt$hash" (store/passwords.py);
# NULL: no password yet (the operator cannot sign in). ``failures`` and ``wait_until``:
# the throttling of wrong attempts, kept here so that a restart does not reset it.
_V6 = """
CREATE TABLE operator_secrets (
    operator_id TEXT PRIMARY KEY REFERENCES operators(id),
    secret_hash TEXT,
    set_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_failure_at TEXT,
    wait_until TEXT
) WITHOUT ROWID;
"""

# v7 (station, store/unit_registry.py): call signs unique PER CORPS: "Alfa 1" of another
# corps (a shared event's unit) is a different unit. Nothing stored can violate it: the
# index it replaces was unique on the call sign alone, which is stricter. A unit with no
# corps counts as the corps "" (NULLs would all be distinct in a unique index).
_V7 = """
DROP INDEX resources_call_sign;
CREATE UNIQUE INDEX resources_corps_call_sign ON resources(coalesce(corps, ''), call_sign COLLATE NOCASE);
"""

# v8 (station, store/crews.py): who forms each unit's crew, from when to when. Local to
# the station (the synced record of a crew is the "Equipaggio: …" journal line written in
# the events the unit is sent to); setting a crew closes the current members
# (``until_at``) and adds the new ones, so the shift report can list past crews too.
_V8 = """
CREATE TABLE crew_members (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources(id),
    shift_id TEXT REFERENCES shifts(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    badge TEXT,
    from_at TEXT NOT NULL,
    until_at TEXT,
    set_by TEXT NOT NULL
);
CREATE INDEX crew_members_current ON crew_members(resource_id, position) WHERE until_at IS NULL;
CREATE INDEX crew_members_from ON crew_members(from_at);
"""

# v9 (exchange, emergenza/exchange/): the CAP alerts and EMSI messages imported, so the
# same document imported twice makes no second event and an update finds its event.
# Local to the station (not synced): each station keeps what it imported itself.
_V9 = """
CREATE TABLE IF NOT EXISTS exchange_imports (
    kind TEXT NOT NULL,          -- cap | emsi
    sender TEXT NOT NULL,        -- CAP sender / EMSI CONTEXT.ORIGIN.ORG_ID
    identifier TEXT NOT NULL,    -- CAP identifier / EMSI CONTEXT.ID
    event_key TEXT NOT NULL,     -- the sender's name of the event (first alert / EVENT.ID)
    event_id TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    PRIMARY KEY (kind, sender, identifier)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS exchange_imports_event ON exchange_imports(kind, sender, event_key);
"""

# v10 (territory, issue 12): at-risk areas and cameras/gates, synced like units (owner
# corps, sharing); ``event_areas`` is derived (which active area holds an event's point,
# computed by store/areas.py when coordinates or areas change), so the board, detail and
# search read a flag with one indexed look-up. Plate hits and territory alerts stay local.
# The v1 ``risk_areas`` table (a point and a radius) never had a caller: replaced.
_V10 = """
DROP TABLE risk_areas;
CREATE TABLE risk_areas (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    shape TEXT NOT NULL,
    watch_count INTEGER,
    watch_hours INTEGER,
    watch_types TEXT,
    notes TEXT,
    corps TEXT,
    sharing TEXT NOT NULL DEFAULT 'reserved',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    _hlc TEXT NOT NULL,
    _versions TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE cameras (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    direction TEXT,
    owner_kind TEXT NOT NULL,
    owner_name TEXT,
    status TEXT NOT NULL,
    footage_request TEXT,
    notes TEXT,
    corps TEXT,
    sharing TEXT NOT NULL DEFAULT 'reserved',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    _hlc TEXT NOT NULL,
    _versions TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX cameras_place ON cameras(lat, lon) WHERE active = 1;
CREATE TABLE event_areas (
    event_id TEXT NOT NULL REFERENCES events(id),
    area_id TEXT NOT NULL,
    PRIMARY KEY (event_id, area_id)
) WITHOUT ROWID;
CREATE INDEX event_areas_area ON event_areas(area_id, event_id);
CREATE TABLE plate_hits (
    id TEXT PRIMARY KEY,
    gate_id TEXT NOT NULL REFERENCES cameras(id),
    plate TEXT NOT NULL,
    at TEXT NOT NULL,
    hot_list TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    event_id TEXT REFERENCES events(id),
    UNIQUE (gate_id, plate, at)
);
-- Watch rules that fired and plate hits, until an operator has seen them (the GUI's notice).
CREATE TABLE territory_alerts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    seen_at TEXT
);
CREATE INDEX territory_alerts_open ON territory_alerts(at) WHERE seen_at IS NULL;
""" + _sync_stash_trigger("risk_areas") + _sync_stash_trigger("cameras")

# v11 (sync, issue 9 "Trust"): nothing is parked or lost silently.
# - sync_refused: our changes the server's door refused (kept locally, "non condiviso",
#   with the server's reason; the outbox row is gone, the local row stays);
# - sync_quarantine: pulled changes that could not be applied (a bug, an old server),
#   kept with the reason so the pull cursor moves on; retried at every sync;
# - sync_hidden_parent: a shared child event whose parent is reserved to another corps
#   (never sent here). The row keeps parent_id NULL (its foreign key) and the reference
#   lives here, restored into the row if the parent ever arrives.
_V11 = """
CREATE TABLE sync_refused (
    change_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, fields TEXT NOT NULL,
    reason TEXT NOT NULL, at TEXT NOT NULL
);
CREATE INDEX sync_refused_entity ON sync_refused(entity, entity_id);
CREATE TABLE sync_quarantine (
    change_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, change TEXT NOT NULL,
    reason TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE sync_hidden_parent (event_id TEXT PRIMARY KEY, parent_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX sync_hidden_parent_of ON sync_hidden_parent(parent_id);
"""

# The comparable form of a caller's phone (emergenza/domain/phone.py ``phone_key``), in SQL
# over the separators a stored number may hold (validation.PHONE_RE): the index below and
# store/search.py use this exact text (SQLite matches an indexed expression by its form).
_PHONE_DIGITS = "replace(replace(replace(replace(caller_phone, ' ', ''), '.', ''), '-', ''), '/', '')"
PHONE_KEY_SQL = (f"(CASE WHEN substr({_PHONE_DIGITS}, 1, 3) = '+39' THEN substr({_PHONE_DIGITS}, 4) "
                 f"WHEN substr({_PHONE_DIGITS}, 1, 1) = '+' THEN {_PHONE_DIGITS} "
                 f"WHEN substr({_PHONE_DIGITS}, 1, 4) = '0039' THEN substr({_PHONE_DIGITS}, 5) "
                 f"WHEN substr({_PHONE_DIGITS}, 1, 2) = '00' THEN '+' || substr({_PHONE_DIGITS}, 3) "
                 f"ELSE {_PHONE_DIGITS} END)")

# v12 (dispatch, issue 10): prior events and search find a caller however the number was
# typed. An expression index, not a column: it is filled for every stored phone when
# created (this migration), kept by SQLite for every writer (app, sync, demo loader),
# and leaves the events' audit digests and the wire untouched.
# Also: the agencies informed or requested on an event (synced field, JSON, see
# domain/validation.py ``validate_agencies``) and the station's own catalogs (priority
# scale, event types) set in the app by the amministratore (store/catalog_settings.py):
# one JSON document per catalog, absent until first changed (the shipped files apply).
_V12 = f"""
CREATE INDEX IF NOT EXISTS events_phone_key ON events({PHONE_KEY_SQL}, received_at)
    WHERE caller_phone IS NOT NULL;
ALTER TABLE events ADD COLUMN agencies TEXT;
CREATE TABLE catalog_settings (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
"""

# A shift closed by a handover records who took it over (``Shifts.hand_over``).
_V13 = """
ALTER TABLE shifts ADD COLUMN handed_to TEXT REFERENCES operators(id);
"""

# v14 (reports, issue 11): a narrow per-event statistics projection, so the statistics of a
# year read ~83k short index entries instead of joining events with their assignments
# (emergenza/reports/projection.py). Derived data, never synced nor audited: triggers keep
# it in step with every writer (store, sync apply, snapshot, migrations); the demo loader
# drops them for the bulk load and rebuilds both tables at the end (STATS_REBUILD).
# - stats_events: one row per event: the filters, the status, the UTC hour of the week
#   (0 = Sunday 00h; local hour/weekday = shift by the whole-hour offset of Europe/Rome),
#   ``dims`` (type, priority, channel and status in one key: counted per distinct value by
#   index seeks, no sort), and the three response times in whole milliseconds, exactly
#   what reports/queries.py ``response_times`` computes (its seconds are rounded to 1 ms).
# - stats_assignments: one row per assignment, clustered by unit, with its event's
#   filters and its start/clear as Julian milliseconds (unit utilisation).
def _ms(later: str, earlier: str) -> str:
    return f"CAST(round((julianday({later}) - julianday({earlier})) * 86400000.0) AS INTEGER)"


def _jms(value: str) -> str:
    return f"CAST(round(julianday({value}) * 86400000.0) AS INTEGER)"


_DIMS_SEP = "char(31)"


def _dims(alias: str) -> str:
    return f" || {_DIMS_SEP} || ".join(f"{alias}.{c}" for c in ("type_code", "priority", "channel", "status"))


_TO_SCENE = f"CASE WHEN x.first_scene IS NOT NULL THEN {_ms('x.first_scene', 'e.first_sent_at')} END"
_ON_SCENE = f"CASE WHEN x.engaged = 0 THEN {_ms('x.last_clear', 'x.first_scene')} END"
_STATS_EVENT_SELECT = (
    "SELECT e.received_at, e.id, e.exercise, e.type_code, e.priority, e.municipality_istat, e.channel, e.status, "
    f"{_dims('e')}, "
    "CAST(strftime('%w', e.received_at) AS INTEGER) * 24 + CAST(strftime('%H', e.received_at) AS INTEGER), "
    f"{_ms('e.first_sent_at', 'e.received_at')}, {_TO_SCENE}, {_ON_SCENE} ")
_ASSIGNMENT_AGGREGATES = ("min(a.on_scene_at) AS first_scene, max(a.cleared_at) AS last_clear, "
                          "sum(a.status NOT IN ('cleared', 'cancelled')) AS engaged")
_STATS_ASSIGNMENT_SELECT = (
    "SELECT a.resource_id, e.received_at, a.id, e.id, e.exercise, e.type_code, e.priority, e.municipality_istat, "
    f"e.channel, {_jms('coalesce(a.sent_at, a.requested_at)')}, {_jms('a.cleared_at')} "
    "FROM assignments a JOIN events e ON e.id = a.event_id ")


def _of_event(event_id: str) -> str:
    """SQL: the event ``e`` and the aggregates ``x`` of its assignments (one row, if it exists)."""
    return (f"FROM events e, (SELECT {_ASSIGNMENT_AGGREGATES} FROM assignments a WHERE a.event_id = {event_id}) x "
            f"WHERE e.id = {event_id}")


def _stats_event_insert(event_id: str) -> str:
    """SQL: insert the projection row of event ``event_id`` (an expression), if it exists."""
    return f"INSERT INTO stats_events {_STATS_EVENT_SELECT}{_of_event(event_id)};"


def _stats_event_times(event_id: str, also: str = "") -> str:
    """SQL: the response times of an event whose assignments changed. An UPDATE of these two
    columns, not a new row: only the row and the indexes of these times are written."""
    return (f"UPDATE stats_events SET (to_scene_ms, on_scene_ms) = (SELECT {_TO_SCENE}, {_ON_SCENE} "
            f"{_of_event(event_id)}) WHERE event_id = {event_id} "
            f"AND received_at = (SELECT received_at FROM events WHERE id = {event_id}){also};")


def _stats_assignments_refresh(event_id: str) -> str:
    return (f"DELETE FROM stats_assignments WHERE event_id = {event_id};"
            f"INSERT INTO stats_assignments {_STATS_ASSIGNMENT_SELECT}WHERE a.event_id = {event_id};")


# Columns whose change rewrites an event's rows (rare edits); status and the first unit's
# dispatch (every event, several times) update only their own columns.
_EVENT_KEY_COLUMNS = ("id", "received_at", "exercise", "type_code", "priority", "municipality_istat", "channel")
_ASSIGNMENT_TIMES_COLUMNS = ("id", "event_id", "status", "on_scene_at", "cleared_at")
_ASSIGNMENT_ROW_COLUMNS = ("id", "event_id", "resource_id", "requested_at", "sent_at", "cleared_at")
_ASSIGNMENT_KEY_CHANGED = ("(OLD.id IS NOT NEW.id OR OLD.event_id IS NOT NEW.event_id "
                           "OR OLD.resource_id IS NOT NEW.resource_id)")


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _stats_assignments_au_row(insert_guard: str = "") -> str:
    """The trigger keeping an assignment's row in step with its times and keys (v14; v20 adds
    ``insert_guard``: a row made only for an event the projection holds)."""
    columns = ", ".join(_ASSIGNMENT_ROW_COLUMNS)
    return (f"CREATE TRIGGER stats_assignments_au_row AFTER UPDATE OF {columns} ON assignments\n"
            f"""    WHEN {_changed(_ASSIGNMENT_ROW_COLUMNS)} BEGIN
    UPDATE stats_assignments SET start_jms = {_jms("coalesce(NEW.sent_at, NEW.requested_at)")},
        cleared_jms = {_jms("NEW.cleared_at")}
        WHERE event_id = NEW.event_id AND assignment_id = NEW.id AND resource_id = NEW.resource_id;
    DELETE FROM stats_assignments WHERE event_id = OLD.event_id AND assignment_id = OLD.id
        AND {_ASSIGNMENT_KEY_CHANGED};
    INSERT INTO stats_assignments {_STATS_ASSIGNMENT_SELECT}WHERE a.id = NEW.id AND {_ASSIGNMENT_KEY_CHANGED}"""
            f"{insert_guard};\nEND;")


# As v14 made them (kept as released: the migration below is built from this text).
_STATS_TRIGGERS_V14 = f"""
CREATE TRIGGER stats_events_ai AFTER INSERT ON events BEGIN
    {_stats_event_insert("NEW.id")}
    {_stats_assignments_refresh("NEW.id")}
END;
CREATE TRIGGER stats_events_au AFTER UPDATE OF {", ".join(_EVENT_KEY_COLUMNS)} ON events
    WHEN {_changed(_EVENT_KEY_COLUMNS)} BEGIN
    DELETE FROM stats_events WHERE received_at = OLD.received_at AND event_id = OLD.id;
    {_stats_event_insert("NEW.id")}
    DELETE FROM stats_assignments WHERE event_id = OLD.id;
    {_stats_assignments_refresh("NEW.id")}
END;
CREATE TRIGGER stats_events_au_status AFTER UPDATE OF status ON events WHEN NEW.status IS NOT OLD.status BEGIN
    UPDATE stats_events SET status = NEW.status, dims = {_dims("NEW")}
        WHERE received_at = NEW.received_at AND event_id = NEW.id;
END;
CREATE TRIGGER stats_events_au_sent AFTER UPDATE OF first_sent_at ON events
    WHEN NEW.first_sent_at IS NOT OLD.first_sent_at BEGIN
    UPDATE stats_events SET (to_sent_ms, to_scene_ms) = (SELECT {_ms("e.first_sent_at", "e.received_at")}, {_TO_SCENE}
        {_of_event("NEW.id")}) WHERE received_at = NEW.received_at AND event_id = NEW.id;
END;
CREATE TRIGGER stats_events_ad AFTER DELETE ON events BEGIN
    DELETE FROM stats_events WHERE received_at = OLD.received_at AND event_id = OLD.id;
    DELETE FROM stats_assignments WHERE event_id = OLD.id;
END;
CREATE TRIGGER stats_assignments_ai AFTER INSERT ON assignments BEGIN
    {_stats_event_times("NEW.event_id")}
    DELETE FROM stats_assignments WHERE event_id = NEW.event_id AND assignment_id = NEW.id;
    INSERT INTO stats_assignments {_STATS_ASSIGNMENT_SELECT}WHERE a.id = NEW.id;
END;
CREATE TRIGGER stats_assignments_au_times AFTER UPDATE OF {", ".join(_ASSIGNMENT_TIMES_COLUMNS)} ON assignments
    WHEN {_changed(_ASSIGNMENT_TIMES_COLUMNS)} BEGIN
    {_stats_event_times("OLD.event_id", " AND OLD.event_id IS NOT NEW.event_id")}
    {_stats_event_times("NEW.event_id")}
END;
{_stats_assignments_au_row()}
CREATE TRIGGER stats_assignments_ad AFTER DELETE ON assignments BEGIN
    {_stats_event_times("OLD.event_id")}
    DELETE FROM stats_assignments WHERE event_id = OLD.event_id AND assignment_id = OLD.id;
END;
"""

# v17 (issue 15): an event's statistics row from NEW itself, not from a look-up of the row just
# written: every intake fires this. Its assignments are still counted (none for an intake; a
# sync transaction that defers the foreign keys may insert them before their event).
_TO_SCENE_NEW = f"CASE WHEN x.first_scene IS NOT NULL THEN {_ms('x.first_scene', 'NEW.first_sent_at')} END"
_STATS_EVENTS_AI_V17 = f"""
CREATE TRIGGER stats_events_ai AFTER INSERT ON events BEGIN
    INSERT INTO stats_events SELECT NEW.received_at, NEW.id, NEW.exercise, NEW.type_code, NEW.priority,
        NEW.municipality_istat, NEW.channel, NEW.status, {_dims("NEW")},
        CAST(strftime('%w', NEW.received_at) AS INTEGER) * 24 + CAST(strftime('%H', NEW.received_at) AS INTEGER),
        {_ms("NEW.first_sent_at", "NEW.received_at")}, {_TO_SCENE_NEW}, {_ON_SCENE}
        FROM (SELECT {_ASSIGNMENT_AGGREGATES} FROM assignments a WHERE a.event_id = NEW.id) x;
    {_stats_assignments_refresh("NEW.id")}
END;
"""
_V17 = "DROP TRIGGER IF EXISTS stats_events_ai;\n" + _STATS_EVENTS_AI_V17

# What keeps the projection in step row by row (bulk_load defers these; v20 dropped stats_events_ai).
STATS_TRIGGER_NAMES = ("stats_events_au", "stats_events_au_status", "stats_events_au_sent",
                       "stats_events_ad", "stats_assignments_ai", "stats_assignments_au_times",
                       "stats_assignments_au_row", "stats_assignments_ad")

# Both tables from scratch (the migration's back-fill; the demo loader after its bulk load).
STATS_REBUILD = f"""
DELETE FROM stats_events;
DELETE FROM stats_assignments;
INSERT INTO stats_events {_STATS_EVENT_SELECT}
    FROM events e LEFT JOIN (SELECT a.event_id, {_ASSIGNMENT_AGGREGATES} FROM assignments a GROUP BY a.event_id) x
    ON x.event_id = e.id;
INSERT INTO stats_assignments {_STATS_ASSIGNMENT_SELECT};
"""

STATS_DURATIONS = ("to_sent_ms", "to_scene_ms", "on_scene_ms")


def stats_duration_bucket(column: str) -> str:
    """SQL: the bucket of a non-negative whole number of milliseconds: its digits and its first
    two (e.g. 123456 -> 612): ordered as the values, ~90 buckets per power of ten, each
    spanning ~1 % of its values (queries must spell it exactly so, for the index to serve)."""
    return f"length({column}) * 100 + CAST(substr({column}, 1, 2) AS INTEGER)"


_DURATION_INDEXES = "".join(
    f"CREATE INDEX stats_events_{c[:-3]} ON stats_events({stats_duration_bucket(c)}, received_at, exercise, "
    f"type_code, priority, municipality_istat, channel, {c}) WHERE {c} >= 0;\n" for c in STATS_DURATIONS)

_V14 = """
CREATE TABLE stats_events (
    received_at TEXT NOT NULL,
    event_id TEXT NOT NULL,
    exercise INTEGER NOT NULL,
    type_code TEXT NOT NULL,
    priority TEXT NOT NULL,
    municipality_istat TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    dims TEXT NOT NULL,
    utc_hour_of_week INTEGER,
    to_sent_ms INTEGER,
    to_scene_ms INTEGER,
    on_scene_ms INTEGER,
    PRIMARY KEY (received_at, event_id)
) WITHOUT ROWID;
-- Count per value = one index range per value (received_at second); the filter columns
-- follow, so a filtered count never leaves the index.
CREATE INDEX stats_events_dims ON stats_events(dims, received_at, exercise, type_code, priority,
    municipality_istat, channel);
CREATE INDEX stats_events_municipality ON stats_events(municipality_istat, received_at, exercise, type_code,
    priority, channel);
CREATE INDEX stats_events_hour ON stats_events(utc_hour_of_week, received_at, exercise, type_code, priority,
    municipality_istat, channel);
-- Medians and percentiles: per response time, the events counted per bucket of its value
-- (``stats_duration_bucket``) by index ranges, then only the buckets holding the wanted ranks read.
{duration_indexes}CREATE TABLE stats_assignments (
    resource_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    assignment_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    exercise INTEGER NOT NULL,
    type_code TEXT NOT NULL,
    priority TEXT NOT NULL,
    municipality_istat TEXT NOT NULL,
    channel TEXT NOT NULL,
    start_jms INTEGER,
    cleared_jms INTEGER,
    PRIMARY KEY (resource_id, received_at, assignment_id)
) WITHOUT ROWID;
CREATE INDEX stats_assignments_event ON stats_assignments(event_id, assignment_id);
""".replace("{duration_indexes}", _DURATION_INDEXES) + _STATS_TRIGGERS_V14 + STATS_REBUILD

# events_phone (caller_phone, received_at) has served no query since events_phone_key
# (schema v12: prior events by the normalised phone): it only cost every event's commit its
# pages (1 page, 4 on an index packed by a bulk build or a migration: bench_store).
_V15 = """
DROP INDEX IF EXISTS events_phone;
"""

def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _unformat(template: str, labels: tuple[int, ...] = ()) -> tuple[str, str]:
    """SQL that reads a text made by ``template.format(*params)`` back into a JSON list of
    its params (the parameter numbers in ``labels`` as domain/areas.label), and the LIKE
    pattern such texts match. Each parameter ends where the template's next literal text
    first appears, so a parameter holding that text is misread (such a row stays unread)."""
    pieces = re.split(r"\{\d\}", template)
    lit = _sql_text
    rest = f"substr(text, {len(pieces[0]) + 1})"
    params = []
    for i, piece in enumerate(pieces[1:]):
        if i == len(pieces) - 2:
            value = f"substr({rest}, 1, length({rest}) - {len(piece)})"
        else:
            value = f"substr({rest}, 1, instr({rest}, {lit(piece)}) - 1)"
            rest = f"substr({rest}, instr({rest}, {lit(piece)}) + {len(piece)})"
        params.append(f"json_object('{LABEL_KEY}', {value})" if i in labels else value)
    like = lit("%".join(p.replace("%", "") for p in pieces))
    return f"json_array({', '.join(params)})", like


def _alerts_as_templates() -> str:
    """v16: territory alerts kept as template + params (translated where shown); the alerts
    stored before as finished Italian text are read back into that form."""
    out = ["ALTER TABLE territory_alerts ADD COLUMN params TEXT;"]
    for kind, template, labels in (("watch", WATCH_ALERT_TEXT, ()), ("plate", PLATE_ALERT_TEXT, (2,))):
        params, like = _unformat(template, labels)
        out.append(f"UPDATE territory_alerts SET params = {params}, text = {_sql_text(template)} "
                   f"WHERE kind = '{kind}' AND params IS NULL AND text LIKE {like};")
    return "\n".join(out)


# v16 (territory, issue 12): alerts translated where shown (see domain/areas.alert_text).
_V16 = _alerts_as_templates()

# v18 (issue 15): the search index is no longer written inside the operator's commit (FTS5
# tokenised and flushed a segment per commit: ~13 % of an intake's instructions). The store
# owner indexes between calls and in idle time, and a search first indexes what is missing
# (search.catch_up). What is missing, durably in the commit's own transaction:
# - new rows: those above the index's mark (``search_marks``: the last rowid indexed), so an
#   insert writes nothing for search (rowids of these tables grow; catching up never leaves
#   the mark above the table's last rowid, so a rowid taken again lands above it);
# - changed rows already indexed (at or below the mark): the index is external content, and
#   taking a row out of it needs the values it was indexed with, so an update or a delete
#   queues the OLD values, only if the row is not queued yet (its entry already holds what
#   the index holds). The journal is append-only: its entries are never queued.
# Invariant: a row at or below the mark and not queued is indexed exactly as it stands.
SEARCH_COLUMNS = ("number", "municipality_name", "address", "caller_name", "caller_phone", "description", "outcome")
SEARCH_CONTENT = {"events_fts": "events", "journal_fts": "journal"}
SEARCH_QUEUE = "search_queue_events"
_OLD_SEARCH_VALUES = ", ".join(f"OLD.{c}" for c in SEARCH_COLUMNS)
_INDEXED = "OLD.rowid <= (SELECT upto FROM search_marks WHERE fts = 'events_fts')"
SEARCH_TRIGGERS = f"""
CREATE TRIGGER events_search_au AFTER UPDATE OF {", ".join(SEARCH_COLUMNS)} ON events WHEN {_INDEXED} BEGIN
    INSERT OR IGNORE INTO search_queue_events VALUES (OLD.rowid, {_OLD_SEARCH_VALUES});
END;
CREATE TRIGGER events_search_ad AFTER DELETE ON events WHEN {_INDEXED} BEGIN
    INSERT OR IGNORE INTO search_queue_events VALUES (OLD.rowid, {_OLD_SEARCH_VALUES});
END;
"""
# What keeps the search index in step row by row (bulk_load defers these).
FTS_TRIGGER_NAMES = ("events_search_au", "events_search_ad")
_V18 = "".join(f"DROP TRIGGER IF EXISTS {name};\n" for name in (*_FTS_TRIGGER_NAMES_V1, *FTS_TRIGGER_NAMES)) + f"""
CREATE TABLE IF NOT EXISTS search_queue_events (
    event_rowid INTEGER PRIMARY KEY,
    {", ".join(f"{c} TEXT" for c in SEARCH_COLUMNS)}
);
CREATE TABLE IF NOT EXISTS search_marks (fts TEXT PRIMARY KEY, upto INTEGER NOT NULL) WITHOUT ROWID;
-- The index holds every row so far (the v1 triggers wrote it).
INSERT OR IGNORE INTO search_marks VALUES ('events_fts', coalesce((SELECT max(rowid) FROM events), 0)),
                                          ('journal_fts', coalesce((SELECT max(rowid) FROM journal), 0));
""" + SEARCH_TRIGGERS

# v19 (issue 15): a unit's latest assignment through an index (the map's units,
# Places.units) instead of a walk over all of the unit's assignments: at a million events
# 0.6-2.4 s of the owner's CPU per map refresh became well under a millisecond. It starts
# with resource_id, so it serves every look-up the index it replaces served.
_V19 = """
CREATE INDEX IF NOT EXISTS assignments_resource_requested ON assignments(resource_id, requested_at);
DROP INDEX IF EXISTS assignments_resource;
"""

# v20 (issues 15 and 14): an event's statistics rows are no longer written inside the commit
# that inserts it (``stats_events_ai``: a row with six covering indexes, ~7 of an intake's ~31
# WAL pages and ~20 of the ~45 us of a pulled event row). The store owner projects new events
# set-wise between calls and in idle time (store/stats_projection.py), as v18 did for search.
# What is not projected yet, durably in the commit's own transaction: the events above the
# mark (``stats_marks``: the last events rowid projected). Invariant: an event at or below
# the mark has exactly its rows (and its assignments' rows) as STATS_REBUILD would make them;
# one above it has none. So the triggers that build rows act only at or below the mark (a
# key-column update, an assignment's row); the ones that update or delete rows find none
# above it. Deleting the last events lowers the mark to the new last rowid: the next insert
# takes max(rowid) + 1, which must land above it. Readers use the projection only when no
# event is above the mark (reports/projection.available); else the base tables.
STATS_MARK = "(SELECT upto FROM stats_marks WHERE projection = 'events')"
STATS_LAST_ROWID = "(SELECT coalesce(max(rowid), 0) FROM events)"
_ONLY_PROJECTED = f"\n        AND e.rowid <= {STATS_MARK}"  # an event the projection holds
_STATS_TRIGGERS_V20 = f"""
CREATE TRIGGER stats_events_au AFTER UPDATE OF {", ".join(_EVENT_KEY_COLUMNS)} ON events
    WHEN ({_changed(_EVENT_KEY_COLUMNS)}) AND OLD.rowid <= {STATS_MARK} BEGIN
    DELETE FROM stats_events WHERE received_at = OLD.received_at AND event_id = OLD.id;
    {_stats_event_insert("NEW.id")}
    DELETE FROM stats_assignments WHERE event_id = OLD.id;
    {_stats_assignments_refresh("NEW.id")}
END;
CREATE TRIGGER stats_events_ad AFTER DELETE ON events BEGIN
    DELETE FROM stats_events WHERE received_at = OLD.received_at AND event_id = OLD.id;
    DELETE FROM stats_assignments WHERE event_id = OLD.id;
    UPDATE stats_marks SET upto = {STATS_LAST_ROWID} WHERE projection = 'events' AND upto > {STATS_LAST_ROWID};
END;
CREATE TRIGGER stats_assignments_ai AFTER INSERT ON assignments BEGIN
    {_stats_event_times("NEW.event_id")}
    DELETE FROM stats_assignments WHERE event_id = NEW.event_id AND assignment_id = NEW.id;
    INSERT INTO stats_assignments {_STATS_ASSIGNMENT_SELECT}WHERE a.id = NEW.id AND e.rowid <= {STATS_MARK};
END;
{_stats_assignments_au_row(_ONLY_PROJECTED)}
"""
_V20 = "".join(f"DROP TRIGGER IF EXISTS {name};\n" for name in (
    "stats_events_ai", "stats_events_au", "stats_events_ad", "stats_assignments_ai", "stats_assignments_au_row")) + f"""
CREATE TABLE IF NOT EXISTS stats_marks (projection TEXT PRIMARY KEY, upto INTEGER NOT NULL) WITHOUT ROWID;
-- The projection holds every event so far (the v14 triggers wrote it), whatever a mark says.
INSERT OR REPLACE INTO stats_marks VALUES ('events', {STATS_LAST_ROWID});
""" + _STATS_TRIGGERS_V20

# The events above the mark, projected set-wise (store/stats_projection.py): parameters
# :above (the mark) and :upto (the last rowid of the batch). Each event's assignments as
# STATS_REBUILD counts them; their rows made anew (the triggers left none: belt and braces).
_STATS_BATCH = "SELECT id FROM events WHERE rowid > :above AND rowid <= :upto"
STATS_CATCH_UP = (
    f"INSERT INTO stats_events {_STATS_EVENT_SELECT}"
    f"FROM events e LEFT JOIN (SELECT a.event_id, {_ASSIGNMENT_AGGREGATES} FROM assignments a "
    f"WHERE a.event_id IN ({_STATS_BATCH}) GROUP BY a.event_id) x ON x.event_id = e.id "
    "WHERE e.rowid > :above AND e.rowid <= :upto",
    f"DELETE FROM stats_assignments WHERE event_id IN ({_STATS_BATCH})",
    f"INSERT INTO stats_assignments {_STATS_ASSIGNMENT_SELECT}WHERE e.rowid > :above AND e.rowid <= :upto",
    "UPDATE stats_marks SET upto = :upto WHERE projection = 'events'",
)
# After STATS_REBUILD: every event is projected.
STATS_MARK_ALL = f"INSERT OR REPLACE INTO stats_marks VALUES ('events', {STATS_LAST_ROWID})"

MIGRATIONS: list[str] = [
    _V1 + JOURNAL_GUARDS + FTS + FTS_TRIGGERS,
    _V2,
    _V3,
    _V4,
    _V5,
    _V6,
    _V7,
    _V8,
    _V9,
    _V10,
    _V11,
    _V12,
    _V13,
    _V14,
    _V15,
    _V16,
    _V17,
    _V18,
    _V19,
    _V20,
]

# Migrations that add columns to audited tables: the audit digest covers every column, so
# each existing row of these tables gets a fresh audit entry in the migration's own
# transaction (otherwise ``emergenza check`` would take every such row for tampered).
REAUDITED_BY: dict[int, tuple[str, ...]] = {5: ("resources",), 12: ("events",)}

SCHEMA_VERSION = len(MIGRATIONS)
