"""Impostazioni → Cataloghi: the station's priority scale and event types (amministratore).

Two pages. "Scala delle priorità": the levels in a table edited in place, most urgent
first (Alt+Su / Alt+Giù move the selected level), saved whole. "Tipologie": the types
with a form for the selected one (names, priority, protocol texts; retire or bring back)
and one for a new type. Every save goes through the store (``Store.catalog_settings``,
which checks the role and the whole catalog) and announces ``Change.CATALOGS``: the
board, the alerts and the intake follow at once. Other roles see the catalogs read-only.
Non-modal (``show()``), fully usable from the keyboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action
from ...store import Store
from ..operations import Change, ReadOp, WriteOp
from ..settings import alert_after_key
from ..widgets.labels import DONE_STYLE, ERROR_STYLE, priority_label, type_label
from ..widgets.tables import select_whole_rows
from .priority_model import PriorityScaleModel
from .types_model import EventTypesModel


def _load(store: Store) -> dict[str, Any]:
    return {"scale": store.catalog_settings.priority_scale(), "types": store.catalog_settings.event_types(),
            "catalogs": store.catalog_settings.current()}


class CatalogsWindow(QDialog):
    saved = Signal()  # after any successful save (tests, status)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("catalogs_window")
        self.setWindowTitle(self.tr("Cataloghi della centrale"))
        self.resize(900, 560)
        self._selected_code: str | None = None
        self._setup_ui()
        self.apply_role()
        self.reload()

    # ---------------------------------------------------------------- set-up
    def _setup_ui(self) -> None:
        col = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scale_page(), self.tr("Scala delle priorità"))
        self.tabs.addTab(self._types_page(), self.tr("Tipologie"))
        col.addWidget(self.tabs, 1)
        self.message = QLabel()
        self.message.setObjectName("catalogs_message")
        self.message.setWordWrap(True)
        col.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.close_button = QPushButton(self.tr("C&hiudi"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        col.addLayout(bottom)

    def _scale_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.addWidget(QLabel(self.tr("Dal più urgente al meno urgente. Colori come #rrggbb; un livello "
                                     "che allarma lo fa quando resta senza unità oltre la soglia.")))
        self.scale_model = PriorityScaleModel(self)
        self.scale_view = QTableView()
        self.scale_view.setObjectName("priority_scale")
        self.scale_view.setModel(self.scale_model)
        self.scale_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.scale_view.horizontalHeader().setStretchLastSection(True)
        col.addWidget(self.scale_view, 1)
        row = QHBoxLayout()
        self.add_level_button = QPushButton(self.tr("&Aggiungi livello"))
        self.remove_level_button = QPushButton(self.tr("&Rimuovi livello"))
        self.up_button = QPushButton(self.tr("Più &urgente"))
        self.down_button = QPushButton(self.tr("&Meno urgente"))
        self.save_scale_button = QPushButton(self.tr("&Salva la scala"))
        self.save_scale_button.setObjectName("save_scale")
        for b in (self.add_level_button, self.remove_level_button, self.up_button, self.down_button):
            b.setAutoDefault(False)
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.save_scale_button)
        col.addLayout(row)
        self.add_level_button.clicked.connect(self._on_add_level)
        self.remove_level_button.clicked.connect(
            lambda: self.scale_model.remove_level(self.scale_view.currentIndex().row()))
        self.up_button.clicked.connect(lambda: self._move_level(-1))
        self.down_button.clicked.connect(lambda: self._move_level(1))
        self.save_scale_button.clicked.connect(self._on_save_scale)
        return page

    def _types_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        self.types_model = EventTypesModel(self)
        self.types_view = QTableView()
        self.types_view.setObjectName("event_types")
        self.types_view.setModel(self.types_model)
        select_whole_rows(self.types_view)
        self.types_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.types_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_type(cur.row()))
        row.addWidget(self.types_view, 3)
        side = QVBoxLayout()
        edit_box = QGroupBox(self.tr("Tipologia selezionata"))
        form = QFormLayout(edit_box)
        self.type_title = QLabel()
        form.addRow(self.type_title)
        self.type_label = QLineEdit()
        self.type_label.setObjectName("type_label")
        form.addRow(self.tr("&Nome:"), self.type_label)
        self.type_label_en = QLineEdit()
        form.addRow(self.tr("Nome (in&glese):"), self.type_label_en)
        self.type_priority = QComboBox()
        self.type_priority.setObjectName("type_priority")
        form.addRow(self.tr("&Priorità:"), self.type_priority)
        self.type_protocol = QPlainTextEdit()
        self.type_protocol.setObjectName("type_protocol")
        self.type_protocol.setTabChangesFocus(True)
        form.addRow(self.tr("Pr&otocollo:"), self.type_protocol)
        self.type_protocol_en = QPlainTextEdit()
        self.type_protocol_en.setTabChangesFocus(True)
        form.addRow(self.tr("Protocollo (ingl&ese):"), self.type_protocol_en)
        buttons = QHBoxLayout()
        self.save_type_button = QPushButton(self.tr("Sal&va tipologia"))
        self.save_type_button.setObjectName("save_type")
        self.retire_button = QPushButton(self.tr("&Dismetti"))
        self.retire_button.setObjectName("retire_type")
        for b in (self.save_type_button, self.retire_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        form.addRow(buttons)
        side.addWidget(edit_box)
        new_box = QGroupBox(self.tr("Nuova tipologia"))
        new_form = QFormLayout(new_box)
        self.new_code = QLineEdit()
        self.new_code.setObjectName("new_code")
        self.new_code.setPlaceholderText(self.tr("es. VIA.DRONE"))
        new_form.addRow(self.tr("&Codice:"), self.new_code)
        self.new_label = QLineEdit()
        self.new_label.setObjectName("new_label")
        new_form.addRow(self.tr("Descri&zione:"), self.new_label)
        self.new_parent = QComboBox()
        self.new_parent.setObjectName("new_parent")
        new_form.addRow(self.tr("Sotto&tipo di:"), self.new_parent)
        self.new_priority = QComboBox()
        self.new_priority.setObjectName("new_priority")
        new_form.addRow(self.tr("&Livello di priorità:"), self.new_priority)
        self.add_type_button = QPushButton(self.tr("&Inserisci tipologia"))
        self.add_type_button.setObjectName("add_type")
        self.add_type_button.setAutoDefault(False)
        new_form.addRow(self.add_type_button)
        side.addWidget(new_box)
        side.addStretch(1)
        row.addLayout(side, 2)
        self.save_type_button.clicked.connect(self._on_save_type)
        self.retire_button.clicked.connect(self._on_retire)
        self.add_type_button.clicked.connect(self._on_add_type)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self._on_save_current_page)
        return page

    def apply_role(self) -> None:
        """Only the amministratore changes catalogs; the others may look."""
        allowed = self.ctx.may(Action.CATALOGS)
        for w in (self.add_level_button, self.remove_level_button, self.up_button, self.down_button,
                  self.save_scale_button, self.save_type_button, self.retire_button, self.add_type_button):
            w.setEnabled(allowed)
        if not allowed:
            self.scale_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            self._say(self.tr("Solo l'amministratore può modificare i cataloghi."), error=False)

    # -------------------------------------------------------------- loading
    def reload(self) -> None:
        ReadOp(self.ctx, _load).on_done(self._on_loaded).on_error(lambda text: self._say(text, error=True)).run(
            "catalogs.load")

    def _on_loaded(self, data: dict[str, Any]) -> None:
        self.ctx.catalogs = data["catalogs"]  # the store's live object (a no-op in the app)
        self.scale_model.set_levels(data["scale"])
        levels = self.ctx.catalogs.priorities_by_urgency()
        names = {p.code: priority_label(self.ctx, p.code) for p in levels}
        labels = {t["code"]: type_label(self.ctx, t["code"]) for t in data["types"]}
        self.types_model.set_types(data["types"], labels, names)
        for combo in (self.type_priority, self.new_priority):
            chosen = combo.currentData()
            combo.clear()
            for p in levels:
                combo.addItem(names[p.code], p.code)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        chosen = self.new_parent.currentData()
        self.new_parent.clear()
        self.new_parent.addItem(self.tr("(nessuna: tipologia principale)"), None)
        for t in data["types"]:
            if not t["parent"] and not t["retired"]:
                self.new_parent.addItem(labels[t["code"]], t["code"])
        self.new_parent.setCurrentIndex(max(0, self.new_parent.findData(chosen)))
        row = self.types_model.row_of(self._selected_code) if self._selected_code else 0
        if self.types_model.rowCount():
            self.types_view.selectRow(max(0, row))
            self._show_type(max(0, row))

    def _show_type(self, row: int) -> None:
        t = self.types_model.type_at(row)
        if t is None:
            return
        self._selected_code = t["code"]
        self.type_title.setText(self.tr("{0} — {1}").format(t["code"], type_label(self.ctx, t["code"])))
        self.type_label.setText(t["label"])
        self.type_label_en.setText(t["label_en"])
        self.type_priority.setCurrentIndex(max(0, self.type_priority.findData(t["priority"])))
        self.type_protocol.setPlainText(t["protocol"])
        self.type_protocol_en.setPlainText(t["protocol_en"])
        self.retire_button.setText(self.tr("Annulla &dismissione") if t["retired"] else self.tr("&Dismetti"))

    # ---------------------------------------------------------------- scale
    def _on_add_level(self) -> None:
        row = self.scale_model.add_level()
        index = self.scale_model.index(row, 0)
        self.scale_view.setCurrentIndex(index)
        self.scale_view.edit(index)

    def _move_level(self, delta: int) -> None:
        current = self.scale_view.currentIndex()
        if current.isValid():
            row = self.scale_model.move_level(current.row(), delta)
            self.scale_view.setCurrentIndex(self.scale_model.index(row, current.column()))

    def _on_save_scale(self) -> None:
        levels = self.scale_model.levels()
        self._write(Store.catalog_settings.save_priority_scale, levels,
                    done=self.tr("Scala delle priorità salvata."), levels=levels)

    # ---------------------------------------------------------------- types
    def _on_save_type(self) -> None:
        if not self._selected_code:
            return
        changes = {"label": self.type_label.text(), "label_en": self.type_label_en.text(),
                   "priority": self.type_priority.currentData(), "protocol": self.type_protocol.toPlainText(),
                   "protocol_en": self.type_protocol_en.toPlainText()}
        self._write(Store.catalog_settings.update_event_type, self._selected_code, changes,
                    done=self.tr("Tipologia salvata."))

    def _on_retire(self) -> None:
        t = self.types_model.type_at(self.types_model.row_of(self._selected_code or ""))
        if t is None:
            return
        done = self.tr("Tipologia ripristinata.") if t["retired"] else self.tr(
            "Tipologia dismessa: non è più proposta nella ricezione.")
        self._write(Store.catalog_settings.set_retired, t["code"], not t["retired"], done=done)

    def _on_add_type(self) -> None:
        data = {"code": self.new_code.text(), "label": self.new_label.text(),
                "parent": self.new_parent.currentData(), "priority": self.new_priority.currentData()}

        def added() -> None:
            self._selected_code = data["code"].strip()
            self.new_code.clear()
            self.new_label.clear()

        self._write(Store.catalog_settings.add_event_type, data, done=self.tr("Tipologia aggiunta."), then=added)

    def _on_save_current_page(self) -> None:
        if self.tabs.currentIndex() == 0:
            self._on_save_scale()
        else:
            self._on_save_type()

    # ---------------------------------------------------------------- writes
    def _write(self, fn, *args: Any, done: str, levels: list[dict[str, Any]] | None = None,
               then=None) -> None:
        def written(catalogs: Any) -> None:
            self.ctx.catalogs = catalogs  # before the change is announced: every view reads it
            if levels is not None:  # the level's delay set here wins over a person's earlier one
                for level in levels:
                    self.ctx.settings.remove(alert_after_key(str(level.get("code") or "")))
            if then is not None:
                then()
            self._say(done)
            self.saved.emit()
            self.reload()

        WriteOp(self.ctx, Change.CATALOGS, fn, *args, operator=self.ctx.operator_name).on_done(written).on_error(
            lambda text: self._say(text, error=True)).run("catalogs.save")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else DONE_STYLE)


def open_catalogs(parent: QWidget) -> CatalogsWindow:
    """File → Cataloghi…: the window, non-modal, deleted when closed."""
    from PySide6.QtCore import Qt

    window = CatalogsWindow(parent.ctx, parent)  # type: ignore[attr-defined]
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
