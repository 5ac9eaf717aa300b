"""``Store``: the local record, one small manager per part (as Anki's ``Collection``).

    store.events       events and their journal          (events.py)
    store.units        units and their assignments       (units.py; registry: unit_registry.py)
    store.crews        who is on board each unit         (crews.py)
    store.people       operators, roles, sign-in, shifts (people.py, shifts.py, passwords.py)
    store.board        the active-events board           (board.py)
    store.search       full-text search, prior events    (search.py)
    store.places       events and units on the map       (places.py)
    store.areas        at-risk areas, their events, alerts (areas.py)
    store.cameras      cameras, gates, plate hits          (cameras.py)
    store.drafts       drafts of forms being filled in   (drafts.py)
    store.outbox       changes still to send             (outbox.py)
    store.sync_issues  refused, quarantined, waiting     (sync_issues.py)
    store.meta         the meta table                    (meta.py)
    store.maintenance  figures, backup, audit, idle work (maintenance.py)
    store.catalog_settings  the station's priority scale and event types (catalog_settings.py)

The store itself owns the connection, the clock, the audit trail and the transaction
(core.py). Every method runs in ONE thread (the store owner's); every write is one
transaction that also queues its outbox row(s) and audit row(s). ``Store.events.create``
(on the class) is the function of the store that ``StoreOwner.call`` takes.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path
from typing import Any

from ..domain.catalogs import Catalogs
from ..domain.entities import utc_now_iso
from ..domain.wire_rules import DEFAULT_STATION_CODE
from . import database
from .areas import Areas
from .board import Board
from .cameras import Cameras
from .catalog_settings import CatalogSettings
from .core import Manager, StoreCore
from .crews import Crews
from .drafts import Drafts
from .events import Events
from .maintenance import Maintenance
from .meta import Meta, MetaKey
from .outbox import Outbox
from .people import People
from .places import Places
from .search import Search
from .sync_issues import SyncIssues
from .units import Units


class Store(StoreCore):
    events = Manager(Events)
    units = Manager(Units)
    crews = Manager(Crews)
    people = Manager(People)
    board = Manager(Board)
    search = Manager(Search)
    places = Manager(Places)
    areas = Manager(Areas)
    cameras = Manager(Cameras)
    drafts = Manager(Drafts)
    outbox = Manager(Outbox)
    sync_issues = Manager(SyncIssues)
    maintenance = Manager(Maintenance)
    catalog_settings = Manager(CatalogSettings)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The store's own catalogs (a shallow copy: its settings swap whole dicts in, never
        # touching the caller's object), with the station's settings applied.
        self.catalogs = dataclasses.replace(self.catalogs)
        self.catalog_settings = CatalogSettings(self)
        self.outbox = Outbox(self)
        self.sync_issues = SyncIssues(self)
        self.people = People(self, self.outbox)
        # Assignments move their event (units.py uses events.py); ending an event frees
        # its units: that way back is this one function, so there is no import cycle.
        # Every write that moves an event or reshapes an area recomputes which areas hold
        # what, in its own transaction: local writes here, pulled ones in sync/apply.py.
        self.areas = Areas(self)
        self.changes.followers.append(self.areas.written)
        self.events = Events(self, free_units=lambda event_id, operator: self.units.free_units_of(event_id, operator))
        self.cameras = Cameras(self, self.events, self.areas)
        self.units = Units(self, self.events)
        self.crews = Crews(self, self.events)
        self.board = Board(self)
        self.search = Search(self)
        self.places = Places(self)
        self.drafts = Drafts(self)
        self.maintenance = Maintenance(self, self.board, self.outbox)

    @classmethod
    def open(cls, path: str | Path, catalogs: Catalogs | None = None, *, station_code: str | None = None,
             corps: str | None = None, check: bool = True, **kwargs: Any) -> Store:
        """Open or create the store file: migrate, check integrity, set the station identity once."""
        from ..resources import load_catalogs

        path = Path(path)
        existed = path.exists() and path.stat().st_size > 0
        if existed and check and database.needs_check_at_open(path):
            database.ensure_ok(database.quick_check(path), path)
        db = database.connect(path)
        try:
            database.migrate(db)
            meta = Meta(db)
            with db.atomic():
                if meta.get(MetaKey.REPLICA_ID) is None:
                    meta.set_many({MetaKey.REPLICA_ID: uuid.uuid4().hex[:16], MetaKey.CREATED_AT: utc_now_iso(),
                                   MetaKey.STATION_CODE: station_code or DEFAULT_STATION_CODE,
                                   MetaKey.CORPS: corps or ""})
                else:
                    meta.set_many({key: value for key, value in ((MetaKey.STATION_CODE, station_code),
                                                                 (MetaKey.CORPS, corps)) if value})
        except BaseException:
            db.close()
            raise
        return cls(db, catalogs or load_catalogs(), path=path, **kwargs)
