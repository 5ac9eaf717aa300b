"""Drawing a new at-risk area on the map: click its vertices, ``Enter`` closes the outline,
``Backspace`` takes back the last vertex, ``Esc`` cancels. Then name, category, sharing
and an optional watch rule; "Salva area" writes it (the store validates the shape).

Opened with ``open()``; the map is built once the dialog is shown and the territory is
there (as the point-picking dialog does).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.areas import MAX_WATCH_COUNT, MAX_WATCH_HOURS, AreaCategory
from ...domain.territory import Territory
from ..context import AppContext
from ..i18n import enum_label
from ..map.camera_layer import DraftOutline
from ..map.feed import MapFeed
from ..map.slices import Slices, build_view
from ..map.view import MapView
from ..operations import Change, WriteOp

MIN_VERTICES = 3


class AreaDrawDialog(QDialog):
    saved = Signal(dict)  # the area as stored

    def __init__(self, ctx: AppContext, feed: MapFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("area_draw_dialog")
        self.setWindowTitle(self.tr("Nuova area a rischio"))
        self._ctx = ctx
        self.feed = feed
        self.view: MapView | None = None
        self._building: Slices | None = None
        self.outline: DraftOutline | None = None
        self.vertices: list[tuple[float, float]] = []
        self.closed = False
        self._setup_ui()
        feed.territory_ready.connect(self._on_territory)
        feed.territory_failed.connect(self.placeholder.setText)

    def _setup_ui(self) -> None:
        self.resize(820, 680)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(self.tr("Caricamento della mappa…"), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        layout.addWidget(self.stack, 1)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("area_name")
        name_label = QLabel(self.tr("&Nome:"), self)
        name_label.setBuddy(self.name_edit)
        form.addRow(name_label, self.name_edit)
        self.category_combo = QComboBox(self)
        for category in AreaCategory:
            self.category_combo.addItem(enum_label(category), category.value)
        category_label = QLabel(self.tr("&Categoria:"), self)
        category_label.setBuddy(self.category_combo)
        form.addRow(category_label, self.category_combo)
        self.shared_check = QCheckBox(self.tr("C&ondivisa con gli altri comandi"), self)
        form.addRow("", self.shared_check)
        rule = QHBoxLayout()
        self.watch_check = QCheckBox(self.tr("&Sorveglia: avvisa con"), self)
        self.count_spin = QSpinBox(self)
        self.count_spin.setRange(1, MAX_WATCH_COUNT)
        self.count_spin.setValue(3)
        self.count_spin.setAccessibleName(self.tr("Numero di interventi"))
        self.hours_spin = QSpinBox(self)
        self.hours_spin.setRange(1, MAX_WATCH_HOURS)
        self.hours_spin.setValue(6)
        self.hours_spin.setAccessibleName(self.tr("Ore"))
        self.types_edit = QLineEdit(self)
        self.types_edit.setPlaceholderText(self.tr("tipologie, es. DIS, INC.FERITI (vuoto: tutte)"))
        self.types_edit.setAccessibleName(self.tr("Tipologie sorvegliate"))
        rule.addWidget(self.watch_check)
        rule.addWidget(self.count_spin)
        rule.addWidget(QLabel(self.tr("interventi in"), self))
        rule.addWidget(self.hours_spin)
        rule.addWidget(QLabel(self.tr("ore di tipo"), self))
        rule.addWidget(self.types_edit, 1)
        form.addRow(rule)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("area_draw_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Sa&lva area"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setEnabled(False)
        self.save_button.setAutoDefault(False)
        cancel = buttons.addButton(self.tr("Annulla (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_edit.textChanged.connect(self._update_state)
        self._update_state()

    # ------------------------------------------------------------------ map
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.feed.territory is None:
            self.feed.load_territory()
        elif self.view is None:
            QTimer.singleShot(0, self._build)

    def _on_territory(self, _territory: Territory) -> None:
        if self.isVisible() and self.view is None:
            QTimer.singleShot(0, self._build)

    def _build(self) -> None:
        if self.view is not None or self.feed.territory is None or self._building is not None:
            return
        self._building = build_view(self.feed.territory, self, self._built)  # in slices: the dialog stays live

    def _built(self, view: MapView) -> None:
        self._building = None
        view.map_clicked.connect(self.add_vertex)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.view = view
        self.outline = DraftOutline(view.scene(), view.projection)
        self.feed.overlays.attach(view)  # the other areas, to draw beside them
        view.set_home(self.feed.home or [])
        view.setFocus()

    # -------------------------------------------------------------- drawing
    def add_vertex(self, lon: float, lat: float) -> None:
        if self.closed:
            return
        self.vertices.append((lon, lat))
        self._redraw()

    def undo_vertex(self) -> None:
        if self.vertices and not self.closed:
            self.vertices.pop()
            self._redraw()

    def finish(self) -> bool:
        """Close the outline (Enter): needs three vertices."""
        if self.closed or len(self.vertices) < MIN_VERTICES:
            return False
        self.closed = True
        self._redraw()
        self.name_edit.setFocus()
        return True

    def _redraw(self) -> None:
        if self.outline is not None:
            self.outline.show(self.vertices)
        self._update_state()

    def _update_state(self) -> None:
        if self.closed:
            self.hint.setText(self.tr("Perimetro chiuso ({0} vertici). Indicare nome e categoria, poi "
                                      "«Salva area».").format(len(self.vertices)))
        else:
            self.hint.setText(self.tr("Fare clic sulla mappa sui vertici dell'area ({0} finora); Invio chiude il "
                                      "perimetro, Backspace toglie l'ultimo vertice, Esc annulla.")
                              .format(len(self.vertices)))
        self.save_button.setEnabled(self.closed and bool(self.name_edit.text().strip()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.closed:
                self.finish()
            elif self.save_button.isEnabled():
                self.save()
            event.accept()
            return
        if key == Qt.Key.Key_Backspace and not self.closed and not self.name_edit.hasFocus():
            self.undo_vertex()
            event.accept()
            return
        super().keyPressEvent(event)  # Esc: reject

    # ---------------------------------------------------------------- saving
    def area_data(self) -> dict:
        ring = [*self.vertices, self.vertices[0]] if self.vertices else []
        data = {"name": self.name_edit.text(), "category": self.category_combo.currentData(),
                "shape": [[ring]], "sharing": "shared" if self.shared_check.isChecked() else "reserved"}
        if self.watch_check.isChecked():
            data.update({"watch_count": self.count_spin.value(), "watch_hours": self.hours_spin.value(),
                         "watch_types": self.types_edit.text() or None})
        return data

    def save(self) -> None:
        if not self.closed:
            return
        from ...store import Store

        self.save_button.setEnabled(False)
        op = WriteOp(self._ctx, Change.TERRITORY | Change.EVENTS, Store.areas.add, self.area_data(),
                     operator=self._ctx.operator_name)
        op.on_done(self._on_saved).on_error(self._on_error).run("territory.area_add")

    def _on_saved(self, area: dict) -> None:
        self.saved.emit(area)
        self.accept()

    def _on_error(self, text: str) -> None:
        self.message.setText(text)
        self._update_state()
