"""The "Rapporti" menu of the main window.

``install_reports_ui(ctx, main_window)`` is called once by the composition root. It adds
the menu before "Aiuto" — Brogliaccio…, Statistiche…, Relazione annuale…, Esporta CSV…,
Rapporto di fine turno…, Stampa… (Ctrl+P: the report window in front, with preview) —
and lists its actions with the window's, so Help → Scorciatoie shows their keys.
Each window is opened once and brought to the front when asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget

from ..context import AppContext

if TYPE_CHECKING:
    # The report windows (and what they pull in) are imported by the slot that first opens
    # one, not with the menu: they cost a cold start ~0.15 s that no operator is waiting for.
    from .dialogs import ReportDialog
    from .jobs import OutputFolder
    from .stats_window import StatisticsWindow


class ReportsUi(QObject):
    """The menu's actions and the report windows they open, bound to one main window."""

    def __init__(self, ctx: AppContext, window: QMainWindow, actions: dict[str, QAction]):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self._folder: OutputFolder | None = None
        self.windows: dict[str, QWidget] = {}
        self.menu = QMenu(self.tr("&Rapporti"), window)
        self.menu.setObjectName("menu_reports")
        specs: list[tuple[str, str, str | None, Callable[[], object]]] = [
            ("report_brogliaccio", self.tr("&Brogliaccio…"), "Ctrl+Shift+B", self.open_brogliaccio),
            ("report_statistics", self.tr("&Statistiche…"), "Ctrl+Shift+T", self.open_statistics),
            ("report_annual", self.tr("&Relazione annuale…"), "Ctrl+Shift+A", self.open_annual),
            ("report_export_csv", self.tr("&Esporta CSV…"), "Ctrl+Shift+E", self.open_export),
            ("report_shift", self.tr("Rapporto di &fine turno…"), None, self.open_shift_report),
            ("report_print", self.tr("Stam&pa…"), "Ctrl+P", self.print_current),
        ]
        self.actions: dict[str, QAction] = {}
        for name, text, keys, slot in specs:
            if name == "report_shift" or name == "report_print":
                self.menu.addSeparator()
            action = QAction(text, window)
            action.setObjectName(f"action_{name}")
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({keys})")
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.menu.addAction(action)
            window.addAction(action)  # shortcuts work with the menu closed
            self.actions[name] = action
            actions[name] = action
        self.actions["report_print"].setToolTip(self.tr("Stampa il rapporto aperto, con anteprima (Ctrl+P)"))

    @property
    def folder(self) -> OutputFolder:
        """Where the next save dialog opens (shared by every report window of the session)."""
        if self._folder is None:
            from .jobs import OutputFolder

            self._folder = OutputFolder()
        return self._folder

    # ---------------------------------------------------------------- windows
    def _reuse(self, key: str) -> QWidget | None:
        widget = self.windows.get(key)
        if widget is None:
            return None
        widget.show()
        widget.raise_()
        widget.activateWindow()
        return widget

    def _keep(self, key: str, widget: QWidget) -> QWidget:
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        widget.destroyed.connect(lambda _obj=None, k=key: self.windows.pop(k, None))
        self.windows[key] = widget
        return widget

    def _dialog(self, key: str, cls: type[ReportDialog]) -> ReportDialog:
        existing = self._reuse(key)
        if existing is not None:
            return existing  # type: ignore[return-value]
        dialog = cls(self._ctx, self._window, folder=self.folder)
        self._keep(key, dialog)
        dialog.show()  # non-modal: the room keeps working while a report is prepared
        return dialog

    def open_brogliaccio(self) -> ReportDialog:
        from .dialogs import BrogliaccioDialog

        return self._dialog("brogliaccio", BrogliaccioDialog)

    def open_annual(self) -> ReportDialog:
        from .dialogs import AnnualDialog

        return self._dialog("annual", AnnualDialog)

    def open_export(self) -> ReportDialog:
        from .dialogs import ExportCsvDialog

        return self._dialog("export", ExportCsvDialog)

    def open_shift_report(self) -> ReportDialog:
        from .dialogs import ShiftReportDialog

        return self._dialog("shift", ShiftReportDialog)

    def open_statistics(self) -> StatisticsWindow:
        existing = self._reuse("statistics")
        if existing is not None:
            return existing  # type: ignore[return-value]
        from .stats_window import StatisticsWindow

        window = StatisticsWindow(self._ctx, self._window, folder=self.folder)
        self._keep("statistics", window)
        window.show()
        return window

    def current_report(self) -> QWidget | None:
        """The report window in front; else the one opened last that is still visible."""
        active = QApplication.activeWindow()
        open_ones = [w for w in self.windows.values() if w.isVisible()]
        if active in open_ones:
            return active
        return open_ones[-1] if open_ones else None

    def print_current(self) -> bool:
        """Ctrl+P: the print preview of the report window in front."""
        target = self.current_report()
        # Only the report windows open print; one open means their modules are loaded.
        from .report_dialog import ReportDialog
        from .stats_window import StatisticsWindow

        if isinstance(target, (StatisticsWindow, ReportDialog)) and getattr(target, "printable", True):
            return target.print_preview()
        self._window.statusBar().showMessage(
            self.tr("Nessun rapporto da stampare: aprire un rapporto dal menu Rapporti."), 8000)
        return False


def install_reports_ui(ctx: AppContext, main_window: QMainWindow) -> ReportsUi:
    """Add the "Rapporti" menu (before "Aiuto") to the main window."""
    actions = getattr(main_window, "actions_by_name", {})
    ui = ReportsUi(ctx, main_window, actions)
    bar = main_window.menuBar()
    help_menu = bar.findChild(QMenu, "menu_help")
    if help_menu is not None:
        bar.insertMenu(help_menu.menuAction(), ui.menu)
    else:
        bar.addMenu(ui.menu)
    return ui
