"""Composition root of the desktop app: builds everything once and runs the qasync loop.

    store owner (one thread) → AppContext (owner, catalogs, tasks, signals, settings)
    → MainWindow + sync UI (with the app's ONE httpx client) + backups
    → setup wizard (first run: creates the first operator and signs them in) → sign-in

The store starts acting for nobody (``roles.NOBODY``): every guarded write is refused until
an operator signs in through the store (``Store.people.sign_in``), which sets the actor the
store checks each write against — the window only hides what the role cannot do.

``main(args)`` is called by ``emergenza.cli`` when no subcommand is given. The headless
modes (``--selftest``, ``--screenshot``) run in ``emergenza/gui/headless.py`` on the
app built here.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import PySide6  # noqa: F401  - before qasync
import qasync
from PySide6.QtCore import QCoreApplication, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from . import __version__, logs
from .config import APP_AUTHOR, APP_NAME, Paths
from .domain.errors import EmergenzaError, UserError
from .domain.roles import NOBODY
from .gui.context import AppContext, DataSignals
from .gui.headless import HeadlessRun, QtMessageRecorder
from .gui.i18n import LANGUAGES, error_text, install_translators
from .gui.reports.menu import install_reports_ui
from .gui.settings import LANGUAGE, open_settings
from .gui.shell.main_window import MainWindow
from .gui.shell.observer_mode import install_observer_mode
from .gui.station.backup_ui import install_backup_timer
from .gui.station.operator_dialog import SignInMode
from .gui.sync.sync_ui import install_sync_ui
from .gui.tasks import TaskRunner
from .gui.territory.menu import install_territory_ui
from .resources import default_catalogs, resources_dir
from .store import Store, StoreOwner, database
from .store.private import private_dir

log = logging.getLogger(__name__)

DEMO_EVENTS = 2000
HTTP_TIMEOUT_S = 20.0  # every request of the app to the regional server


class TransportOnFirstUse(httpx.AsyncBaseTransport):
    """httpx's own transport, built at the client's first request: building it loads the
    TLS certificates and imports the HTTP/1.1 machinery (~45 ms of CPU measured), which a
    cold start to a usable window does not need (the first sync round comes later)."""

    def __init__(self) -> None:
        self._transport: httpx.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            self._transport = httpx.AsyncHTTPTransport()  # httpx's defaults, as without transport=
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


def _setup_logging(paths: Paths, *, to_files: bool) -> None:
    """Always to stderr; to the rotating files of the data folder for interactive runs."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if to_files:
        logs.setup_logging(paths)
        logs.log_uncaught_exceptions()


def resolve_db(args: argparse.Namespace, paths: Paths) -> Path:
    """Which store to open; creates the demo store when ``--demo`` finds none."""
    if args.db and args.demo:
        raise UserError("indicare --db oppure --demo, non entrambi")
    if args.db:
        path = Path(args.db).expanduser()
        if (args.selftest or args.screenshot) and not path.exists():
            raise UserError("archivio non trovato: {0}", path)
        if path.exists() and path.is_dir():
            raise UserError("{0} è una cartella, non un archivio", path)
        if not path.parent.exists():
            raise UserError("la cartella {0} non esiste", path.parent)
        return path
    private_dir(paths.root)
    if args.demo:
        if not paths.demo_db.exists():
            from .store import demo  # the generator (~12 ms of CPU to import) only when it runs

            log.info("creating the demo store %s (%d events)", paths.demo_db, DEMO_EVENTS)
            demo.generate(paths.demo_db, events=DEMO_EVENTS)
        return paths.demo_db
    return paths.db


class DesktopApp:
    """Everything the desktop process builds, in the order it builds it."""

    def __init__(self, args: argparse.Namespace, *, paths: Paths | None = None):
        self.args = args
        self.headless = bool(args.selftest or args.screenshot)
        if self.headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        self.paths = paths or Paths.default()
        self.db_path = resolve_db(args, self.paths)
        self.recorder = QtMessageRecorder()
        self.problems: list[str] = []  # exceptions seen during a headless run
        self._translators: list[Any] = []
        self._closed: asyncio.Future | None = None
        # The process's CPU at each step of the start, logged in one line once the window is
        # built: where a slow start went (python -m tests.benchmarks installer reads it).
        self.startup_cpu: list[tuple[str, float]] = []

    # ----------------------------------------------------------------- build
    def build(self) -> None:
        if not self.startup_cpu:  # built by a test or a benchmark, not by main()
            self._cpu_mark("before")
        qInstallMessageHandler(self.recorder)
        # The store owner thread builds rows in Python: hand the GIL back to the UI thread
        # sooner than the default 5 ms, so painting never queues behind it.
        sys.setswitchinterval(0.001)
        self.qapp = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "emergenza"])
        self.qapp.setApplicationName(APP_NAME)
        self.qapp.setOrganizationName(APP_AUTHOR)
        self.qapp.setApplicationVersion(__version__)
        self.qapp.setDesktopFileName("emergenza")  # matches installer/linux/emergenza.desktop
        self.qapp.setQuitOnLastWindowClosed(False)  # the loop below decides when to stop
        icon = resources_dir() / "icons" / "emergenza.svg"
        if icon.exists():
            self.qapp.setWindowIcon(QIcon(str(icon)))
        private_dir(self.paths.root)
        settings = open_settings()
        language = self.args.lang or LANGUAGE.read(settings)
        if language not in LANGUAGES:
            language = LANGUAGE.default
        self._translators = install_translators(self.qapp, language)

        self.loop = qasync.QEventLoop(self.qapp)
        asyncio.set_event_loop(self.loop)
        self.loop.set_exception_handler(self._on_loop_exception)
        self._cpu_mark("qt")

        catalogs = default_catalogs()
        try:
            # The owner holds the store's lock file: a second copy of the app (or a CLI writer)
            # on the same store is refused here with StoreLockedError, shown and exit 2.
            self.owner = StoreOwner(lambda: self._open_store(catalogs), lock=self.db_path)
        except EmergenzaError as exc:
            if not self.headless:  # no console on a station PC: say it in a window too
                QMessageBox.critical(None, "Emergenza", error_text(exc))  # before the loop runs
            raise
        # The store's own catalogs (its priority scale and event types may differ from the
        # shipped ones): the same object the store swaps a catalog change into.
        catalogs = self.owner.call_blocking(Store.catalog_settings.current)
        self._cpu_mark("store")
        # The one HTTP client of the app (sync rounds, enrollment), closed at shutdown.
        self.http = httpx.AsyncClient(timeout=HTTP_TIMEOUT_S, transport=TransportOnFirstUse())
        self.ctx = AppContext(owner=self.owner, catalogs=catalogs, tasks=TaskRunner(), signals=DataSignals(),
                              settings=settings, paths=self.paths, language=language)
        self.window = MainWindow(self.ctx)
        self._cpu_mark("window")
        self.window.station.http = self.http  # Sincronizzazione → Registra postazione…
        self.window.closed.connect(self._on_window_closed)
        install_sync_ui(self.ctx, self.window, self.http)
        install_reports_ui(self.ctx, self.window)
        install_territory_ui(self.ctx, self.window)
        # Last: an observer's store makes the window a read-only board (every write action removed).
        observer = self.owner.call_blocking(lambda s: s.meta.observer)
        self.observer_mode = install_observer_mode(self.ctx, self.window, observer=observer)
        # What start-up built lives as long as the app: kept out of the collector's full
        # passes, which otherwise walk all of it on the UI thread (40-50 ms each, measured
        # while the map page opens: python -m tests.benchmarks map). The command line ran
        # start-up with the collector off (cli.py); not collected first: that pass took
        # 34-52 ms and found nothing, or ~600 objects with the collector off (kept, frozen).
        gc.freeze()
        gc.enable()
        self._cpu_mark("menus")
        steps = [(name, cpu - before) for (_, before), (name, cpu) in zip(
            [("", 0.0), *self.startup_cpu], self.startup_cpu, strict=False)]
        log.info("start-up CPU: %s s", ", ".join(f"{name} {cpu:.3f}" for name, cpu in steps))

    def _cpu_mark(self, step: str) -> None:
        self.startup_cpu.append((step, time.process_time()))

    def _open_store(self, catalogs: Any) -> Store:
        """On the owner thread: the store, acting for nobody until someone signs in (headless
        runs act, like the command line, as the holder of the file)."""
        store = Store.open(self.db_path, catalogs)
        if not self.headless:
            store.act_as(NOBODY)
        return store

    # ------------------------------------------------------------------- run
    def run(self) -> int:
        with self.loop:
            if self.headless:
                headless = HeadlessRun(self.ctx, self.window, self.recorder, self.problems,
                                       integrity_check=self._background_integrity_check, shutdown=self.shutdown)
                if self.args.selftest:
                    return self.loop.run_until_complete(headless.selftest())
                return self.loop.run_until_complete(headless.screenshot(self.args.screenshot, self.args.view))
            return self.loop.run_until_complete(self._interactive())

    async def _interactive(self) -> int:
        self._closed = asyncio.get_running_loop().create_future()
        self.window.persist_layout = True
        self.window.station.confirm_quit = True  # Ctrl+Q during an open shift asks first
        self.window.restore_layout()
        self.window.show()
        self.window.start()
        install_backup_timer(self.ctx, self.window)
        self.ctx.tasks.run(self._background_integrity_check(), name="integrity-check")
        if not self.args.demo and await self._needs_setup():
            from .gui.station.setup_wizard import SetupWizard

            wizard = SetupWizard(self.ctx, self.http, self.window)
            wizard.setup_finished.connect(self._ask_operator)
            wizard.rejected.connect(self.window.close)
            wizard.open()
            return await self._until_closed()
        self._ask_operator()
        return await self._until_closed()

    async def _needs_setup(self) -> bool:
        """The wizard's module (and the store's setup code it imports, ~15 ms of CPU) is loaded
        after the window's first page (queued before this read on the owner), not before it."""
        meta = await self.owner.call(lambda store: store.meta.all())
        from .gui.station.setup_wizard import needs_setup

        return needs_setup(meta)

    async def _background_integrity_check(self) -> None:
        """Large stores skip the quick check at open (it takes ~30 s at a million events):
        run it now on its own read-only connection, beside the owner, and say if it fails."""
        if database.needs_check_at_open(self.db_path):
            return  # already checked by Store.open
        problems = await asyncio.to_thread(database.quick_check, self.db_path)
        if problems:
            log.error("integrity check failed: %s", problems)
            self.window.show_error(QCoreApplication.translate(
                "DesktopApp", "L'archivio risulta danneggiato: {0}. Avvisare l'assistenza e usare "
                "l'ultima copia di sicurezza (emergenza restore).").format("; ".join(problems[:3])))
        else:
            log.info("integrity check of %s: ok", self.db_path)

    def _ask_operator(self) -> None:
        if self.ctx.operator is not None:  # the wizard has just signed the first operator in
            return
        dialog = self.window.station.ask_sign_in(SignInMode.STARTUP)
        dialog.rejected.connect(self._on_operator_refused)

    def _on_operator_refused(self) -> None:
        if self.ctx.operator is None:  # nobody on shift: nothing could be attributed
            self.window.close()

    async def _until_closed(self) -> int:
        assert self._closed is not None
        await self._closed
        await self.shutdown()
        return 0

    def _on_window_closed(self) -> None:
        if self._closed is not None and not self._closed.done():
            self._closed.set_result(True)

    async def shutdown(self) -> None:
        """Cancel the background work, then close the HTTP client (once nothing uses it)."""
        self.ctx.tasks.cancel_all()
        await self.ctx.tasks.wait_idle(timeout=3.0)
        await self.http.aclose()

    def close(self) -> None:
        """After the loop: close the store (waits for the write in progress, if any)."""
        self.owner.close()

    # -------------------------------------------------------------- signals
    def _on_loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, asyncio.CancelledError):
            return
        self.problems.append(f"loop: {context.get('message')} {exc!r}")
        loop.default_exception_handler(context)


def main(args: argparse.Namespace, *, started_cpu: float | None = None) -> int:
    """``started_cpu``: the process's CPU when the command line began importing this module."""
    imported_cpu = time.process_time()
    paths = Paths.default()
    _setup_logging(paths, to_files=not (args.selftest or args.screenshot))
    app = DesktopApp(args, paths=paths)
    if started_cpu is not None:
        app.startup_cpu = [("python", started_cpu), ("modules", imported_cpu)]
    app.build()
    try:
        return app.run()
    finally:
        app.close()
