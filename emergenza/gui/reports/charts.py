"""Bar charts drawn with QPainter: one painting function for the window and the printed page.

:func:`paint_bar_chart` draws one series into a rectangle of any paint device (a widget,
a QPrinter), measuring text on that device, so the same code gives the on-screen chart
and the printed one. Horizontal charts are ranked lists (types, municipalities: the
head only, :data:`MAX_BARS`, the table beside them has every row); vertical charts are
time axes (hours, weekdays) and are never cut. :class:`BarChartWidget` shows a chart
in a window, with the value of a bar in its tooltip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...reports import document as d
from ...reports.figures import nice_step

BAR_COLOUR = QColor("#2F5F8A")
GRID_COLOUR = QColor("#D5D5D5")
AXIS_COLOUR = QColor("#8A8A8A")
MAX_BARS = 20


@dataclass
class ChartData:
    categories: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    kind: str = d.INT            # d.INT (counts) or d.DURATION (seconds, drawn in minutes)
    horizontal: bool = False
    title: str = ""

    @classmethod
    def of(cls, chart: d.BarChart) -> ChartData:
        return cls(list(chart.categories), list(chart.values), chart.kind, chart.horizontal, chart.title)

    def shown(self) -> list[tuple[str, float]]:
        pairs = list(zip(self.categories, self.values, strict=False))
        return pairs[:MAX_BARS] if self.horizontal else pairs

    def is_empty(self) -> bool:
        return not any(v for v in self.values)

    def drawn_value(self, value: float) -> float:
        return value / 60.0 if self.kind == d.DURATION else value



def value_text(value: float, step: float = 1.0) -> str:
    """Axis and bar labels: Italian digits (``1.234``, ``2,5``)."""
    if step >= 1 and float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def preferred_height(data: ChartData, line_height: float) -> float:
    """Height a chart wants for ``line_height`` (the text height on its device)."""
    title = line_height * 1.6 if data.title else 0.0
    if data.horizontal:
        return title + line_height * (1.5 * max(1, len(data.shown())) + 2.2)
    return title + line_height * 12


def paint_bar_chart(painter: QPainter, rect: QRectF, data: ChartData, *, empty_text: str = "",
                    text_colour: QColor | None = None) -> list[tuple[QRectF, int]]:
    """Draw ``data`` inside ``rect`` with the painter's font; returns each bar's area and index."""
    painter.save()
    try:
        text_colour = text_colour or QColor("#202020")
        fm = QFontMetricsF(painter.font(), painter.device())
        line = fm.height()
        area = QRectF(rect)
        if data.title:
            bold = QFont(painter.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(text_colour)
            painter.drawText(QRectF(area.left(), area.top(), area.width(), line * 1.4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             QFontMetricsF(bold, painter.device()).elidedText(
                                 data.title, Qt.TextElideMode.ElideRight, area.width()))
            painter.setFont(_plain(bold))
            area.setTop(area.top() + line * 1.6)
        pairs = data.shown()
        if not pairs or data.is_empty():
            if empty_text:
                painter.setPen(AXIS_COLOUR)
                painter.drawText(area, Qt.AlignmentFlag.AlignCenter, empty_text)
            return []
        values = [data.drawn_value(v) for _c, v in pairs]
        step = nice_step(max(values))
        top = step * math.ceil(max(values) / step) or step
        if data.horizontal:
            return _horizontal(painter, area, fm, pairs, values, step, top, text_colour)
        return _vertical(painter, area, fm, pairs, values, step, top, text_colour)
    finally:
        painter.restore()


def _plain(font: QFont) -> QFont:
    plain = QFont(font)
    plain.setBold(False)
    return plain


def _grid_pen(device_line: float) -> QPen:
    pen = QPen(GRID_COLOUR)
    pen.setWidthF(max(1.0, device_line / 16))
    return pen


def _horizontal(painter: QPainter, area: QRectF, fm: QFontMetricsF, pairs: list[tuple[str, float]],
                values: list[float], step: float, top: float, text_colour: QColor) -> list[tuple[QRectF, int]]:
    line = fm.height()
    pad = line * 0.4
    label_w = min(area.width() * 0.38, max(fm.horizontalAdvance(c) for c, _v in pairs) + pad)
    value_w = fm.horizontalAdvance(value_text(top, step)) + pad
    plot = QRectF(area.left() + label_w + pad, area.top(), area.width() - label_w - pad - value_w,
                  area.height() - line * 1.4)
    if plot.width() <= 0 or plot.height() <= 0:
        return []
    painter.setPen(_grid_pen(line))
    ticks = round(top / step)
    for i in range(ticks + 1):
        x = plot.left() + plot.width() * i / ticks
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.setPen(AXIS_COLOUR)
        label = value_text(step * i, step)
        w = fm.horizontalAdvance(label)
        painter.drawText(QRectF(x - w / 2 - pad, plot.bottom() + pad * 0.5, w + 2 * pad, line),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
        painter.setPen(_grid_pen(line))
    row = plot.height() / len(pairs)
    bars = []
    for i, ((category, _raw), value) in enumerate(zip(pairs, values, strict=False)):
        y = plot.top() + i * row
        painter.setPen(text_colour)
        painter.drawText(QRectF(area.left(), y, label_w, row), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignVCenter, fm.elidedText(category, Qt.TextElideMode.ElideRight, label_w))
        thickness = min(row * 0.7, line * 1.2)
        bar = QRectF(plot.left(), y + (row - thickness) / 2, plot.width() * value / top, thickness)
        painter.fillRect(bar, BAR_COLOUR)
        bars.append((QRectF(plot.left(), y, plot.width(), row), i))
        painter.drawText(QRectF(bar.right() + pad * 0.5, y, value_w, row),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, value_text(value, step))
    return bars


def _vertical(painter: QPainter, area: QRectF, fm: QFontMetricsF, pairs: list[tuple[str, float]],
              values: list[float], step: float, top: float, text_colour: QColor) -> list[tuple[QRectF, int]]:
    line = fm.height()
    pad = line * 0.4
    axis_w = fm.horizontalAdvance(value_text(top, step)) + pad
    plot = QRectF(area.left() + axis_w + pad, area.top() + line, area.width() - axis_w - pad,
                  area.height() - line * 2.4)
    if plot.width() <= 0 or plot.height() <= 0:
        return []
    ticks = round(top / step)
    for i in range(ticks + 1):
        y = plot.bottom() - plot.height() * i / ticks
        painter.setPen(_grid_pen(line))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(AXIS_COLOUR)
        painter.drawText(QRectF(area.left(), y - line / 2, axis_w, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value_text(step * i, step))
    slot = plot.width() / len(pairs)
    widest = max(fm.horizontalAdvance(c) for c, _v in pairs) + pad
    every = max(1, math.ceil(widest / slot))  # a label on every bar, or on every n-th when crowded
    show_values = max(fm.horizontalAdvance(value_text(v, step)) for v in values) + pad <= slot
    bars = []
    for i, ((category, _raw), value) in enumerate(zip(pairs, values, strict=False)):
        x = plot.left() + i * slot
        height = plot.height() * value / top
        bar = QRectF(x + slot * 0.15, plot.bottom() - height, slot * 0.7, height)
        painter.fillRect(bar, BAR_COLOUR)
        bars.append((QRectF(x, plot.top(), slot, plot.height()), i))
        painter.setPen(text_colour)
        if show_values and value:
            painter.drawText(QRectF(x, bar.top() - line, slot, line),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, value_text(value, step))
        if i % every == 0:
            painter.drawText(QRectF(x - slot * (every - 1) / 2, plot.bottom() + pad * 0.5, slot * every, line),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                             fm.elidedText(category, Qt.TextElideMode.ElideRight, slot * every))
    painter.setPen(AXIS_COLOUR)
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    return bars


class BarChartWidget(QWidget):
    """A bar chart in a window; hovering a bar shows its category and value."""

    def __init__(self, parent: QWidget | None = None, *, horizontal: bool = False, kind: str = d.INT,
                 title: str = ""):
        super().__init__(parent)
        self.data = ChartData(kind=kind, horizontal=horizontal, title=title)
        self._bars: list[tuple[QRectF, int]] = []
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Fixed if horizontal else QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self._height())

    def set_data(self, categories: list[str], values: list[float]) -> None:
        self.data.categories, self.data.values = list(categories), list(values)
        self.setAccessibleDescription("; ".join(f"{c}: {value_text(self.data.drawn_value(v))}"
                                                for c, v in self.data.shown()))
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _height(self) -> int:
        line = self.fontMetrics().height()
        return int(preferred_height(self.data, line)) if self.data.horizontal else line * 10

    def sizeHint(self) -> QSize:
        return QSize(420, max(self._height(), self.fontMetrics().height() * 14 if not self.data.horizontal else 0))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillRect(self.rect(), self.palette().base())
            margin = self.fontMetrics().height() * 0.5
            self._bars = paint_bar_chart(
                painter, QRectF(self.rect()).adjusted(margin, margin, -margin, -margin), self.data,
                empty_text=self.tr("Nessun intervento nel periodo"), text_colour=self.palette().text().color())
        finally:
            painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pairs = self.data.shown()
            for area, index in self._bars:
                if area.contains(QPointF(event.pos())) and index < len(pairs):
                    category, value = pairs[index]
                    unit = self.tr(" min") if self.data.kind == d.DURATION else ""
                    QToolTip.showText(event.globalPos(), f"{category}: {value_text(self.data.drawn_value(value))}"
                                      f"{unit}", self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)
