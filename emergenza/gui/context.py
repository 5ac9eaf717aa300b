"""What every window and widget of the app is given (no global singletons).

Built once by the composition root (``emergenza.app``) and passed down explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from ..config import Paths
from ..domain.catalogs import Catalogs
from ..domain.roles import OBSERVER_ACTIONS, Action, may
from ..store import StoreOwner
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .station.backup_ui import BackupScheduler
    from .sync.sync_ui import SyncController


class DataSignals(QObject):
    """The one "data changed" signal views refresh on, and who is on shift."""

    # operations.Change flags; emitted only by gui/operations.py, once per write.
    changed = Signal(object)
    operator_changed = Signal()


@dataclass
class Operator:
    id: str
    name: str
    role: str


@dataclass
class AppContext:
    owner: StoreOwner
    catalogs: Catalogs
    tasks: TaskRunner
    signals: DataSignals
    settings: QSettings
    paths: Paths
    operator: Operator | None = None
    language: str = "it"
    # Services installed after the main window exists (None until then, or without them):
    sync: SyncController | None = None  # by install_sync_ui
    backups: BackupScheduler | None = None  # by install_backup_timer (interactive runs)
    # An observer's read-only board (gui/shell/observer_mode.py): only OBSERVER_ACTIONS.
    observer: bool = False

    def set_operator(self, operator: Operator | None) -> None:
        """Who every action is attributed to from now on (the one place that sets it)."""
        self.operator = operator
        self.signals.operator_changed.emit()

    def may(self, action: Action) -> bool:
        """Whether the operator on shift may do ``action`` (to hide or disable it; the store decides)."""
        if self.observer and action not in OBSERVER_ACTIONS:
            return False
        return may(self.operator.role if self.operator else None, action)

    @property
    def operator_name(self) -> str:
        return self.operator.name if self.operator else "?"
