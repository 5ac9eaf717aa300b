"""What every part of the store shares: the connection, the clock, the audit trail, the
change writer, the meta table and the transaction. ``Store`` (facade.py) is a StoreCore
with its managers attached; the managers see only this class, so none imports the facade.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import sqlite_utils

from ..domain.catalogs import Catalogs
from ..domain.entities import utc_now_iso
from ..domain.enums import Role
from ..domain.errors import ObserverReadOnlyError, PermissionDeniedError
from ..domain.hlc import HybridLogicalClock
from ..domain.roles import FILE_HOLDER, OBSERVER_ACTIONS, Action, Actor, may, required_role
from .audit import AuditTrail
from .changes import ChangeWriter
from .meta import Meta, MetaKey

M = TypeVar("M")


def clean(value: Any) -> Any:
    """A value as typed, ready to store: text stripped (empty -> None), booleans as 0/1."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return int(value)
    return value


class Manager(Generic[M]):
    """A manager slot on the store class (``events = Manager(Events)``).

    On a store, ``store.events`` is that store's manager (an ordinary instance attribute,
    set in ``__init__``). On the class, ``Store.events.create`` is a function of
    ``(store, *args, **kwargs)``: the form ``StoreOwner.call`` takes, so a call site names
    the method and passes its arguments as they are now (evaluated on the caller's thread).
    """

    def __init__(self, cls: type[M]):
        self.cls = cls
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, store: Any, owner: type | None = None) -> Any:
        if store is None:
            return _ManagerMethods(self.name, self.cls)
        raise AttributeError(f"{self.name}: the store is not built yet")  # set in Store.__init__


class _ManagerMethods:
    def __init__(self, name: str, cls: type):
        self._name = name
        self._cls = cls

    def __getattr__(self, method: str) -> Callable[..., Any]:
        unbound = getattr(self._cls, method)  # a misspelt name fails here, at the call site
        if not callable(unbound):
            raise TypeError(f"Store.{self._name}.{method} is not a method")
        name = self._name

        def on_store(store: Any, *args: Any, **kwargs: Any) -> Any:
            return unbound(store.__dict__[name], *args, **kwargs)

        on_store.__qualname__ = on_store.__name__ = f"Store.{name}.{method}"
        return on_store


class StoreCore:
    """Used by exactly one thread (the store owner's)."""

    meta = Manager(Meta)

    def __init__(self, db: sqlite_utils.Database, catalogs: Catalogs, *, path: Path | None = None,
                 now: Callable[[], datetime] | None = None, wall_ms: Callable[[], int] | None = None,
                 actor: Actor = FILE_HOLDER):
        self.db = db
        # Who the guarded writes are for: the app signs an operator in (and starts as
        # NOBODY); the command line acts as the holder of the file.
        self.actor = actor
        self.path = path
        self.catalogs = catalogs
        self.now = now or (lambda: datetime.now(UTC))
        self.meta = Meta(db)
        known = self.meta.all()
        self.replica_id: str = known[MetaKey.REPLICA_ID]
        self.clock = HybridLogicalClock(self.replica_id, last=known.get(MetaKey.HLC_LAST), now_ms=wall_ms)
        self.audit = AuditTrail(db)
        self.changes = ChangeWriter(db, self.clock, self.audit, self.replica_id, self.now_iso)

    def act_as(self, actor: Actor) -> None:
        self.actor = actor

    def require(self, action: Action) -> None:
        """Refuse (and audit the refusal) unless the acting role may perform ``action``.

        Call it before the write's transaction opens, so the refusal's audit row is kept.
        An observer's store (``meta.observer``) refuses every action but OBSERVER_ACTIONS.
        """
        observer = action not in OBSERVER_ACTIONS and self.meta.observer
        if may(self.actor.role, action) and not observer:
            return
        with self.db.atomic():
            self.audit.append(self.now_iso(), self.actor.name or "-", "denied." + action.value, "", "",
                              Role(self.actor.role).value if self.actor.role else "")
        if observer:
            raise ObserverReadOnlyError(action=action.value)
        raise PermissionDeniedError(action.value, required_role(action).label)

    def now_iso(self) -> str:
        return utc_now_iso(self.now())

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic unit of work; on failure nothing is written and the audit head is re-read."""
        try:
            with self.db.atomic():
                yield self.db
                self.meta.set(MetaKey.HLC_LAST, self.clock.last)
        except BaseException:
            self.audit.reload()
            raise

    def data_stamp(self) -> tuple[int, int]:
        """Differs from an earlier stamp once anything was written since: by this connection
        (``total_changes``) or committed by another one, another process included
        (``PRAGMA data_version``). Lets a reader skip re-reading what cannot have changed."""
        return self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes

    def one(self, sql: str, params: list[Any] | tuple = ()) -> dict[str, Any] | None:
        """The first row of a query, or None."""
        return next(iter(self.db.query(sql, params)), None)

    def close(self) -> None:
        self.db.close()
