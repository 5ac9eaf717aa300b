"""The status-bar notice of shared events arriving from other stations (other corps included).

They do not sound the unassigned-event alarm — another corps sends its own units — but the
operator must see them: the notice stays, collecting numbers, until acknowledged.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ..widgets.elided_label import ElidedLabel


class SharedEventsNotice(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shared_events_notice")
        self.numbers: list[str] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        self.label = ElidedLabel()  # a long list of numbers must not widen the window
        self.label.setMinimumWidth(160)
        self.label.setMaximumWidth(420)
        self.label.setStyleSheet("font-weight: bold;")
        self.ack_button = QPushButton(self.tr("Visto"))
        self.ack_button.setObjectName("shared_events_ack")
        self.ack_button.setToolTip(self.tr("Presa visione dei nuovi interventi condivisi"))
        self.ack_button.clicked.connect(self.acknowledge)
        row.addWidget(self.label)
        row.addWidget(self.ack_button)
        self.hide()

    def add(self, numbers: list[str]) -> None:
        self.numbers.extend(n for n in numbers if n not in self.numbers)
        text = self.tr("Nuovo intervento condiviso da un'altra sala: {0}")
        self.label.set_full_text(text.format(", ".join(self.numbers)))
        self.show()

    def acknowledge(self) -> None:
        self.numbers.clear()
        self.label.set_full_text("")
        self.hide()
