"""The observer's client: the same window, a read-only regional board.

A store enrolled with an observer's code (State police forces, Prefecture: ``meta.observer``,
set by ``sync.engine.enroll`` from the server's answer) refuses every write itself
(``StoreCore.require``). The window goes further: every way to ask for a write is *absent*,
not greyed — menu and toolbar entries and their shortcuts are removed, the editing parts of
the event detail are hidden, context menus and unit drops are swallowed. What stays: the
boards (every corps' shared events, their units and journals), search, map, reports, the
notices of new shared events, sign-in and lock, "Sincronizza ora" (a pull: the store has
nothing to push).

Installed last by the composition root (``app.py``), and again when an enrollment turns the
store into an observer's (``Change.SETTINGS``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget
from shiboken6 import isValid

from ...domain.roles import OBSERVER_ACTIONS
from ...store import Store
from ..context import AppContext
from ..operations import Change, ReadOp
from ..widgets.mime import unit_from_mime
from .role_gate import ACTION_GATES

# Actions the role table does not guard but that write (or lead only to writing).
WRITE_ACTIONS: frozenset[str] = frozenset({
    "action_view_intake",      # the intake page
    "action_conflicts",        # resolving conflicts
    "action_shift_end",        # closing a shift
    "action_sync_issues",      # resending or discarding refused changes
})


def is_write_action(name: str) -> bool:
    """Whether the QAction called ``name`` asks for a write an observer may not make."""
    gate = ACTION_GATES.get(name)
    return name in WRITE_ACTIONS or (gate is not None and gate not in OBSERVER_ACTIONS)


def _is_observer(store: Store) -> bool:
    return store.meta.observer


class ObserverMode(QObject):
    """Turns ``window`` (a MainWindow) into the read-only board once the store is an observer's."""

    def __init__(self, ctx: AppContext, window: QWidget):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.active = False
        ctx.signals.changed.connect(self._on_changed)

    def check(self) -> None:
        """Ask the store (off the UI thread) and apply when it is an observer's."""
        ReadOp(self._ctx, _is_observer).on_done(lambda yes: self.apply() if yes else None).run("observer.check")

    def _on_changed(self, changes: Change) -> None:
        if changes & Change.SETTINGS and not self.active:
            self.check()

    def apply(self) -> None:
        if self.active:
            return
        self.active = True
        self._ctx.observer = True  # ctx.may refuses what an observer may not do (role gate, panels)
        w = self._window
        for action in w.findChildren(QAction):
            self._remove_if_write(action)
        # Actions added later (on the window or a menu), context menus and unit drops inside the window.
        QApplication.instance().installEventFilter(self)
        self._strip_views()
        badge = QLabel(self.tr("Osservatore: sola consultazione"))
        badge.setObjectName("observer_badge")
        badge.setStyleSheet("font-weight: bold; padding: 0 6px;")
        w.add_status_widget(badge)
        w.detail._apply_role()  # the status targets and strike follow ctx.may

    def _remove_if_write(self, action: QAction) -> None:
        if not isValid(action) or not is_write_action(action.objectName()):
            return
        for owner in action.associatedObjects():
            if isinstance(owner, QWidget):
                owner.removeAction(action)
        action.setShortcuts([])
        action.setVisible(False)
        action.setEnabled(False)
        action.deleteLater()

    def _strip_views(self) -> None:
        w = self._window
        detail = w.detail
        for widget in (detail.status_combo, detail.status_reason, detail.status_button, detail.status_combo_label,
                       detail.save_button, detail.revert_button, detail.assign_button, detail.advance_button,
                       detail.strike_button, detail.note_edit, detail.note_button):
            widget.hide()
        detail.fields.setEnabled(False)  # shown, not editable
        detail.tabs.removeTab(detail.tabs.indexOf(detail.dispatch))  # links and agencies: all writes
        for shortcut in detail.note_edit.findChildren(QShortcut):
            shortcut.deleteLater()
        for board in (w.units_board, w.units_panel):
            board.table.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
            board.table.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
            for shortcut in board.table.findChildren(QShortcut):  # Space advances a unit
                shortcut.deleteLater()
        w.board.table.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)

    def _belongs(self, obj: QObject | None) -> bool:
        """``obj`` is the window or one of its own (menus included: they are windows of their own)."""
        while obj is not None:
            if obj is self._window:
                return True
            obj = obj.parent()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ActionAdded, QEvent.Type.ContextMenu, QEvent.Type.DragEnter,
                        QEvent.Type.DragMove, QEvent.Type.Drop):
            return False  # the cheap test first: this filter sees every event of the application
        if not isValid(self._window) or not self._belongs(watched):
            return False
        if kind == QEvent.Type.ActionAdded:  # on the window or one of its menus: removed once added
            action = event.action()
            if isinstance(action, QAction) and is_write_action(action.objectName()):
                QTimer.singleShot(0, lambda a=action: self._remove_if_write(a))
            return False
        if kind == QEvent.Type.ContextMenu:
            return True  # every context menu of the window offers writes (advance, place, assign…)
        if unit_from_mime(event.mimeData()) is not None:
            event.ignore()
            return True  # a unit dropped on an event (board or map) would assign it
        return False


def install_observer_mode(ctx: AppContext, window: QWidget, *, observer: bool) -> ObserverMode:
    """After every other part of the window is installed (their actions exist)."""
    mode = ObserverMode(ctx, window)
    if observer:
        mode.apply()
    return mode
