"""The detail's "Collegamenti ed enti" tab: the major event this one is under (link and
unlink by number, for the roles that may), the events under it, and the agencies
informed or requested with their times.

A shared event may sit under a major event reserved to another corps, which never comes
here: the sync keeps the link aside (``Store.sync_issues.reserved_parent``) and the tab
says "riservato (altro comando)" instead of the parent's number; nothing to unlink here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action
from ...store import Store
from ..operations import Change, ReadOp, WriteOp
from ..widgets.tables import select_whole_rows
from .dispatch_models import AgenciesModel, ChildrenModel


def _load(store: Store, event_id: str) -> dict[str, Any]:
    event = store.events.get(event_id)
    parent = store.events.get(event["parent_id"]) if event["parent_id"] else None
    hidden = None if parent else store.sync_issues.reserved_parent(event_id)
    return {"event": event, "parent": parent, "reserved_parent": hidden, "children": store.events.children(event_id),
            "agencies": store.events.agencies(event_id)}


def _link_by_number(store: Store, event_id: str, number: str, *, operator: str) -> dict[str, Any]:
    return store.events.link(event_id, store.events.get_by_number(number)["id"], operator=operator)


class DispatchPanel(QWidget):
    message = Signal(str, bool)  # text, is an error
    open_event = Signal(str)  # a child chosen (Enter / double click)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id: str | None = None
        col = QVBoxLayout(self)
        self.parent_label = QLabel()
        self.parent_label.setObjectName("parent_event")
        col.addWidget(self.parent_label)
        link_row = QHBoxLayout()
        self.parent_edit = QLineEdit()
        self.parent_edit.setObjectName("parent_number")
        self.parent_edit.setPlaceholderText(self.tr("numero dell'evento principale, es. BG01-2026-000123"))
        self.link_label = link_label = QLabel(self.tr("Evento &principale:"))
        link_label.setBuddy(self.parent_edit)
        self.link_button = QPushButton(self.tr("Co&llega"))
        self.link_button.setObjectName("link")
        self.unlink_button = QPushButton(self.tr("Scolle&ga"))
        self.unlink_button.setObjectName("unlink")
        for w in (link_label, self.parent_edit, self.link_button, self.unlink_button):
            link_row.addWidget(w, 1 if w is self.parent_edit else 0)
        col.addLayout(link_row)
        col.addWidget(QLabel(self.tr("Interventi collegati a questo evento:")))
        self.children_model = ChildrenModel(ctx.catalogs, self)
        self.children_view = QTableView()
        self.children_view.setObjectName("children")
        self.children_view.setModel(self.children_model)
        select_whole_rows(self.children_view)
        self.children_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.children_view.horizontalHeader().setStretchLastSection(True)
        self.children_view.activated.connect(self._on_child_activated)
        col.addWidget(self.children_view, 1)

        agency_row = QHBoxLayout()
        self.agency_combo = QComboBox()
        self.agency_combo.setObjectName("agency")
        for agency in sorted(ctx.catalogs.agencies.values(), key=lambda a: a.name):
            self.agency_combo.addItem(agency.name, agency.code)
        agency_label = QLabel(self.tr("&Ente:"))
        agency_label.setBuddy(self.agency_combo)
        self.agency_kind = QComboBox()
        self.agency_kind.setObjectName("agency_kind")
        self.agency_kind.addItem(self.tr("informato"), "informed")
        self.agency_kind.addItem(self.tr("intervento richiesto"), "requested")
        self.agency_button = QPushButton(self.tr("&Registra ente"))
        self.agency_button.setObjectName("record_agency")
        for w in (agency_label, self.agency_combo, self.agency_kind, self.agency_button):
            agency_row.addWidget(w)
        agency_row.addStretch(1)
        col.addLayout(agency_row)
        self.agencies_model = AgenciesModel(ctx.catalogs, self)
        self.agencies_view = QTableView()
        self.agencies_view.setObjectName("agencies")
        self.agencies_view.setModel(self.agencies_model)
        select_whole_rows(self.agencies_view)
        self.agencies_view.horizontalHeader().setStretchLastSection(True)
        col.addWidget(self.agencies_view, 1)

        self.link_button.clicked.connect(self._on_link)
        self.parent_edit.returnPressed.connect(self._on_link)
        self.unlink_button.clicked.connect(self._on_unlink)
        self.agency_button.clicked.connect(self._on_record_agency)
        self.apply_role()

    def apply_role(self) -> None:
        """Linking is for the coordinatore and above: hidden from the others."""
        allowed = self.ctx.may(Action.LINK)
        for w in (self.link_label, self.parent_edit, self.link_button, self.unlink_button):
            w.setVisible(allowed)
        self.agency_button.setEnabled(self.ctx.may(Action.NOTE))

    def show_event(self, event_id: str) -> None:
        self.event_id = event_id
        self.reload()

    def reload(self) -> None:
        if not self.event_id:
            return
        event_id = self.event_id
        ReadOp(self.ctx, _load, event_id).on_done(
            lambda data: self._on_loaded(data) if event_id == self.event_id else None).on_error(
            lambda text: self.message.emit(text, True)).run("detail.dispatch")

    def _on_loaded(self, data: dict[str, Any]) -> None:
        parent = data["parent"]
        if parent:
            text = self.tr("Collegato all'evento principale {0}.").format(parent["number"])
        elif data.get("reserved_parent"):
            text = self.tr("Collegato a un evento principale riservato (altro comando).")
        else:
            text = self.tr("Non collegato a un evento principale.")
        self.parent_label.setText(text)
        self.unlink_button.setEnabled(parent is not None)
        self.children_model.set_rows(data["children"], self.ctx.catalogs)
        self.agencies_model.set_rows(data["agencies"])

    def _on_link(self) -> None:
        number = self.parent_edit.text().strip()
        if not self.event_id or not number:
            self.message.emit(self.tr("Indicare il numero dell'evento principale."), True)
            return

        def linked(_ev: dict[str, Any]) -> None:
            self.parent_edit.clear()
            self.message.emit(self.tr("Intervento collegato all'evento principale {0}.").format(number.upper()), False)

        WriteOp(self.ctx, Change.EVENTS | Change.JOURNAL, _link_by_number, self.event_id, number,
                operator=self.ctx.operator_name).on_done(linked).on_error(
            lambda text: self.message.emit(text, True)).run("detail.link")

    def _on_unlink(self) -> None:
        if not self.event_id:
            return
        WriteOp(self.ctx, Change.EVENTS | Change.JOURNAL, Store.events.unlink, self.event_id,
                operator=self.ctx.operator_name).on_done(
            lambda _ev: self.message.emit(self.tr("Intervento scollegato."), False)).on_error(
            lambda text: self.message.emit(text, True)).run("detail.unlink")

    def _on_record_agency(self) -> None:
        if not self.event_id:
            return
        agency, kind = self.agency_combo.currentData(), self.agency_kind.currentData()
        WriteOp(self.ctx, Change.EVENTS | Change.JOURNAL, Store.events.record_agency, self.event_id, agency, kind,
                operator=self.ctx.operator_name).on_done(
            lambda _ev: self.message.emit(self.tr("Ente registrato."), False)).on_error(
            lambda text: self.message.emit(text, True)).run("detail.agency")

    def _on_child_activated(self, index) -> None:
        child = self.children_model.event_at(index.row())
        if child is not None:
            self.open_event.emit(child["id"])
