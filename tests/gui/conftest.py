"""Fixtures for GUI tests: a real store behind its owner thread, and the app context."""

from __future__ import annotations

import pytest


@pytest.fixture
def gui_owner(tmp_path, catalogs):
    from tests.support.factories import owner_with_units

    owner = owner_with_units(tmp_path / "gui.db", catalogs)
    yield owner
    owner.close()


@pytest.fixture
def ctx(qapp, event_loop_qt, gui_owner, catalogs, tmp_path):
    from PySide6.QtCore import QSettings

    from emergenza.config import Paths
    from emergenza.gui.context import AppContext, DataSignals, Operator
    from emergenza.gui.tasks import TaskRunner

    op = gui_owner.test_operator
    context = AppContext(
        owner=gui_owner,
        catalogs=catalogs,
        tasks=TaskRunner(),
        signals=DataSignals(),
        settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
        paths=Paths(tmp_path),
        operator=Operator(op["id"], op["name"], op["role"]),
    )
    yield context
    context.tasks.cancel_all()


@pytest.fixture
def http_client(event_loop_qt, qtbot):
    """The one HTTP client the app would pass in (sync, enrollment); closed afterwards."""
    import asyncio

    import httpx

    client = httpx.AsyncClient(timeout=20.0)
    yield client
    closing = asyncio.ensure_future(client.aclose())
    qtbot.waitUntil(closing.done, timeout=5000)


@pytest.fixture
def wait_tasks(qtbot):
    """Wait until every background task of the context has finished."""

    def _wait(context, timeout: int = 5000) -> None:
        qtbot.waitUntil(lambda: context.tasks.running == 0, timeout=timeout)

    return _wait


# ---------------------------------------------------------------- core GUI helpers
@pytest.fixture
def make_event(gui_owner):
    """Create an event through the real store; returns its row (keyword overrides allowed)."""
    from emergenza.store import Store
    from tests.support.factories import OPERATOR, numbered_event_data

    counter = iter(range(1, 10_000))

    def _make(*, ago_s: float = 60, **overrides):
        data = numbered_event_data(next(counter), ago_s=ago_s, **overrides)
        return gui_owner.call_blocking(Store.events.create, data, operator=OPERATOR)

    return _make


@pytest.fixture
def unit_ids(gui_owner):
    """Call sign -> resource id of the fixture's units."""
    from emergenza.store import Store
    return {r["call_sign"]: r["id"] for r in gui_owner.call_blocking(Store.units.overview)}


@pytest.fixture
def main_window(ctx, qtbot, wait_tasks):
    """The real main window on the test store, shown offscreen, boards loaded."""
    from emergenza.gui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    qtbot.waitUntil(lambda: window.board.model.loaded and window.units_model.loaded, timeout=5000)
    yield window
    # A test may have had the window deleted already (a close with WA_DeleteOnClose, the
    # enrollment's sync UI taking it down): closing it again would raise in teardown.
    from shiboken6 import isValid

    if isValid(window):
        window.close()
    wait_tasks(ctx)


@pytest.fixture
def unshown_window(ctx, qtbot):
    """The main window on the test store, not shown (the parent of a dialog under test)."""
    from emergenza.gui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def shift_end_dialog(ctx, unshown_window, qtbot):
    """Sincronizzazione → Fine turno…, shown over ``unshown_window``."""
    from emergenza.gui.sync.shift_end import ShiftEndDialog

    dialog = ShiftEndDialog(ctx, None, unshown_window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def sync_window(ctx, qtbot):
    """The main window, shown, for the sync suites (its sync controller stopped at the end)."""
    from emergenza.gui.shell.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    from shiboken6 import isValid

    if ctx.sync is not None and isValid(ctx.sync):
        ctx.sync.stop()


@pytest.fixture
def sync_ui(ctx, sync_window, http_client):
    """The sync UI on ``sync_window``, not started, polling fast."""
    from emergenza.gui.sync.sync_ui import install_sync_ui

    ui = install_sync_ui(ctx, sync_window, http_client, start=False, poll_s=0.2)
    yield ui
    ui.controller.stop()  # before the client closes

