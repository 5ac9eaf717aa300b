"""Event detail: every field (editable), the journal as a timeline, status changes along
the lifecycle, assigned units with their times, and the history of changes.

Everything is loaded through the store owner in one call and reloaded when the data
changes; confirmations are non-modal (``open()`` + signals), never ``exec()``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import lifecycle
from ...domain.enums import AssignmentStatus, EventStatus
from ...domain.errors import ValidationError
from ...domain.roles import Action
from ...store import Store
from ..exchange.files import ExchangeFiles
from ..i18n import enum_label, error_text
from ..operations import Change, ReadOp, WriteOp
from ..territory.event_panel import EventTerritoryPanel
from ..widgets.confirm import ask_yes_no
from ..widgets.labels import DONE_STYLE, ERROR_STYLE, code_label, fmt_time, priority_colors, priority_label, type_label
from ..widgets.tables import select_whole_rows
from .close_prompt import offer_close
from .dispatch_panel import DispatchPanel
from .event_fields import EventFields
from .journal_model import AssignmentsModel, HistoryModel, JournalModel
from .strike_dialog import StrikeDialog


def _load(store: Store, event_id: str) -> dict[str, Any]:
    """Runs on the store owner thread: everything the detail shows, in one trip."""
    return {"event": store.events.get(event_id), "journal": store.events.journal(event_id),
            "assignments": store.units.for_event(event_id), "history": store.events.history(event_id)}


class EventDetail(QWidget):
    assign_requested = Signal(str)  # event id

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id: str | None = None
        self.event_row: dict[str, Any] | None = None
        self._dirty = False
        self._generation = 0
        self._pending_status: tuple[str, str] | None = None
        self._strike: StrikeDialog | None = None
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(50)
        self._reload_timer.timeout.connect(self._on_reload_timer)
        self._setup_ui()
        ctx.signals.changed.connect(self._on_data_changed)
        ctx.signals.operator_changed.connect(self._apply_role)

    # What each status target needs (the others are for every operator).
    STATUS_ACTIONS: ClassVar[dict[EventStatus, Action]] = {
        EventStatus.CLOSED: Action.CLOSE, EventStatus.CANCELLED: Action.CANCEL, EventStatus.REOPENED: Action.REOPEN}

    def _apply_role(self) -> None:
        """Hide what the signed-in role cannot do (the store refuses it anyway)."""
        self.strike_button.setVisible(self.ctx.may(Action.STRIKE))
        self.dispatch.apply_role()
        if self.event_row is not None:
            self._on_loaded_status(EventStatus(self.event_row["status"]))

    # ---------------------------------------------------------------- set-up
    def _setup_ui(self) -> None:
        outer = QVBoxLayout(self)
        self.header = QLabel(self.tr("Nessun intervento selezionato."))
        self.header.setObjectName("detail_header")
        self.header.setStyleSheet("font-size: 14pt; font-weight: bold; padding: 4px;")
        self.header.setWordWrap(True)
        outer.addWidget(self.header)
        self.times_label = QLabel()
        self.times_label.setObjectName("detail_times")
        times_row = QHBoxLayout()
        times_row.addWidget(self.times_label, 1)
        # CAP / EMSI files (gui/exchange): shared events, reserved ones for who may hand reports out.
        self.exchange = ExchangeFiles(self.ctx, self)
        self.export_cap_button = QPushButton(self.tr("Esporta CAP…"))
        self.export_cap_button.setObjectName("export_cap")
        self.export_cap_button.clicked.connect(lambda: self._export("cap"))
        self.export_emsi_button = QPushButton(self.tr("Esporta EMSI…"))
        self.export_emsi_button.setObjectName("export_emsi")
        self.export_emsi_button.clicked.connect(lambda: self._export("emsi"))
        times_row.addWidget(self.export_cap_button)
        times_row.addWidget(self.export_emsi_button)
        outer.addLayout(times_row)

        status_row = QHBoxLayout()
        self.status_label = QLabel()
        status_row.addWidget(self.status_label)
        self.status_combo_label = QLabel(self.tr("Nuovo stato:"))
        status_row.addWidget(self.status_combo_label)
        self.status_combo = QComboBox()
        # Wide enough for the longest status label ("annullato", "cancelled"): never clipped.
        self.status_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_combo.setMinimumContentsLength(10)
        self.status_combo.setObjectName("status_target")
        status_row.addWidget(self.status_combo)
        self.status_reason = QLineEdit()
        self.status_reason.setObjectName("status_reason")
        self.status_reason.setPlaceholderText(self.tr("nota, esito della chiusura o motivo dell'annullamento"))
        status_row.addWidget(self.status_reason, 1)
        self.status_button = QPushButton(self.tr("Cambia stato"))
        self.status_button.clicked.connect(self._on_status_requested)
        self.status_reason.returnPressed.connect(self._on_status_requested)
        status_row.addWidget(self.status_button)
        outer.addLayout(status_row)

        self.message = QLabel()
        self.message.setObjectName("detail_message")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tabs = QTabWidget()
        split.addWidget(self.tabs)

        data_page = QWidget()
        data_col = QVBoxLayout(data_page)
        self.fields = EventFields(self.ctx, self, with_outcome=True)
        self.fields.edited.connect(self._on_fields_edited)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        data_col.addWidget(scroll, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.revert_button = QPushButton(self.tr("Annulla modifiche"))
        self.revert_button.clicked.connect(self._on_revert)
        self.save_button = QPushButton(self.tr("Salva modifiche"))
        self.save_button.setObjectName("save_fields")
        self.save_button.clicked.connect(self._on_save_fields)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        data_col.addLayout(save_row)
        self.tabs.addTab(data_page, self.tr("Dati"))

        units_page = QWidget()
        units_col = QVBoxLayout(units_page)
        self.assignments_model = AssignmentsModel(self)
        self.assignments_view = QTableView()
        self.assignments_view.setObjectName("assignments")
        self.assignments_view.setModel(self.assignments_model)
        select_whole_rows(self.assignments_view)
        self.assignments_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        units_col.addWidget(self.assignments_view, 1)
        units_buttons = QHBoxLayout()
        self.assign_button = QPushButton(self.tr("Assegna unità… (F3)"))
        self.assign_button.clicked.connect(self._on_assign_clicked)
        self.advance_button = QPushButton(self.tr("Avanza unità"))
        self.advance_button.setObjectName("advance")
        self.advance_button.setToolTip(self.tr("inviata → in viaggio → sul posto → libera"))
        self.advance_button.clicked.connect(self._on_advance_clicked)
        units_buttons.addWidget(self.assign_button)
        units_buttons.addWidget(self.advance_button)
        units_buttons.addStretch(1)
        units_col.addLayout(units_buttons)
        self.tabs.addTab(units_page, self.tr("Unità"))

        self.history_model = HistoryModel(self)
        self.history_view = QTableView()
        self.history_view.setObjectName("history")
        self.history_view.setModel(self.history_model)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.history_view, self.tr("Storico"))
        self.territory = EventTerritoryPanel(self.ctx, self)  # at-risk areas, cameras near it (issue 12)
        self.tabs.addTab(self.territory, self.tr("Territorio"))
        self.dispatch = DispatchPanel(self.ctx, self)
        self.dispatch.message.connect(lambda text, error: self._set_message(text, error=error))
        self.dispatch.open_event.connect(self.show_event)
        self.tabs.addTab(self.dispatch, self.tr("Collegamenti ed enti"))

        journal_box = QWidget()
        jcol = QVBoxLayout(journal_box)
        jcol.addWidget(QLabel(self.tr("Diario")))
        self.journal_model = JournalModel(self)
        self.journal_view = QListView()
        self.journal_view.setObjectName("journal")
        self.journal_view.setModel(self.journal_model)
        self.journal_view.setWordWrap(True)
        self.journal_view.setAlternatingRowColors(True)
        self.journal_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        jcol.addWidget(self.journal_view, 1)
        self.strike_button = QPushButton(self.tr("Barra annotazione…"))
        self.strike_button.clicked.connect(self._on_strike_clicked)
        jcol.addWidget(self.strike_button)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setPlaceholderText(self.tr("Nuova annotazione (F4); Ctrl+Invio per registrarla"))
        self.note_edit.setMaximumHeight(90)
        self.note_edit.setTabChangesFocus(True)
        jcol.addWidget(self.note_edit)
        self.note_button = QPushButton(self.tr("Aggiungi annotazione"))
        self.note_button.clicked.connect(self._on_note_save)
        jcol.addWidget(self.note_button)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(seq), self.note_edit)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self._on_note_save)
        split.addWidget(journal_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)
        self._set_enabled(False)
        self.strike_button.setVisible(self.ctx.may(Action.STRIKE))

    def _set_enabled(self, on: bool) -> None:
        for w in (self.status_combo, self.status_reason, self.status_button, self.tabs, self.strike_button,
                  self.note_edit, self.note_button, self.export_cap_button, self.export_emsi_button):
            w.setEnabled(on)

    # ---------------------------------------------------------------- public
    def show_event(self, event_id: str) -> None:
        if event_id != self.event_id:
            self._dirty = False
            self.message.clear()
            self.note_edit.clear()
            self.status_reason.clear()
        self.event_id = event_id
        self._reload()

    def _export(self, kind: str) -> None:
        if self.event_row is not None:
            self.exchange.choose_export(self.event_row["number"], kind)

    def add_note(self) -> None:
        """F4: straight to the note box."""
        self.note_edit.setFocus()

    # -------------------------------------------------------------- loading
    def _reload(self) -> None:
        if not self.event_id:
            return
        self._generation += 1
        generation, event_id = self._generation, self.event_id

        def loaded(data: dict[str, Any]) -> None:
            if generation == self._generation and event_id == self.event_id:
                self._on_loaded(data)

        ReadOp(self.ctx, _load, event_id).on_done(loaded).on_error(self._on_error).run("detail.load")

    def _on_data_changed(self, _changes: Change) -> None:
        if self.event_id:
            self._reload_timer.start()

    def _on_reload_timer(self) -> None:
        self._reload()

    def _on_loaded(self, data: dict[str, Any]) -> None:
        ev = self.event_row = data["event"]
        self.territory.show_event(ev["id"])
        status = EventStatus(ev["status"])
        self.header.setText("{0} · {1} · {2}".format(ev["number"], type_label(self.ctx, ev["type_code"]),
                                                     ev.get("municipality_name") or ""))
        colours = priority_colors(self.ctx.catalogs, ev["priority"])
        if colours:
            self.header.setStyleSheet(f"font-size: 14pt; font-weight: bold; padding: 4px; "
                                      f"background: {colours[0].name()}; color: {colours[1].name()};")
        self.status_label.setText(self.tr("Stato: {0} · Priorità: {1}{2}").format(
            code_label(EventStatus, ev["status"]), priority_label(self.ctx, ev["priority"]),
            self.tr(" · ESERCITAZIONE") if ev.get("exercise") else ""))
        times = [self.tr("Ricevuto il {0} da {1}").format(fmt_time(ev["received_at"]), ev.get("created_by") or "")]
        if ev.get("first_sent_at"):
            times.append(self.tr("prima unità inviata alle {0}").format(fmt_time(ev["first_sent_at"], with_date=False)))
        if ev.get("closed_at"):
            times.append(self.tr("chiuso il {0}").format(fmt_time(ev["closed_at"])))
        self.times_label.setText(" · ".join(times))
        self._on_loaded_status(status)
        if not self._dirty:
            self.fields.set_event(ev)
        # A refresh must not lose the entry the operator selected (e.g. to strike it).
        current = self.journal_view.currentIndex()
        selected_entry = self.journal_model.entry_id(current.row()) if current.isValid() else None
        grew = len(data["journal"]) != self.journal_model.rowCount()
        self.journal_model.set_entries(data["journal"])
        for row in range(self.journal_model.rowCount()):
            if self.journal_model.entry_id(row) == selected_entry:
                self.journal_view.setCurrentIndex(self.journal_model.index(row, 0))
                break
        if grew:
            self.journal_view.scrollToBottom()
        selected = self._selected_assignment_id()
        self.assignments_model.set_rows(data["assignments"])
        for row in range(self.assignments_model.rowCount()):
            if self.assignments_model.assignment(row)["id"] == selected:
                self.assignments_view.selectRow(row)
        self.history_model.set_rows(data["history"])
        self._set_enabled(True)
        self.status_button.setEnabled(self.status_combo.count() > 0)
        self.dispatch.show_event(ev["id"])
        active = status.is_active
        self.assign_button.setEnabled(active)
        self.advance_button.setEnabled(any(AssignmentStatus(a["status"]).is_active for a in data["assignments"]))

    def _on_loaded_status(self, status: EventStatus) -> None:
        """The status targets the lifecycle allows from here and the role may choose."""
        current_target = self.status_combo.currentData()
        self.status_combo.clear()
        targets = sorted(lifecycle.EVENT_TRANSITIONS[status], key=lambda s: list(EventStatus).index(s))
        for t in targets:
            if t not in self.STATUS_ACTIONS or self.ctx.may(self.STATUS_ACTIONS[t]):
                self.status_combo.addItem(enum_label(t), t.value)
        if current_target:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(current_target)))
        self.status_button.setEnabled(self.status_combo.count() > 0)

    # ---------------------------------------------------------------- fields
    def _on_fields_edited(self) -> None:
        self._dirty = True

    def _on_revert(self) -> None:
        self._dirty = False
        if self.event_row:
            self.fields.set_event(self.event_row)

    def _on_save_fields(self) -> None:
        if not self.event_id:
            return
        changes = self.fields.values()
        event_id = self.event_id

        def saved(_ev: dict[str, Any]) -> None:
            self._dirty = False
            self.fields.clear_errors()
            self._set_message(self.tr("Modifiche salvate."))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.fields.show_errors(exc)
                self._set_message(self.tr("Correggere i campi segnalati."), error=True)
            else:
                self._on_error(error_text(exc))

        WriteOp(self.ctx, Change.EVENTS, Store.events.update, event_id, changes, operator=self.ctx.operator_name
                ).on_done(saved).on_exception(failed).run("detail.update")

    # ---------------------------------------------------------------- status
    def _on_status_requested(self) -> None:
        target = self.status_combo.currentData()
        if not self.event_id or not target:
            return
        reason = self.status_reason.text().strip()
        status = EventStatus(target)
        if status in lifecycle.EVENT_STATUSES_NEEDING_CONFIRMATION:
            if not reason:
                self._set_message(self.tr("Indicare l'esito della chiusura.") if status == EventStatus.CLOSED
                                  else self.tr("Indicare il motivo dell'annullamento."), error=True)
                self.status_reason.setFocus()
                return
            question = (self.tr("Chiudere l'intervento {0}? Le unità ancora impegnate saranno liberate.")
                        if status == EventStatus.CLOSED else
                        self.tr("Annullare l'intervento {0}? Le unità ancora impegnate saranno liberate."))
            self._pending_status = (target, reason)
            ask_yes_no(self, self.tr("Conferma"), question.format(self.event_row["number"] if self.event_row else ""),
                       self._on_status_confirmed, object_name="confirm_status")
            return
        self._change_status(target, reason)

    def _on_status_confirmed(self, yes: bool) -> None:
        pending, self._pending_status = self._pending_status, None
        if yes and pending is not None:
            self._change_status(*pending)

    def _change_status(self, target: str, reason: str) -> None:
        event_id = self.event_id
        kwargs: dict[str, Any] = {"operator": self.ctx.operator_name}
        if target == EventStatus.CLOSED:
            kwargs["outcome"] = reason or None
        else:
            kwargs["note"] = reason or None

        def changed(_ev: dict[str, Any]) -> None:
            self.status_reason.clear()
            self._set_message(self.tr("Stato cambiato: {0}.").format(code_label(EventStatus, target)))

        # Closing or cancelling frees the units still on the event.
        WriteOp(self.ctx, Change.EVENTS | Change.UNITS, Store.events.change_status, event_id, target, **kwargs
                ).on_done(changed).on_error(self._on_error).run("detail.status")

    # --------------------------------------------------------------- journal
    def _on_note_save(self) -> None:
        text = self.note_edit.toPlainText()
        if not self.event_id:
            return
        event_id = self.event_id

        def added(_entry: dict[str, Any]) -> None:
            self.note_edit.clear()
            self._set_message(self.tr("Annotazione registrata."))

        WriteOp(self.ctx, Change.JOURNAL, Store.events.add_note, event_id, text, operator=self.ctx.operator_name
                ).on_done(added).on_error(self._on_error).run("detail.note")

    def _on_strike_clicked(self) -> None:
        index = self.journal_view.currentIndex()
        entry = self.journal_model.entry(index.row()) if index.isValid() else None
        if entry is None:
            self._set_message(self.tr("Selezionare l'annotazione da barrare."), error=True)
            return
        if entry.get("struck_at"):
            self._set_message(self.tr("L'annotazione è già barrata."), error=True)
            return
        dialog = StrikeDialog(entry["text"], self)
        dialog.accepted.connect(lambda: self._on_strike_accepted(entry["id"], dialog.reason()))
        dialog.finished.connect(self._on_strike_finished)
        self._strike = dialog
        dialog.open()

    def _on_strike_finished(self, _result: int) -> None:
        dialog, self._strike = self._strike, None
        if dialog is not None:
            dialog.setObjectName("")
            dialog.deleteLater()

    def _on_strike_accepted(self, entry_id: str, reason: str) -> None:
        def struck(_entry: dict[str, Any]) -> None:
            self._set_message(self.tr("Annotazione barrata."))

        WriteOp(self.ctx, Change.JOURNAL, Store.events.strike_entry, entry_id, reason, operator=self.ctx.operator_name
                ).on_done(struck).on_error(self._on_error).run("detail.strike")

    # ----------------------------------------------------------------- units
    def _on_assign_clicked(self) -> None:
        if self.event_id:
            self.assign_requested.emit(self.event_id)

    def _selected_assignment_id(self) -> str | None:
        rows = self.assignments_view.selectionModel().selectedRows()
        if rows:
            a = self.assignments_model.assignment(rows[0].row())
            return a["id"] if a else None
        return None

    def _on_advance_clicked(self) -> None:
        chosen = self._selected_assignment_id()
        if chosen is None:
            active = [self.assignments_model.assignment(r) for r in range(self.assignments_model.rowCount())]
            active = [a for a in active if a and AssignmentStatus(a["status"]).is_active]
            if len(active) != 1:
                self._set_message(self.tr("Selezionare l'unità da far avanzare."), error=True)
                return
            chosen = active[0]["id"]

        def advanced(a: dict[str, Any]) -> None:
            self._set_message(self.tr("Unità: {0}.").format(code_label(AssignmentStatus, a["status"])))
            if not AssignmentStatus(a["status"]).is_active:  # maybe the last one: offer to close
                offer_close(self, self.ctx, a["event_id"])

        WriteOp(self.ctx, Change.UNITS | Change.EVENTS, Store.units.advance, chosen,
                operator=self.ctx.operator_name).on_done(advanced).on_error(self._on_error).run("detail.advance")

    # -------------------------------------------------------------- messages
    def _on_error(self, text: str) -> None:
        self._set_message(text, error=True)

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else DONE_STYLE)
