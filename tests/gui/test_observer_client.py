"""The observer's client against a REAL server: two corps' stations push shared events, a
desktop store enrolled with an observer's code pulls them, and its window is a read-only
board — every write action absent (menus, toolbar, shortcuts, context menus, unit drops)."""

from __future__ import annotations

import pytest

from emergenza.domain.enums import Role
from emergenza.store import Store
from tests.support.factories import EVENT, OPERATOR
from tests.support.stations import Station
from tests.support.widgets import in_thread

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")

OTHER = "Polizia Locale di Seriate"
# The write actions a station's window has, and the observer's must not.
WRITE_NAMES = {"action_new_event", "action_assign", "action_note", "action_advance_unit", "action_toggle_service",
               "action_units_registry", "action_operators", "action_settings", "action_catalogs", "action_enroll",
               "action_territory_registry", "action_view_intake", "action_conflicts", "action_shift_end",
               "action_import_exchange"}
WRITE_KEYS = {"F2", "F3", "F4", "F5", "F6", "Ctrl+Shift+U", "Ctrl+Shift+P", "Ctrl+,"}


@pytest.fixture
def shared_events(server, tmp_path, catalogs):
    """Two corps' stations, each with a shared event (and a reserved one) on the server."""
    made = []
    for name, corps in (("A", "Polizia Locale di Bergamo"), ("B", OTHER)):
        st = Station(tmp_path / f"{name}.db", catalogs, f"ST{name}", corps)
        code = server.enrollment_code(corps, name)
        in_thread(lambda st=st, code=code: st.enroll(server.url, code))
        shared = st.events.create(EVENT | {"sharing": "shared"}, operator=OPERATOR)
        st.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
        if name == "A":
            unit = st.units.add({"kind": "patrol", "call_sign": "Alfa 1"}, operator=OPERATOR)
            st.units.assign(shared["id"], unit["id"], operator=OPERATOR)
        in_thread(st.sync)
        made.append((st, shared))
    yield [shared for _st, shared in made]
    for st, _shared in made:
        st.close()


@pytest.fixture
def gui_owner(server, shared_events, tmp_path, catalogs):
    """The observer's desktop store: its administrator, enrolled with an observer's code, pulled."""
    obs = Station(tmp_path / "questura.db", catalogs, "PL01", "")
    obs.owner.test_operator = obs.people.add(OPERATOR, Role.ADMINISTRATOR.value)  # type: ignore[attr-defined]
    code = server.add_observer("Questura di Bergamo", "PS")["code"]
    in_thread(lambda: obs.enroll(server.url, code))
    in_thread(obs.sync)
    yield obs.owner
    obs.close()


def _action_names(window) -> set[str]:
    from PySide6.QtGui import QAction
    actions = set(window.findChildren(QAction)) | {a for m in window.menuBar().actions() if m.menu()
                                                   for a in m.menu().actions()} | set(window.toolbar.actions())
    return {a.objectName() for a in actions if a.isVisible() and a.objectName()}


def _keys(window) -> set[str]:
    from PySide6.QtGui import QAction
    return {k.toString() for a in window.findChildren(QAction) if a.isVisible() for k in a.shortcuts()}


def test_the_observer_sees_both_corps_and_no_write_action_is_reachable(ctx, main_window, http_client, qtbot,
                                                                       wait_tasks, shared_events):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent, QShortcut
    from PySide6.QtWidgets import QApplication

    from emergenza.gui.reports.menu import install_reports_ui
    from emergenza.gui.shell.observer_mode import install_observer_mode, is_write_action
    from emergenza.gui.sync.sync_ui import install_sync_ui
    from emergenza.gui.territory.menu import install_territory_ui

    install_reports_ui(ctx, main_window)
    sync = install_sync_ui(ctx, main_window, http_client, start=False)
    install_territory_ui(ctx, main_window)
    station_names = _action_names(main_window)
    assert station_names >= WRITE_NAMES  # a station's window has them: their absence below means something
    assert _keys(main_window) >= WRITE_KEYS

    observer = ctx.owner.call_blocking(lambda s: s.meta.observer)
    mode = install_observer_mode(ctx, main_window, observer=observer)
    assert mode.active
    qtbot.waitUntil(lambda: not (_action_names(main_window) & WRITE_NAMES), timeout=3000)
    names = _action_names(main_window)
    assert not {n for n in names if is_write_action(n)}
    assert {"action_search", "action_sync_now", "action_report_brogliaccio", "action_view_map",
            "action_change_operator", "action_lock"} <= names  # what an observer does keep
    assert not (_keys(main_window) & WRITE_KEYS)
    # Actions another part adds later are removed as they come.
    from PySide6.QtGui import QAction
    late = QAction("Nuovo", main_window)
    late.setObjectName("action_new_event")
    main_window.menu("events").addAction(late)
    main_window.addAction(late)
    qtbot.waitUntil(lambda: "action_new_event" not in _action_names(main_window), timeout=3000)

    # Both corps' shared events on the board, nothing reserved.
    main_window.refresh()
    qtbot.waitUntil(lambda: main_window.board.model.rowCount() == 2, timeout=5000)
    assert set(main_window.board.model.ids) == {e["id"] for e in shared_events}

    # The detail shows the event, its journal and units, and offers no edit.
    main_window.open_event(shared_events[0]["id"])
    detail = main_window.detail
    qtbot.waitUntil(lambda: detail.assignments_model.rowCount() == 1, timeout=5000)
    assert detail.journal_model.rowCount() > 0
    for hidden in (detail.note_edit, detail.note_button, detail.status_button, detail.save_button,
                   detail.assign_button, detail.advance_button, detail.strike_button):
        assert not hidden.isVisible()
    assert not detail.fields.isEnabled()
    assert detail.tabs.indexOf(detail.dispatch) == -1
    assert not main_window.units_panel.table.findChildren(QShortcut)  # Space advanced a unit
    assert not main_window.board.table.acceptDrops()  # units (assign) and CAP/EMSI files (import)

    # Context menus are swallowed (the units board offered advance/service/registry).
    table = main_window.units_panel.table
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5), table.mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(table.viewport(), event)
    qtbot.wait(50)
    assert QApplication.activePopupWidget() is None
    # And the store refuses anyway, whatever the role signed in.
    refused = ctx.owner.call_blocking(lambda s: _refusal(s))
    assert refused == "Postazione di sola consultazione (osservatore): non si possono fare modifiche."
    sync.controller.stop()
    wait_tasks(ctx)


def _refusal(store: Store) -> str:
    from emergenza.domain.errors import ObserverReadOnlyError
    try:
        store.events.create(EVENT, operator=OPERATOR)
    except ObserverReadOnlyError as exc:
        return str(exc)
    return "written"


def test_an_enrollment_that_makes_the_store_an_observers_turns_the_window_read_only(ctx, main_window, qtbot):
    from emergenza.gui.operations import Change, announce
    from emergenza.gui.shell.observer_mode import install_observer_mode

    mode = install_observer_mode(ctx, main_window, observer=False)  # as app.py before the enrollment
    assert not mode.active and "action_new_event" in _action_names(main_window)
    announce(ctx, Change.SETTINGS | Change.SYNC)  # what the enrollment dialog says once done
    qtbot.waitUntil(lambda: mode.active, timeout=5000)
    qtbot.waitUntil(lambda: not (_action_names(main_window) & WRITE_NAMES), timeout=3000)
    assert ctx.observer and not main_window.detail.note_button.isVisible()
