"""Printed pages drawn with QPainter from a report document: header and footer on every
page, "Pagina x di y", tables repeating their header row, struck lines, landscape."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from PySide6.QtPrintSupport import QPrinter

from emergenza.reports import document as d
from tests.support.report_files import pdf_text


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def long_document(rows: int, *, landscape: bool = False) -> d.Document:
    doc = d.Document("brogliaccio", "Brogliaccio del giorno", "domenica 29/03/2026", "Polizia Locale di Bergamo",
                     "Sala operativa (BG01)", datetime(2026, 3, 29, 9, 30, tzinfo=UTC), "Sara Pesenti",
                     landscape=landscape)
    struck = d.StruckText("Richiamato il segnalante: nessuna risposta.", "Annotazione sull'intervento sbagliato",
                          "Sara Pesenti", datetime(2026, 3, 29, 2, 0, tzinfo=UTC))
    table = d.Table([d.Column("Ora", d.TIME, width=0.7), d.Column("Intervento", width=1.5),
                     d.Column("Testo", width=5.0), d.Column("Minuti", d.DURATION)],
                    [[datetime(2026, 3, 29, 1, 0, tzinfo=UTC), f"BG01-2026-{i:06d}",
                      struck if i == 3 else f"Riga numero {i} del registro, con un testo abbastanza lungo da andare "
                                            f"a capo nella colonna più larga della tabella.", 60.0 * i]
                     for i in range(rows)], title="Registro cronologico", total=["Totale", "", "", 60.0 * rows])
    doc.sections = [
        d.Section("Riepilogo", [d.Facts([d.fact("Interventi", rows, d.INT), d.fact("Esercitazioni", "escluse")]),
                                d.Text("Nessuna esercitazione nel periodo.", "notice")]),
        d.Section("Registro", [table, d.Table([d.Column("Vuota")], [], title="Tabella vuota",
                                              empty_text="Nessuna riga.")]),
        d.Section("Grafico", [d.BarChart("Per ora", [f"{h:02d}" for h in range(24)], [float(h) for h in range(24)])]),
    ]
    return doc


def test_every_page_has_header_footer_and_the_table_header(qapp, tmp_path):
    from emergenza.gui.reports.printing import PrintLayout, print_document, setup_printer

    doc = long_document(150)
    printer = pdf_printer(tmp_path / "lungo.pdf")
    setup_printer(printer, doc)
    pages = PrintLayout(doc, printer).page_count
    assert pages >= 4
    assert print_document(doc, printer) == pages
    text = pdf_text(tmp_path / "lungo.pdf")
    sheets = text.split("\f")[:pages]
    assert len(sheets) == pages
    for number, sheet in enumerate(sheets, start=1):
        assert "Polizia Locale di Bergamo" in sheet and "Sala operativa (BG01)" in sheet
        assert f"Pagina {number} di {pages}" in sheet
        assert "Generato il 29/03/2026 11:30 da Sara Pesenti" in sheet  # local time (CEST)
    table_pages = [s for s in sheets if "BG01-2026-" in s]
    assert len(table_pages) >= 3
    for sheet in table_pages:  # the header row is repeated on every page of the table
        assert re.search(r"Ora\s+Intervento\s+Testo\s+Minuti", sheet), sheet[:400]
    assert all(f"BG01-2026-{i:06d}" in text for i in range(150))  # every row, none lost at a break
    flat = " ".join(text.split())  # wrapped lines joined
    assert "Richiamato il segnalante: nessuna risposta." in flat  # the struck text stays, and why it was struck
    assert "Barrata da Sara Pesenti il 29/03/2026 04:00: Annotazione sull'intervento sbagliato" in flat
    assert "Nessuna riga." in text and "Nessuna esercitazione nel periodo." in text
    assert "2 h 30 min" in text  # durations as on the PDF


@pytest.mark.parametrize("landscape", [False, True])
def test_orientation_follows_the_document(qapp, tmp_path, landscape):
    from PySide6.QtGui import QPageLayout

    from emergenza.gui.reports.printing import PrintLayout, print_document, setup_printer

    doc = long_document(5, landscape=landscape)
    printer = pdf_printer(tmp_path / "o.pdf")
    setup_printer(printer, doc)
    wanted = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    assert printer.pageLayout().orientation() == wanted
    layout = PrintLayout(doc, printer)
    assert (layout.width > layout.height) == landscape
    pages = print_document(doc, printer)
    assert f"Pagina {pages} di {pages}" in pdf_text(tmp_path / "o.pdf")
