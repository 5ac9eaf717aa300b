"""Headless runs of the desktop app, offscreen: ``--selftest`` and ``--screenshot``.

``--selftest`` walks every view and window (the report windows and a print preview
included) and fails on any error or Qt warning; ``--screenshot OUT.png [--view NAME]``
saves the window as a PNG (``--view stats``: the statistics window). The composition root
(``emergenza/app.py``) builds the app as for an interactive run and hands this module
the window, the context and the list of problems it collects.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QtMsgType

from ..domain.errors import UserError
from ..domain.roles import FILE_HOLDER
from ..store import Store
from .context import AppContext, Operator
from .shell.main_window import MainWindow

if TYPE_CHECKING:  # the reports UI is imported when the self-test walks it, not at start-up
    from .reports.stats_window import StatisticsWindow

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1366, 768)
WINDOW_VIEWS = ("stats",)  # views in a window of their own, not in the main window's stack
REPORT_TIMEOUT_S = 60.0  # a year of statistics on a large store takes seconds
# Said by the headless "offscreen" platform plugin itself for every top-level window
# with size hints: a property of the platform, not a problem of the app.
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)


class QtMessageRecorder:
    """Qt's own warnings go to the log; headless runs fail if there was any."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def __call__(self, mode: QtMsgType, context: Any, message: str) -> None:
        if message in PLATFORM_NOISE:
            return
        if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.problems.append(f"Qt: {message}")
            log.warning("Qt: %s", message)
        else:
            log.debug("Qt: %s", message)


def _default_operator(store: Store) -> dict[str, Any] | None:
    """The operator on the open shift, else the first one (nothing written)."""
    shift = store.people.current_shift()
    if shift:
        return {"id": shift["operator_id"], "name": shift["operator_name"], "role": shift["operator_role"]}
    ops = store.people.operators()
    return ops[0] if ops else None


async def sign_in_default_operator(ctx: AppContext) -> None:
    """Headless runs ask nobody who is on shift: their work is shown in the store's default
    operator's name, with the role the store acts with in these runs (the holder of the
    file, as the command line), so every window they walk is open to them."""
    op = await ctx.owner.call(_default_operator)
    if op is not None:
        ctx.set_operator(Operator(op["id"], op["name"], FILE_HOLDER.role or op["role"]))


class HeadlessRun:
    """One ``--selftest`` or ``--screenshot`` run on an app built by the composition root."""

    def __init__(self, ctx: AppContext, window: MainWindow, recorder: QtMessageRecorder, problems: list[str], *,
                 integrity_check: Callable[[], Awaitable[None]], shutdown: Callable[[], Awaitable[None]]):
        self.ctx = ctx
        self.window = window
        self.recorder = recorder
        self.problems = problems  # shared with the app, which adds the loop's exceptions
        self._integrity_check = integrity_check
        self._shutdown = shutdown

    # ---------------------------------------------------------------- runs
    async def selftest(self) -> int:
        self._watch_errors()
        started = time.monotonic()
        self.window.show()
        self.window.start()
        await sign_in_default_operator(self.ctx)
        integrity = asyncio.ensure_future(self._integrity_check())
        try:
            await self._walk_views()
            await integrity  # a damaged store fails the selftest (reported via show_error)
        except Exception as exc:
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

    async def screenshot(self, out: str, view: str | None) -> int:
        self._watch_errors()
        view = view or "board"
        target = Path(out).expanduser()
        w = self.window
        if view not in w.view_names() + list(WINDOW_VIEWS):
            raise UserError("vista sconosciuta: {0} (disponibili: {1})", view,
                            ", ".join(w.view_names() + list(WINDOW_VIEWS)))
        if not target.parent.exists():
            raise UserError("la cartella {0} non esiste", target.parent)
        w.resize(*SCREENSHOT_SIZE)
        w.show()
        w.start()
        await sign_in_default_operator(self.ctx)
        await self._wait_for(lambda: w.board.model.loaded and w.units_model.loaded)
        if view == "detail":
            ids = w.board.model.ids
            if ids:
                w.open_event(ids[0])
        elif view == "intake":
            w.new_event()
        elif view == "search":
            w.open_search()
        elif view not in WINDOW_VIEWS:
            w.show_view(view)
        if view == "board" and w.board.model.ids:
            w.board.select_event(w.board.model.ids[0])
        if view == "map":
            await self._map_ready()
            if w.board.model.ids:
                w.select_event(w.board.model.ids[0])
        shown: Any = w
        if view == "stats":
            shown = await self._open_statistics()
            shown.resize(*SCREENSHOT_SIZE)
        await self._settle(0.8)
        if view == "map" and w.map.page.view is not None:
            w.map.page.view.settle()  # every boundary tile drawn before the picture is taken
        image = shown.grab().toImage()
        ok = image.save(str(target), "PNG")
        w.close()
        await self._shutdown()
        if not ok:
            raise UserError("impossibile salvare l'immagine {0}", target)
        print(f"{target} ({image.width()}×{image.height()})")
        return 0

    # ------------------------------------------------------------- helpers
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

    async def _map_ready(self) -> bool:
        """The map page built, with the store's markers on it (the territory loads in the background)."""
        page = self.window.map.page
        if not await self._wait_for(lambda: page.ready, 30.0):
            self.problems.append("selftest: the map did not load within 30 s")
            return False
        return True

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
            if name == "map":
                await self._map_ready()
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
        await self._walk_reports()
        w.show_view("board")
        await self._settle()

    async def _open_statistics(self) -> StatisticsWindow:
        """The statistics window of the Rapporti menu, once its figures are shown."""
        from .reports.menu import ReportsUi

        reports = self.window.findChild(ReportsUi)
        if reports is None:
            raise UserError("menu Rapporti non installato")
        stats = reports.open_statistics()
        if not await self._wait_for(lambda: stats.statistics is not None and not stats.busy, REPORT_TIMEOUT_S):
            self.problems.append("selftest: the statistics were not computed within 60 s")
        return stats

    async def _walk_reports(self) -> None:
        """Every report window of the Rapporti menu, and a print preview of the statistics."""
        from .reports.menu import ReportsUi

        reports = self.window.findChild(ReportsUi)
        if reports is None:
            self.problems.append("selftest: no Rapporti menu")
            return
        log.info("selftest: statistics window")
        stats = await self._open_statistics()
        if stats.statistics is not None and not stats.total_labels["total"].text().strip("—"):
            self.problems.append("selftest: the statistics window shows no figures")
        if stats.print_preview():
            await self._wait_for(lambda: getattr(stats, "preview", None) is not None, REPORT_TIMEOUT_S)
            await self._settle()
            preview = getattr(stats, "preview", None)
            if preview is None or not preview.isVisible():
                self.problems.append("selftest: print preview not shown")
            else:
                preview.close()
        else:
            self.problems.append("selftest: the statistics could not be printed")
        stats.close()
        for name, opener in (("brogliaccio", reports.open_brogliaccio), ("annual", reports.open_annual),
                             ("export", reports.open_export), ("shift report", reports.open_shift_report)):
            log.info("selftest: %s", name)
            dialog = opener()
            await self._settle()
            if not dialog.isVisible():
                self.problems.append(f"selftest: {name} window not shown")
            dialog.close()
        await self._settle()
