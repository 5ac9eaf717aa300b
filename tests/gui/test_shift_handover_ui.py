"""Fine turno for an operatore: with unsent changes it offers the handover (the shift stays
open until the next sign-in takes it over); with none it closes the shift, and the shift-end
report is written and kept beside the backups whoever closes it (it is part of closing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from emergenza.domain.enums import Role
from emergenza.domain.roles import Actor
from emergenza.store import Store
from tests.support.report_files import pdf_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture
def operatore(ctx, gui_owner):
    """The store acts for the operatore on shift (the GUI's operator is one already)."""
    op = gui_owner.test_operator
    assert ctx.operator.role == "operator"
    gui_owner.call_blocking(lambda s: s.act_as(Actor(name=op["name"], role=Role.OPERATOR, operator_id=op["id"])))
    return op


def _send_everything(store: Store) -> None:
    store.outbox.ack([r["change_id"] for r in store.outbox.pending(10_000)])


def test_with_unsent_changes_an_operatore_hands_over_instead_of_closing(ctx, operatore, shift_end_dialog, qtbot,
                                                                        wait_tasks):
    shift = ctx.owner.call_blocking(Store.people.start_shift, operatore["id"])
    shift_end_dialog.reload()
    qtbot.waitUntil(lambda: bool(shift_end_dialog.summary.get("shift"))
                    and shift_end_dialog.summary.get("pending", 0) > 0, timeout=5000)
    assert not shift_end_dialog.handover_button.isHidden() and shift_end_dialog.handover_button.isEnabled()
    assert not shift_end_dialog.close_shift_button.isEnabled()
    assert shift_end_dialog.note_edit.isHidden()  # no reason to write: this role cannot close with them
    assert "passare le consegne" in shift_end_dialog.message.text()
    with qtbot.waitSignal(shift_end_dialog.handover_requested, timeout=5000):
        qtbot.mouseClick(shift_end_dialog.handover_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    # Signed out, the shift still open: the next sign-in takes it over (tests/gui/test_sign_in.py).
    assert ctx.operator is None
    assert ctx.owner.call_blocking(Store.people.current_shift)["id"] == shift["id"]


def test_a_supervisor_still_closes_with_a_reason_and_sees_no_handover_button(ctx, shift_end_dialog, qtbot):
    from emergenza.gui.context import Operator

    ctx.operator = Operator(ctx.operator.id, ctx.operator.name, "supervisor")
    ctx.owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    shift_end_dialog.reload()
    qtbot.waitUntil(lambda: shift_end_dialog.summary.get("pending", 0) > 0, timeout=5000)
    assert shift_end_dialog.handover_button.isHidden() and not shift_end_dialog.note_edit.isHidden()
    assert shift_end_dialog.close_shift_button.isEnabled()


def test_an_operatore_closing_the_shift_gets_its_report_beside_the_backups(ctx, operatore, unshown_window,
                                                                           shift_end_dialog, qtbot,
                                                                          tmp_path, wait_tasks):
    from emergenza.gui.reports.permissions import ReportKind, may_run_report
    from emergenza.gui.station.backup_ui import install_backup_timer

    assert not may_run_report(ctx, ReportKind.SHIFT)  # running reports by hand: still not theirs
    scheduler = install_backup_timer(ctx, unshown_window, start=False)
    shift = ctx.owner.call_blocking(Store.people.start_shift, operatore["id"])
    ctx.owner.call_blocking(_send_everything)
    shift_end_dialog.reload()
    qtbot.waitUntil(lambda: bool(shift_end_dialog.summary.get("shift"))
                    and shift_end_dialog.summary.get("pending") == 0, timeout=5000)
    assert shift_end_dialog.handover_button.isHidden() and shift_end_dialog.close_shift_button.isEnabled()
    with qtbot.waitSignal(shift_end_dialog.report_writer.written, timeout=20000) as blocker:
        qtbot.mouseClick(shift_end_dialog.close_shift_button, Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    scheduler.stop()
    path = tmp_path / "backup" / blocker.args[0].rsplit("/", 1)[-1]
    assert path.is_file() and path.name.endswith(f"-{shift['id']}.pdf")
    assert "Turno di Mario Rossi" in pdf_text(path)
    assert [b.tag for b in scheduler.policy.backups()] == ["fineturno"]  # and the database copy


def test_a_handover_at_sign_in_writes_the_report_of_the_shift_it_closed(ctx, gui_owner, qtbot, tmp_path, wait_tasks):
    from emergenza.gui.station.operator_dialog import OperatorDialog, SignInMode
    from tests.support.signin import PIN, add_operator

    shift = gui_owner.call_blocking(Store.people.start_shift, gui_owner.test_operator["id"])
    luca = add_operator(gui_owner, "Luca Gialli", "operator")
    shift_end_dialog = OperatorDialog(ctx, mode=SignInMode.SWITCH)
    qtbot.addWidget(shift_end_dialog)
    shift_end_dialog.open()
    wait_tasks(ctx)
    shift_end_dialog.operator.setCurrentIndex(shift_end_dialog.operator.findData(luca["id"]))
    shift_end_dialog.password.setText(PIN)
    with qtbot.waitSignal(shift_end_dialog.operator_chosen, timeout=5000):
        qtbot.keyClick(shift_end_dialog.password, Qt.Key.Key_Return)
    with qtbot.waitSignal(shift_end_dialog.report_writer.written, timeout=20000) as blocker:
        wait_tasks(ctx)
    assert blocker.args[0].endswith(f"-{shift['id']}.pdf")
    assert (tmp_path / "backup" / blocker.args[0].rsplit("/", 1)[-1]).is_file()
