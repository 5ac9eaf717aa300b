"""TEMPORARY: the pre-split Store API, kept only until the call sites move to the managers
(the last commit of the store renovation deletes this module)."""

from __future__ import annotations

from typing import Any

from .core import _ManagerMethods
from .search import Search


class LegacyStoreAPI:
    events: Any
    units: Any
    people: Any
    board: Any
    search: Any
    drafts: Any
    outbox: Any
    meta: Any
    maintenance: Any

    def get_meta(self, *a: Any, **k: Any) -> Any: return self.meta.get(*a, **k)
    def set_meta(self, *a: Any, **k: Any) -> Any: return self.meta.set(*a, **k)
    @property
    def station_code(self) -> str: return self.meta.station_code
    @property
    def corps(self) -> str: return self.meta.corps
    def add_operator(self, *a: Any, **k: Any) -> Any: return self.people.add(*a, **k)
    def operators(self, *a: Any, **k: Any) -> Any: return self.people.operators(*a, **k)
    def get_operator(self, *a: Any, **k: Any) -> Any: return self.people.get(*a, **k)
    def start_shift(self, *a: Any, **k: Any) -> Any: return self.people.start_shift(*a, **k)
    def current_shift(self, *a: Any, **k: Any) -> Any: return self.people.current_shift(*a, **k)
    def end_shift(self, *a: Any, **k: Any) -> Any: return self.people.end_shift(*a, **k)
    def create_event(self, *a: Any, **k: Any) -> Any: return self.events.create(*a, **k)
    def get_event(self, *a: Any, **k: Any) -> Any: return self.events.get(*a, **k)
    def get_event_by_number(self, *a: Any, **k: Any) -> Any: return self.events.get_by_number(*a, **k)
    def update_event(self, *a: Any, **k: Any) -> Any: return self.events.update(*a, **k)
    def change_status(self, *a: Any, **k: Any) -> Any: return self.events.change_status(*a, **k)
    def add_note(self, *a: Any, **k: Any) -> Any: return self.events.add_note(*a, **k)
    def strike_entry(self, *a: Any, **k: Any) -> Any: return self.events.strike_entry(*a, **k)
    def journal(self, *a: Any, **k: Any) -> Any: return self.events.journal(*a, **k)
    def history(self, *a: Any, **k: Any) -> Any: return self.events.history(*a, **k)
    def add_resource(self, *a: Any, **k: Any) -> Any: return self.units.add(*a, **k)
    def set_resource_status(self, *a: Any, **k: Any) -> Any: return self.units.set_status(*a, **k)
    def get_resource(self, *a: Any, **k: Any) -> Any: return self.units.get(*a, **k)
    def resources(self, *a: Any, **k: Any) -> Any: return self.units.overview(*a, **k)
    def _active_assignment(self, *a: Any, **k: Any) -> Any: return self.units.active_assignment(*a, **k)
    def assign(self, *a: Any, **k: Any) -> Any: return self.units.assign(*a, **k)
    def advance_assignment(self, *a: Any, **k: Any) -> Any: return self.units.advance(*a, **k)
    def assignments_for_event(self, *a: Any, **k: Any) -> Any: return self.units.for_event(*a, **k)
    def board_ids(self, *a: Any, **k: Any) -> Any: return self.board.ids(*a, **k)
    def rows_for_ids(self, *a: Any, **k: Any) -> Any: return self.board.rows(*a, **k)
    def status_counts(self, *a: Any, **k: Any) -> Any: return self.board.status_counts(*a, **k)
    def unassigned_urgent(self, *a: Any, **k: Any) -> Any: return self.board.unassigned_urgent(*a, **k)
    def prior_events(self, *a: Any, **k: Any) -> Any: return self.search.prior_events(*a, **k)
    def save_draft(self, *a: Any, **k: Any) -> Any: return self.drafts.save(*a, **k)
    def load_draft(self, *a: Any, **k: Any) -> Any: return self.drafts.load(*a, **k)
    def delete_draft(self, *a: Any, **k: Any) -> Any: return self.drafts.delete(*a, **k)
    def outbox_count(self, *a: Any, **k: Any) -> Any: return self.outbox.count(*a, **k)
    def pending_changes(self, *a: Any, **k: Any) -> Any: return self.outbox.pending(*a, **k)
    def ack_changes(self, *a: Any, **k: Any) -> Any: return self.outbox.ack(*a, **k)
    def counts(self, *a: Any, **k: Any) -> Any: return self.maintenance.counts(*a, **k)
    def backup(self, *a: Any, **k: Any) -> Any: return self.maintenance.backup(*a, **k)
    def verify_audit(self, *a: Any, **k: Any) -> Any: return self.maintenance.verify_audit(*a, **k)
    def maintain_search(self, *a: Any, **k: Any) -> Any: return self.maintenance.merge_search(*a, **k)
    @property
    def priority_order(self) -> str: return self.board.priority_order


# ``store.search(text)`` and ``owner.call(Store.search, text)`` were the search itself.
Search.__call__ = lambda self, *a, **k: self.find(*a, **k)  # type: ignore[attr-defined]
_ManagerMethods.__call__ = (  # type: ignore[attr-defined]
    lambda self, store, *a, **k: getattr(store, self._name)(*a, **k))
