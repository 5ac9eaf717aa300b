"""File dialogs, the same everywhere: built here, shown by the caller with ``open()`` (never
``exec()``: the app's coroutines keep running), Qt's own dialog (the same on every desktop and
in the offscreen tests), the chosen path(s) handed to a slot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


def file_dialog(parent: QWidget, title: str, filters: str, on_chosen: Callable[..., Any], *,
                name: str = "", save: bool = False, many: bool = False, object_name: str = "") -> QFileDialog:
    """A dialog to open one file (``many``: several; ``on_chosen`` gets the list) or to save
    one (``save``; ``name``: the suggested file name or path)."""
    dialog = QFileDialog(parent, title, name, filters)
    if object_name:
        dialog.setObjectName(object_name)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    if many:
        dialog.filesSelected.connect(on_chosen)
    else:
        dialog.fileSelected.connect(on_chosen)
    return dialog


def units_csv_dialog(parent: QWidget, on_chosen: Callable[[str], Any], *, object_name: str = "") -> QFileDialog:
    """The units CSV to import (the registry's import and the setup wizard's units page)."""
    return file_dialog(parent, QCoreApplication.translate("UnitsCsv", "Importa unità da CSV"),
                       QCoreApplication.translate("UnitsCsv", "File CSV (*.csv);;Tutti i file (*)"), on_chosen,
                       object_name=object_name)
