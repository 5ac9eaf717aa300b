"""The main window's action table and the menus and toolbar built from it.

The strings keep the window's translation context ("MainWindow", written out in each
``translate`` call so pyside6-lupdate files them there): they are the window's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from ..catalogs.window import open_catalogs

if TYPE_CHECKING:
    from .main_window import MainWindow

MENU_NAMES = ("file", "events", "units", "sync", "view", "help")
translate = QCoreApplication.translate  # (a name pyside6-lupdate reads; context "MainWindow")


@dataclass
class ActionSpec:
    name: str
    menu: str
    text: str
    shortcut: str | None
    slot: Callable[[], object]
    toolbar: bool = False
    extra_shortcuts: tuple[str, ...] = ()


class _MenuWatcher(QObject):
    """Hides a menu's placeholder entry as soon as anyone adds a real action."""

    def __init__(self, menu: QMenu, placeholder: QAction):
        super().__init__(menu)
        self._placeholder = placeholder
        menu.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ActionAdded and event.action() is not self._placeholder:
            self._placeholder.setVisible(False)
        return False


def action_specs(w: MainWindow) -> list[ActionSpec]:
    return [
        ActionSpec("settings", "file", translate("MainWindow", "&Impostazioni…"), "Ctrl+,", w.open_settings),
        ActionSpec("operators", "file", translate("MainWindow", "O&peratori…"), "Ctrl+Shift+P",
                   w.station.open_operators),
        ActionSpec("lock", "file", translate("MainWindow", "&Blocca postazione"), "Ctrl+L", w.station.lock),
        ActionSpec("catalogs", "file", translate("MainWindow", "Cata&loghi…"), None, lambda: open_catalogs(w)),
        ActionSpec("import_exchange", "file", translate("MainWindow", "Importa CAP/E&MSI…"), None,
                   lambda: w.board.exchange.choose_import()),
        ActionSpec("change_operator", "file", translate("MainWindow", "Cambia &operatore…"), "Ctrl+Shift+O",
                   w.change_operator),
        ActionSpec("quit", "file", translate("MainWindow", "&Esci"), "Ctrl+Q", w.close),
        ActionSpec("new_event", "events", translate("MainWindow", "&Nuovo intervento"), "F2", w.new_event,
                   toolbar=True),
        ActionSpec("open_event", "events", translate("MainWindow", "&Apri intervento selezionato"), "Ctrl+O",
                   w.open_current_event),
        ActionSpec("assign", "events", translate("MainWindow", "A&ssegna unità…"), "F3", w.assign_current,
                   toolbar=True),
        ActionSpec("note", "events", translate("MainWindow", "Aggiungi anno&tazione"), "F4", w.note_current,
                   toolbar=True),
        ActionSpec("search", "events", translate("MainWindow", "&Cerca…"), "Ctrl+F", w.open_search, toolbar=True),
        ActionSpec("ack_alerts", "events", translate("MainWindow", "&Presa visione allarmi"), "F8",
                   w.acknowledge_alerts, toolbar=True),
        ActionSpec("clear_filters", "events", translate("MainWindow", "Azzera &filtri"), "Ctrl+Shift+F",
                   w.clear_board_filters),
        ActionSpec("refresh", "events", translate("MainWindow", "A&ggiorna"), "Ctrl+R", w.refresh),
        ActionSpec("advance_unit", "units", translate("MainWindow", "&Avanza unità selezionata"), "F5",
                   w.advance_unit, toolbar=True),
        ActionSpec("toggle_service", "units", translate("MainWindow", "&Fuori servizio / in servizio"), "F6",
                   w.toggle_unit_service),
        ActionSpec("units_registry", "units", translate("MainWindow", "Ana&grafica unità…"), "Ctrl+Shift+U",
                   w.station.open_units_registry),
        ActionSpec("focus_units", "units", translate("MainWindow", "Vai al &pannello unità"), "Ctrl+U",
                   w.focus_units_panel),
        ActionSpec("enroll", "sync", translate("MainWindow", "&Registra postazione…"), None, w.station.open_enrollment),
        ActionSpec("full_screen", "view", translate("MainWindow", "Schermo &intero"), "F11", w.toggle_full_screen),
        ActionSpec("shortcuts", "help", translate("MainWindow", "&Scorciatoie da tastiera"), "F1", w.show_shortcuts),
        ActionSpec("about", "help", translate("MainWindow", "&Informazioni su Emergenza"), None, w.show_about),
    ]


def build_menus(w: MainWindow) -> tuple[dict[str, QMenu], QToolBar]:
    """Create the menus, the toolbar and the actions of ``action_specs`` (stored in
    ``w.actions_by_name``); the views already registered get their entries in "view"."""
    titles = {"file": translate("MainWindow", "&File"), "events": translate("MainWindow", "&Interventi"),
              "units": translate("MainWindow", "&Unità"), "sync": translate("MainWindow", "&Sincronizzazione"),
              "view": translate("MainWindow", "&Visualizza"), "help": translate("MainWindow", "&Aiuto")}
    menus: dict[str, QMenu] = {}
    bar = w.menuBar()
    for name in MENU_NAMES:
        menu = bar.addMenu(titles[name])
        menu.setObjectName(f"menu_{name}")
        menus[name] = menu
    placeholder = QAction(translate("MainWindow", "Sincronizzazione non configurata"), w)
    placeholder.setEnabled(False)
    menus["sync"].addAction(placeholder)
    _MenuWatcher(menus["sync"], placeholder)

    toolbar = QToolBar(translate("MainWindow", "Azioni"), w)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    view_menu = menus["view"]
    view_menu.addActions([w.actions_by_name[f"view_{n}"] for n in w.view_names()])
    view_menu.addSeparator()
    toggle_units = w.units_dock.toggleViewAction()
    toggle_units.setText(translate("MainWindow", "Pannello &unità"))
    view_menu.addAction(toggle_units)

    for spec in action_specs(w):
        action = QAction(spec.text, w)
        action.setObjectName(f"action_{spec.name}")
        if spec.shortcut:
            action.setShortcuts([QKeySequence(spec.shortcut), *(QKeySequence(s) for s in spec.extra_shortcuts)])
            action.setToolTip(f"{action.text().replace('&', '').rstrip('…')} ({spec.shortcut})")
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(spec.slot)
        menus[spec.menu].addAction(action)
        w.actions_by_name[spec.name] = action
        if spec.menu == "file" and spec.name == "change_operator":
            menus["file"].addSeparator()
        if spec.toolbar:
            toolbar.addAction(action)
    toolbar.addSeparator()
    for name in ("board", "units", "map"):  # the search view is already there as "Cerca" (Ctrl+F)
        toolbar.addAction(w.actions_by_name[f"view_{name}"])
    return menus, toolbar
