"""A form's inline errors for the station windows (units, operators, sign-in): one label
under each field, filled from a ValidationError (messages in context "validation") and
cleared as soon as the field is edited again."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...domain.errors import ValidationError
from ..widgets.labels import ERROR_STYLE


class InlineErrors:
    """``add_row`` puts a field and its (hidden) error label in ``form``; ``general`` is the
    label for messages of no field here."""

    def __init__(self, form: QFormLayout, general: QLabel):
        self._form = form
        self.general = general
        general.setStyleSheet(ERROR_STYLE)
        general.setWordWrap(True)
        general.hide()
        self.labels: dict[str, QLabel] = {}

    def add_row(self, name: str, text: str, field: QWidget) -> None:
        field.setObjectName(name)
        label = QLabel(text)
        label.setBuddy(field)
        self._form.addRow(label, field)
        error = QLabel()
        error.setObjectName(f"{name}_error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self._form.addRow("", error)
        self.labels[name] = error
        if isinstance(field, QLineEdit):
            field.textEdited.connect(lambda _t, n=name: self.clear_field(n))
        elif isinstance(field, QComboBox):
            field.currentIndexChanged.connect(lambda _i, n=name: self.clear_field(n))
        elif isinstance(field, QPlainTextEdit):
            field.textChanged.connect(lambda n=name: self.clear_field(n))

    def clear_field(self, name: str) -> None:
        label = self.labels[name]
        label.clear()
        label.hide()

    def clear(self) -> None:
        for name in self.labels:
            self.clear_field(name)
        self.general.clear()
        self.general.hide()

    def set(self, errors: dict[str, str]) -> bool:
        """Show ``errors`` (field -> translated text); True when there are none."""
        self.clear()
        for name, text in errors.items():
            label = self.labels.get(name, self.general)
            label.setText(text)
            label.show()
        return not errors

    def show_exception(self, exc: BaseException, text: str) -> None:
        """A ValidationError field by field; anything else as one general message."""
        if isinstance(exc, ValidationError):
            self.set({e.field: QCoreApplication.translate("validation", e.message) for e in exc.errors})
        else:
            self.set({"": text})

    def text(self, name: str) -> str:
        label = self.labels.get(name, self.general) if name else self.general
        return label.text() if not label.isHidden() else ""
