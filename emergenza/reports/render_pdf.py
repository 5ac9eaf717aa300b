"""Document -> PDF bytes with reportlab: A4, Italian layout.

Every page: corps and station in the header with the report's title, "Pagina x di y"
and "Generato il ... da ..." in the footer (two passes: the total is known only at the
end, so the footer is drawn when the canvas is saved). Tables repeat their header row
on every page; charts are vector graphics (reportlab.graphics).

Text uses the PDF standard font Helvetica (no font file to ship or find); it covers the
Windows-1252 characters (all Italian letters, « » — … €). Anything outside it is
replaced (→ by ->) so no character ever turns into a blank box.
"""

from __future__ import annotations

import io
import math
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import document as d
from .figures import nice_step
from .formats import pdf_text
from .localtime import fmt_datetime

FONT, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
MARGIN = 15 * mm
HEADER_GREY = colors.HexColor("#E6E6E6")
RULE_GREY = colors.HexColor("#9A9A9A")
BAR_COLOUR = colors.HexColor("#2F5F8A")
LONG_TABLE_ROWS = 60  # LongTable lays out long tables in linear time
CHART_MAX_BARS = 20
CELL_FONT_SIZE = 8
CELL_PADDING = 4
KEEP_WITH_NEXT = 70  # points: a heading never ends a page with less room than this below it

_REPLACEMENTS = {"→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "≤": "<=", "≥": ">=", "≠": "!=",
                 "✓": "v", "✔": "v", "✗": "x", "\u00a0": " "}


def clean(text: str) -> str:
    """Text Helvetica can show (Windows-1252), everything else replaced."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(_REPLACEMENTS.get(ch, "?"))
    return "".join(out)


def _markup(text: str) -> str:
    return escape(clean(text)).replace("\n", "<br/>")


class _Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11)
        self.body = base
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=9.5)
        self.cell_right = ParagraphStyle("cell_r", parent=self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=BOLD)
        self.head_right = ParagraphStyle("head_r", parent=self.head, alignment=TA_RIGHT)
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=2)
        self.period = ParagraphStyle("period", parent=base, fontSize=10, leading=13, spaceAfter=8)
        self.section = ParagraphStyle("section", parent=base, fontName=BOLD, fontSize=12, leading=15,
                                      spaceBefore=10, spaceAfter=4)
        self.caption = ParagraphStyle("caption", parent=base, fontName=BOLD, fontSize=9.5, leading=12,
                                      spaceBefore=4, spaceAfter=3)
        self.note = ParagraphStyle("note", parent=base, fontName=ITALIC, fontSize=8.5, leading=10.5,
                                   textColor=colors.HexColor("#444444"), spaceAfter=4)
        self.notice = ParagraphStyle("notice", parent=base, fontName=BOLD, fontSize=10, leading=13,
                                     borderColor=RULE_GREY, borderWidth=0.6, borderPadding=5,
                                     spaceBefore=6, spaceAfter=10)


def _page_size(doc: d.Document) -> tuple[float, float]:
    return landscape(A4) if doc.landscape else A4


def _numbered_canvas(doc: d.Document):
    """A canvas class that draws the header and "Pagina x di y" once the page count is known."""
    title, corps, station = clean(doc.title), clean(doc.corps or "—"), clean(doc.station or "")
    footer_left = clean(f"Generato il {fmt_datetime(doc.generated_at)} da {doc.generated_by or '—'}")

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            top = height - MARGIN + 4 * mm
            self.setFont(BOLD, 10)
            self.drawString(MARGIN, top, corps)
            self.setFont(FONT, 8.5)
            self.drawString(MARGIN, top - 11, station)
            self.drawRightString(width - MARGIN, top, title)
            self.setStrokeColor(RULE_GREY)
            self.setLineWidth(0.5)
            self.line(MARGIN, top - 15, width - MARGIN, top - 15)
            bottom = MARGIN - 7 * mm
            self.line(MARGIN, bottom + 10, width - MARGIN, bottom + 10)
            self.setFont(FONT, 8)
            self.drawString(MARGIN, bottom, footer_left)
            self.drawRightString(width - MARGIN, bottom, f"Pagina {self._pageNumber} di {total}")

    return NumberedCanvas


def _table(table: d.Table, width: float, styles: _Styles) -> list[Any]:
    cols = [(i, c) for i, c in enumerate(table.columns) if c.pdf]
    flow: list[Any] = []
    if table.title:
        # Not keepWithNext: that would push a table longer than a page to the next page whole.
        flow += [CondPageBreak(KEEP_WITH_NEXT), Paragraph(_markup(table.title), styles.caption)]
    if not table.rows:
        flow.append(Paragraph(_markup(table.empty_text), styles.note))
        return flow
    share = sum(c.width for _i, c in cols) or 1.0
    widths = [width * c.width / share for _i, c in cols]
    right = {k for k, (_i, c) in enumerate(cols) if c.kind in (d.INT, d.FLOAT, d.PERCENT, d.DURATION)}
    data: list[list[Any]] = [[Paragraph(_markup(c.title), styles.head_right if k in right else styles.head)
                              for k, (_i, c) in enumerate(cols)]]
    room = [w - 2 * CELL_PADDING for w in widths]
    for row in table.rows:
        data.append([_cell(row[i], c, styles, room[k]) for k, (i, c) in enumerate(cols)])
    if table.total:
        data.append([_cell(table.total[i], c, styles, room[k], BOLD) for k, (i, c) in enumerate(cols)])
    cls = LongTable if len(data) > LONG_TABLE_ROWS else Table
    flowable = cls(data, colWidths=widths, repeatRows=1)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), 9.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE_GREY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, HEADER_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for k in right:
        commands.append(("ALIGN", (k, 1), (k, -1), "RIGHT"))
    if table.total:
        commands += [("FONTNAME", (0, -1), (-1, -1), BOLD), ("LINEABOVE", (0, -1), (-1, -1), 0.6, RULE_GREY)]
    flowable.setStyle(TableStyle(commands))
    flow.append(flowable)
    flow.append(Spacer(1, 4))
    return flow


def _cell(value: Any, column: d.Column, styles: _Styles, room: float, font: str = FONT) -> Any:
    if isinstance(value, d.StruckText):
        by = f" da {value.by}" if value.by else ""
        at = f" il {fmt_datetime(value.at)}" if value.at else ""
        return Paragraph(f"<strike>{_markup(value.text)}</strike><br/><i>Barrata{_markup(by + at)}: "
                         f"{_markup(value.reason)}</i>", styles.cell)
    text = clean(pdf_text(value, column.kind))
    if column.kind == d.TEXT and stringWidth(text, font, CELL_FONT_SIZE) > room:
        # Wrapped here into plain lines: a Paragraph per cell cost ~1 ms a row, the
        # brogliaccio of a busy day has thousands of rows.
        return "\n".join(simpleSplit(text, font, CELL_FONT_SIZE, room))
    return text


def _facts(block: d.Facts, width: float, styles: _Styles) -> list[Any]:
    flow: list[Any] = []
    if block.title:
        flow += [CondPageBreak(KEEP_WITH_NEXT), Paragraph(_markup(block.title), styles.caption)]
    data = [[Paragraph(_markup(label), styles.cell), Paragraph(_markup(pdf_text(value, kind)), styles.cell)]
            for label, value, kind in block.rows]
    if not data:
        return flow
    t = Table(data, colWidths=[width * 0.45, width * 0.55])
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, HEADER_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    flow += [t, Spacer(1, 4)]
    return flow


def _chart(chart: d.BarChart, width: float, styles: _Styles) -> list[Any]:
    pairs = list(zip(chart.categories, chart.values, strict=False))
    if not pairs or not any(v for _c, v in pairs):
        return []
    if chart.horizontal and len(pairs) > CHART_MAX_BARS:
        # Ranked lists (types, municipalities) come most frequent first: the chart shows
        # the head, the table beside it has them all. Time axes (vertical) are never cut.
        pairs = pairs[:CHART_MAX_BARS]
    labels = [clean(c if len(c) <= 38 else c[:36] + "…") for c, _v in pairs]
    values = [v / 60.0 if chart.kind == d.DURATION else v for _c, v in pairs]
    unit = " (minuti)" if chart.kind == d.DURATION else ""
    if chart.horizontal:
        height = 22 + 13 * len(pairs)
        drawing = Drawing(width, height + 18)
        bc = HorizontalBarChart()
        bc.x, bc.y = width * 0.38, 10
        bc.width, bc.height = width * 0.58, height
        bc.categoryAxis.labels.fontSize = 7
        bc.categoryAxis.labels.fontName = FONT
        bc.categoryAxis.labels.boxAnchor = "e"
        bc.categoryAxis.reverseDirection = 1  # first category on top, like the table
        labels_axis = bc.valueAxis
    else:
        height = 120
        drawing = Drawing(width, height + 58)
        bc = VerticalBarChart()
        bc.x, bc.y = 34, 36
        bc.width, bc.height = width - 44, height
        bc.categoryAxis.labels.fontSize = 6.5
        bc.categoryAxis.labels.fontName = FONT
        if max(len(label) for label in labels) > 4:
            bc.categoryAxis.labels.angle = 35
            bc.categoryAxis.labels.boxAnchor = "ne"
        labels_axis = bc.valueAxis
    bc.data = [values]
    bc.categoryAxis.categoryNames = labels
    bc.bars[0].fillColor = BAR_COLOUR
    bc.bars[0].strokeColor = None
    labels_axis.valueMin = 0
    labels_axis.labels.fontSize = 7
    labels_axis.labels.fontName = FONT
    step = nice_step(max(values))
    labels_axis.valueStep = step
    labels_axis.valueMax = step * math.ceil(max(values) / step)
    labels_axis.labelTextFormat = (lambda v: f"{round(v):,}".replace(",", ".")) if step >= 1 else \
        (lambda v: f"{v:.1f}".replace(".", ","))
    drawing.add(bc)
    drawing.add(String(0, drawing.height - 10, clean(chart.title + unit), fontName=BOLD, fontSize=9))
    return [CondPageBreak(drawing.height + 6), drawing, Spacer(1, 6)]



def render(doc: d.Document) -> bytes:
    styles = _Styles()
    buffer = io.BytesIO()
    page = _page_size(doc)
    frame = Frame(MARGIN, MARGIN, page[0] - 2 * MARGIN, page[1] - 2 * MARGIN - 8 * mm, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template = BaseDocTemplate(buffer, pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                               bottomMargin=MARGIN, title=clean(doc.title), author=clean(doc.corps),
                               subject=clean(doc.period), creator="Emergenza")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    width = frame._width
    story: list[Any] = [Paragraph(_markup(doc.title), styles.title),
                        Paragraph(_markup(doc.period), styles.period)]
    for section in doc.sections:
        # Room for the heading, a caption and a few rows: never a heading alone at a page's foot.
        story += [CondPageBreak(2 * KEEP_WITH_NEXT), Paragraph(_markup(section.title), styles.section)]
        for i, block in enumerate(section.blocks):
            if isinstance(block, d.Table):
                story += _table(block, width, styles)
            elif isinstance(block, d.Facts):
                story += _facts(block, width, styles)
            elif isinstance(block, d.BarChart):
                flow = _chart(block, width, styles)
                if i == 0 and flow:  # the heading goes with its chart, not alone at a page's foot
                    story.insert(len(story) - 2, CondPageBreak(flow[0].height + 40))
                story += flow
            elif isinstance(block, d.Text):
                style = {"note": styles.note, "notice": styles.notice}.get(block.style, styles.body)
                story.append(Paragraph(_markup(block.text), style))
    template.build(story, canvasmaker=_numbered_canvas(doc))
    return buffer.getvalue()
