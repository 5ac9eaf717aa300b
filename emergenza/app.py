"""Composition root of the desktop app: builds everything once and runs the qasync loop.

    store owner (one thread) → AppContext (owner, catalogs, tasks, signals, settings)
    → MainWindow (+ sync UI and setup wizard when those modules are present)

``main(args)`` is called by ``emergenza.cli`` when no subcommand is given. Headless
modes: ``--selftest`` walks every view offscreen and fails on any error or Qt warning;
``--screenshot OUT.png [--view NAME]`` saves the window as a PNG.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from . import __version__
from .config import APP_AUTHOR, APP_NAME, Paths, data_dir
from .errors import EmergenzaError, UserError
from .store import Store

log = logging.getLogger(__name__)

DEMO_EVENTS = 2000
SCREENSHOT_SIZE = (1366, 768)
# Optional modules written by other parts of the project, used only when present.
SYNC_UI_MODULE = "emergenza.gui.sync_ui"
SETUP_WIZARD_MODULE = "emergenza.gui.setup_wizard"
BACKUP_UI_MODULE = "emergenza.gui.backup_ui"
LOGGING_MODULE = "emergenza.logs"  # rotating log files in the data folder


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def _setup_logging(paths: Paths, *, to_files: bool) -> None:
    """Always to stderr; to the rotating files of the data folder for interactive runs."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    module = _optional(LOGGING_MODULE) if to_files else None
    if module is not None:
        module.setup_logging(paths)
        module.log_uncaught_exceptions()


def _settings(qsettings: Any) -> Any:
    """UI preferences where the platform keeps them (registry on Windows, ~/.config on
    Linux, plist on macOS); with ``$EMERGENZA_HOME`` (tests, portable installs) in an ini
    file inside that folder, so nothing leaks between them."""
    if os.environ.get("EMERGENZA_HOME"):
        return qsettings(str(data_dir() / "settings.ini"), qsettings.Format.IniFormat)
    return qsettings(qsettings.Format.NativeFormat, qsettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


def _store_meta(store: Store) -> dict[str, str]:
    return store.meta.all()


def _default_operator(store: Store) -> dict[str, Any] | None:
    """Headless modes: the operator on the open shift, else the first one (nothing written)."""
    shift = store.people.current_shift()
    if shift:
        return {"id": shift["operator_id"], "name": shift["operator_name"], "role": shift["operator_role"]}
    ops = store.people.operators()
    return ops[0] if ops else None


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
    paths.root.mkdir(parents=True, exist_ok=True)
    if args.demo:
        if not paths.demo_db.exists():
            from .store import demo
            log.info("creating the demo store %s (%d events)", paths.demo_db, DEMO_EVENTS)
            demo.generate(paths.demo_db, events=DEMO_EVENTS)
        return paths.demo_db
    return paths.db


# Said by the headless "offscreen" platform plugin itself for every top-level window
# with size hints: a property of the platform, not a problem of the app.
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)


class QtMessageRecorder:
    """Qt's own warnings go to the log; headless runs fail if there was any."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def __call__(self, mode, context, message: str) -> None:
        from PySide6.QtCore import QtMsgType
        if message in PLATFORM_NOISE:
            return
        if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.problems.append(f"Qt: {message}")
            log.warning("Qt: %s", message)
        else:
            log.debug("Qt: %s", message)


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
        self.ready_callbacks: list[Callable[[], None]] = []
        self._translators: list[Any] = []
        self._closed: asyncio.Future | None = None

    # ----------------------------------------------------------------- build
    def build(self) -> None:
        import PySide6  # noqa: F401  - before qasync
        import qasync
        from PySide6.QtCore import QSettings, qInstallMessageHandler
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        from .gui.context import AppContext, DataSignals
        from .gui.i18n import LANGUAGES, SETTING_KEY, install_translators
        from .gui.tasks import TaskRunner
        from .resources import default_catalogs, resources_dir
        from .store import StoreOwner

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
        self.paths.root.mkdir(parents=True, exist_ok=True)
        settings = _settings(QSettings)
        language = self.args.lang or str(settings.value(SETTING_KEY, "it"))
        if language not in LANGUAGES:
            language = "it"
        self._translators = install_translators(self.qapp, language)

        self.loop = qasync.QEventLoop(self.qapp)
        asyncio.set_event_loop(self.loop)
        self.loop.set_exception_handler(self._on_loop_exception)

        catalogs = default_catalogs()
        try:
            self.owner = StoreOwner(lambda: Store.open(self.db_path, catalogs))
        except EmergenzaError as exc:
            if not self.headless:  # no console on a station PC: say it in a window too
                from PySide6.QtWidgets import QMessageBox

                from .gui.i18n import error_text
                QMessageBox.critical(None, "Emergenza", error_text(exc))  # before the loop runs
            raise
        self.ctx = AppContext(owner=self.owner, catalogs=catalogs, tasks=TaskRunner(), signals=DataSignals(),
                              settings=settings, paths=self.paths, language=language)
        self.ctx.extras["app"] = self

        from .gui.main_window import MainWindow
        self.window = MainWindow(self.ctx)
        self.window.closed.connect(self._on_window_closed)
        sync_ui = _optional(SYNC_UI_MODULE)
        if sync_ui is not None:
            sync_ui.install_sync_ui(self.ctx, self.window)
        self.window.board.model.refreshed.connect(self._on_first_page)

    # ------------------------------------------------------------------- run
    def run(self) -> int:
        with self.loop:
            if self.args.selftest:
                return self.loop.run_until_complete(self._selftest())
            if self.args.screenshot:
                return self.loop.run_until_complete(self._screenshot(self.args.screenshot, self.args.view))
            return self.loop.run_until_complete(self._interactive())

    async def _interactive(self) -> int:
        self._closed = asyncio.get_running_loop().create_future()
        self.window.persist_layout = True
        self.window.restore_layout()
        self.window.show()
        self.window.start()
        backup_ui = _optional(BACKUP_UI_MODULE)
        if backup_ui is not None:
            backup_ui.install_backup_timer(self.ctx, self.window)
        self.ctx.tasks.run(self._background_integrity_check(), name="integrity-check")
        if not self.args.demo:
            meta = await self.owner.call(_store_meta)
            wizard_module = _optional(SETUP_WIZARD_MODULE)
            if wizard_module is not None and wizard_module.needs_setup(meta):
                wizard = wizard_module.SetupWizard(self.ctx, self.window)
                wizard.setup_finished.connect(self._ask_operator)
                wizard.rejected.connect(self.window.close)
                wizard.open()
                return await self._until_closed()
        self._ask_operator()
        return await self._until_closed()

    async def _background_integrity_check(self) -> None:
        """Large stores skip the quick check at open (it takes ~30 s at a million events):
        run it now on its own read-only connection, beside the owner, and say if it fails."""
        from PySide6.QtCore import QCoreApplication

        from .store import database
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
        from .gui.operator_dialog import OperatorDialog
        dialog = OperatorDialog(self.ctx, self.window, startup=True)
        dialog.rejected.connect(self._on_operator_refused)
        self._operator_dialog = dialog
        dialog.open()

    def _on_operator_refused(self) -> None:
        if self.ctx.operator is None:  # nobody on shift: nothing could be attributed
            self.window.close()

    async def _until_closed(self) -> int:
        assert self._closed is not None
        await self._closed
        await self._shutdown()
        return 0

    def _on_window_closed(self) -> None:
        if self._closed is not None and not self._closed.done():
            self._closed.set_result(True)

    async def _shutdown(self) -> None:
        self.ctx.tasks.cancel_all()
        await self.ctx.tasks.wait_idle(timeout=3.0)

    def close(self) -> None:
        """After the loop: close the store (waits for the write in progress, if any)."""
        self.owner.close()

    # ------------------------------------------------------------- headless
    async def _headless_operator(self) -> None:
        from .gui.context import Operator
        op = await self.owner.call(_default_operator)
        if op is not None:
            self.ctx.operator = Operator(op["id"], op["name"], op["role"])
            self.ctx.signals.operator_changed.emit()

    def _watch_errors(self) -> None:
        self.ctx.tasks.error.connect(lambda exc: self.problems.append(f"task: {exc!r}"))
        self.window.message_shown.connect(lambda text: self.problems.append(f"message: {text}"))
        previous = sys.excepthook

        def hook(kind, value, tb):  # exceptions raised in Qt slots
            self.problems.append(f"exception: {value!r}")
            previous(kind, value, tb)

        sys.excepthook = hook

    async def _wait_for(self, condition: Callable[[], bool], timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    async def _settle(self, seconds: float = 0.2) -> None:
        await asyncio.sleep(seconds)
        await self._wait_for(lambda: self.ctx.tasks.running == 0, 10.0)

    async def _walk_views(self) -> None:
        w = self.window
        if not await self._wait_for(lambda: w.board.model.loaded and w.units_model.loaded):
            self.problems.append("selftest: the boards did not load within 15 s")
        checks: list[tuple[str, Callable[[], Any]]] = [
            ("board", lambda: w.show_view("board")),
            ("units", lambda: w.show_view("units")),
            ("detail", lambda: w.open_event(w.board.model.ids[0]) if w.board.model.ids else w.show_view("detail")),
            ("intake", w.new_event),
            ("search", w.open_search),
        ]
        for name in w.view_names():
            if name not in ("board", "units", "detail", "intake", "search"):
                checks.append((name, lambda n=name: w.show_view(n)))
        for name, step in checks:
            log.info("selftest: view %s", name)
            step()
            await self._settle()
            if w.current_view() != name:
                self.problems.append(f"selftest: view {name} not shown")
        for name, opener in (("shortcuts", w.show_shortcuts), ("about", w.show_about),
                             ("settings", w.open_settings)):
            log.info("selftest: %s", name)
            dialog = opener()
            await self._settle()
            if not dialog.isVisible():
                self.problems.append(f"selftest: {name} window not shown")
            dialog.close()
        w.show_view("board")
        await self._settle()

    async def _selftest(self) -> int:
        self._watch_errors()
        started = time.monotonic()
        self.window.show()
        self.window.start()
        await self._headless_operator()
        integrity = asyncio.ensure_future(self._background_integrity_check())
        try:
            await self._walk_views()
            await integrity  # a damaged store fails the selftest (reported via show_error)
        except Exception as exc:  # noqa: BLE001 - any failure is the verdict
            log.exception("selftest failed")
            self.problems.append(f"exception: {exc!r}")
        self.window.close()
        await self._shutdown()
        problems = self.problems + self.recorder.problems
        for p in problems:
            print(f"emergenza --selftest: {p}", file=sys.stderr)
        verdict = "ERRORE" if problems else "OK"
        print(f"emergenza --selftest: {verdict} ({len(self.window.view_names())} viste, "
              f"{time.monotonic() - started:.1f} s)")
        return 1 if problems else 0

    async def _screenshot(self, out: str, view: str | None) -> int:
        self._watch_errors()
        view = view or "board"
        target = Path(out).expanduser()
        if view not in self.window.view_names():
            raise UserError("vista sconosciuta: {0} (disponibili: {1})", view, ", ".join(self.window.view_names()))
        if not target.parent.exists():
            raise UserError("la cartella {0} non esiste", target.parent)
        self.window.resize(*SCREENSHOT_SIZE)
        self.window.show()
        self.window.start()
        await self._headless_operator()
        await self._wait_for(lambda: self.window.board.model.loaded and self.window.units_model.loaded)
        if view == "detail":
            ids = self.window.board.model.ids
            if ids:
                self.window.open_event(ids[0])
        elif view == "intake":
            self.window.new_event()
        elif view == "search":
            self.window.open_search()
        else:
            self.window.show_view(view)
        if view == "board" and self.window.board.model.ids:
            self.window.board.select_event(self.window.board.model.ids[0])
        await self._settle(0.8)
        image = self.window.grab().toImage()
        ok = image.save(str(target), "PNG")
        self.window.close()
        await self._shutdown()
        if not ok:
            raise UserError("impossibile salvare l'immagine {0}", target)
        print(f"{target} ({image.width()}×{image.height()})")
        return 0

    # -------------------------------------------------------------- signals
    def _on_first_page(self) -> None:
        callbacks, self.ready_callbacks = self.ready_callbacks, []
        for cb in callbacks:
            cb()

    def _on_loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, asyncio.CancelledError):
            return
        self.problems.append(f"loop: {context.get('message')} {exc!r}")
        loop.default_exception_handler(context)


def main(args: argparse.Namespace) -> int:
    paths = Paths.default()
    _setup_logging(paths, to_files=not (args.selftest or args.screenshot))
    app = DesktopApp(args, paths=paths)
    app.build()
    try:
        return app.run()
    finally:
        app.close()
