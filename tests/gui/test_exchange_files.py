"""CAP / EMSI files in the app: export from the event detail (a save dialog, the document
written off the UI thread), import from File → Importa CAP/EMSI… and by dropping files on
the events board; refusals say the exchange's Italian reason and write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from emergenza.exchange import cap_schema
from emergenza.store import Store
from tests.support.paths import ROOT

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")

DATA = ROOT / "tests" / "exchange" / "data"


def _messages(qtbot, files) -> list[tuple[str, bool]]:
    said: list[tuple[str, bool]] = []
    files.message.connect(lambda text, error: said.append((text, error)))
    return said


def _event_count(ctx) -> int:
    return ctx.owner.call_blocking(lambda s: s.db.execute("SELECT count(*) FROM events").fetchone()[0])


def _open(main_window, qtbot, event) -> None:
    main_window.open_event(event["id"])
    qtbot.waitUntil(lambda: main_window.detail.event_row is not None
                    and main_window.detail.event_row["id"] == event["id"], timeout=5000)


def test_export_cap_from_the_detail_writes_a_valid_alert(main_window, qtbot, make_event, tmp_path):
    event = make_event(sharing="shared")
    _open(main_window, qtbot, event)
    detail = main_window.detail
    said = _messages(qtbot, detail.exchange)
    detail.export_cap_button.click()
    dialog = detail.exchange.dialog
    assert dialog is not None and dialog.isVisible()  # open(): the loop keeps running
    target = tmp_path / "allarme.xml"
    dialog.fileSelected.emit(str(target))
    dialog.close()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said == [(f"Intervento {event['number']} esportato in {target}.", False)]
    root = etree.fromstring(target.read_bytes())
    assert cap_schema.problems(root) == []
    assert event["number"] in target.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".emergenza-")] == []  # no temporary left


def test_export_emsi_as_json_by_its_suffix(main_window, qtbot, make_event, tmp_path):
    event = make_event(sharing="shared")
    _open(main_window, qtbot, event)
    detail = main_window.detail
    said = _messages(qtbot, detail.exchange)
    detail.export_emsi_button.click()
    target = tmp_path / "evento.json"
    detail.exchange.dialog.fileSelected.emit(str(target))
    detail.exchange.dialog.close()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said[0][1] is False
    assert target.read_text().lstrip().startswith("{") and event["number"] in target.read_text()


def test_a_reserved_event_is_not_exported_by_an_operator(main_window, qtbot, make_event, tmp_path):
    event = make_event(sharing="reserved")
    _open(main_window, qtbot, event)
    detail = main_window.detail
    said = _messages(qtbot, detail.exchange)
    target = tmp_path / "riservato.xml"
    detail.exchange.export(event["number"], "cap", str(target))
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    text, error = said[0]
    assert error and text.startswith(f"L'intervento {event['number']} è riservato")
    assert not target.exists()


def _drop(qtbot, table, paths: list[Path]) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    table.dropEvent(event)
    assert event.isAccepted()


def test_dropping_cap_and_emsi_files_on_the_board_imports_them(ctx, main_window, qtbot, tmp_path):
    said = _messages(qtbot, main_window.board.exchange)
    before = _event_count(ctx)
    _drop(qtbot, main_window.board.table, [DATA / "cap_foreign.xml", DATA / "emsi_event.json"])
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    text, error = said[0]
    assert not error, text
    assert "cap_foreign.xml: nuovo intervento" in text and "emsi_event.json: nuovo intervento" in text
    assert _event_count(ctx) == before + 2
    qtbot.waitUntil(lambda: main_window.board.model.rowCount() == before + 2, timeout=5000)
    # The same files again: nothing new (idempotent), and said so.
    said.clear()
    _drop(qtbot, main_window.board.table, [DATA / "cap_foreign.xml"])
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    assert said[0][0].startswith("cap_foreign.xml: già importato")
    assert _event_count(ctx) == before + 2


def test_one_bad_file_refuses_the_whole_drop_with_the_reason(ctx, main_window, qtbot, tmp_path):
    bad = tmp_path / "vecchio.xml"
    bad.write_bytes((DATA / "cap_update.xml").read_bytes().replace(b"emergency:cap:1.2", b"emergency:cap:1.1"))
    said = _messages(qtbot, main_window.board.exchange)
    before = _event_count(ctx)
    audit = ctx.owner.call_blocking(lambda s: s.db.execute("SELECT count(*) FROM audit").fetchone()[0])
    _drop(qtbot, main_window.board.table, [DATA / "emsi_event.xml", bad])
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    text, error = said[0]
    assert error and text.startswith("vecchio.xml: documento CAP 1.2 non valido: namespace errato"), text
    assert _event_count(ctx) == before  # the good EMSI file was not written either
    assert ctx.owner.call_blocking(lambda s: s.db.execute("SELECT count(*) FROM audit").fetchone()[0]) == audit


def test_other_files_are_not_taken_by_the_board(main_window, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    from emergenza.gui.events.board_view import _dropped_files
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "foto.jpg")), QUrl.fromLocalFile(str(DATA / "cap_foreign.xml"))])
    assert _dropped_files(data) == []
    data.setUrls([QUrl.fromLocalFile(str(DATA / "cap_foreign.xml"))])
    assert _dropped_files(data) == [str(DATA / "cap_foreign.xml")]


def test_file_menu_imports_the_chosen_files(ctx, main_window, qtbot):
    action = main_window.actions_by_name["import_exchange"]
    assert action.isEnabled()
    said = _messages(qtbot, main_window.board.exchange)
    action.trigger()
    dialog = main_window.board.exchange.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.filesSelected.emit([str(DATA / "cap_foreign.xml")])
    dialog.close()
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    assert said[0][0].startswith("cap_foreign.xml: nuovo intervento")
    number = said[0][0].rsplit(" ", 1)[1]
    assert ctx.owner.call_blocking(Store.events.get_by_number, number)["address"]
