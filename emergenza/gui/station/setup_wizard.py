"""First-run setup: who this station is, its regional server (optional), the first operator.

Shown by the composition root when ``needs_setup(meta)`` (no ``setup_done`` in the
store's meta table). Opened with ``open()``, never ``exec()``: everything it writes goes
through ``ctx.owner`` in background tasks. The app works fully without a server: with no
enrollment code the URL is only remembered, and the station can enroll later (menu
Sincronizzazione, or ``emergenza enroll``).
"""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtCore import QStringListModel, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...domain.enums import Role
from ...domain.validation import MAX_NAME, MIN_SECRET
from ...domain.wire_rules import DEFAULT_STATION_CODE
from ...store import Store
from ...store import setup as station_setup
from ...store.setup import StationSetup, clean_code, clean_text, station_problems
from ...sync.engine import Enrollment, enroll
from ..context import AppContext, Operator
from ..i18n import enum_label, error_text
from ..operations import Change, ReadOp, WriteOp
from ..widgets.labels import ERROR_STYLE
from .operators_dialogs import secret_errors
from .people_ops import take_over
from .setup_units_page import UnitsPage


def needs_setup(meta: dict[str, Any]) -> bool:
    """True until the wizard has finished once on this store."""
    return not meta.get("setup_done")


def apply_setup(store: Store, data: StationSetup) -> dict[str, Any]:
    """Owner thread: set the station up as ``emergenza init`` does (store/setup.apply: its
    identity, the first amministratore signed in, the units given, ``setup_done`` last), then
    open the amministratore's shift, as every sign-in does."""
    operator = station_setup.apply(store, data)
    return take_over(store, operator)


def load_meta(store: Store) -> dict[str, str]:
    """Owner thread: the store's meta table (what ``needs_setup`` looks at)."""
    return store.meta.all()


class _Page(QWizardPage):
    """A page with one inline error label per field (shown under the field)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        layout.addStretch(1)

    def add_field(self, name: str, label: str, widget: QWidget) -> None:
        widget.setObjectName(name)
        self.form.addRow(label, widget)
        error = QLabel(self)
        error.setObjectName(f"{name}_error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.form.addRow("", error)
        self._errors[name] = error

    def set_errors(self, errors: dict[str, str]) -> bool:
        for name, label in self._errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
        return not errors

    def error(self, name: str) -> str:
        label = self._errors[name]
        return label.text() if label.isVisibleTo(self) else ""


class StationPage(_Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setTitle(self.tr("Postazione"))
        self.intro.setText(self.tr("Indicare il nome di questa postazione, il suo codice (compare nei numeri "
                                   "degli interventi, es. BG01-2026-000123) e il comando di appartenenza."))
        self.station_name = QLineEdit(self)
        self.station_name.setPlaceholderText(self.tr("es. Centrale operativa Bergamo"))
        self.add_field("station_name", self.tr("&Nome della postazione:"), self.station_name)
        self.station_code = QLineEdit(self)
        self.station_code.setPlaceholderText(self.tr("es. BG01"))
        self.station_code.setMaxLength(8)
        self.station_code.textEdited.connect(self._on_code_edited)
        self.add_field("station_code", self.tr("&Codice postazione:"), self.station_code)
        self.corps = QComboBox(self)
        self.corps.setEditable(True)
        self.corps.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Official names of the corps: data in Italian, never translated.
        suggestions = sorted({f"Polizia Locale di {m.name}" for m in self._ctx.catalogs.municipalities.values()})
        self.corps.addItems(suggestions)
        self.corps.setCurrentIndex(-1)
        self.corps.lineEdit().setPlaceholderText(self.tr("es. Polizia Locale di Bergamo"))
        completer = QCompleter(QStringListModel(suggestions, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.corps.setCompleter(completer)
        self.add_field("corps", self.tr("Co&mando:"), self.corps)

    def _on_code_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            pos = self.station_code.cursorPosition()
            self.station_code.setText(upper)
            self.station_code.setCursorPosition(pos)

    def values(self) -> dict[str, str]:
        return {"station_name": clean_text(self.station_name.text()),
                "station_code": clean_code(self.station_code.text()),
                "corps": clean_text(self.corps.currentText())}

    def validatePage(self) -> bool:
        v = self.values()  # the rules are the store's, the same for `emergenza init`
        problems = station_problems(v["station_name"], v["station_code"], v["corps"])
        return self.set_errors({name: error_text(exc) for name, exc in problems.items()})


class ServerPage(_Page):
    """Optional: the regional server. Enrollment runs in the background, if a code is given."""

    enrollment_done = Signal(object)

    def __init__(self, ctx: AppContext, client: httpx.AsyncClient, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._client = client
        self.enrolling = False
        self.enrolled_with: tuple[str, str] | None = None  # (url, code) that succeeded
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setTitle(self.tr("Server regionale (facoltativo)"))
        self.intro.setText(self.tr("Emergenza funziona anche senza server. Se il comando dispone del server "
                                   "regionale, indicarne l'indirizzo e il codice di registrazione ricevuto "
                                   "dall'amministratore; altrimenti lasciare vuoto e proseguire."))
        self.server_url = QLineEdit(self)
        self.server_url.setPlaceholderText(self.tr("es. https://emergenza.regione.example"))
        self.add_field("server_url", self.tr("In&dirizzo del server:"), self.server_url)
        self.enroll_code = QLineEdit(self)
        self.enroll_code.setPlaceholderText(self.tr("codice monouso"))
        self.add_field("enroll_code", self.tr("Codice di &registrazione:"), self.enroll_code)

    def values(self) -> dict[str, str]:
        return {"server_url": self.server_url.text().strip().rstrip("/"),
                "enroll_code": self.enroll_code.text().strip()}

    def _url_error(self, url: str) -> str | None:
        parsed = QUrl(url, QUrl.ParsingMode.StrictMode)
        if not parsed.isValid() or parsed.scheme() not in ("http", "https") or not parsed.host():
            return self.tr("Indirizzo non valido: deve iniziare con https:// (o http://) seguito dal nome "
                           "del server.")
        return None

    def validatePage(self) -> bool:
        if self.enrolling:
            return False
        v = self.values()
        errors = {}
        if v["server_url"]:
            problem = self._url_error(v["server_url"])
            if problem:
                errors["server_url"] = problem
        elif v["enroll_code"]:
            errors["server_url"] = self.tr("Per registrarsi indicare anche l'indirizzo del server.")
        if not self.set_errors(errors):
            return False
        if not v["enroll_code"] or self.enrolled_with == (v["server_url"], v["enroll_code"]):
            self._show_later_note(bool(v["server_url"]) and self.enrolled_with is None)
            return True
        self._start_enrollment(v["server_url"], v["enroll_code"])
        return False

    def _show_later_note(self, later: bool) -> None:
        if later:
            self.note.setText(self.tr("L'indirizzo è stato memorizzato: la registrazione si può fare più tardi "
                                      "dal menu Sincronizzazione o con il comando «emergenza enroll»."))
            self.note.show()

    def _start_enrollment(self, url: str, code: str) -> None:
        self.enrolling = True
        self.note.setText(self.tr("Registrazione presso il server in corso…"))
        self.note.show()
        self.completeChanged.emit()
        self._ctx.tasks.run(self._enroll(url, code), on_done=lambda _r: self._on_enrolled(url, code),
                            on_error=self._on_enroll_failed, name="setup.enroll")

    async def _enroll(self, url: str, code: str) -> Enrollment:
        name = self.wizard().field_values().get("station_name") if self.wizard() else None
        return await enroll(self._ctx.owner, self._client, url, code, name=name)

    def _on_enrolled(self, url: str, code: str) -> None:
        self.enrolling = False
        self.enrolled_with = (url, code)
        self.note.setText(self.tr("Postazione registrata sul server regionale."))
        self.completeChanged.emit()
        self.enrollment_done.emit(url)
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.wizard().next()

    def _on_enroll_failed(self, exc: BaseException) -> None:
        self.enrolling = False
        self.note.hide()
        self.set_errors({"enroll_code": self.tr("Registrazione non riuscita: {0} Correggere i dati, oppure "
                                                "cancellare il codice per proseguire e registrarsi più tardi.")
                         .format(error_text(exc))})
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.enrolling


class OperatorPage(_Page):
    """The first operator: always an amministratore, always with a password (nobody can
    pick a role at sign-in; this one manages the others from File → Operatori…)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setTitle(self.tr("Primo operatore"))
        self.intro.setText(self.tr("Chi configura questa postazione? Sarà il suo amministratore: con la sua "
                                   "password aggiunge poi gli altri operatori (File → Operatori…) e dà loro "
                                   "un ruolo."))
        self.operator_name = QLineEdit(self)
        self.operator_name.setPlaceholderText(self.tr("Nome e cognome"))
        self.add_field("operator_name", self.tr("&Nome:"), self.operator_name)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("almeno {0} caratteri").format(MIN_SECRET))
        self.add_field("secret", self.tr("&Password o PIN:"), self.secret)
        self.secret_again = QLineEdit(self)
        self.secret_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field("secret_again", self.tr("&Ripeti la password:"), self.secret_again)
        self.role_note = QLabel(self.tr("Ruolo: {0}").format(enum_label(Role.ADMINISTRATOR)), self)
        self.form.addRow("", self.role_note)
        for edit in (self.operator_name, self.secret, self.secret_again):
            edit.textEdited.connect(lambda _t: self.set_errors({}))

    def values(self) -> dict[str, str]:
        return {"operator_name": clean_text(self.operator_name.text()), "secret": self.secret.text()}

    def validatePage(self) -> bool:
        name = self.values()["operator_name"]
        errors = {}
        if not name:
            errors["operator_name"] = self.tr("Indicare il nome dell'operatore.")
        elif len(name) > MAX_NAME:
            errors["operator_name"] = self.tr("Nome troppo lungo (massimo 120 caratteri).")
        errors.update(secret_errors(self.secret.text(), self.secret_again.text()))
        return self.set_errors(errors)


class SetupWizard(QWizard):
    setup_finished = Signal()

    def __init__(self, ctx: AppContext, client: httpx.AsyncClient, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._client = client
        self._saving = False
        self._saved = False
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Prima configurazione di Emergenza"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumWidth(560)
        self._setup_ui()
        ReadOp(ctx, load_meta).on_done(self._on_meta_loaded).on_error(self._on_failed).run("setup.load")

    def _setup_ui(self) -> None:
        self.station_page = StationPage(self._ctx, self)
        self.server_page = ServerPage(self._ctx, self._client, self)
        self.operator_page = OperatorPage(self)
        self.units_page = UnitsPage(self._ctx, self)
        for page in (self.station_page, self.server_page, self.operator_page, self.units_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Avanti >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Indietro"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Fine"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Annulla"))

    def field_values(self) -> dict[str, str]:
        return {**self.station_page.values(), **self.server_page.values(), **self.operator_page.values()}

    def _on_meta_loaded(self, meta: dict[str, str]) -> None:
        """Prefill what the store already knows (e.g. created with --db and a station code)."""
        page = self.station_page
        if meta.get("station_name") and not page.station_name.text():
            page.station_name.setText(meta["station_name"])
        if meta.get("station_code") and meta["station_code"] != DEFAULT_STATION_CODE and not page.station_code.text():
            page.station_code.setText(meta["station_code"])
        if meta.get("corps") and not page.corps.currentText():
            page.corps.setEditText(meta["corps"])
        if meta.get("server_url") and not self.server_page.server_url.text():
            self.server_page.server_url.setText(meta["server_url"])

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is not self.units_page:
            return super().validateCurrentPage()
        if self._saved:
            return True
        if self._saving:
            return False
        self._save()
        return False  # finished by _on_saved once the store has it

    def _save(self) -> None:
        v = self.field_values()
        data = StationSetup(v["station_name"], v["station_code"], v["corps"], v["operator_name"], v["secret"],
                            v["server_url"], self.units_page.units(), self.units_page.csv_path)
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        WriteOp(self._ctx, Change.SETTINGS | Change.SHIFT | Change.UNITS, apply_setup, data).on_done(
            self._on_saved).on_error(self._on_failed).run("setup.save")

    def _on_saved(self, result: dict[str, Any]) -> None:
        self._saving = False
        self._saved = True
        operator = result["operator"]
        self._ctx.set_operator(Operator(operator["id"], operator["name"], operator["role"]))
        self.setup_finished.emit()
        self.accept()

    def _on_failed(self, text: str) -> None:
        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        page = self.currentPage()
        message = self.tr("Impossibile salvare la configurazione: {0}").format(text)
        if isinstance(page, _Page):
            page.note.setText(message)
            page.note.setStyleSheet(ERROR_STYLE)
            page.note.show()
        elif isinstance(page, UnitsPage):
            page.say(message, ERROR_STYLE)
