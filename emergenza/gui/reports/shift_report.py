"""The shift-end report, written automatically when a shift closes.

It goes beside the store's backups (``backups.BackupPolicy``: the ``backup`` folder next
to the store) as ``rapporto-fineturno-YYYYMMDD-HHMMSS-<shift id>.pdf``, the time being
the shift's end in Italian local time: one file per shift, found by its date, never
pruned with the database copies (their names differ). It is read and written in a
worker thread after the shift is closed: a report that fails never undoes or holds up
the close, it is logged and said in the status bar.

Whoever closes the shift gets it, whatever their role: it is part of closing, declared as
``domain.roles.Duty.SHIFT_END_REPORT``, not a report someone runs (those need
``Action.RUN_REPORTS``, ``permissions.py``). It is written only for a shift that is closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...backups import BackupPolicy
from ...domain.roles import Duty
from ...reports import output, shift
from ...reports.localtime import local
from ...reports.source import StationSource
from ..context import AppContext
from .jobs import in_worker, report_error_text, store_path

log = logging.getLogger(__name__)

PREFIX = "rapporto-fineturno"


def report_folder(ctx: AppContext) -> Path:
    """The folder of the store's backups (the scheduler's, or the same rule without one)."""
    if ctx.backups is not None:
        return ctx.backups.policy.folder
    return BackupPolicy.for_db(store_path(ctx)).folder


def report_name(shift_row: dict[str, Any]) -> str:
    """``rapporto-fineturno-YYYYMMDD-HHMMSS-<shift id>.pdf`` (end of the shift, local time)."""
    ended = local(shift_row.get("ended_at") or shift_row.get("started_at"))
    stamp = ended.strftime("%Y%m%d-%H%M%S") if ended else "00000000-000000"
    return f"{PREFIX}-{stamp}-{shift_row['id']}.pdf"


def _write(folder: Path, target: Path, shift_id: str, operator: str) -> Callable[[StationSource], Path]:
    def work(src: StationSource) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return output.write(shift.build(src, shift_id, generated_by=operator), target)
    return work


class ShiftReportWriter(QObject):
    """Writes the report of each closed shift; ``written(path)`` or ``failed(message)``."""

    written = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx

    def shift_closed(self, shift_row: dict[str, Any]) -> None:
        """Start writing the report of ``shift_row`` (a closed shift); never raises."""
        try:
            if not shift_row.get("ended_at"):  # Duty.SHIFT_END_REPORT comes with the close, not before
                log.info("%s of %s not written: the shift is still open", Duty.SHIFT_END_REPORT, shift_row.get("id"))
                return
            folder = report_folder(self._ctx)
            target = folder / report_name(shift_row)
            work = _write(folder, target, shift_row["id"], self._ctx.operator_name)
            self._ctx.tasks.run(in_worker(self._ctx, work), on_done=self._on_done, on_error=self._on_error,
                                name="reports.shift_end")
        except Exception as exc:  # noqa: BLE001 - the shift is closed whatever happens here
            self._on_error(exc)

    def _on_done(self, path: Path) -> None:
        log.info("shift-end report written: %s", path)
        self.written.emit(str(path))

    def _on_error(self, exc: BaseException) -> None:
        log.error("shift-end report not written", exc_info=exc)
        self.failed.emit(self.tr("Il rapporto di fine turno non è stato salvato: {0}").format(report_error_text(exc)))
