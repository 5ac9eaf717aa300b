"""Document -> CSV bytes that Excel opens cleanly with an Italian locale.

Dialect: UTF-8 with BOM (Excel then reads the accents right), ``;`` separator (the
Italian list separator; the comma is the decimal mark), ``"`` quoting when needed,
CRLF line ends, dates ``dd/mm/yyyy``, decimal comma (see :mod:`formats`).

Layout: a heading block (report, corps, station, period, generated at/by), then every
table and fact list of the document, each introduced by a row holding its section and
title, with its header row, and followed by an empty row. Charts are not repeated: their
figures are in the tables. :func:`render_table` writes one flat table (the export).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from . import document as d
from .formats import csv_header, csv_text
from .localtime import fmt_datetime

BOM = "\ufeff"


class ExcelItalian(csv.Dialect):
    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


def _writer(buffer: io.StringIO) -> Any:
    return csv.writer(buffer, dialect=ExcelItalian)


def _table_rows(table: d.Table) -> list[list[str]]:
    cols = [(i, c) for i, c in enumerate(table.columns) if c.csv]
    out = [[csv_header(c) for _i, c in cols]]
    for row in table.rows:
        out.append([csv_text(row[i], c.kind) for i, c in cols])
    if table.total:
        out.append([csv_text(table.total[i], c.kind) for i, c in cols])
    if not table.rows:
        out.append([table.empty_text] + [""] * (len(cols) - 1))
    return out


def render(doc: d.Document) -> bytes:
    buffer = io.StringIO()
    w = _writer(buffer)
    w.writerow(["Rapporto", doc.title])
    w.writerow(["Comando", doc.corps])
    w.writerow(["Postazione", doc.station])
    w.writerow(["Periodo", doc.period])
    w.writerow(["Generato il", fmt_datetime(doc.generated_at, seconds=True)])
    w.writerow(["Generato da", doc.generated_by])
    w.writerow([])
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, d.Table):
                w.writerow([section.title + (f" — {block.title}" if block.title else "")])
                w.writerows(_table_rows(block))
                w.writerow([])
            elif isinstance(block, d.Facts):
                w.writerow([section.title + (f" — {block.title}" if block.title else "")])
                for label, value, kind in block.rows:
                    w.writerow([label, csv_text(value, kind)])
                w.writerow([])
            elif isinstance(block, d.Text) and block.style == "notice":
                w.writerow([section.title, block.text])
                w.writerow([])
    return (BOM + buffer.getvalue()).encode("utf-8")


def render_table(table: d.Table) -> bytes:
    """One flat table: header row and data rows only (for re-use in a spreadsheet)."""
    buffer = io.StringIO()
    w = _writer(buffer)
    cols = [(i, c) for i, c in enumerate(table.columns) if c.csv]
    w.writerow([csv_header(c) for _i, c in cols])
    for row in table.rows:
        w.writerow([csv_text(row[i], c.kind) for i, c in cols])
    return (BOM + buffer.getvalue()).encode("utf-8")
