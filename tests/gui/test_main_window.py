"""Main window: menus, views, shortcuts, status bar, help windows, live refresh."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from emergenza import __version__
from emergenza.gui.operations import Change
from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier):
    """A real key press on the active main window (window shortcuts need it active)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window, k, modifier)


def test_menus_have_the_italian_titles(main_window):
    titles = {name: main_window.menu(name).title() for name in ("file", "events", "units", "sync", "view", "help")}
    assert titles == {"file": "&File", "events": "&Interventi", "units": "&Unità", "sync": "&Sincronizzazione",
                      "view": "&Visualizza", "help": "&Aiuto"}


def test_every_view_can_be_shown(main_window):
    for name in ("board", "units", "detail", "intake", "search"):
        main_window.show_view(name)
        assert main_window.current_view() == name


def test_units_view_hides_the_docked_copy(main_window):
    main_window.show_view("units")
    assert not main_window.units_dock.isVisible()
    main_window.show_view("board")
    assert main_window.units_dock.isVisible()


def test_register_view_adds_menu_entry_and_shortcut(main_window):
    extra = QLabel("Conflitti")
    action = main_window.register_view("conflicts", extra, "Conflitti")
    assert action in main_window.menu("view").actions()
    assert action.shortcut().toString() == "Ctrl+7"
    action.trigger()
    assert main_window.current_view() == "conflicts"
    with pytest.raises(ValueError):
        main_window.register_view("conflicts", QLabel(), "Doppio")


def test_sync_menu_offers_enrollment_instead_of_the_placeholder(main_window):
    menu = main_window.menu("sync")
    placeholder = menu.actions()[0]
    assert not placeholder.isEnabled() and not placeholder.isVisible()  # "Registra postazione…" is there
    assert [a.objectName() for a in menu.actions() if a.isVisible()] == ["action_enroll"]


@pytest.mark.parametrize("k,modifier,view", [
    (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier, "intake"),
    (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier, "search"),
    (Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier, "units"),
    (Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier, "map"),
    (Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier, "intake"),
    (Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier, "board"),
])
def test_shortcuts_switch_views(main_window, qtbot, k, modifier, view):
    if view == "board":
        main_window.show_view("search")
    key(qtbot, main_window, k, modifier)
    assert main_window.current_view() == view


def test_f4_opens_the_selected_event_for_a_note(main_window, qtbot, make_event, ctx):
    event = make_event()
    main_window.refresh()
    qtbot.waitUntil(lambda: main_window.board.model.row_of(event["id"]) >= 0, timeout=5000)
    main_window.board.select_event(event["id"])
    key(qtbot, main_window, Qt.Key.Key_F4)
    assert main_window.current_view() == "detail"
    assert main_window.detail.event_id == event["id"]


def test_f3_without_an_event_explains_and_with_one_opens_the_dialog(main_window, qtbot, make_event):
    with qtbot.waitSignal(main_window.message_shown) as blocker:
        key(qtbot, main_window, Qt.Key.Key_F3)
    assert blocker.args[0] == "Selezionare un intervento da assegnare."
    for d in main_window.open_dialogs():
        d.close()
    event = make_event()
    main_window.refresh()
    qtbot.waitUntil(lambda: main_window.board.model.row_of(event["id"]) >= 0, timeout=5000)
    main_window.board.select_event(event["id"])
    key(qtbot, main_window, Qt.Key.Key_F3)
    from emergenza.gui.events.assign_dialog import AssignDialog
    dialogs = [d for d in main_window.open_dialogs() if isinstance(d, AssignDialog)]
    assert len(dialogs) == 1
    assert dialogs[0].windowModality() != Qt.WindowModality.ApplicationModal  # .open(), never exec()
    dialogs[0].close()


def test_f5_advances_the_selected_unit(main_window, qtbot, make_event, gui_owner, unit_ids, wait_tasks, ctx):
    event = make_event()
    gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 1"], operator="Mario Rossi")
    main_window.refresh()
    qtbot.waitUntil(lambda: bool((main_window.units_model.unit(unit_ids["Alfa 1"]) or {}).get("assignment_id")),
                    timeout=5000)
    main_window.units_panel.select_unit(unit_ids["Alfa 1"])
    with qtbot.waitSignal(ctx.signals.changed, timeout=5000):
        key(qtbot, main_window, Qt.Key.Key_F5)
    wait_tasks(ctx)
    assert gui_owner.call_blocking(Store.units.get, unit_ids["Alfa 1"])["status"] == "en_route"


def test_f1_lists_the_shortcuts(main_window, qtbot):
    key(qtbot, main_window, Qt.Key.Key_F1)
    from emergenza.gui.shell.shortcuts_window import ShortcutsWindow
    windows = [d for d in main_window.open_dialogs() if isinstance(d, ShortcutsWindow)]
    assert len(windows) == 1
    listed = {windows[0].table.item(r, 0).text(): windows[0].table.item(r, 1).text()
              for r in range(windows[0].table.rowCount())}
    for keys, text in (("F2", "Nuovo intervento"), ("F3", "Assegna unità…"), ("F4", "Aggiungi annotazione"),
                       ("Ctrl+F", "Cerca…"), ("F5", "Avanza unità selezionata"), ("F1", "Scorciatoie da tastiera"),
                       ("Ctrl+1", "Quadro interventi"), ("F8", "Presa visione allarmi")):
        assert listed.get(keys) == text, keys
    windows[0].close()


def test_every_action_with_a_shortcut_is_in_a_menu(main_window):
    in_menus = {a for name in ("file", "events", "units", "sync", "view", "help")
                for a in main_window.menu(name).actions()}
    for name, action in main_window.actions_by_name.items():
        assert action in in_menus, name


def test_about_shows_the_version(main_window, qtbot):
    box = main_window.show_about()
    assert __version__ in box.text()
    assert box.isVisible() and box.windowModality() != Qt.WindowModality.ApplicationModal
    box.close()


def test_status_bar_counts_and_operator(main_window, qtbot, make_event, gui_owner, ctx):
    status = main_window.status
    assert status.connection_label.text() == "Non collegato"
    assert status.operator_label.text() == "Operatore: Mario Rossi (operatore)"
    make_event()
    expected = gui_owner.call_blocking(Store.outbox.count)
    assert expected > 0
    ctx.signals.changed.emit(Change.EVENTS)
    qtbot.waitUntil(lambda: status.outbox_label.text() == f"Da inviare: {expected}", timeout=5000)
    assert status.last_sync_label.text() == "Ultima sincronizzazione: mai"
    gui_owner.call_blocking(Store.meta.set, "last_sync_at", "2026-01-02T03:04:05.000Z")
    status.refresh()
    qtbot.waitUntil(lambda: status.last_sync_label.text() != "Ultima sincronizzazione: mai", timeout=5000)


def test_connection_widget_replaces_the_placeholder(main_window):
    widget = QLabel("In linea")
    widget.setObjectName("connection")
    main_window.add_status_widget(widget)
    assert not main_window.status.connection_label.isVisible()
    other = QWidget()
    main_window.add_status_widget(other, permanent=False)
    assert other.parent() is not None


def test_board_refreshes_on_the_changed_signal(main_window, qtbot, make_event, ctx):
    before = main_window.board.model.rowCount()
    make_event()
    ctx.signals.changed.emit(Change.EVENTS)
    qtbot.waitUntil(lambda: main_window.board.model.rowCount() == before + 1, timeout=5000)


def test_close_cancels_background_tasks(main_window, ctx, qtbot):
    main_window.refresh()
    assert ctx.tasks.running > 0
    main_window.close()
    qtbot.waitUntil(lambda: ctx.tasks.running == 0, timeout=3000)
    assert QApplication.instance() is not None


def test_title_names_view_and_station(main_window, qtbot):
    qtbot.waitUntil(lambda: "BG01 · Polizia Locale di Bergamo" in main_window.windowTitle(), timeout=5000)
    main_window.show_view("search")
    assert main_window.windowTitle() == "Emergenza – Ricerca – BG01 · Polizia Locale di Bergamo"


def test_layout_is_kept_between_starts(ctx, qtbot, wait_tasks):
    from emergenza.gui.shell.main_window import MainWindow

    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.persist_layout = True
    first.show()
    first.units_dock.hide()
    first.close()
    wait_tasks(ctx)
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.restore_layout()
    second.show()
    assert not second.units_dock.isVisible()
    second.close()
    wait_tasks(ctx)
