"""Report files made off the UI thread, and choosing where to write them.

A report file (brogliaccio, shift, annual, statistics, CSV export) is read and written
in a worker thread on its own read-only connection to the store
(``StationSource.open``: WAL readers never wait for, nor hold up, the store's owner),
so neither the UI thread nor the owner thread — which every operator's save goes
through — waits for a report, however long the period. Writing is atomic
(``reports.output``): never half a file.

:class:`ReportRunner` runs one such job for a window: ``busy_changed`` while it runs,
then ``finished(result)`` or ``failed(Italian message)``. :func:`choose_output` opens the
file dialog with ``open()`` (never a nested event loop) and calls back with the path.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ...domain.errors import EmergenzaError
from ...reports import document as d
from ...reports import output
from ...reports.source import StationSource
from ...store import Store
from ..context import AppContext
from ..i18n import error_text

log = logging.getLogger(__name__)

Work = Callable[[StationSource], Any]

# Before a report reads, the owner projects the events its commits left to the statistics
# projection (schema v20; usually fewer than a hundred), at most this many (~40-90 ms of its
# thread at 100,000 events, cold): a larger backlog (a long pull) stays with its idle work, and
# the report reads the base tables meanwhile (the same figures, slower, on the worker thread).
REPORT_PROJECT_EVENTS = 2000


def alive(obj: QObject) -> bool:
    """False once Qt has deleted ``obj`` (a report window closed while its work ran)."""
    return shiboken6.isValid(obj)


def while_alive(obj: QObject, callback: Callable[..., object]) -> Callable[..., None]:
    """``callback``, skipped when ``obj`` has been deleted by the time the result arrives."""
    def call(*args: Any) -> None:
        if alive(obj):
            callback(*args)
    return call


def store_path(ctx: AppContext) -> Path:
    return Path(ctx.owner.path or ctx.paths.db)


def _run_on_own_connection(path: Path, catalogs: Any, work: Work) -> Any:
    with StationSource.open(path, catalogs) as src:
        return work(src)


async def in_worker(ctx: AppContext, work: Work) -> Any:
    """``work(src)`` in a thread of its own, on its own read-only connection to the store
    (the statistics projection first brought up to date by the owner, bounded).

    One short-lived thread per report (not the loop's executor, whose idle threads outlive
    the loop): a daemon, so closing the app never waits for a long export — whose file,
    written atomically, is then simply not there."""
    await _project_statistics(ctx)
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()
    path, catalogs = store_path(ctx), ctx.catalogs

    def deliver(outcome: Callable[[], None]) -> None:
        if not future.done():  # not cancelled meanwhile
            outcome()

    def hand_back(outcome: Callable[[], None]) -> None:
        try:
            loop.call_soon_threadsafe(deliver, outcome)
        except RuntimeError:  # the loop is closed: the app has quit meanwhile
            log.info("report finished after the app closed")

    def run() -> None:
        try:
            result = _run_on_own_connection(path, catalogs, work)
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            hand_back(lambda error=exc: future.set_exception(error))
        else:
            hand_back(lambda: future.set_result(result))

    threading.Thread(target=run, name="report", daemon=True).start()
    return await future


async def _project_statistics(ctx: AppContext) -> None:
    try:
        await ctx.owner.call(Store.maintenance.project_statistics, REPORT_PROJECT_EVENTS)
    except Exception:  # the report then reads the base tables: exact, only slower
        log.exception("statistics projection not brought up to date before a report")


def write_document(build: Callable[[StationSource], d.Document], target: Path) -> Work:
    """Work that builds a document and writes it (PDF or CSV after the suffix); returns the path."""
    def work(src: StationSource) -> Path:
        return output.write(build(src), target)
    return work


class ReportRunner(QObject):
    """One report job at a time for a window (a second request waits for the first to end)."""

    busy_changed = Signal(bool)
    finished = Signal(object)   # the work's result: a Path, a Document, a count
    failed = Signal(str)        # the person's message, translated
    elapsed = Signal(int)       # seconds since the job started, while it runs

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._task: asyncio.Task | None = None
        self._then: Callable[[Any], object] | None = None
        self._started = 0.0
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(lambda: self.elapsed.emit(int(time.monotonic() - self._started)))

    @property
    def busy(self) -> bool:
        return self._task is not None

    def run(self, work: Work, name: str, then: Callable[[Any], object] | None = None) -> bool:
        """Start ``work(src)`` in a worker thread, its result to ``then`` and ``finished``;
        False (and nothing started) while another job runs."""
        if self._task is not None:
            return False
        self._then = then
        self._started = time.monotonic()
        self._ticker.start()
        self.busy_changed.emit(True)
        task = self._ctx.tasks.run(self._job(work), on_done=self._on_done, on_error=self._on_error, name=name)
        self._task = task
        task.add_done_callback(self._reset_if_cancelled_early)
        return True

    def _reset_if_cancelled_early(self, task: asyncio.Task) -> None:
        if self._task is task and alive(self):  # cancelled before the job began: its ``finally`` never ran
            self._task = None
            self._ticker.stop()
            self.busy_changed.emit(False)

    async def _job(self, work: Work) -> Any:
        try:
            return await in_worker(self._ctx, work)
        finally:  # idle again before the result is handed on: a handler may start the next job
            self._task = None
            if alive(self):
                self._ticker.stop()
                self.busy_changed.emit(False)

    def _on_done(self, result: Any) -> None:
        then, self._then = self._then, None
        if not alive(self):  # its window was closed meanwhile: nobody to tell
            return
        if then is not None:
            then(result)
        self.finished.emit(result)

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, EmergenzaError):
            log.warning("report not written: %s", exc)
        else:
            log.error("report failed", exc_info=exc)
        if alive(self):
            self.failed.emit(report_error_text(exc))


def report_error_text(exc: BaseException) -> str:
    """The person's message for a report that failed: the disk's errors said in Italian."""
    if not isinstance(exc, OSError):
        return error_text(exc)
    reasons = {errno.EEXIST: QCoreApplication.translate("ReportFiles", "al suo posto c'è un file"),
               errno.ENOTDIR: QCoreApplication.translate("ReportFiles", "al posto di una cartella c'è un file"),
               errno.EACCES: QCoreApplication.translate("ReportFiles", "permesso negato"),
               errno.EPERM: QCoreApplication.translate("ReportFiles", "permesso negato"),
               errno.ENOSPC: QCoreApplication.translate("ReportFiles", "disco pieno"),
               errno.EROFS: QCoreApplication.translate("ReportFiles", "disco di sola lettura"),
               errno.ENOENT: QCoreApplication.translate("ReportFiles", "cartella inesistente")}
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    if exc.filename:
        return QCoreApplication.translate("ReportFiles", "Impossibile scrivere {0}: {1}.").format(exc.filename, reason)
    return QCoreApplication.translate("ReportFiles", "Impossibile scrivere il rapporto: {0}.").format(reason)


class OutputFolder:
    """Where the next save dialog opens: the last folder chosen in this session."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or default_folder()

    def remember(self, path: Path) -> None:
        if path.parent.is_dir():
            self.folder = path.parent


def default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def choose_output(parent: QWidget, title: str, suggested: Path, on_chosen: Callable[[Path], object], *,
                  formats: tuple[str, ...] = ("pdf", "csv")) -> QFileDialog:
    """A save dialog for ``suggested`` (folder and name), shown with ``open()``."""
    names = {"pdf": QCoreApplication.translate("ReportFiles", "Documento PDF (*.pdf)"),
             "csv": QCoreApplication.translate("ReportFiles", "CSV per Excel (*.csv)")}
    dialog = QFileDialog(parent, title, str(suggested), ";;".join(names[f] for f in formats))
    dialog.setObjectName("reportFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suggested.suffix.lstrip(".") or formats[0])
    wanted = names.get(suggested.suffix.lstrip(".").lower())
    if wanted:
        dialog.selectNameFilter(wanted)
    # The suffix typed wins; without one, the chosen filter's.
    dialog.filterSelected.connect(lambda text: dialog.setDefaultSuffix("csv" if "*.csv" in text else "pdf"))
    dialog.fileSelected.connect(lambda path: on_chosen(Path(path)))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
