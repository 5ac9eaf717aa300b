"""Help → Scorciatoie: every keyboard shortcut of the window, read from its actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ShortcutsWindow(QDialog):
    def __init__(self, main_window, parent: QWidget | None = None):
        super().__init__(parent or main_window)
        self._main = main_window
        self.setWindowTitle(self.tr("Scorciatoie da tastiera"))
        self.setModal(False)
        self.resize(560, 620)
        self._setup_ui()

    def entries(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every action with a shortcut, then the table-only keys."""
        rows: list[tuple[str, str]] = []
        for action in self._main.actions_by_name.values():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
            if keys:
                rows.append((", ".join(keys), action.text().replace("&", "")))
        rows += [
            (self.tr("Spazio"), self.tr("Avanza l'unità selezionata (nel quadro unità)")),
            (self.tr("Invio"), self.tr("Apre l'intervento selezionato (nel quadro interventi)")),
            (self.tr("Trascinamento"), self.tr("Trascinare un'unità su un intervento la assegna")),
            (self.tr("+ / −, rotellina"), self.tr("Ingrandisce / riduce la mappa")),
            (self.tr("Frecce"), self.tr("Spostano la mappa (quando ha il fuoco)")),
            (self.tr("Home"), self.tr("Riporta la mappa sull'area del comando")),
            (self.tr("Invio"), self.tr("Apre l'intervento selezionato sulla mappa")),
            (self.tr("Tasto destro"), self.tr("Sulla mappa: posiziona un'unità, apre un intervento")),
            (self.tr("Ins, Invio/F2, Canc"), self.tr("Anagrafica unità e Operatori: nuovo, modifica (ruolo), "
                                                     "ritira/disattiva o riattiva")),
            (self.tr("Ctrl+I, Ctrl+E"), self.tr("Anagrafica unità: importa da CSV, equipaggio del turno")),
            (self.tr("Ctrl+W"), self.tr("Operatori: imposta la password o il PIN")),
            (self.tr("Esc"), self.tr("Chiude la finestra di dialogo")),
        ]
        return rows

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Tutte le azioni sono anche nei menu e nella barra degli strumenti."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        entries = self.entries()
        self.table = QTableWidget(len(entries), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Tasti"), self.tr("Azione")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (keys, text) in enumerate(entries):
            key_item = QTableWidgetItem(keys)
            font = key_item.font()
            font.setBold(True)
            key_item.setFont(font)
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
