"""Sì/No questions answered from the keyboard: Enter = the default (No), Esc = No, Alt+S = Sì."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from emergenza.gui.widgets.confirm import ask_yes_no

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def _ask(qtbot, **kwargs):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    answers: list[bool] = []
    box = ask_yes_no(parent, "Conferma", "Procedere?", answers.append, object_name="confirm_test", **kwargs)
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    return parent, box, answers


@pytest.mark.parametrize(("key", "modifier", "expected"), [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, False),
    (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, False),  # the default is No
    (Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier, True),
    (Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier, False),
])
def test_keyboard_answers(qtbot, key, modifier, expected):
    parent, box, answers = _ask(qtbot)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert [b.text() for b in box.buttons()] and {b.text() for b in box.buttons()} == {"&Sì", "&No"}
    qtbot.keyClick(box, key, modifier)
    qtbot.waitUntil(lambda: answers == [expected])
    assert parent.findChild(QMessageBox, "confirm_test") is None


def test_enter_takes_a_yes_default(qtbot):
    _parent, box, answers = _ask(qtbot, default_yes=True)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: answers == [True])


def test_every_question_in_the_gui_goes_through_the_helper():
    from pathlib import Path

    import emergenza.gui as gui

    offenders = [str(p) for p in Path(gui.__file__).parent.rglob("*.py")
                 if p.name != "confirm.py" and ("StandardButton.Yes" in p.read_text(encoding="utf-8")
                                                or "QMessageBox.question" in p.read_text(encoding="utf-8"))]
    assert offenders == []
