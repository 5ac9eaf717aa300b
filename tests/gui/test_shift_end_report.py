"""The shift-end report: written beside the backups when a shift closes, under a name
predictable from the shift; a report that fails never holds up or undoes the close."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from emergenza.reports.localtime import local
from emergenza.store import Store
from tests.support.report_files import pdf_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture(autouse=True)
def responsabile_on_shift(ctx):
    """Reports need the role responsabile (Action.RUN_REPORTS): the operator on shift has it."""
    from emergenza.gui.context import Operator

    ctx.operator = Operator(ctx.operator.id, ctx.operator.name, "supervisor")

NOTE = "Server regionale fermo per manutenzione"


def close_shift(dialog, qtbot) -> dict:
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.summary.get("shift") is not None and dialog.summary.get("pending", 0) > 0,
                    timeout=5000)
    dialog.note_edit.setPlainText(NOTE)
    with qtbot.waitSignal(dialog.shift_closed, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.close_shift_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_closing_a_shift_writes_its_report_beside_the_backups(ctx, unshown_window, shift_end_dialog, make_event,
                                                              qtbot, tmp_path,
                                                              wait_tasks):
    from emergenza.gui.station.backup_ui import install_backup_timer

    scheduler = install_backup_timer(ctx, unshown_window, start=False)
    said: list[str] = []
    unshown_window.statusBar().messageChanged.connect(said.append)
    shift = ctx.owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    event = make_event(ago_s=300)
    with qtbot.waitSignal(shift_end_dialog.report_writer.written, timeout=20000) as blocker:
        closed = close_shift(shift_end_dialog, qtbot)
    wait_tasks(ctx)
    scheduler.stop()
    path = tmp_path / "backup" / blocker.args[0].rsplit("/", 1)[-1]
    assert blocker.args[0] == str(path) and path.parent == scheduler.policy.folder
    stamp = local(closed["ended_at"]).strftime("%Y%m%d-%H%M%S")
    assert path.name == f"rapporto-fineturno-{stamp}-{shift['id']}.pdf"
    assert re.fullmatch(r"rapporto-fineturno-\d{8}-\d{6}-[0-9a-f-]{36}\.pdf", path.name)
    text = pdf_text(path)
    assert "Rapporto di fine turno" in text and "Turno di Mario Rossi" in text
    assert event["number"] in text and NOTE in text
    assert "Rapporto di fine turno salvato" in shift_end_dialog.message.text()
    assert f"Rapporto di fine turno salvato: {path}" in said  # beside "Copia di sicurezza salvata: …"
    # The database copy of the shift end is there too; the report is not taken for one.
    assert [b.tag for b in scheduler.policy.backups()] == ["fineturno"]


def test_a_failing_report_never_holds_up_the_close(ctx, unshown_window, shift_end_dialog, make_event, qtbot,
                                                   tmp_path, wait_tasks):
    (tmp_path / "backup").write_text("un file dove andrebbe la cartella delle copie")
    shift = ctx.owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    make_event()
    with qtbot.waitSignal(shift_end_dialog.report_writer.failed, timeout=20000) as blocker:
        close_shift(shift_end_dialog, qtbot)
    wait_tasks(ctx)
    assert ctx.owner.call_blocking(Store.people.current_shift) is None
    row = ctx.owner.call_blocking(lambda s: dict(s.db["shifts"].get(shift["id"])))
    assert row["ended_at"] and row["close_note"] == NOTE
    assert blocker.args[0] == (f"Il rapporto di fine turno non è stato salvato: Impossibile scrivere "
                               f"{tmp_path / 'backup'}: al suo posto c'è un file.")
    assert shift_end_dialog.message.text().startswith("Turno chiuso. Il rapporto di fine turno non è stato salvato")
    assert "non è stato salvato" in unshown_window.statusBar().currentMessage()
    assert (tmp_path / "backup").is_file()


def test_the_report_button_opens_the_report_of_the_shift_shown(ctx, shift_end_dialog, qtbot, tmp_path, wait_tasks):
    shift = ctx.owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    shift_end_dialog.reload()
    qtbot.waitUntil(lambda: shift_end_dialog.summary.get("shift") is not None, timeout=5000)
    qtbot.mouseClick(shift_end_dialog.report_button, Qt.MouseButton.LeftButton)
    report = shift_end_dialog.report_dialog
    assert report is not None and report.isVisible() and not report.isModal()
    qtbot.waitUntil(lambda: report.shift_combo.currentData() == shift["id"], timeout=5000)
    report.file_edit.setText(str(tmp_path / "turno.csv"))
    with qtbot.waitSignal(report.runner.finished, timeout=20000):
        assert report.generate()
    assert (tmp_path / "turno.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    report.close()
    wait_tasks(ctx)
