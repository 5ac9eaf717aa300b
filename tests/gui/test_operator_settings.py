"""The settings dialog (sign-in and the operator on shift: test_sign_in.py)."""

from __future__ import annotations

import pytest

from emergenza.gui.settings import IDLE_LOCK_MIN, LANGUAGE, alert_after_key

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

RED_KEY, YELLOW_KEY = alert_after_key("red"), alert_after_key("yellow")


def test_settings_dialog_saves_language_and_thresholds(ctx, qtbot):
    from emergenza.gui.shell.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.language.currentData() == "it"
    assert "prossimo avvio" in dialog.restart_note.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.alert_after["red"].setValue(90)
    dialog.alert_after["yellow"].setValue(600)
    assert dialog.idle_lock.value() == IDLE_LOCK_MIN.default
    dialog.idle_lock.setValue(0)
    assert dialog.idle_lock.text() == "mai"
    dialog.idle_lock.setValue(5)
    with qtbot.waitSignal(dialog.settings_saved):
        dialog._on_save()
    assert ctx.settings.value(LANGUAGE.key) == "en"
    assert int(ctx.settings.value(RED_KEY)) == 90 and int(ctx.settings.value(YELLOW_KEY)) == 600
    assert IDLE_LOCK_MIN.read(ctx.settings) == 5
