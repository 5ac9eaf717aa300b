"""Fixtures for GUI tests: a real store behind its owner thread, and the app context."""

from __future__ import annotations

import pytest


@pytest.fixture
def gui_owner(tmp_path, catalogs):
    from emergenza.store import Store, StoreOwner

    owner = StoreOwner(lambda: Store.open(tmp_path / "gui.db", catalogs, station_code="BG01",
                                          corps="Polizia Locale di Bergamo"))
    op = owner.call_blocking(Store.people.add, "Mario Rossi", "operator")
    for kind, call_sign in (("car", "Alfa 1"), ("car", "Alfa 2"), ("motorbike", "Moto 1"), ("officer", "Agente 7")):
        owner.call_blocking(Store.units.add, {"kind": kind, "call_sign": call_sign}, operator="Mario Rossi")
    owner.test_operator = op  # type: ignore[attr-defined]
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
def _ago_iso(seconds: float) -> str:
    from datetime import datetime, timedelta, timezone

    from emergenza.domain.entities import utc_now_iso
    return utc_now_iso(datetime.now(timezone.utc) - timedelta(seconds=seconds))


@pytest.fixture
def make_event(gui_owner):
    """Create an event through the real store; returns its row (keyword overrides allowed)."""
    from emergenza.store import Store

    counter = iter(range(1, 10_000))

    def _make(*, ago_s: float = 60, **overrides):
        n = next(counter)
        data = {"type_code": "VIA.OSTACOLO", "municipality_istat": "016024", "address": f"Via Roma {n}",
                "description": f"Evento di prova {n}", "channel": "phone", "received_at": _ago_iso(ago_s)}
        data.update(overrides)
        return gui_owner.call_blocking(Store.events.create, data, operator="Mario Rossi")

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
    window.close()
    wait_tasks(ctx)
