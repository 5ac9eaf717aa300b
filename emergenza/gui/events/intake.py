"""Intake form: a new event typed while listening to the caller.

Keyboard-first (Ctrl+Enter or Enter saves, Esc clears after confirmation). Every edit
is kept as a draft in the store (debounced), so a crash never loses a half-typed event.
Prior events at the same address or from the same phone appear while typing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import EventStatus
from ...domain.errors import ValidationError
from ...store import Store
from ..i18n import error_text
from ..operations import Change, ReadOp, WriteOp
from ..widgets.confirm import ask_yes_no
from ..widgets.labels import DONE_STYLE, ERROR_STYLE, code_label, fmt_time, type_label
from .event_fields import EventFields

DRAFT_KEY = "intake"
DRAFT_DELAY_MS = 500
PRIOR_DELAY_MS = 350


def _create_and_forget_draft(store: Store, data: dict[str, Any], operator: str) -> dict[str, Any]:
    """Runs on the store owner thread: the draft goes only once the event is stored."""
    event = store.events.create(data, operator=operator)
    store.drafts.delete(DRAFT_KEY)
    return event


class IntakeForm(QWidget):
    event_created = Signal(str)  # event id
    prior_event_activated = Signal(str)  # an earlier event double-clicked in the side list

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._saving = False
        self._started = False
        self._edited_since_load = False
        self._prior_generation = 0
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._on_draft_timer)
        self._prior_timer = QTimer(self)
        self._prior_timer.setSingleShot(True)
        self._prior_timer.setInterval(PRIOR_DELAY_MS)
        self._prior_timer.timeout.connect(self._on_prior_timer)
        self._setup_ui()

    def _setup_ui(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel(self.tr("Nuovo intervento"))
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        outer.addWidget(title)

        body = QHBoxLayout()
        self.fields = EventFields(self.ctx, self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body.addWidget(scroll, 3)

        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Interventi precedenti (stesso indirizzo o telefono)")))
        self.prior_list = QListWidget()
        self.prior_list.setObjectName("prior_events")
        self.prior_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.prior_list.itemActivated.connect(self._on_prior_activated)
        side.addWidget(self.prior_list)
        body.addLayout(side, 2)
        outer.addLayout(body, 1)

        self.message = QLabel()
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        buttons = QHBoxLayout()
        self.draft_label = QLabel()
        self.draft_label.setStyleSheet("color: #666;")
        buttons.addWidget(self.draft_label, 1)
        self.clear_button = QPushButton(self.tr("Pulisci (Esc)"))
        self.clear_button.clicked.connect(self._on_clear_requested)
        self.save_button = QPushButton(self.tr("Registra (Ctrl+Invio)"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.save)
        # Plain Enter saves from the simple line edits (not from those with a completer,
        # where Enter picks the highlighted suggestion).
        f = self.fields
        for line in (f.address_edit, f.lat_edit, f.lon_edit, f.caller_name_edit, f.caller_phone_edit, f.nue_edit):
            line.returnPressed.connect(self.save)

        self.fields.edited.connect(self._on_edited)
        self.fields.location_changed.connect(self._on_location_changed)

    # ---------------------------------------------------------------- public
    def new_event(self) -> None:
        """Start a new event: the saved draft (if any) comes back, else an empty form."""
        self._started = True
        if self._draft_timer.isActive():
            # Keep the last keystrokes: the owner runs calls in order, so the load below
            # sees this save.
            self._draft_timer.stop()
            self._on_draft_timer()
        self._edited_since_load = False
        self.fields.clear()
        self.prior_list.clear()
        self._set_message("")
        self.fields.type_edit.setFocus()
        ReadOp(self.ctx, Store.drafts.load, DRAFT_KEY).on_done(self._on_draft_loaded).on_error(
            self._on_error).run("intake.load_draft")

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self._draft_timer.stop()
        self.save_button.setEnabled(False)
        self.fields.clear_errors()
        data = self.fields.values()
        WriteOp(self.ctx, Change.EVENTS, _create_and_forget_draft, data, self.ctx.operator_name
                ).on_done(self._on_saved).on_exception(self._on_save_failed).run("intake.save")

    # ----------------------------------------------------------- reactions
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:  # first time on screen: bring back a draft left by a crash
            self.new_event()

    def _on_draft_loaded(self, draft: dict[str, Any] | None) -> None:
        if self._edited_since_load:  # the operator already started typing: theirs wins
            return
        if draft:
            self.fields.set_state(draft)
            self.draft_label.setText(self.tr("Bozza ripristinata."))
            self._on_location_changed()
        else:
            self.draft_label.setText("")

    def _on_edited(self) -> None:
        self._edited_since_load = True
        self._draft_timer.start()

    def _on_draft_timer(self) -> None:
        state = self.fields.state()
        # A draft is this form's own: no view shows it, nothing to announce.
        WriteOp(self.ctx, Change.NONE, Store.drafts.save, DRAFT_KEY, state).on_done(
            lambda _r: self.draft_label.setText(self.tr("Bozza salvata."))).on_error(
            self._on_error).run("intake.save_draft")

    def _on_location_changed(self) -> None:
        self._prior_timer.start()

    def _on_prior_timer(self) -> None:
        self._prior_generation += 1
        generation = self._prior_generation
        f = self.fields
        query = {"municipality_istat": f.municipality_istat, "address": f.address_edit.text(),
                 "phone": f.caller_phone_edit.text()}

        def shown(rows: list[dict[str, Any]]) -> None:
            if generation == self._prior_generation:  # a later look-up supersedes this one
                self._show_prior(rows)

        ReadOp(self.ctx, Store.search.prior_events, **query).on_done(shown).on_error(self._on_error).run("intake.prior")

    def _show_prior(self, rows: list[dict[str, Any]]) -> None:
        self.prior_list.clear()
        for r in rows:
            why = self.tr("stesso telefono") if r.get("matched") == "phone" else self.tr("stesso indirizzo")
            text = "{0} · {1} · {2} · {3}\n{4} — {5}".format(
                r["number"], fmt_time(r["received_at"]), code_label(EventStatus, r["status"]),
                type_label(self.ctx, r["type_code"]), r.get("description") or "", why)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.prior_list.addItem(item)

    def _on_prior_activated(self, item: QListWidgetItem) -> None:
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id:
            self.prior_event_activated.emit(event_id)

    def _on_saved(self, event: dict[str, Any]) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._draft_timer.stop()
        self.fields.clear()
        self.prior_list.clear()
        self.draft_label.setText("")
        self._set_message(self.tr("Intervento {0} registrato.").format(event["number"]))
        self.event_created.emit(event["id"])
        self.fields.type_edit.setFocus()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            first = self.fields.show_errors(exc)
            self._set_message(self.tr("Correggere i campi segnalati."), error=True)
            if first is not None:
                first.setFocus()
        else:
            self._on_error(error_text(exc))

    def _on_error(self, text: str) -> None:
        self._set_message(text, error=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc reaches the form when the focused field does not use it (completer popups do).
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self._on_clear_requested()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_clear_requested(self) -> None:
        """Esc: clearing loses what was typed, so it asks first (non-modal)."""
        for completer in (self.fields.type_completer, self.fields.muni_completer):
            if completer.popup().isVisible():  # Esc first closes a suggestion list
                return
        ask_yes_no(self, self.tr("Pulisci modulo"), self.tr("Cancellare i dati inseriti e la bozza?"),
                   self._on_clear_answered, object_name="confirm_clear")

    def _on_clear_answered(self, yes: bool) -> None:
        if not yes:
            return
        self._draft_timer.stop()
        self.fields.clear()
        self.prior_list.clear()
        self._set_message("")
        self.draft_label.setText("")

        WriteOp(self.ctx, Change.NONE, Store.drafts.delete, DRAFT_KEY).on_error(
            self._on_error).run("intake.delete_draft")
        self.fields.type_edit.setFocus()

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else DONE_STYLE)
