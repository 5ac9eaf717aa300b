"""Qt input helpers for the GUI suite (imports PySide6: never import it from a Qt-free suite)."""

from __future__ import annotations

import concurrent.futures
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def in_thread(fn, *args):
    """Blocking work (a test station's sync, a server call) off the Qt thread, while the
    session's qasync loop and the windows keep running."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(fn, *args)
        while not future.done():
            QApplication.processEvents()
            time.sleep(0.01)
        return future.result()


def pick(qtbot, edit, completer, typed, label):
    """Type (ASCII only: QTest cannot type "›" or accents) and choose a suggestion by keyboard."""
    qtbot.keyClicks(edit, typed)
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    model = completer.completionModel()
    rows = [model.index(i, 0).data() for i in range(model.rowCount())]
    popup.setCurrentIndex(model.index(rows.index(label), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: edit.text() == label, timeout=1000)


def activate(qtbot, window) -> None:
    """Shortcuts reach the active window only (as at the station)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def shown_list_window(window, ctx, qtbot, wait_tasks):
    """A registry window (widgets/registry_list.py) shown with its rows read, its model under
    Qt's model tester, and active so its shortcuts work."""
    from PySide6.QtTest import QAbstractItemModelTester

    qtbot.addWidget(window)
    QAbstractItemModelTester(window.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    window.show()
    wait_tasks(ctx)
    activate(qtbot, window)
    return window


def on_screen(qtbot, widget, width: int, height: int):
    """``widget`` shown at that size, closed by qtbot at the test's end."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget


def open_detail(ctx, qtbot):
    """The event detail panel of the app's context, shown at a board's size."""
    from emergenza.gui.events.detail import EventDetail

    return on_screen(qtbot, EventDetail(ctx), 1200, 700)


def show_in_detail(ctx, qtbot, wait_tasks, detail, event) -> None:
    """``event`` shown in ``detail``, its background reads done."""
    detail.show_event(event["id"])
    wait_tasks(ctx)
    qtbot.waitUntil(lambda: detail.event_row is not None and detail.event_row["id"] == event["id"])
    wait_tasks(ctx)
