"""Shift end (supervisor): what is still pending, and closing the shift.

The shift is not closed while changes are unsent unless the supervisor writes why
(``Store.people.end_shift(allow_pending=True, note=...)``); "Sincronizza ora" is one click
away. Non-modal: the operations room keeps working while it is open. Once the shift is
closed its report is written beside the backups (``gui/reports/shift_report.py``); a
report that fails is said, the close stands. Then the handover: whoever closed the shift is
signed out and the window asks who takes over (a sign-in) or stays locked until someone
does (``handover_requested``; the main window's station wiring opens the sign-in).
With unsent changes, a role that may not close the shift with them (below responsabile)
gets "Passa le consegne…" instead: the shift stays open, whoever signs in next takes it
over (``Store.people.hand_over``: the closed shift records the pending count and who took
over) and its report is written then.
"Rapporto di fine turno…" opens the report (PDF, CSV, print) of the shift shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action
from ...store import Store
from ...sync import review
from ..context import AppContext
from ..i18n import plural
from ..operations import Change, ReadOp, WriteOp
from ..widgets.timefmt import local_clock

if TYPE_CHECKING:  # the reports UI is imported when first used, not at start-up
    from ..reports.dialogs import ShiftReportDialog
    from ..reports.shift_report import ShiftReportWriter


def _close_shift(store: Store, shift_id: str, operator: str, note: str | None) -> dict[str, Any]:
    pending = store.outbox.count()
    return store.people.end_shift(shift_id, operator=operator, note=note, allow_pending=bool(pending))


class ShiftEndDialog(QDialog):
    shift_closed = Signal(dict)
    handover_requested = Signal()

    def __init__(self, ctx: AppContext, controller=None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._controller = controller
        self.summary: dict[str, Any] = {}
        self.closed_shift: dict[str, Any] | None = None
        self.report_dialog: ShiftReportDialog | None = None
        self._report_writer: ShiftReportWriter | None = None
        self.setObjectName("shiftEndDialog")
        self._setup_ui()
        if controller is not None:
            controller.finished.connect(self._on_sync_finished)
            controller.failed.connect(self._on_sync_failed)

    @property
    def report_writer(self) -> ShiftReportWriter:
        """Writes the closed shift's report beside the backups; built when first needed (the
        reports UI is not imported at start-up: a cold start stays under a second)."""
        if self._report_writer is None:
            from ..reports.shift_report import ShiftReportWriter

            self._report_writer = ShiftReportWriter(self._ctx, self)
            self._report_writer.written.connect(self._on_report_written)
            self._report_writer.failed.connect(self._on_report_failed)
        return self._report_writer

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Fine turno"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.shift_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pendingLabel")
        self.conflicts_label = QLabel(self)
        self.waiting_label = QLabel(self)
        self.issues_label = QLabel(self)  # refused (non condivise) / quarantined: sync/issues.py
        self.issues_label.setObjectName("syncIssuesLabel")
        self.last_sync_label = QLabel(self)
        self.last_sync_label.setWordWrap(True)
        form.addRow(self.tr("Turno:"), self.shift_label)
        form.addRow(self.tr("Modifiche non inviate:"), self.pending_label)
        form.addRow(self.tr("Conflitti da rivedere:"), self.conflicts_label)
        form.addRow(self.tr("Modifiche ricevute in attesa:"), self.waiting_label)
        form.addRow(self.tr("Non condivise / in quarantena:"), self.issues_label)
        form.addRow(self.tr("Ultima sincronizzazione:"), self.last_sync_label)
        layout.addLayout(form)
        self.note_label = QLabel(self.tr("Motivo della chiusura con modifiche non inviate (obbligatorio):"), self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("closeNote")
        self.note_edit.setPlaceholderText(self.tr("Es.: collegamento assente dalle 22:00, segnalato al CED."))
        self.note_edit.setMaximumHeight(80)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_edit)
        self.message = QLabel(self)
        self.message.setObjectName("shiftEndMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("&Sincronizza ora"), self)
        self.close_shift_button = QPushButton(self.tr("Chiudi il &turno"), self)
        self.cancel_button = QPushButton(self.tr("&Annulla"), self)
        self.report_button = QPushButton(self.tr("&Rapporto di fine turno…"), self)
        self.report_button.setObjectName("shiftReportButton")
        self.report_button.clicked.connect(self.open_report)
        self.handover_button = QPushButton(self.tr("Passa le &consegne…"), self)
        self.handover_button.setObjectName("handoverButton")
        self.handover_button.clicked.connect(self._on_hand_over)
        self.sync_button.clicked.connect(self._on_sync)
        self.close_shift_button.clicked.connect(self._on_close_shift)
        self.cancel_button.clicked.connect(self.close)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.handover_button)
        buttons.addWidget(self.close_shift_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.sync_button.setEnabled(self._controller is not None)
        self._show({})

    def reload(self) -> None:
        ReadOp(self._ctx, review.shift_end_summary).on_done(self._show).on_error(self._on_error).run("shift_end.load")

    def _show(self, summary: dict[str, Any]) -> None:
        self.summary = summary
        shift = summary.get("shift")
        self.shift_label.setText(self.tr("{0}, dalle {1}").format(shift["operator_name"], local_clock(
            shift["started_at"])) if shift else self.tr("nessun turno aperto"))
        pending = summary.get("pending")
        if pending is None:
            self.pending_label.setText("…")
        elif pending:
            parts = ", ".join(f"{n} {self._entity_label(e)}" for e, n in sorted(summary["pending_by_entity"].items()))
            self.pending_label.setText(self.tr("{0} ({1})").format(pending, parts))
        else:
            self.pending_label.setText(self.tr("nessuna: tutto inviato"))
        self.conflicts_label.setText(str(summary.get("open_conflicts", "…")))
        self.waiting_label.setText(str(summary.get("waiting", "…")))
        self.issues_label.setText(self.tr("{0} / {1}").format(summary.get("refused", "…"),
                                                               summary.get("quarantined", "…")))
        last = summary.get("last_sync_at")
        text = local_clock(last) if last else self.tr("mai")
        if summary.get("last_sync_error"):
            text += " — " + self.tr("ultimo errore: {0}").format(summary["last_sync_error"])
        if summary.get("enrolled") is False:
            text += " — " + self.tr("postazione non registrata sul server")
        self.last_sync_label.setText(text)
        # Closing with unsent changes is a responsabile's choice; anyone may hand over instead.
        may_close_pending = self._ctx.may(Action.SHIFT_END_PENDING)
        needs_note = bool(pending) and may_close_pending
        self.note_label.setVisible(needs_note)
        self.note_edit.setVisible(needs_note)
        hand_over_only = bool(pending) and not may_close_pending
        self.handover_button.setVisible(hand_over_only)
        self.handover_button.setEnabled(bool(shift))
        self.close_shift_button.setEnabled(bool(shift) and not hand_over_only)
        if hand_over_only and shift:
            self.message.setText(self.tr(
                "Le modifiche non inviate possono restare in sospeso solo con un responsabile: "
                "sincronizzare, oppure passare le consegne (il turno si chiude all'accesso di chi subentra)."))

    def _entity_label(self, entity: str) -> str:
        labels = {"events": self.tr("interventi"), "journal": self.tr("annotazioni"),
                  "assignments": self.tr("assegnazioni"), "resources": self.tr("risorse"),
                  "risk_areas": self.tr("aree a rischio"), "cameras": self.tr("telecamere e varchi")}
        return labels.get(entity, entity)

    def _on_error(self, text: str) -> None:
        self.message.setText(text)

    def _on_sync(self) -> None:
        self.message.setText(self.tr("Sincronizzazione in corso…"))
        self.sync_button.setEnabled(False)
        self._ctx.tasks.run(self._controller.sync_once(), on_error=lambda _exc: None, name="shift_end.sync")

    def _on_sync_finished(self, _report) -> None:
        self.sync_button.setEnabled(True)
        self.message.setText(self.tr("Sincronizzazione completata."))
        self.reload()

    def _on_sync_failed(self, text: str) -> None:
        self.sync_button.setEnabled(True)
        self.message.setText(text)
        self.reload()

    def _on_close_shift(self) -> None:
        shift = self.summary.get("shift")
        if not shift:
            return
        note = self.note_edit.toPlainText().strip()
        if self.summary.get("pending") and not note:
            self.message.setText(plural(
                self.summary["pending"],
                self.tr("C'è {0} modifica non inviata: sincronizzare prima di chiudere il turno, "
                        "oppure scrivere il motivo."),
                self.tr("Ci sono {0} modifiche non inviate: sincronizzare prima di chiudere il "
                        "turno, oppure scrivere il motivo.")).format(self.summary["pending"]))
            self.note_edit.setFocus()
            return
        self.close_shift_button.setEnabled(False)
        WriteOp(self._ctx, Change.SHIFT, _close_shift, shift["id"], self._ctx.operator_name, note or None
                ).on_done(self._on_closed).on_error(self._on_close_failed).run("shift_end.close")

    def _on_closed(self, shift: dict[str, Any]) -> None:
        self.closed_shift = shift
        self.message.setText(self.tr("Turno chiuso."))
        self.shift_closed.emit(shift)
        if self._ctx.backups is not None:
            self._ctx.backups.shift_ended()
        self.report_writer.shift_closed(shift)  # in the background; never undoes the close
        self.reload()
        self._hand_over()

    def _on_hand_over(self) -> None:
        """Unsent changes and no right to close with them: sign out, the shift stays open and
        the next sign-in takes it over (one store transaction, ``Store.people.hand_over``)."""
        if not self.summary.get("shift"):
            return
        self._hand_over()

    def _hand_over(self) -> None:
        """Nobody is on shift any more: ask who takes over, or leave the window locked."""
        station = getattr(self.parentWidget(), "station", None)
        if station is not None:
            station.hand_over()
        self.handover_requested.emit()
        self.close()

    def open_report(self) -> ShiftReportDialog:
        """The report of the shift shown (or of the one just closed): PDF, CSV or print."""
        shift = self.summary.get("shift") or self.closed_shift
        parent = self.parentWidget() or self
        if self.report_dialog is None:
            from ..reports.dialogs import ShiftReportDialog

            self.report_dialog = ShiftReportDialog(self._ctx, parent, shift_id=shift["id"] if shift else None)
        elif shift:
            self.report_dialog.shift_combo.select(shift["id"])
        self.report_dialog.show()
        self.report_dialog.raise_()
        return self.report_dialog

    def _status(self, text: str) -> None:
        window = self.parentWidget()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)

    def _on_report_written(self, path: str) -> None:
        text = self.tr("Rapporto di fine turno salvato: {0}").format(path)
        self.message.setText(self.tr("Turno chiuso.") + " " + text)
        self._status(text)

    def _on_report_failed(self, text: str) -> None:
        self.message.setText(self.tr("Turno chiuso.") + " " + text)
        self._status(text)

    def _on_close_failed(self, text: str) -> None:
        self.message.setText(text)
        self.close_shift_button.setEnabled(True)
