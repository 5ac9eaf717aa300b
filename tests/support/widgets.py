"""Qt input helpers for the GUI suite (imports PySide6: never import it from a Qt-free suite)."""

from __future__ import annotations

from PySide6.QtCore import Qt


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
