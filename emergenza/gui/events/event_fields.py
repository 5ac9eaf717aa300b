"""The editable fields of an event, shared by the intake form and the event detail.

Each field has its own inline error label (Italian, from the store's ValidationError; the
labels live in ``field_errors``). Type and municipality are typed with a completer and
resolved to their codes. One job, one widget: the fields, what they hold (values, drafts)
and how an edit reacts are read together, so it stays a single module.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ...domain.catalogs import fold
from ...domain.enums import Channel, Sharing
from ...domain.errors import ValidationError
from ...domain.validation import validate_event
from ...store.core import clean
from ..i18n import enum_label
from ..map.pick_dialog import format_degrees
from ..operations import Change
from ..widgets.labels import municipality_label, priority_label, type_label, type_protocol
from .field_errors import ERROR_SLOT, FieldErrors
from .municipality_lookup import MunicipalityLookup


class EventFields(QWidget):
    edited = Signal()  # any user edit (drafts, dirty flags)
    type_chosen = Signal(str)  # a type code was resolved
    location_changed = Signal()  # municipality, address or phone (prior events)
    map_pick_requested = Signal()  # "Scegli sulla mappa…": the window opens the map

    def __init__(self, ctx, parent: QWidget | None = None, *, with_outcome: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        self._type_code: str | None = None
        self._istat: str | None = None
        self._with_outcome = with_outcome
        self._field_errors = FieldErrors()
        self._errors = self._field_errors.labels
        self._setup_ui()

    # ---------------------------------------------------------------- set-up
    def _setup_ui(self) -> None:
        cat = self.ctx.catalogs
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.type_edit = QLineEdit()
        self.type_edit.setObjectName("type")
        self.type_edit.setPlaceholderText(self.tr("Digitare per cercare la tipologia…"))
        self._type_by_label: dict[str, str] = {}
        self._type_list = QStringListModel(self)
        self.type_completer = QCompleter(self._type_list, self)
        self._fill_types()
        self.ctx.signals.changed.connect(self._on_data_changed)
        self.type_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.type_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.type_completer.setMaxVisibleItems(15)
        self.type_edit.setCompleter(self.type_completer)
        self.type_completer.activated.connect(self._on_type_activated)
        self.type_edit.textEdited.connect(self._on_type_edited)
        self.type_edit.editingFinished.connect(self._on_type_editing_finished)
        self.protocol_label = QLabel()
        self.protocol_label.setObjectName("protocol")
        self.protocol_label.setWordWrap(True)
        self.protocol_label.setStyleSheet("color: #0b4f8a;")
        self.protocol_label.hide()
        type_box = self._field_errors.wrap("type_code", self.type_edit, extra=self.protocol_label)
        form.addRow(self.tr("Tipolo&gia"), type_box)  # Alt+T is the Territorio menu
        form.labelForField(type_box).setBuddy(self.type_edit)

        self.priority_combo = QComboBox()
        self.priority_combo.setObjectName("priority")
        self._fill_priorities()
        self.priority_combo.currentIndexChanged.connect(self._on_priority_changed)
        self._add(form, self.tr("&Priorità"), "priority", self.priority_combo)

        self.municipality_edit = QLineEdit()
        self.municipality_edit.setObjectName("municipality")
        self.municipality_edit.setPlaceholderText(self.tr("Comune (elenco ISTAT)"))
        self._munis = MunicipalityLookup(cat)
        self.muni_model = QStringListModel(self)
        self.muni_completer = QCompleter(self.muni_model, self)
        # The catalog search already filters (accent-insensitive): the completer shows it as is.
        self.muni_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.municipality_edit.setCompleter(self.muni_completer)
        self.muni_completer.activated.connect(self._on_municipality_activated)
        self.municipality_edit.textEdited.connect(self._on_municipality_edited)
        self.municipality_edit.editingFinished.connect(self._on_municipality_editing_finished)
        self._add(form, self.tr("&Comune"), "municipality_istat", self.municipality_edit)

        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("address")
        self.address_edit.textEdited.connect(self._on_location_edited)
        self._add(form, self.tr("In&dirizzo"), "address", self.address_edit)

        coords = QWidget()
        row = QHBoxLayout(coords)
        row.setContentsMargins(0, 0, 0, 0)
        self.lat_edit = QLineEdit()
        self.lat_edit.setObjectName("lat")
        self.lat_edit.setPlaceholderText(self.tr("latitudine (es. 45,6983)"))
        self.lon_edit = QLineEdit()
        self.lon_edit.setObjectName("lon")
        self.lon_edit.setPlaceholderText(self.tr("longitudine (es. 9,6773)"))
        self.map_button = QPushButton(self.tr("Scegli sulla &mappa…"))
        self.map_button.setObjectName("pick_on_map")
        self.map_button.setToolTip(self.tr("Un clic sulla mappa inserisce latitudine e longitudine"))
        self.map_button.clicked.connect(self.map_pick_requested)
        # Out of the Tab chain (the call is typed field after field); Alt+M reaches it.
        self.map_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.lat_edit)
        row.addWidget(self.lon_edit)
        row.addWidget(self.map_button)
        self._add(form, self.tr("C&oordinate"), "lat", coords)

        self.caller_name_edit = QLineEdit()
        self.caller_name_edit.setObjectName("caller_name")
        self._add(form, self.tr("C&hiamante"), "caller_name", self.caller_name_edit)

        self.caller_phone_edit = QLineEdit()
        self.caller_phone_edit.setObjectName("caller_phone")
        self.caller_phone_edit.textEdited.connect(self._on_location_edited)
        self._add(form, self.tr("Te&lefono"), "caller_phone", self.caller_phone_edit)

        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel")
        for ch in Channel:
            self.channel_combo.addItem(enum_label(ch), ch.value)
        self.channel_combo.currentIndexChanged.connect(self._on_channel_changed)
        self._add(form, self.tr("Ca&nale"), "channel", self.channel_combo)

        self.nue_edit = QLineEdit()
        self.nue_edit.setObjectName("nue_contact_id")
        self.nue_edit.setPlaceholderText(self.tr("identificativo del contatto 112"))
        self._nue_box = self._field_errors.wrap("nue_contact_id", self.nue_edit)
        self._nue_label = QLabel(self.tr("Contatto NUE"))
        self._nue_label.setBuddy(self.nue_edit)
        form.addRow(self._nue_label, self._nue_box)

        self.sharing_combo = QComboBox()
        self.sharing_combo.setObjectName("sharing")
        for sh in Sharing:
            self.sharing_combo.addItem(enum_label(sh), sh.value)
        self._add(form, self.tr("Condivisione"), "sharing", self.sharing_combo)

        self.exercise_check = QCheckBox(self.tr("Esercita&zione"))
        self.exercise_check.setObjectName("exercise")
        self._add(form, "", "exercise", self.exercise_check)

        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(60)
        self._add(form, self.tr("D&escrizione"), "description", self.description_edit)

        self.outcome_edit = QLineEdit()
        self.outcome_edit.setObjectName("outcome")
        if self._with_outcome:
            self._add(form, self.tr("Esito"), "outcome", self.outcome_edit)
        else:
            self.outcome_edit.hide()

        for w in (self.address_edit, self.lat_edit, self.lon_edit, self.caller_name_edit,
                  self.caller_phone_edit, self.nue_edit, self.outcome_edit, self.type_edit,
                  self.municipality_edit):
            w.textEdited.connect(self._on_edited)
        self.description_edit.textChanged.connect(self._on_edited)
        for c in (self.channel_combo, self.sharing_combo):
            c.currentIndexChanged.connect(self._on_edited)
        self.exercise_check.toggled.connect(self._on_edited)
        self._on_channel_changed()

    def _add(self, form: QFormLayout, label: str, name: str, editor: QWidget) -> None:
        box = self._field_errors.wrap(name, editor)
        form.addRow(label, box)
        lab = form.labelForField(box)
        if isinstance(lab, QLabel) and label:
            lab.setBuddy(editor)

    # ------------------------------------------------------------- reactions
    def _on_edited(self, *_: Any) -> None:
        if not self._loading:
            self._recheck_errors()
            self.edited.emit()

    def _recheck_errors(self) -> None:
        """An inline error goes as soon as its field is valid: the fields showing one are
        checked again, with the store's own (pure) validation, after every edit."""
        shown = self._field_errors.shown()
        if not shown:
            return
        values = {k: clean(v) for k, v in self.values().items()}
        for coord in ("lat", "lon"):
            with contextlib.suppress(ValueError):  # left as text: validation names the field
                values[coord] = float(str(values[coord]).replace(",", ".")) if values[coord] is not None else None
        failing = {ERROR_SLOT.get(e.field, e.field) for e in validate_event(values, self.ctx.catalogs)}
        self._field_errors.hide_passing(shown, failing)

    def _on_type_edited(self, text: str) -> None:
        code = self._type_by_label.get(text.strip()) or self._type_folded.get(fold(text))
        self._set_type(code, from_user=True)

    def _fill_types(self) -> None:
        """The types the intake offers (retired ones no more), from the station's catalog."""
        offered = [t.code for t in self.ctx.catalogs.offered_event_types()]
        self._type_by_label = {type_label(self.ctx, code): code
                               for code in sorted(offered, key=lambda c: type_label(self.ctx, c).lower())}
        self._type_folded = {fold(label): code for label, code in self._type_by_label.items()}
        self._type_list.setStringList(list(self._type_by_label))

    def _fill_priorities(self) -> None:
        """The station's scale, most urgent first, in its colours (the choice is kept)."""
        combo = self.priority_combo
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for level in self.ctx.catalogs.priorities_by_urgency():
            combo.addItem(priority_label(self.ctx, level.code), level.code)
            i = combo.count() - 1
            combo.setItemData(i, QColor(level.color), Qt.ItemDataRole.BackgroundRole)
            combo.setItemData(i, QColor(level.text_color), Qt.ItemDataRole.ForegroundRole)
        combo.setCurrentIndex(combo.findData(chosen) if chosen else -1)
        combo.blockSignals(False)

    def _on_data_changed(self, changes: Any) -> None:
        if changes & Change.CATALOGS:
            self._fill_priorities()
            self._fill_types()
            self._set_type(self._type_code, from_user=False)  # its protocol text may have changed

    def _on_type_activated(self, text: str) -> None:
        self._set_type(self._type_by_label.get(text), from_user=True)
        self._on_edited()

    def _on_type_editing_finished(self) -> None:
        text = self.type_edit.text().strip()
        if not text or self._type_code:
            return
        hits = self.ctx.catalogs.search_event_types(text, limit=2)
        if len(hits) == 1:  # an unambiguous partial name is taken as typed
            self.type_edit.setText(type_label(self.ctx, hits[0].code))
            self._set_type(hits[0].code, from_user=True)
            self._on_edited()

    def _set_type(self, code: str | None, *, from_user: bool) -> None:
        changed = code != self._type_code
        self._type_code = code
        protocol = type_protocol(self.ctx, code)
        self.protocol_label.setText(protocol)
        self.protocol_label.setVisible(bool(protocol))
        if code and changed and from_user:
            self.set_priority(self.ctx.catalogs.event_types[code].priority)
            self._errors["type_code"].hide()
            self.type_chosen.emit(code)

    def _on_priority_changed(self, _index: int) -> None:
        code = self.priority_combo.currentData()
        level = self.ctx.catalogs.priorities.get(code or "")
        if level is not None:
            self.priority_combo.setStyleSheet(
                f"QComboBox {{ background: {level.color}; color: {level.text_color}; }}")
        else:
            self.priority_combo.setStyleSheet("")
        self._on_edited()

    def _on_municipality_edited(self, text: str) -> None:
        hits = self.ctx.catalogs.search_municipalities(text, limit=20)
        self.muni_model.setStringList([municipality_label(self.ctx.catalogs, m.istat) for m in hits])
        self._istat = self._munis.resolve(text)
        self._on_location_edited()

    def _on_municipality_activated(self, text: str) -> None:
        # In unfiltered mode the line edit keeps what was typed: put the chosen name in.
        QTimer.singleShot(0, lambda: self.municipality_edit.setText(text))
        self._istat = self._munis.by_label.get(text)
        self._errors["municipality_istat"].hide()
        self._on_location_edited()
        self._on_edited()

    def _on_municipality_editing_finished(self) -> None:
        text = self.municipality_edit.text().strip()
        if not text or self._istat:
            return
        hits = self.ctx.catalogs.search_municipalities(text, limit=2)
        if len(hits) == 1:  # an unambiguous partial name is taken as typed
            self._istat = hits[0].istat
            self.municipality_edit.setText(municipality_label(self.ctx.catalogs, hits[0].istat))
            self._on_location_edited()
            self._on_edited()

    def _on_location_edited(self, *_: Any) -> None:
        if not self._loading:
            self.location_changed.emit()

    def _on_channel_changed(self, *_: Any) -> None:
        nue = self.channel_combo.currentData() == Channel.NUE112.value
        self._nue_box.setVisible(nue)
        self._nue_label.setVisible(nue)

    # ---------------------------------------------------------------- values
    @property
    def type_code(self) -> str | None:
        return self._type_code

    @property
    def municipality_istat(self) -> str | None:
        return self._istat

    def set_priority(self, code: str | None) -> None:
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(code) if code else -1)

    def coordinates(self) -> tuple[float, float] | None:
        """(lon, lat) as typed, when both read as numbers (decimal comma or point)."""
        try:
            return (float(self.lon_edit.text().strip().replace(",", ".")),
                    float(self.lat_edit.text().strip().replace(",", ".")))
        except ValueError:
            return None

    def coordinate_texts(self) -> tuple[str, str]:
        return self.lat_edit.text(), self.lon_edit.text()

    def set_coordinate_texts(self, texts: tuple[str, str]) -> None:
        """Put back what the coordinate fields held (a cancelled choice on the map)."""
        if texts != self.coordinate_texts():
            self.lat_edit.setText(texts[0])
            self.lon_edit.setText(texts[1])
            self._errors["lat"].hide()
            self._on_edited()

    def set_coordinates(self, lat: float, lon: float, *, municipality_istat: str | None = None) -> bool:
        """A point chosen on the map, checked with the store's coordinate rules; the
        municipality under it fills the municipality field when that is still empty.
        False (and the rule's message under the field) when the point is refused."""
        errors = validate_event({"lat": lat, "lon": lon}, self.ctx.catalogs, partial=True)
        label = self._errors["lat"]
        if errors:
            label.setText("\n".join(QCoreApplication.translate("validation", e.message) for e in errors))
            label.show()
            return False
        label.hide()
        self.lat_edit.setText(format_degrees(lat, self.ctx.language))
        self.lon_edit.setText(format_degrees(lon, self.ctx.language))
        if (municipality_istat in self.ctx.catalogs.municipalities and not self._istat
                and not self.municipality_edit.text().strip()):
            self.municipality_edit.setText(municipality_label(self.ctx.catalogs, municipality_istat))
            self._istat = municipality_istat
            self._errors["municipality_istat"].hide()
            self._on_location_edited()
        self._on_edited()
        return True

    def values(self) -> dict[str, Any]:
        """The store's input fields (raw text: the store cleans and validates)."""
        muni_text = self.municipality_edit.text().strip()
        out: dict[str, Any] = {
            "type_code": self._type_code or (self.type_edit.text().strip() or None),
            "priority": self.priority_combo.currentData(),
            # Unresolved text is passed on so the store names the field.
            "municipality_istat": self._istat or (muni_text or None),
            "address": self.address_edit.text(),
            "lat": self.lat_edit.text().strip() or None,
            "lon": self.lon_edit.text().strip() or None,
            "caller_name": self.caller_name_edit.text(),
            "caller_phone": self.caller_phone_edit.text(),
            "channel": self.channel_combo.currentData(),
            "nue_contact_id": self.nue_edit.text() if self.channel_combo.currentData() == Channel.NUE112 else None,
            "sharing": self.sharing_combo.currentData(),
            "exercise": self.exercise_check.isChecked(),
            "description": self.description_edit.toPlainText(),
        }
        if self._with_outcome:
            out["outcome"] = self.outcome_edit.text()
        return out

    def state(self) -> dict[str, Any]:
        """Everything typed, including half-typed text (for drafts)."""
        return {
            "type_text": self.type_edit.text(), "type_code": self._type_code,
            "priority": self.priority_combo.currentData(),
            "municipality_text": self.municipality_edit.text(), "municipality_istat": self._istat,
            "address": self.address_edit.text(), "lat": self.lat_edit.text(), "lon": self.lon_edit.text(),
            "caller_name": self.caller_name_edit.text(), "caller_phone": self.caller_phone_edit.text(),
            "channel": self.channel_combo.currentData(), "nue_contact_id": self.nue_edit.text(),
            "sharing": self.sharing_combo.currentData(), "exercise": self.exercise_check.isChecked(),
            "description": self.description_edit.toPlainText(), "outcome": self.outcome_edit.text(),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.type_edit.setText(state.get("type_text") or "")
            code = state.get("type_code")
            self._set_type(code if code in self.ctx.catalogs.event_types else None, from_user=False)
            self.set_priority(state.get("priority"))
            self.municipality_edit.setText(state.get("municipality_text") or "")
            istat = state.get("municipality_istat")
            self._istat = istat if istat in self.ctx.catalogs.municipalities else None
            self.address_edit.setText(state.get("address") or "")
            self.lat_edit.setText(_text(state.get("lat")))
            self.lon_edit.setText(_text(state.get("lon")))
            self.caller_name_edit.setText(state.get("caller_name") or "")
            self.caller_phone_edit.setText(state.get("caller_phone") or "")
            self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(state.get("channel") or "phone")))
            self.nue_edit.setText(state.get("nue_contact_id") or "")
            self.sharing_combo.setCurrentIndex(
                max(0, self.sharing_combo.findData(state.get("sharing") or Sharing.RESERVED.value)))
            self.exercise_check.setChecked(bool(state.get("exercise")))
            self.description_edit.setPlainText(state.get("description") or "")
            self.outcome_edit.setText(state.get("outcome") or "")
        finally:
            self._loading = False
        self.clear_errors()

    def set_event(self, row: dict[str, Any]) -> None:
        """Fill from a stored event row."""
        self.set_state({
            **row,
            "type_text": type_label(self.ctx, row.get("type_code")),
            "municipality_text": municipality_label(self.ctx.catalogs, row.get("municipality_istat")),
        })

    def clear(self) -> None:
        self.set_state({})
        self.muni_model.setStringList([])

    # ---------------------------------------------------------------- errors
    def clear_errors(self) -> None:
        self._field_errors.clear()

    def show_errors(self, exc: ValidationError) -> QWidget | None:
        """Show each message next to its field; returns the first field's editor to focus."""
        shown = self._field_errors.show(exc)
        return next((editor for slot, editor in self._editors_in_order() if slot in shown), None)

    def error_text(self, field: str) -> str:
        return self._field_errors.text(field)

    def _editors_in_order(self) -> list[tuple[str, QWidget]]:
        return [("type_code", self.type_edit), ("priority", self.priority_combo),
                ("municipality_istat", self.municipality_edit), ("address", self.address_edit),
                ("lat", self.lat_edit), ("caller_name", self.caller_name_edit),
                ("caller_phone", self.caller_phone_edit), ("channel", self.channel_combo),
                ("nue_contact_id", self.nue_edit), ("sharing", self.sharing_combo),
                ("exercise", self.exercise_check), ("description", self.description_edit),
                ("outcome", self.outcome_edit)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)
