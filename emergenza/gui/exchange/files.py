"""CAP 1.2 / EMSI files in the app (``emergenza/exchange`` does the work, Qt-free).

Export ("Esporta CAP…" / "Esporta EMSI…" in the event detail): a save dialog, then a
``ReadOp`` builds the document and writes it on the store owner's thread (the UI never
waits), through a temporary file renamed at the end: a failure leaves no half-written file.
Reserved events leave only when the role may hand reports out (``Action.RUN_REPORTS``; the
store checks it again).

Import (File → Importa CAP/EMSI…, or .xml/.json files dropped on the events board): one
``WriteOp`` reads and checks every file, then writes them all in ONE transaction — any bad
file or refusal (with the exchange's Italian reason) and nothing is written. The kind of each
file is told by its content (the CAP namespace), else EMSI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...domain.errors import UserError
from ...domain.roles import Action
from ...domain.text import QT_TRANSLATE_NOOP
from ...store import Store
from ..context import AppContext
from ..operations import Change, ReadOp, WriteOp
from ..widgets.file_dialog import file_dialog

if TYPE_CHECKING:
    # CAP/EMSI parsing (lxml) is imported by the first import or export, not at start-up.
    from ...exchange import station

CAP_NAMESPACE = b"urn:oasis:names:tc:emergency:cap:"  # any version: a CAP 1.1 file gets the CAP reason
IMPORT_SUFFIXES = (".xml", ".json")
IMPORT_CHANGES = Change.EVENTS | Change.UNITS | Change.JOURNAL


def importable(path: str) -> bool:
    """A file the board accepts when dropped (its content is checked on import)."""
    return Path(path).suffix.lower() in IMPORT_SUFFIXES



def export_to_file(store: Store, number: str, kind: str, path: str, include_reserved: bool) -> str:
    """On the owner thread: the document of event ``number`` written to ``path``."""
    from ...exchange import station

    target = Path(path)
    if kind == "cap":
        data = station.export_cap(store, number, include_reserved=include_reserved)
    else:
        data = station.export_emsi(store, number, include_reserved=include_reserved,
                                   as_json=target.suffix.lower() == ".json")
    try:
        from ...reports.output import write_bytes  # atomic: a temporary file renamed into place

        write_bytes(target, data)
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Impossibile scrivere {0}: {1}"), target.name,
                        exc.strerror or exc) from None
    return str(target)


def _kind_of(data: bytes) -> str:
    return "cap" if CAP_NAMESPACE in data[:4096] else "emsi"


def import_files(store: Store, paths: list[str]) -> list[station.Imported]:
    """On the owner thread: every file read and checked, then all written or none."""
    from ...exchange import station
    from ...exchange.documents import MAX_DOCUMENT_BYTES

    groups: dict[str, list[tuple[str, bytes]]] = {}
    for path in paths:
        p = Path(path)
        try:
            with p.open("rb") as f:  # one byte over the limit is enough for the exchange to refuse it
                data = f.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("errors", "Impossibile leggere {0}: {1}"), p.name,
                            exc.strerror or exc) from None
        groups.setdefault(_kind_of(data), []).append((p.name, data))
    for kind, files in groups.items():  # every file checked before anything is written
        station.read_documents(kind, files, store.catalogs)
    store.require(Action.INTAKE)  # before the transaction: the refusal's audit row is kept
    with store.transaction():  # CAP and EMSI files of one drop: one batch, all or nothing
        return [done for kind, files in groups.items() for done in station.import_documents(store, kind, files)]


class ExchangeFiles(QObject):
    """Dialogs and background work of one export or import; ``message`` says how it went."""

    message = Signal(str, bool)  # text, is_error

    def __init__(self, ctx: AppContext, parent: QWidget):
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self.dialog: QFileDialog | None = None

    # ---------------------------------------------------------------- export
    def choose_export(self, number: str, kind: str) -> QFileDialog:
        if kind == "cap":
            title, filters, name = (self.tr("Esporta allarme CAP"), self.tr("Allarme CAP 1.2 (*.xml)"),
                                    f"{number}-cap.xml")
        else:
            title, filters, name = (self.tr("Esporta messaggio EMSI"),
                                    self.tr("Messaggio EMSI XML (*.xml);;Messaggio EMSI JSON (*.json)"),
                                    f"{number}-emsi.xml")
        dialog = file_dialog(self._parent, title, filters, lambda path: self.export(number, kind, path),
                             name=name, save=True, object_name="exchangeExportFile")
        self.dialog = dialog
        dialog.open()
        return dialog

    def export(self, number: str, kind: str, path: str) -> None:
        include_reserved = self._ctx.may(Action.RUN_REPORTS)
        ReadOp(self._ctx, export_to_file, number, kind, path, include_reserved).on_done(
            lambda written: self._say(self.tr("Intervento {0} esportato in {1}.").format(number, written))).on_error(
            lambda text: self._say(text, error=True)).run("exchange.export")

    # ---------------------------------------------------------------- import
    def choose_import(self) -> QFileDialog:
        dialog = file_dialog(self._parent, self.tr("Importa allarmi CAP o messaggi EMSI"),
                             self.tr("CAP o EMSI (*.xml *.json);;Tutti i file (*)"), self.import_paths,
                             many=True, object_name="exchangeImportFile")
        self.dialog = dialog
        dialog.open()
        return dialog

    def import_paths(self, paths: list[str]) -> None:
        if not paths:
            return
        WriteOp(self._ctx, IMPORT_CHANGES, import_files, list(paths)).on_done(self._imported).on_error(
            lambda text: self._say(text, error=True)).run("exchange.import")

    def _imported(self, done: list[station.Imported]) -> None:
        lines = []
        for item in done:
            if item.outcome == "created":
                lines.append(self.tr("{0}: nuovo intervento {1}").format(item.name, item.number))
            elif item.outcome == "updated":
                lines.append(self.tr("{0}: aggiornato l'intervento {1}").format(item.name, item.number))
            else:
                lines.append(self.tr("{0}: già importato ({1})").format(item.name, item.number))
        self._say("\n".join(lines))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.emit(text, error)
        icon = QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information
        box = QMessageBox(icon, self.tr("Emergenza"), text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("exchangeMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
