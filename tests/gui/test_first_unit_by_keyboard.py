"""A fresh store, from the setup wizard to a first event with a unit sent, by keyboard only.

Every key goes to the widget that has the focus, as at the station (QTest key clicks; no
mouse, no setText). The keystrokes are counted and printed: the figure of the closing note
("time for a fresh store to first unit sent by keyboard")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from emergenza.store import Store, StoreOwner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


class Keyboard:
    """QTest key clicks to the focused widget, counted (a chord such as Ctrl+Return is one)."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.count = 0

    def target(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.target(), text)
        self.count += len(text)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.target(), key, modifier)
        self.count += 1

    def tab_to(self, widget: QWidget, limit: int = 20) -> None:
        for _ in range(limit):
            if widget.hasFocus():
                return
            self.key(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {widget.objectName() or type(widget).__name__}")


def _activate(qtbot, window: QWidget) -> None:
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


@pytest.fixture
def fresh(tmp_path, qapp, event_loop_qt, catalogs, http_client):
    """A new store file acting for nobody, as the app opens it, and an empty context."""
    from emergenza.config import Paths
    from emergenza.domain.roles import NOBODY
    from emergenza.gui.context import AppContext, DataSignals
    from emergenza.gui.tasks import TaskRunner

    def open_store() -> Store:
        store = Store.open(tmp_path / "stazione.db", catalogs)
        store.act_as(NOBODY)
        return store

    owner = StoreOwner(open_store)
    ctx = AppContext(owner=owner, catalogs=catalogs, tasks=TaskRunner(), signals=DataSignals(),
                     settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                     paths=Paths(tmp_path))
    yield ctx
    ctx.tasks.cancel_all()
    owner.close()


def test_fresh_store_to_first_unit_sent_by_keyboard(fresh, qtbot, wait_tasks, http_client, capsys):
    from emergenza.gui.shell.main_window import MainWindow
    from emergenza.gui.station.setup_wizard import SetupWizard

    ctx = fresh
    kb = Keyboard(qtbot)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert ctx.operator is None and not window.actions_by_name["new_event"].isEnabled()
    assert ctx.owner.call_blocking(Store.units.overview) == []  # nothing to send yet

    # 1. The setup wizard: station, (no server), first administrator with a PIN, first unit.
    wizard = SetupWizard(ctx, http_client, window)
    wizard.open()
    wait_tasks(ctx)
    _activate(qtbot, wizard)
    station = wizard.station_page
    kb.tab_to(station.station_name)
    kb.type("Centrale Bergamo")
    kb.key(Qt.Key.Key_Tab)
    kb.type("bg07")
    kb.key(Qt.Key.Key_Tab)
    kb.type("Polizia Locale di Bergamo")
    kb.key(Qt.Key.Key_Return)  # closes the suggestions
    if wizard.currentPage() is station:
        kb.key(Qt.Key.Key_Return)  # Avanti
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.server_page)
    kb.key(Qt.Key.Key_Return)  # no server: Avanti
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.operator_page)
    kb.tab_to(wizard.operator_page.operator_name)
    kb.type("Anna Bianchi")
    kb.key(Qt.Key.Key_Tab)
    kb.type("2468")
    kb.key(Qt.Key.Key_Tab)
    kb.type("2468")
    kb.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.units_page)
    kb.tab_to(wizard.units_page.call_sign)
    kb.type("Alfa 1")
    kb.key(Qt.Key.Key_Return)  # adds it
    assert [u["call_sign"] for u in wizard.units_page.units()] == ["Alfa 1"]
    with qtbot.waitSignal(wizard.setup_finished, timeout=10000):
        kb.key(Qt.Key.Key_Return)  # Fine
    wait_tasks(ctx)
    assert ctx.operator.name == "Anna Bianchi" and ctx.operator.role == "administrator"

    # 2. A first event: F2, type, municipality, address, description, Ctrl+Return.
    _activate(qtbot, window)
    qtbot.waitUntil(lambda: window.actions_by_name["new_event"].isEnabled())
    kb.key(Qt.Key.Key_F2)
    wait_tasks(ctx)
    fields = window.intake.fields
    qtbot.waitUntil(fields.type_edit.hasFocus)
    kb.type("con feriti")
    qtbot.waitUntil(fields.type_completer.popup().isVisible)
    kb.key(Qt.Key.Key_Down)
    kb.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: fields.type_edit.text() == "Incidente stradale › con feriti")
    kb.tab_to(fields.municipality_edit)
    kb.type("seriate")  # a name that fits one municipality: no need to pick it from the list
    kb.tab_to(fields.address_edit)
    kb.type("Via Nazionale 12")
    kb.tab_to(fields.description_edit)
    kb.type("Auto contro moto")
    with qtbot.waitSignal(window.intake.event_created, timeout=5000) as created:
        kb.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    event_id = created.args[0]
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: window.current_view() == "detail")

    # 3. Send the unit: F3, Enter.
    kb.key(Qt.Key.Key_F3)
    dialog = window.open_dialogs()[-1]
    _activate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(dialog.assigned, timeout=5000):
        kb.key(Qt.Key.Key_Return)
    wait_tasks(ctx)

    assignments = ctx.owner.call_blocking(Store.units.for_event, event_id)
    assert [(a["call_sign"], a["status"]) for a in assignments] == [("Alfa 1", "sent")]
    event = ctx.owner.call_blocking(Store.events.get, event_id)
    assert event["number"].startswith("BG07-") and event["status"] == "assigned"
    assert ctx.catalogs.municipalities[event["municipality_istat"]].name == "Seriate"
    journal = ctx.owner.call_blocking(Store.events.journal, event_id)
    assert {j["author"] for j in journal} == {"Anna Bianchi"}
    with capsys.disabled():
        print(f"\nfresh store → first unit sent, by keyboard: {kb.count} keystrokes")
    assert kb.count < 200  # a guard: 146 when written
    window.close()
    wait_tasks(ctx)
