"""How an event inside an at-risk area is flagged in the board's and the search's rows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

AREA_MARK = "⚑"


def with_area_flag(address: str, areas: str | None) -> str:
    """The address cell of an event, followed by the at-risk areas holding it (if any)."""
    if not areas:
        return address
    flag = QCoreApplication.translate("territory", "{0} area a rischio: {1}").format(AREA_MARK, areas)
    return f"{address} · {flag}" if address else flag
