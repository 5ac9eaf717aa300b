"""Sincronizzazione → Registra postazione…: enroll this station with the regional server
(server address, one-time enrollment code, the station code wanted) from the app.

The exchange runs as a coroutine on the event loop (``ctx.tasks``; the store writes go
through the owner thread), with a busy bar meanwhile; failures are said in Italian under
the form. On success ``enrolled`` is emitted: the main window re-reads the station's
identity for its title and the sync status bar refreshes at once.
"""

from __future__ import annotations

import httpx
from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.wire_rules import DEFAULT_STATION_CODE, STATION_CODE_RE
from ...sync.engine import Enrollment, enroll
from ..context import AppContext
from ..i18n import error_text
from ..operations import Change, ReadOp, announce
from ..widgets.labels import DONE_STYLE
from .inline_errors import InlineErrors
from .setup_wizard import load_meta


async def enroll_station(ctx: AppContext, client: httpx.AsyncClient, url: str, code: str, station_code: str,
                         name: str | None) -> Enrollment:
    """``sync.engine.enroll``; an empty ``station_code`` keeps the store's own (PL01: the server picks)."""
    return await enroll(ctx.owner, client, url, code, name=name, station_code=station_code or None)


def url_error(url: str) -> str | None:
    parsed = QUrl(url, QUrl.ParsingMode.StrictMode)
    if not parsed.isValid() or parsed.scheme() not in ("http", "https") or not parsed.host():
        return QCoreApplication.translate(
            "EnrollDialog", "Indirizzo non valido: deve iniziare con https:// (o http://) seguito dal nome del server.")
    return None


class EnrollDialog(QDialog):
    enrolled = Signal(object)  # Enrollment

    def __init__(self, ctx: AppContext, client: httpx.AsyncClient, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._client = client
        self._station_name: str | None = None
        self.running = False
        self.setObjectName("enrollDialog")
        self.setWindowTitle(self.tr("Registra postazione"))
        self.setMinimumWidth(480)
        self._setup_ui()
        ReadOp(ctx, load_meta).on_done(self._on_meta).run("enroll.meta")

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Registra questa postazione sul server regionale con il codice monouso ricevuto "
                               "dall'amministratore del server (emergenza-server add-station)."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.errors = InlineErrors(form, QLabel(self))
        self.server_url = QLineEdit(self)
        self.server_url.setPlaceholderText(self.tr("es. https://emergenza.regione.example"))
        self.enroll_code = QLineEdit(self)
        self.enroll_code.setPlaceholderText(self.tr("codice monouso"))
        self.station_code = QLineEdit(self)
        self.station_code.setMaxLength(8)
        self.station_code.setPlaceholderText(self.tr("es. BG01 (vuoto: lo sceglie il server)"))
        self.errors.add_row("server_url", self.tr("In&dirizzo del server:"), self.server_url)
        self.errors.add_row("enroll_code", self.tr("Codice di &registrazione:"), self.enroll_code)
        self.errors.add_row("station_code", self.tr("Codice &postazione:"), self.station_code)
        layout.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: the server answers in one go
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = QLabel(self)
        self.message.setObjectName("enrollMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox(self)
        self.enroll_button = QPushButton(self.tr("Re&gistra"), self)
        self.enroll_button.setDefault(True)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        self.buttons.addButton(self.enroll_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.enroll_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.server_url.setFocus()

    def _on_meta(self, meta: dict[str, str]) -> None:
        self._station_name = meta.get("station_name") or None
        if meta.get("server_url") and not self.server_url.text():
            self.server_url.setText(meta["server_url"])
        code = meta.get("station_code", "")
        if code and code != DEFAULT_STATION_CODE and not self.station_code.text():
            self.station_code.setText(code)
        if meta.get("token"):
            self.message.setText(self.tr("Questa postazione è già registrata: una nuova registrazione "
                                         "sostituisce la precedente."))

    def values(self) -> dict[str, str]:
        return {"server_url": self.server_url.text().strip().rstrip("/"),
                "enroll_code": self.enroll_code.text().strip(),
                "station_code": self.station_code.text().strip().upper()}

    def _check(self, v: dict[str, str]) -> bool:
        errors: dict[str, str] = {}
        if not v["server_url"]:
            errors["server_url"] = self.tr("Indicare l'indirizzo del server.")
        elif problem := url_error(v["server_url"]):
            errors["server_url"] = problem
        if not v["enroll_code"]:
            errors["enroll_code"] = self.tr("Indicare il codice di registrazione.")
        if v["station_code"] and not STATION_CODE_RE.match(v["station_code"]):
            errors["station_code"] = self.tr("Il codice va da 2 a 8 lettere o cifre e inizia con una lettera "
                                             "(es. BG01).")
        return self.errors.set(errors)

    def start(self) -> None:
        if self.running:
            return
        v = self.values()
        if not self._check(v):
            return
        self.running = True
        self.enroll_button.setEnabled(False)
        self.progress.show()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Registrazione presso il server in corso…"))
        self._ctx.tasks.run(enroll_station(self._ctx, self._client, v["server_url"], v["enroll_code"],
                                           v["station_code"], self._station_name),
                            on_done=self._on_enrolled, on_error=self._on_failed, name="enroll")

    def _on_enrolled(self, enrollment: Enrollment) -> None:
        self.running = False
        self.progress.hide()
        self.enroll_button.setEnabled(True)
        code = enrollment.station_code or self.values()["station_code"]
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(self.tr("Postazione registrata sul server regionale ({0}).").format(
            " · ".join(p for p in (code, enrollment.corps) if p)))
        self.close_button.setFocus()
        announce(self._ctx, Change.SETTINGS | Change.SYNC)
        self.enrolled.emit(enrollment)

    def _on_failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress.hide()
        self.enroll_button.setEnabled(True)
        self.message.setText("")
        self.errors.set({"enroll_code": self.tr("Registrazione non riuscita: {0}").format(error_text(exc))})
        self.enroll_code.setFocus()
