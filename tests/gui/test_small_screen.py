"""The main window at 1366×768 (the smallest screen of the rooms, and ``--screenshot``'s
size): the board's columns, the alarm banner and the toolbar fit, nothing cut off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QToolBar

from emergenza.gui.events.board_model import COLUMN_KEYS
from emergenza.gui.headless import SCREENSHOT_SIZE
from emergenza.gui.operations import Change
from emergenza.gui.settings import alert_after_key

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")

# Columns whose values may be longer than any width (they end in "…"): the others must show
# every value whole.
ELIDING = {"type", "address", "municipality", "units"}


def test_board_banner_and_toolbar_fit_at_1366x768(main_window, ctx, qtbot, wait_tasks, make_event):
    ctx.settings.setValue(alert_after_key("red"), 60)
    ctx.settings.setValue(alert_after_key("yellow"), 60)
    # The last received two days ago: its time shows with the date, the widest form.
    events = [make_event(priority="red" if n % 2 else "yellow", ago_s=600 + n if n < 7 else 2 * 86400)
              for n in range(8)]
    window = main_window
    window.resize(*SCREENSHOT_SIZE)
    window.alerts.check()
    ctx.signals.changed.emit(Change.EVENTS)
    board = window.board
    qtbot.waitUntil(lambda: board.alert_banner.isVisible() and board.model.rowCount() == len(events), timeout=5000)
    wait_tasks(ctx)
    qtbot.wait(50)  # the layout settles
    assert (window.width(), window.height()) == SCREENSHOT_SIZE

    table, header = board.table, board.table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    bold = QFont(table.font())
    bold.setBold(True)
    values, titles = QFontMetrics(bold), QFontMetrics(header.font())
    for col, key in enumerate(COLUMN_KEYS):
        width = header.sectionSize(col)
        title = board.model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        assert titles.horizontalAdvance(title) < width, key
        if key in ELIDING:
            assert width >= (90 if key in ("type", "address") else 60), key  # readable, if elided
            continue
        for row in range(board.model.rowCount()):
            text = board.model.index(row, col).data() or ""
            assert values.horizontalAdvance(text) < width, (key, text)

    banner, label, ack = board.alert_banner, board.alert_label, board.ack_button
    assert banner.geometry().right() <= board.width()
    assert ack.isVisible() and banner.rect().contains(ack.geometry())
    assert ack.width() >= ack.sizeHint().width()
    assert all(e["number"] in label.full_text() for e in window.alerts.events()[:4])
    assert f": {len(events)} (" in label.full_text()
    shown = label.text()
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert shown == label.full_text() or shown.endswith("…")

    for toolbar in window.findChildren(QToolBar):
        if toolbar.isVisible():
            assert toolbar.sizeHint().width() <= toolbar.width(), toolbar.objectName()
