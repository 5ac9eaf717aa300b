"""The "Rapporti" menu of the main window and its dialogs: files written off the UI thread
(PDF and CSV after the suffix), Italian messages on bad input, Ctrl+P with preview."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QAction, QKeySequence

from emergenza.reports.localtime import local
from emergenza.store import Store
from tests.support.report_files import pdf_text, read_csv

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture(autouse=True)
def responsabile_on_shift(ctx):
    """Reports need the role responsabile (Action.RUN_REPORTS): the operator on shift has it."""
    from emergenza.gui.context import Operator

    ctx.operator = Operator(ctx.operator.id, ctx.operator.name, "supervisor")

OP = "Mario Rossi"


@pytest.fixture
def reports(ctx, main_window):
    from emergenza.gui.reports.menu import install_reports_ui

    ui = install_reports_ui(ctx, main_window)
    yield ui
    for window in list(ui.windows.values()):
        window.close()


def mnemonic(text: str) -> str:
    m = re.search(r"&(\w)", text)
    assert m, f"no mnemonic in {text!r}"
    return m.group(1).lower()


def written(qtbot, dialog, timeout: int = 20000):
    """Press Genera and wait for the file."""
    with qtbot.waitSignal(dialog.runner.finished, timeout=timeout) as blocker:
        assert dialog.generate()
    assert dialog.generate_button.isEnabled() and not dialog.busy_bar.isVisibleTo(dialog)
    return blocker.args[0]


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_menu_sits_before_help_with_unique_mnemonics_and_free_shortcuts(reports, main_window):
    from emergenza.gui.shell.shortcuts_window import ShortcutsWindow

    titles = [a.text() for a in main_window.menuBar().actions()]
    assert titles.index("&Rapporti") == titles.index("&Aiuto") - 1
    assert len({mnemonic(t) for t in titles}) == len(titles)
    entries = [a for a in reports.menu.actions() if not a.isSeparator()]
    assert [a.text() for a in entries] == ["&Brogliaccio…", "&Statistiche…", "&Relazione annuale…", "&Esporta CSV…",
                                           "Rapporto di &fine turno…", "Stam&pa…"]
    assert len({mnemonic(a.text()) for a in entries}) == len(entries)
    assert reports.actions["report_print"].shortcut() == QKeySequence("Ctrl+P")
    keys: dict[str, str] = {}
    for action in main_window.findChildren(QAction):
        for seq in action.shortcuts():
            key = seq.toString()
            assert key not in keys, f"{key}: {keys.get(key)} and {action.text()}"
            keys[key] = action.text()
    shortcuts = dict((text, k) for k, text in ShortcutsWindow(main_window).entries())
    assert shortcuts["Statistiche…"] == QKeySequence("Ctrl+Shift+T").toString(QKeySequence.SequenceFormat.NativeText)


def test_brogliaccio_of_a_day_and_of_a_unit_as_pdf_and_csv(reports, make_event, unit_ids, gui_owner, qtbot, tmp_path):
    event = make_event(ago_s=120)
    asg = gui_owner.call_blocking(Store.units.assign, event["id"], unit_ids["Alfa 1"], operator=OP)
    gui_owner.call_blocking(Store.units.advance, asg["id"], operator=OP)
    day = local(event["received_at"]).date()
    dialog = reports.open_brogliaccio()
    assert dialog.isVisible() and not dialog.isModal()
    dialog.day.setDate(qdate(day))
    assert dialog.file_edit.text().endswith(f"brogliaccio-{day.isoformat()}.pdf")  # named after the parameters
    dialog.file_edit.setText(str(tmp_path / "giorno.pdf"))
    assert written(qtbot, dialog) == tmp_path / "giorno.pdf"
    text = pdf_text(tmp_path / "giorno.pdf")
    assert "Brogliaccio del giorno" in text and event["number"] in text and "Unità Alfa 1: inviata." in text
    assert "Rapporto scritto" in dialog.message.text()

    dialog.file_edit.setText(str(tmp_path / "giorno.csv"))
    written(qtbot, dialog)
    rows = read_csv(tmp_path / "giorno.csv")
    assert ["Rapporto", "Brogliaccio del giorno"] in rows
    assert any(r[:2] == [local(event["received_at"]).strftime("%d/%m/%Y %H:%M:%S"), event["number"]] for r in rows)

    qtbot.waitUntil(lambda: dialog.unit.count() == 4, timeout=5000)
    dialog.mode.setCurrentIndex(dialog.mode.findData("unit"))
    dialog.unit.setCurrentText("Alfa 1")
    dialog.file_edit.setText(str(tmp_path / "alfa1.pdf"))
    written(qtbot, dialog)
    assert "Brogliaccio dell'unità Alfa 1" in pdf_text(tmp_path / "alfa1.pdf")


def test_shift_report_annual_report_and_csv_export(reports, make_event, gui_owner, ctx, qtbot, tmp_path):
    shift = gui_owner.call_blocking(Store.people.start_shift, ctx.operator.id)
    events = [make_event(ago_s=60 * (i + 1)) for i in range(3)]
    dialog = reports.open_shift_report()
    qtbot.waitUntil(lambda: dialog.shift_combo.currentData() == shift["id"], timeout=5000)
    dialog.file_edit.setText(str(tmp_path / "turno.pdf"))
    written(qtbot, dialog)
    text = pdf_text(tmp_path / "turno.pdf")
    assert "Rapporto di fine turno" in text and "Turno di Mario Rossi" in text and events[0]["number"] in text

    annual = reports.open_annual()
    year = local(events[0]["received_at"]).year
    annual.year.setValue(year)
    annual.file_edit.setText(str(tmp_path / "relazione.pdf"))
    written(qtbot, annual)
    assert f"Relazione annuale {year}" in pdf_text(tmp_path / "relazione.pdf")

    export = reports.open_export()
    assert not export.print_button.isVisible()  # a data file, not a document to print
    export.everything.setChecked(True)
    export.file_edit.setText(str(tmp_path / "interventi.csv"))
    assert written(qtbot, export) == (tmp_path / "interventi.csv", 3)
    rows = read_csv(tmp_path / "interventi.csv")
    assert rows[0][0] == "Numero" and sorted(r[0] for r in rows[1:]) == sorted(e["number"] for e in events)
    assert export.message.text() == f"Esportati 3 interventi in {tmp_path / 'interventi.csv'}"


def test_bad_input_is_refused_in_italian_and_nothing_is_written(reports, qtbot, tmp_path, ctx, wait_tasks):
    dialog = reports.open_brogliaccio()
    for path, message in (("", "Indicare il file da scrivere."),
                          (str(tmp_path / "giorno.txt"), f"Il file di uscita deve finire in .pdf o .csv: "
                                                        f"{tmp_path / 'giorno.txt'}"),
                          (str(tmp_path / "manca" / "giorno.pdf"), f"La cartella {tmp_path / 'manca'} non esiste.")):
        dialog.file_edit.setText(path)
        assert not dialog.generate()
        assert dialog.message.text() == message
    export = reports.open_export()
    export.file_edit.setText(str(tmp_path / "interventi.pdf"))
    assert not export.generate()
    wrong = tmp_path / "interventi.pdf"
    assert export.message.text() == f"L'esportazione è in CSV: il file deve finire in .csv ({wrong})."
    export.date_from.setDate(export.date_to.date().addDays(1))
    export.file_edit.setText(str(tmp_path / "interventi.csv"))
    assert not export.generate()
    assert export.message.text() == "La data finale precede quella iniziale."
    # An error met while reading (here: no shift in the store) comes back from the worker thread.
    shift_dialog = reports.open_shift_report()
    qtbot.waitUntil(lambda: shift_dialog.shift_combo.currentText() == "Nessun turno registrato", timeout=5000)
    shift_dialog.file_edit.setText(str(tmp_path / "turno.pdf"))
    with qtbot.waitSignal(shift_dialog.runner.failed, timeout=10000):
        assert shift_dialog.generate()
    assert shift_dialog.message.text() == "Nell'archivio non ci sono turni."
    wait_tasks(ctx)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".csv", ".part")) == []


def test_ctrl_p_prints_the_report_window_in_front(reports, main_window, qtbot):
    assert not reports.print_current()
    assert "Nessun rapporto da stampare" in main_window.statusBar().currentMessage()
    stats = reports.open_statistics()
    assert reports.open_statistics() is stats  # opened once, brought to the front again
    qtbot.waitUntil(lambda: stats.statistics is not None, timeout=10000)
    with qtbot.waitSignal(stats.runner.finished, timeout=20000):
        reports.actions["report_print"].trigger()
    assert stats.preview.isVisible() and stats.preview.document_.title == "Statistiche degli interventi"
    stats.preview.close()
