"""The main window's action table and the menus and toolbar built from it.

The strings keep the window's translation context ("MainWindow"): they were the window's
own ``tr()`` strings and the translations are filed under that name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

if TYPE_CHECKING:
    from .main_window import MainWindow

MENU_NAMES = ("file", "events", "units", "sync", "view", "help")


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


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
        ActionSpec("settings", "file", _tr("&Impostazioni…"), "Ctrl+,", w.open_settings),
        ActionSpec("change_operator", "file", _tr("Cambia &operatore…"), "Ctrl+Shift+O", w.change_operator),
        ActionSpec("quit", "file", _tr("&Esci"), "Ctrl+Q", w.close),
        ActionSpec("new_event", "events", _tr("&Nuovo intervento"), "F2", w.new_event, toolbar=True),
        ActionSpec("open_event", "events", _tr("&Apri intervento selezionato"), "Ctrl+O", w.open_current_event),
        ActionSpec("assign", "events", _tr("A&ssegna unità…"), "F3", w.assign_current, toolbar=True),
        ActionSpec("note", "events", _tr("Aggiungi anno&tazione"), "F4", w.note_current, toolbar=True),
        ActionSpec("search", "events", _tr("&Cerca…"), "Ctrl+F", w.open_search, toolbar=True),
        ActionSpec("ack_alerts", "events", _tr("&Presa visione allarmi"), "F8", w.acknowledge_alerts,
                   toolbar=True),
        ActionSpec("clear_filters", "events", _tr("Azzera &filtri"), "Ctrl+Shift+F", w.clear_board_filters),
        ActionSpec("refresh", "events", _tr("A&ggiorna"), "Ctrl+R", w.refresh),
        ActionSpec("advance_unit", "units", _tr("&Avanza unità selezionata"), "F5", w.advance_unit,
                   toolbar=True),
        ActionSpec("toggle_service", "units", _tr("&Fuori servizio / in servizio"), "F6", w.toggle_unit_service),
        ActionSpec("focus_units", "units", _tr("Vai al &pannello unità"), "Ctrl+U", w.focus_units_panel),
        ActionSpec("full_screen", "view", _tr("Schermo &intero"), "F11", w.toggle_full_screen),
        ActionSpec("shortcuts", "help", _tr("&Scorciatoie da tastiera"), "F1", w.show_shortcuts),
        ActionSpec("about", "help", _tr("&Informazioni su Emergenza"), None, w.show_about),
    ]


def build_menus(w: MainWindow) -> tuple[dict[str, QMenu], QToolBar]:
    """Create the menus, the toolbar and the actions of ``action_specs`` (stored in
    ``w.actions_by_name``); the views already registered get their entries in "view"."""
    titles = {"file": _tr("&File"), "events": _tr("&Interventi"), "units": _tr("&Unità"),
              "sync": _tr("&Sincronizzazione"), "view": _tr("&Visualizza"), "help": _tr("&Aiuto")}
    menus: dict[str, QMenu] = {}
    bar = w.menuBar()
    for name in MENU_NAMES:
        menu = bar.addMenu(titles[name])
        menu.setObjectName(f"menu_{name}")
        menus[name] = menu
    placeholder = QAction(_tr("Sincronizzazione non configurata"), w)
    placeholder.setEnabled(False)
    menus["sync"].addAction(placeholder)
    _MenuWatcher(menus["sync"], placeholder)

    toolbar = QToolBar(_tr("Azioni"), w)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    view_menu = menus["view"]
    view_menu.addActions([w.actions_by_name[f"view_{n}"] for n in w.view_names()])
    view_menu.addSeparator()
    toggle_units = w.units_dock.toggleViewAction()
    toggle_units.setText(_tr("Pannello &unità"))
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
