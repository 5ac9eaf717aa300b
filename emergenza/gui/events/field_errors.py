"""The inline error labels of the event fields: one under each field, filled with the
store's ValidationError messages (translation context "validation")."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.errors import ValidationError
from ..widgets.labels import ERROR_STYLE

# Field name of the store → which error label shows its messages.
ERROR_SLOT = {"lon": "lat"}


class FieldErrors:
    """The error label of each field slot; slots showing errors of no field here are sticky
    (kept until the next ``clear``)."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self._sticky: set[str] = set()

    def wrap(self, name: str, editor: QWidget, extra: QWidget | None = None) -> QWidget:
        """``editor`` (and ``extra``) above a hidden error label for slot ``name``."""
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addWidget(editor)
        if extra is not None:
            col.addWidget(extra)
        err = QLabel()
        err.setObjectName(f"error_{name}")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.hide()
        col.addWidget(err)
        self.labels[name] = err
        return box

    def shown(self) -> list[str]:
        return [slot for slot, label in self.labels.items() if not label.isHidden()]

    def hide_passing(self, shown: Iterable[str], failing: set[str]) -> None:
        """Hide the errors of the slots in ``shown`` that no longer fail (sticky ones stay)."""
        for slot in shown:
            if slot not in failing and slot not in self._sticky:
                self.labels[slot].clear()
                self.labels[slot].hide()

    def clear(self) -> None:
        self._sticky.clear()
        for label in self.labels.values():
            label.clear()
            label.hide()

    def show(self, exc: ValidationError) -> set[str]:
        """Show each message next to its field (unknown fields: under "description");
        returns the slots that show one."""
        self.clear()
        messages: dict[str, list[str]] = {}
        for e in exc.errors:
            slot = ERROR_SLOT.get(e.field, e.field)
            if slot not in self.labels:
                slot = "description"
                self._sticky.add(slot)
            messages.setdefault(slot, []).append(QCoreApplication.translate("validation", e.message))
        for slot, texts in messages.items():
            label = self.labels[slot]
            label.setText("\n".join(dict.fromkeys(texts)))
            label.show()
        return set(messages)

    def text(self, field: str) -> str:
        label = self.labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""
