"""The status-bar notice of shared events arriving from other stations (other corps included).

They do not sound the unassigned-event alarm — another corps sends its own units — but the
operator must see them: the notice stays, collecting numbers, until acknowledged.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ..widgets.elided_label import ElidedLabel

SHOWN = 50  # numbers named in the notice (its tool tip is the whole label)


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
        # A first sync into a region can bring 100,000s: a set (a scan of the list per number
        # took the UI thread minutes), and the label names the first SHOWN of them.
        held = set(self.numbers)
        self.numbers.extend(n for n in dict.fromkeys(numbers) if n not in held)
        text = self.tr("Nuovo intervento condiviso da un'altra sala: {0}")
        shown = ", ".join(self.numbers[:SHOWN]) + (" …" if len(self.numbers) > SHOWN else "")
        self.label.set_full_text(text.format(shown))
        self.show()

    def acknowledge(self) -> None:
        self.numbers.clear()
        self.label.set_full_text("")
        self.hide()
