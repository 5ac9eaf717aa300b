"""What the role on shift may do, shown in the window: every menu action tied to an
``Action`` of the role table is disabled when the operator on shift may not do it (and
everything guarded is disabled while nobody is signed in). The store refuses anyway
(``StoreCore.require``): this only spares the operator a refusal.

Actions are found by object name, so the menus other parts install (Rapporti,
Sincronizzazione) are gated from this one table without knowing about roles.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ...domain.roles import Action
from ..context import AppContext

# QAction object name -> what it needs.
ACTION_GATES: dict[str, Action] = {
    "action_settings": Action.SETTINGS,
    "action_catalogs": Action.CATALOGS,
    "action_territory_registry": Action.MANAGE_TERRITORY,
    "action_new_event": Action.INTAKE,
    "action_import_exchange": Action.INTAKE,  # CAP/EMSI files become events
    "action_assign": Action.ASSIGN,
    "action_note": Action.NOTE,
    "action_advance_unit": Action.ADVANCE_UNIT,
    "action_toggle_service": Action.ADVANCE_UNIT,
    "action_units_registry": Action.MANAGE_UNITS,
    "action_crews": Action.MANAGE_CREWS,
    "action_operators": Action.MANAGE_OPERATORS,
    "action_enroll": Action.ENROLL,
    "action_report_brogliaccio": Action.RUN_REPORTS,
    "action_report_statistics": Action.RUN_REPORTS,
    "action_report_annual": Action.RUN_REPORTS,
    "action_report_export_csv": Action.RUN_REPORTS,
    "action_report_shift": Action.RUN_REPORTS,
}


class RoleGate(QObject):
    """Keeps the gated actions of ``window`` in step with the operator on shift."""

    def __init__(self, ctx: AppContext, window: QWidget):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        ctx.signals.operator_changed.connect(self.apply)
        window.installEventFilter(self)  # actions added later (their shortcuts go on the window)

    def apply(self) -> None:
        for action in self._window.findChildren(QAction):
            self.gate(action)

    def gate(self, action: QAction) -> None:
        needed = ACTION_GATES.get(action.objectName())
        if needed is not None:
            action.setEnabled(self._ctx.may(needed))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ActionAdded and isinstance(event.action(), QAction):
            self.gate(event.action())
        return False
