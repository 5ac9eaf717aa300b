"""Store work from the GUI, in one shape (after Anki's ``aqt/operations``).

    ReadOp(ctx, Store.events.journal, event_id).on_done(show).on_error(say).run("detail.journal")
    WriteOp(ctx, Change.JOURNAL, Store.events.add_note, event_id, text, operator=name).run("detail.note")

Both run their function on the store owner's thread (``ctx.owner.call`` inside a task
of ``ctx.tasks``) and land the result on the event loop. A write names what it changed
(:class:`Change`); once it has succeeded, the op announces that ONCE on
``ctx.signals.changed``, after its own ``on_done``. Views refresh on that signal and
never emit it themselves. Failures go to ``on_exception`` (the error itself), or to
``on_error`` (the person's message, from ``i18n.error_text``), or, with neither, to
``ctx.tasks.error`` (the main window shows them). Work that is not one store call (a
sync round) announces what it changed with :func:`announce`.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar

from .context import AppContext
from .i18n import error_text

T = TypeVar("T")


class Change(enum.Flag):
    """What a write changed; listeners test with ``changes & Change.EVENTS``."""

    NONE = 0
    EVENTS = enum.auto()    # event rows: fields, status, priority, units on them
    UNITS = enum.auto()     # resources and their assignments
    JOURNAL = enum.auto()   # journal entries (notes, strikes)
    SHIFT = enum.auto()     # operators and shifts
    SYNC = enum.auto()      # outbox, conflicts, what arrived from the server
    SETTINGS = enum.auto()  # station identity and configuration (meta)
    TERRITORY = enum.auto()  # at-risk areas, cameras and gates, territory alerts
    CATALOGS = enum.auto()  # the station's priority scale and event types (ctx.catalogs)
    ALL = EVENTS | UNITS | JOURNAL | SHIFT | SYNC | SETTINGS | TERRITORY | CATALOGS


# What a change recorded against a store table (an outbox/conflict entity) means for views.
ENTITY_CHANGES = {
    "events": Change.EVENTS,
    "journal": Change.JOURNAL,
    "assignments": Change.UNITS | Change.EVENTS,
    "resources": Change.UNITS,
    "risk_areas": Change.TERRITORY | Change.EVENTS,  # the events' area flags follow
    "cameras": Change.TERRITORY,
}


def announce(ctx: AppContext, changes: Change) -> None:
    """Tell every view what changed (nothing when nothing did)."""
    if changes:
        ctx.signals.changed.emit(changes)


class ReadOp(Generic[T]):
    """``fn(store, *args, **kwargs)`` on the owner thread; its result to ``on_done``."""

    def __init__(self, ctx: AppContext, fn: Callable[..., T], *args: Any, **kwargs: Any):
        self._ctx = ctx
        self._call = (fn, args, kwargs)
        self._done: Callable[[T], object] | None = None
        self._failed: Callable[[BaseException], object] | None = None

    def on_done(self, callback: Callable[[T], object]) -> Self:
        self._done = callback
        return self

    def on_exception(self, callback: Callable[[BaseException], object]) -> Self:
        """The error itself (e.g. to show a ValidationError field by field)."""
        self._failed = callback
        return self

    def on_error(self, callback: Callable[[str], object]) -> Self:
        """The message for the person, translated."""
        return self.on_exception(lambda exc: callback(error_text(exc)))

    def run(self, name: str) -> asyncio.Task:
        fn, args, kwargs = self._call
        return self._ctx.tasks.run(self._ctx.owner.call(fn, *args, **kwargs), on_done=self._finish,
                                   on_error=self._failed, name=name)

    def _finish(self, result: T) -> None:
        if self._done is not None:
            self._done(result)


class WriteOp(ReadOp[T]):
    """A write: like a read, then announces ``changes`` (or ``changes(result)``) once."""

    def __init__(self, ctx: AppContext, changes: Change | Callable[[T], Change], fn: Callable[..., T],
                 *args: Any, **kwargs: Any):
        super().__init__(ctx, fn, *args, **kwargs)
        self._changes = changes

    def _finish(self, result: T) -> None:
        try:
            super()._finish(result)
        finally:  # the data did change, whatever the callback did
            changes = self._changes if isinstance(self._changes, Change) else self._changes(result)
            announce(self._ctx, changes)
