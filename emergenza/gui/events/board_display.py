"""What the events table paints from: a C++ copy of the board's visible cells.

The mechanism is ``widgets/painted_copy.PaintCopy`` (shared with the units board): the
board model prepares each fetched row's cells once (``EventsBoardModel.cell``), the copy
takes those of the rows a paint shows, changed rows in full, the two timers always. The
board model stays the one source of truth (ids, rows, fetching, sorting, drops).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..widgets.painted_copy import PaintCopy
from .board_model import TIMER_COLUMNS, EventsBoardModel


class BoardDisplay(PaintCopy):
    def __init__(self, board: EventsBoardModel):
        # As the board's flags(): units are dropped on event rows.
        super().__init__(board, ticking_columns=TIMER_COLUMNS, item_flags=(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled))
