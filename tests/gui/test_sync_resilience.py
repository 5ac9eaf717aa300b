"""The app's background sync never stops by itself (issue 9): a REAL server behind a front
that answers 500, garbage and nonsense, then recovers; and the read-only window of what
sync could not do (refused, quarantined, waiting), its model checked by Qt's tester."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QLabel

from emergenza.store import Store
from emergenza.sync.engine import Backoff, enroll
from tests.support.factories import CORPS, EVENT, OPERATOR
from tests.support.faulty_front import FaultyFront
from tests.support.stations import Station
from tests.support.widgets import in_thread

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture
def front(server):
    f = FaultyFront(server.url).start()
    yield f
    f.stop()


@pytest.fixture
def window(sync_window):
    return sync_window


def _enroll(ctx, url: str, code: str) -> None:
    def run():
        async def go():
            async with httpx.AsyncClient(timeout=10) as client:
                await enroll(ctx.owner, client, url, code)
        asyncio.run(go())
    in_thread(run)


def test_the_background_loop_survives_500_garbage_and_nonsense_then_recovers(
        ctx, window, sync_ui, server, front, qtbot, make_event, tmp_path, catalogs, caplog):
    from emergenza.gui.sync.sync_ui import RETRY_BASE_S, RETRY_CAP_S

    controller = sync_ui.controller
    assert (controller.backoff.base, controller.backoff.cap) == (RETRY_BASE_S, RETRY_CAP_S) == (5.0, 300.0)
    controller.backoff = Backoff(0.05, 0.2)  # the same growth, in test time
    _enroll(ctx, front.url, server.enrollment_code(CORPS, "GUI"))
    connection = window.findChild(QLabel, "connection")
    controller.start()
    qtbot.waitUntil(lambda: connection.text() == "In linea", timeout=8000)

    make_event()  # something to push, so "nonsense" reaches the client's push code
    for mode, shown in (("500", "500"), ("garbage", "non valida"), ("nonsense", "imprevisto")):
        front.mode = mode
        before = controller.backoff.failures
        qtbot.waitUntil(lambda: connection.text() == "Non in linea", timeout=8000)
        qtbot.waitUntil(lambda shown=shown: shown in connection.toolTip(), timeout=8000)
        # It keeps trying, round after round, with growing pauses.
        qtbot.waitUntil(lambda before=before: controller.backoff.failures >= before + 2, timeout=10000)
    assert ctx.owner.call_blocking(Store.outbox.count) > 0  # nothing lost while the server misbehaved

    other = Station(tmp_path / "other.db", catalogs, "OTH1", CORPS)
    try:
        in_thread(other.enroll, server.url, server.enrollment_code(CORPS, "Altra"))
        shared = other.events.create(EVENT | {"description": "Dall'altra sala"}, operator=OPERATOR)
        in_thread(other.sync)
        front.mode = "pass"
        qtbot.waitUntil(lambda: connection.text() == "In linea", timeout=8000)
        qtbot.waitUntil(lambda: ctx.owner.call_blocking(Store.outbox.count) == 0, timeout=8000)
        qtbot.waitUntil(lambda: ctx.owner.call_blocking(
            lambda s: s.db.execute("SELECT count(*) FROM events WHERE id = ?", [shared["id"]]).fetchone()[0]) == 1,
            timeout=8000)
        assert controller.backoff.failures == 0
        # The round's pause is recorded when its task is done, a turn after its data is in.
        qtbot.waitUntil(lambda: controller.last_delay == pytest.approx(0.2), timeout=3000)
    finally:
        other.close()


def _make_issues(store: Store) -> str:
    """One of each: a change of ours refused, a received one in quarantine, one waiting."""
    event = store.events.create(EVENT, operator=OPERATOR)
    row = next(r for r in store.outbox.pending(100_000) if r["entity_id"] == event["id"])
    store.outbox.ack([row["change_id"]], {row["change_id"]: "modifica riservata al comando proprietario"})
    with store.transaction():
        store.sync_issues.quarantine({"change_id": "q1", "entity": "journal", "entity_id": "j-q",
                                      "fields": {}, "hlc": "1-0-x", "origin": "x"}, "ValueError: valore strano")
        store.db.execute("INSERT INTO sync_pending (change_id, entity, entity_id, change, missing, parked_at) "
                         "VALUES ('p1', 'journal', 'j-p', '{}', 'events:e-assente', ?)", [store.now_iso()])
    return event["number"]


def test_issues_window_lists_refused_quarantined_and_waiting(ctx, window, sync_ui, qtbot, wait_tasks):
    from emergenza.gui.sync.quarantine_view import QuarantineWindow

    number = ctx.owner.call_blocking(_make_issues)
    controller = sync_ui.controller
    ctx.tasks.run(controller.refresh_state())
    wait_tasks(ctx)
    issues_label = window.findChild(QLabel, "syncIssues")
    assert issues_label.isVisibleTo(window)
    assert issues_label.text() == "Non condivise: 1 · In quarantena: 1 · In attesa: 1"
    assert "Non condivise: 1" in window.findChild(QLabel, "connection").toolTip()

    action = next(a for a in window.menu("sync").actions() if a.objectName() == "action_sync_issues")
    action.trigger()
    view = sync_ui.quarantine_window
    assert isinstance(view, QuarantineWindow) and view.isVisible()
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    texts = {view.model.index(r, 0).data(): (view.model.index(r, 1).data(), view.model.index(r, 2).data())
             for r in range(3)}
    assert set(texts) == {"non condivisa", "in quarantena", "in attesa"}
    assert texts["non condivisa"][0] == f"Intervento {number}"
    assert texts["non condivisa"][1] == "modifica riservata al comando proprietario"
    assert texts["in quarantena"][1] == "ValueError: valore strano"
    assert texts["in attesa"][1] == "l'intervento e-assente non è ancora arrivato"
    assert "3 modifiche" in view.message.text()
    assert view.table.hasFocus() or view.table.currentIndex().isValid()
    # Read-only, keyboard only: Alt+C closes it.
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)


def test_shift_end_shows_refused_and_quarantined(ctx, window, qtbot):
    from emergenza.gui.sync.shift_end import ShiftEndDialog

    ctx.owner.call_blocking(_make_issues)
    dialog = ShiftEndDialog(ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.issues_label.text() == "1 / 1", timeout=5000)
    assert dialog.waiting_label.text() == "1"
