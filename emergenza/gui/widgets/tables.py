"""Table views set up the way every table of the app works: whole rows, one at a time,
read-only (actions go through buttons and keys, never through editing a cell)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def select_whole_rows(view: QAbstractItemView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


def hide_row_numbers(view: QTableView, *, row_height: int | None = None) -> None:
    """No row header (rows are named by their first column); optionally a fixed, dense height."""
    view.verticalHeader().setVisible(False)
    if row_height is not None:
        view.verticalHeader().setDefaultSectionSize(row_height)
