"""A report :class:`~emergenza.reports.document.Document` printed with QPainter.

The layout follows the PDF of ``reports.render_pdf`` (PySide6-Essentials has no QtPdf to
rasterise that file, and drawing the pages is sharper anyway): A4, the corps and station
in every page's header with the report's title, "Generato il … da …" and "Pagina x di y"
in the footer, tables with their header repeated on every page, charts drawn by
``charts.paint_bar_chart``. :class:`PrintLayout` lays the document out once (the page
count is known before anything is drawn), then :meth:`PrintLayout.paint` draws it.
Printed texts are the report's (Italian, like the PDF), not the window's.

Everything is measured on the printer itself (device pixels at its resolution), so the
preview, a paper printer and a PDF file get the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from ...domain.errors import EnvironmentFailure
from ...reports import document as d
from ...reports.formats import pdf_text
from ...reports.localtime import fmt_datetime
from .charts import ChartData, paint_bar_chart, preferred_height

MARGIN_MM = 15
HEADER_GREY = QColor("#E6E6E6")
RULE_GREY = QColor("#9A9A9A")
NOTE_GREY = QColor("#444444")
BLACK = QColor("#000000")
WIDTH_SAMPLE_ROWS = 300  # rows looked at to size the columns (a day's brogliaccio has thousands)
KEEP_WITH_NEXT_PT = 70  # a heading never ends a page with less room than this below it
CELL_PAD_PT = 3
WRAP = int(Qt.TextFlag.TextWordWrap)
WRAP_ANYWHERE = int(Qt.TextFlag.TextWrapAnywhere)
# Helvetica's metrics (the PDF's font) where the system has them; the app's font otherwise.
PREFERRED_FAMILIES = ("Helvetica", "Arial", "Liberation Sans", "Nimbus Sans", "Nimbus Sans L")


def printing_font() -> QFont:
    """The font printed pages use: a Helvetica-like face if installed, else the app's."""
    available = set(QFontDatabase.families())
    font = QFont(QGuiApplication.font())
    for family in PREFERRED_FAMILIES:
        if family in available:
            font.setFamily(family)
            break
    return font
NUMERIC = (d.INT, d.FLOAT, d.PERCENT, d.DURATION)


def setup_printer(printer: QPrinter, doc: d.Document) -> None:
    """A4, the report's orientation, the PDF's margins."""
    orientation = QPageLayout.Orientation.Landscape if doc.landscape else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                      QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                      QPageLayout.Unit.Millimeter))
    printer.setDocName(doc.title)
    printer.setCreator("Emergenza")


@dataclass
class _Op:
    kind: str                      # text | fill | line | chart
    rect: QRectF
    text: str = ""
    font: str = "body"
    flags: int = 0
    colour: QColor | None = None  # black
    chart: ChartData | None = None


class PrintLayout:
    """The pages of one document on one printer (lay out once, paint any number of times)."""

    def __init__(self, doc: d.Document, printer: QPrinter):
        self.doc = doc
        self.printer = printer
        paint = printer.pageLayout().paintRectPixels(printer.resolution())
        self.width, self.height = float(paint.width()), float(paint.height())
        self.pt = printer.resolution() / 72.0
        base = printing_font()
        self.fonts = {name: self._font(base, size, bold, italic, strike) for name, (size, bold, italic, strike) in {
            "body": (9, False, False, False), "cell": (8, False, False, False), "head": (8, True, False, False),
            "cell_bold": (8, True, False, False), "struck": (8, False, False, True),
            "struck_note": (7.5, False, True, False), "title": (16, True, False, False),
            "period": (10, False, False, False), "section": (12, True, False, False),
            "caption": (9.5, True, False, False), "note": (8.5, False, True, False),
            "notice": (10, True, False, False), "header": (10, True, False, False),
            "small": (8, False, False, False), "chart": (7, False, False, False)}.items()}
        self.metrics = {name: QFontMetricsF(font, printer) for name, font in self.fonts.items()}
        line = self.metrics["small"].height()
        self.body_top = 2.4 * line + 6 * self.pt
        self.body_bottom = self.height - 2.2 * line
        self.pages: list[list[_Op]] = []
        self._new_page()
        self._layout()

    @staticmethod
    def _font(base: QFont, size: float, bold: bool, italic: bool, strike: bool) -> QFont:
        font = QFont(base)
        # No ligatures: the text of a page printed to PDF stays searchable ("traffico", not "traﬃco").
        font.setFeature(QFont.Tag("liga"), 0)
        font.setPointSizeF(size)
        font.setBold(bold)
        font.setItalic(italic)
        font.setStrikeOut(strike)
        return font

    # ------------------------------------------------------------- primitives
    def _new_page(self) -> None:
        self.pages.append([])
        self.y = self.body_top

    def _room(self) -> float:
        return self.body_bottom - self.y

    def _ensure(self, needed: float) -> None:
        """A new page unless ``needed`` fits below (a fresh page takes whatever comes)."""
        if needed > self._room() and self.y > self.body_top:
            self._new_page()

    def _add(self, op: _Op) -> None:
        self.pages[-1].append(op)

    def _wrap(self, text: str, font: str, width: float) -> int:
        """Word wrap; anywhere when one word (a number, a code) is wider than the cell."""
        fm = self.metrics[font]
        if fm.horizontalAdvance(text) <= width or all(fm.horizontalAdvance(w) <= width for w in text.split()):
            return WRAP
        return WRAP_ANYWHERE

    def _text_height(self, text: str, font: str, width: float) -> float:
        width = max(1.0, width)
        return self.metrics[font].boundingRect(QRectF(0, 0, width, 1e9), self._wrap(text, font, width),
                                               text).height()

    def _paragraph(self, text: str, font: str, *, colour: QColor = BLACK, before: float = 0, after: float = 0,
                   boxed: bool = False) -> None:
        inset = 5 * self.pt if boxed else 0.0
        height = self._text_height(text, font, self.width - 2 * inset) + 2 * inset
        self._ensure(before + height + after)
        self.y += before if self.y > self.body_top else 0
        rect = QRectF(0, self.y, self.width, min(height, self.body_bottom - self.y))
        if boxed:
            for a, b in ((rect.topLeft(), rect.topRight()), (rect.bottomLeft(), rect.bottomRight()),
                         (rect.topLeft(), rect.bottomLeft()), (rect.topRight(), rect.bottomRight())):
                self._add(_Op("line", QRectF(a, b), colour=RULE_GREY))
        self._add(_Op("text", rect.adjusted(inset, inset, -inset, -inset), text, font,
                         self._wrap(text, font, rect.width() - 2 * inset), colour))
        self.y += rect.height() + after

    # ----------------------------------------------------------------- layout
    def _layout(self) -> None:
        self._paragraph(self.doc.title, "title", after=2 * self.pt)
        self._paragraph(self.doc.period, "period", after=8 * self.pt)
        for section in self.doc.sections:
            first = section.blocks[0] if section.blocks else None
            keep = 2 * KEEP_WITH_NEXT_PT * self.pt
            if isinstance(first, d.BarChart) and not ChartData.of(first).is_empty():
                keep = self._chart_height(ChartData.of(first)) + 40 * self.pt
            heading = self._text_height(section.title, "section", self.width) + 14 * self.pt
            self._ensure(heading + keep)
            self._paragraph(section.title, "section", before=10 * self.pt, after=4 * self.pt)
            for block in section.blocks:
                if isinstance(block, d.Table):
                    self._table(block)
                elif isinstance(block, d.Facts):
                    self._facts(block)
                elif isinstance(block, d.BarChart):
                    self._chart(ChartData.of(block))
                elif isinstance(block, d.Text):
                    if block.style == "notice":
                        self._paragraph(block.text, "notice", before=6 * self.pt, after=10 * self.pt, boxed=True)
                    elif block.style == "note":
                        self._paragraph(block.text, "note", colour=NOTE_GREY, after=4 * self.pt)
                    else:
                        self._paragraph(block.text, "body", after=4 * self.pt)

    def _caption(self, title: str | None) -> float:
        if not title:
            return 0.0
        return self._text_height(title, "caption", self.width) + 7 * self.pt

    def _chart_height(self, chart: ChartData) -> float:
        return preferred_height(chart, self.metrics["chart"].height())

    def _chart(self, chart: ChartData) -> None:
        if chart.is_empty():  # as in the PDF: the table beside it says there is nothing
            return
        height = min(self._chart_height(chart), self.body_bottom - self.body_top)
        self._ensure(height + 6 * self.pt)
        self._add(_Op("chart", QRectF(0, self.y, self.width, height), font="chart", chart=chart))
        self.y += height + 6 * self.pt

    def _cell(self, value: Any, column: d.Column) -> tuple[str, str]:
        """(text, font) of a cell; a struck journal line keeps its text, struck, and says why below."""
        if isinstance(value, d.StruckText):
            return value.text, "struck"
        return pdf_text(value, column.kind), "cell"

    @staticmethod
    def _struck_note(value: d.StruckText) -> str:
        by = f" da {value.by}" if value.by else ""
        at = f" il {fmt_datetime(value.at)}" if value.at else ""
        return f"Barrata{by}{at}: {value.reason}"

    def _row_height(self, cells: list[tuple[str, str, Any]], widths: list[float]) -> float:
        pad = CELL_PAD_PT * self.pt
        tallest = 0.0
        for (text, font, value), width in zip(cells, widths, strict=False):
            h = self._text_height(text, font, width - 2 * pad) if text else self.metrics[font].height()
            if isinstance(value, d.StruckText):
                h += self._text_height(self._struck_note(value), "struck_note", width - 2 * pad)
            tallest = max(tallest, h)
        return min(tallest + 2 * pad * 0.7, self.body_bottom - self.body_top - 4 * self.metrics["cell"].height())

    def _draw_row(self, cells: list[tuple[str, str, Any]], widths: list[float], aligns: list[int], height: float,
                  *, fill: QColor | None = None, rule: QColor = HEADER_GREY, rule_above: bool = False) -> None:
        pad = CELL_PAD_PT * self.pt
        if fill is not None:
            self._add(_Op("fill", QRectF(0, self.y, sum(widths), height), colour=fill))
        if rule_above:
            self._add(_Op("line", QRectF(QPointF(0, self.y), QPointF(sum(widths), self.y)), colour=RULE_GREY))
        x = 0.0
        for (text, font, value), width, align in zip(cells, widths, aligns, strict=False):
            inner = QRectF(x + pad, self.y + pad * 0.7, width - 2 * pad, height - 1.4 * pad)
            self._add(_Op("text", inner, text, font, self._wrap(text, font, inner.width()) | align))
            if isinstance(value, d.StruckText):
                top = self._text_height(text, font, inner.width())
                note = self._struck_note(value)
                self._add(_Op("text", inner.adjusted(0, top, 0, 0), note, "struck_note",
                              self._wrap(note, "struck_note", inner.width()), NOTE_GREY))
            x += width
        bottom = self.y + height
        self._add(_Op("line", QRectF(QPointF(0, bottom), QPointF(sum(widths), bottom)), colour=rule))
        self.y = bottom

    def _column_widths(self, table: d.Table, cols: list[tuple[int, d.Column]]) -> list[float]:
        """Shares of the page as the columns ask, widened where a word (a time, an event
        number) would not fit on one line: the other columns give up the room."""
        share = sum(c.width for _i, c in cols) or 1.0
        widths = [self.width * c.width / share for _i, c in cols]
        pad = 2 * CELL_PAD_PT * self.pt + 1
        need = []
        for _k, (i, c) in enumerate(cols):
            words = set(c.title.split())
            for row in table.rows[:WIDTH_SAMPLE_ROWS] + ([table.total] if table.total else []):
                text = self._cell(row[i], c)[0]
                words.update(sorted(text.split(), key=len)[-2:])
            font = "head" if c.kind in NUMERIC else "cell_bold"
            longest = max((self.metrics[font].horizontalAdvance(w) for w in words), default=0.0)
            need.append(min(longest + pad, self.width * 0.35))
        fixed: set[int] = set()
        for _round in range(len(cols)):
            grown = {k for k in range(len(cols)) if k not in fixed and need[k] > widths[k]}
            if not grown:
                break
            fixed |= grown
            free = self.width - sum(need[k] for k in fixed)
            rest = [k for k in range(len(cols)) if k not in fixed]
            weight = sum(cols[k][1].width for k in rest) or 1.0
            if free <= 0 or not rest:
                break
            widths = [need[k] if k in fixed else free * cols[k][1].width / weight for k in range(len(cols))]
        return widths

    def _table(self, table: d.Table) -> None:
        cols = [(i, c) for i, c in enumerate(table.columns) if c.pdf]
        caption = self._caption(table.title)
        if not table.rows:
            if table.title:
                self._ensure(caption + 2 * self.metrics["note"].height())
                self._paragraph(table.title, "caption", before=4 * self.pt, after=3 * self.pt)
            self._paragraph(table.empty_text, "note", colour=NOTE_GREY, after=4 * self.pt)
            return
        widths = self._column_widths(table, cols)
        aligns = [int(Qt.AlignmentFlag.AlignRight) if c.kind in NUMERIC else int(Qt.AlignmentFlag.AlignLeft)
                  for _i, c in cols]
        header = [(c.title, "head", None) for _i, c in cols]
        header_h = self._row_height(header, widths)

        def row_cells(row: list[Any], bold: bool = False) -> list[tuple[str, str, Any]]:
            out = []
            for i, c in cols:
                text, font = self._cell(row[i], c)
                out.append((text, "cell_bold" if bold and font == "cell" else font, row[i]))
            return out

        first = row_cells(table.rows[0])
        self._ensure(caption + header_h + self._row_height(first, widths))
        if table.title:
            self._paragraph(table.title, "caption", before=4 * self.pt, after=3 * self.pt)
        self._draw_row(header, widths, aligns, header_h, fill=HEADER_GREY, rule=RULE_GREY)
        lines = [(row_cells(r), False) for r in table.rows]
        if table.total:
            lines.append((row_cells(table.total, bold=True), True))
        for cells, is_total in lines:
            height = self._row_height(cells, widths)
            if height > self._room():
                self._new_page()  # the header row again at the top of the new page
                self._draw_row(header, widths, aligns, header_h, fill=HEADER_GREY, rule=RULE_GREY)
            self._draw_row(cells, widths, aligns, height, rule_above=is_total)
        self.y += 4 * self.pt

    def _facts(self, block: d.Facts) -> None:
        if not block.rows:
            return
        widths = [self.width * 0.45, self.width * 0.55]
        aligns = [int(Qt.AlignmentFlag.AlignLeft)] * 2
        rows = [[(label, "cell", None), (pdf_text(value, kind), "cell", None)] for label, value, kind in block.rows]
        self._ensure(self._caption(block.title) + self._row_height(rows[0], widths))
        if block.title:
            self._paragraph(block.title, "caption", before=4 * self.pt, after=3 * self.pt)
        for cells in rows:
            height = self._row_height(cells, widths)
            if height > self._room():
                self._new_page()
            self._draw_row(cells, widths, aligns, height)
        self.y += 4 * self.pt

    # ------------------------------------------------------------------ paint
    @property
    def page_count(self) -> int:
        return len(self.pages)

    def paint(self, painter: QPainter) -> None:
        """Draw every page on the painter's printer (``newPage`` between them)."""
        total = self.page_count
        for number, ops in enumerate(self.pages, start=1):
            if number > 1:
                self.printer.newPage()
            self._decorate(painter, number, total)
            for op in ops:
                self._paint_op(painter, op)

    def _pen(self, colour: QColor, width_pt: float = 0.5) -> QPen:
        pen = QPen(colour)
        pen.setWidthF(max(1.0, width_pt * self.pt))
        return pen

    def _paint_op(self, painter: QPainter, op: _Op) -> None:
        if op.kind == "text":
            painter.setFont(self.fonts[op.font])
            painter.setPen(op.colour or BLACK)
            painter.drawText(op.rect, op.flags, op.text)
        elif op.kind == "fill":
            painter.fillRect(op.rect, op.colour or BLACK)
        elif op.kind == "line":
            painter.setPen(self._pen(op.colour or BLACK, 0.4))
            painter.drawLine(op.rect.topLeft(), op.rect.bottomRight())
        elif op.kind == "chart" and op.chart is not None:
            painter.setFont(self.fonts["chart"])
            paint_bar_chart(painter, op.rect, op.chart)

    def _decorate(self, painter: QPainter, number: int, total: int) -> None:
        """Header (corps, station, title) and footer (generated at/by, page x of y)."""
        doc = self.doc
        small = self.metrics["small"].height()
        head = self.metrics["header"].height()
        painter.setPen(BLACK)
        painter.setFont(self.fonts["header"])
        painter.drawText(QRectF(0, 0, self.width * 0.6, head), int(Qt.AlignmentFlag.AlignLeft),
                         self.metrics["header"].elidedText(doc.corps or "—", Qt.TextElideMode.ElideRight,
                                                           self.width * 0.6))
        painter.setFont(self.fonts["small"])
        painter.drawText(QRectF(0, head, self.width * 0.6, small), int(Qt.AlignmentFlag.AlignLeft),
                         self.metrics["small"].elidedText(doc.station or "", Qt.TextElideMode.ElideRight,
                                                          self.width * 0.6))
        painter.drawText(QRectF(self.width * 0.4, 0, self.width * 0.6, head), int(Qt.AlignmentFlag.AlignRight),
                         doc.title)
        rule_y = head + small + 2 * self.pt
        painter.setPen(self._pen(RULE_GREY))
        painter.drawLine(QPointF(0, rule_y), QPointF(self.width, rule_y))
        foot_y = self.height - small
        painter.drawLine(QPointF(0, foot_y - 3 * self.pt), QPointF(self.width, foot_y - 3 * self.pt))
        painter.setPen(BLACK)
        painter.drawText(QRectF(0, foot_y, self.width * 0.7, small), int(Qt.AlignmentFlag.AlignLeft),
                         f"Generato il {fmt_datetime(doc.generated_at)} da {doc.generated_by or '—'}")
        painter.drawText(QRectF(self.width * 0.6, foot_y, self.width * 0.4, small), int(Qt.AlignmentFlag.AlignRight),
                         f"Pagina {number} di {total}")


def print_document(doc: d.Document, printer: QPrinter) -> int:
    """Lay ``doc`` out on ``printer`` and print it; returns the number of pages."""
    layout = PrintLayout(doc, printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise EnvironmentFailure(QCoreApplication.translate(
            "PrintLayout", "Impossibile stampare: la stampante non è pronta."))
    try:
        layout.paint(painter)
    finally:
        painter.end()
    return layout.page_count


def open_print_preview(parent: QWidget, doc: d.Document) -> QPrintPreviewDialog:
    """The print preview of ``doc``, non-modal (the main window stays usable); its Print
    button prints the same pages."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, doc)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("reportPrintPreview")
    dialog.setWindowTitle(QCoreApplication.translate("PrintLayout", "Anteprima di stampa – {0}").format(doc.title))
    dialog.printer_ = printer  # the dialog does not own it: keep it alive as long as the dialog
    dialog.document_ = doc
    dialog.paintRequested.connect(lambda target: print_document(doc, target))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.resize(900, 760)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.show()
    return dialog
