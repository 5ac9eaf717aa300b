"""Drag-and-drop payloads shared by the units board (source) and the events board (target)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

UNIT_MIME = "application/x-emergenza-unit"


def unit_mime(resource_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(UNIT_MIME, resource_id.encode("utf-8"))
    return data


def unit_from_mime(data: QMimeData | None) -> str | None:
    if data is None or not data.hasFormat(UNIT_MIME):
        return None
    value = bytes(data.data(UNIT_MIME).data()).decode("utf-8").strip()
    return value or None
