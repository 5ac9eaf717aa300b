"""The statistics window's tables: counts, response times, unit utilisation.

Each holds the few rows of one computed :class:`~emergenza.reports.statistics.Statistics`
(aggregates, not records: there is nothing to fetch lazily) and formats them as the
printed report does (``reports.formats``), so the window and the paper agree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from ...reports import document as d
from ...reports.figures import DurationStats, ResponseTimes, share
from ...reports.formats import pdf_text
from ...reports.statistics import UnitUse
from ..widgets.table_model import HeaderedTableModel, Index

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# Raw value of a cell (a number for sorting, tests and exports); display is formatted text.
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


class _FiguresModel(HeaderedTableModel):
    """Rows of typed cells (column kinds of ``reports.document``), an optional bold total."""

    def __init__(self, headers: list[str], kinds: list[str], parent: QObject | None = None):
        super().__init__(parent)
        self._headers = headers
        self._kinds = kinds
        self._rows: list[list[Any]] = []
        self._total: list[Any] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def _row_count(self) -> int:
        return len(self._rows) + (1 if self._total is not None else 0)

    def _set(self, rows: list[list[Any]], total: list[Any] | None = None) -> None:
        self.beginResetModel()
        self._rows, self._total = rows, total
        self.endResetModel()

    def row_values(self, row: int) -> list[Any]:
        return self._rows[row] if row < len(self._rows) else list(self._total or [])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._row_count() or index.column() >= len(self._headers):
            return None
        value = self.row_values(index.row())[index.column()]
        kind = self._kinds[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return pdf_text(value, kind)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if kind == d.TEXT else RIGHT
        if role == Qt.ItemDataRole.FontRole and self._total is not None and index.row() == len(self._rows):
            return self._bold
        return None


class CountsModel(_FiguresModel):
    """Events per category (type, priority, municipality, channel, hour, weekday), with the share."""

    def __init__(self, label_title: str, parent: QObject | None = None):
        super().__init__([label_title, self.tr("Interventi"), self.tr("Quota")], [d.TEXT, d.INT, d.PERCENT], parent)

    def set_counts(self, pairs: list[tuple[str, int]], total: int) -> None:
        rows = [[label, n, share(n, total)] for label, n in pairs]
        self._set(rows, [self.tr("Totale"), sum(n for _l, n in pairs), 100.0 if pairs else None])

    def counts(self) -> list[tuple[str, int]]:
        return [(r[0], r[1]) for r in self._rows]


class ResponseModel(_FiguresModel):
    """The three response times: events measured, median, 90th percentile."""

    def __init__(self, parent: QObject | None = None):
        super().__init__([self.tr("Intervallo"), self.tr("Interventi misurati"), self.tr("Mediana"),
                          self.tr("90° percentile")], [d.TEXT, d.INT, d.DURATION, d.DURATION], parent)

    def interval_labels(self) -> dict[str, str]:
        return {"to_sent": self.tr("Ricezione → prima unità inviata"),
                "to_scene": self.tr("Invio → prima unità sul posto"),
                "on_scene": self.tr("Sul posto → ultima unità libera")}

    def set_response(self, response: ResponseTimes) -> None:
        rows = []
        for name, label in self.interval_labels().items():
            stats: DurationStats = getattr(response, name)
            rows.append([label, stats.count, stats.median_s, stats.p90_s])
        self._set(rows)


class UnitUseModel(_FiguresModel):
    """Per unit: assignments, time engaged within the period, share of the period."""

    def __init__(self, parent: QObject | None = None):
        super().__init__([self.tr("Unità"), self.tr("Assegnazioni"), self.tr("Tempo impegnato"), self.tr("Impiego")],
                         [d.TEXT, d.INT, d.DURATION, d.PERCENT], parent)

    def set_units(self, units: list[UnitUse]) -> None:
        self._set([[u.call_sign, u.assignments, u.busy_s, u.utilisation_pct] for u in units])
