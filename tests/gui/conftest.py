"""Fixtures for GUI tests: a real store behind its owner thread, and the app context."""

from __future__ import annotations

import pytest


@pytest.fixture
def gui_owner(tmp_path, catalogs):
    from emergenza.store import Store, StoreOwner

    owner = StoreOwner(lambda: Store.open(tmp_path / "gui.db", catalogs, station_code="BG01",
                                          corps="Polizia Locale di Bergamo"))
    op = owner.call_blocking(Store.add_operator, "Mario Rossi", "operator")
    for kind, call_sign in (("car", "Alfa 1"), ("car", "Alfa 2"), ("motorbike", "Moto 1"), ("officer", "Agente 7")):
        owner.call_blocking(Store.add_resource, {"kind": kind, "call_sign": call_sign}, operator="Mario Rossi")
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
def wait_tasks(qtbot):
    """Wait until every background task of the context has finished."""

    def _wait(context, timeout: int = 5000) -> None:
        qtbot.waitUntil(lambda: context.tasks.running == 0, timeout=timeout)

    return _wait
