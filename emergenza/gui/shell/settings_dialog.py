"""File → Impostazioni: interface language, the alert delay of each alerting priority
level of the catalog and the idle lock's minutes (non-modal)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ..context import AppContext
from ..events.alerts import alert_thresholds
from ..settings import IDLE_LOCK_MAX_MIN, IDLE_LOCK_MIN, LANGUAGE, alert_after
from ..widgets.labels import priority_label


class SettingsDialog(QDialog):
    settings_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Impostazioni"))
        self._setup_ui()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.addItem("Italiano", "it")
        self.language.addItem("English", "en")
        current = LANGUAGE.read(self._ctx.settings, default=self._ctx.language)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        form.addRow(self.tr("&Lingua dell'interfaccia:"), self.language)
        self.restart_note = QLabel(self.tr("La nuova lingua sarà usata al prossimo avvio di Emergenza."), self)
        self.restart_note.setWordWrap(True)
        self.restart_note.setStyleSheet("color: #555;")
        form.addRow("", self.restart_note)
        self.alert_after: dict[str, QSpinBox] = {}  # priority code -> its delay
        for code, seconds in alert_thresholds(self._ctx).items():
            self.alert_after[code] = box = self._seconds_box(seconds)
            # "&rosso": the level's first letter is the row's mnemonic.
            label = "&" + priority_label(self._ctx, code)
            form.addRow(self.tr("Allarme codice {0} senza unità dopo:").format(label), box)
        self.idle_lock = QSpinBox(self)
        self.idle_lock.setObjectName("idleLockMinutes")
        self.idle_lock.setRange(0, IDLE_LOCK_MAX_MIN)
        self.idle_lock.setSuffix(self.tr(" min"))
        self.idle_lock.setSpecialValueText(self.tr("mai"))
        self.idle_lock.setValue(IDLE_LOCK_MIN.read(self._ctx.settings) or 0)
        form.addRow(self.tr("&Blocco della postazione dopo inattività di:"), self.idle_lock)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _seconds_box(self, seconds: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(30, 3600)
        box.setSingleStep(30)
        box.setSuffix(self.tr(" s"))
        box.setValue(seconds)
        return box

    def _on_save(self) -> None:
        s = self._ctx.settings
        LANGUAGE.write(s, self.language.currentData())
        for level in self._ctx.catalogs.alerting_priorities():
            alert_after(level).write(s, self.alert_after[level.code].value())
        IDLE_LOCK_MIN.write(s, self.idle_lock.value())
        s.sync()
        self.settings_saved.emit()
        self.accept()
