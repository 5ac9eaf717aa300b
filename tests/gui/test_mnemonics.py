"""Keyboard mnemonics (Alt+letter) are unique in every window: among the menu bar's titles,
within each menu, and among the visible labels, buttons, check boxes, group boxes and tabs of
each window, dialog and wizard page."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QWidget,
    QWizard,
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _clashes(labelled: list[tuple[str, str]]) -> list[str]:
    """``labelled``: (where, text) pairs; the texts sharing a mnemonic, said plainly."""
    keys = Counter(m for _, t in labelled if (m := mnemonic(t)))
    return [f"Alt+{k.upper()}: " + ", ".join(f"{w} «{t}»" for w, t in labelled if mnemonic(t) == k)
            for k, n in keys.items() if n > 1]


def _widget_texts(window: QWidget) -> list[tuple[str, str]]:
    """Visible, enabled-or-not texts that take a mnemonic, in ``window`` (its own top level only)."""
    out: list[tuple[str, str]] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or (w.window() is not window and not isinstance(window, QWidget)):
            continue
        if isinstance(w, QMenu):
            continue
        if isinstance(w, QAbstractButton) and w.text():
            out.append((type(w).__name__, w.text()))
        elif isinstance(w, QLabel) and w.buddy() is not None and w.text():
            out.append(("QLabel", w.text()))
        elif isinstance(w, QGroupBox) and w.title():
            out.append(("QGroupBox", w.title()))
        elif isinstance(w, QTabWidget):
            out.extend(("tab", w.tabText(i)) for i in range(w.count()) if w.isTabVisible(i))
    return out


def window_clashes(window: QWidget) -> list[str]:
    """Alt+letter is one key space per window: the menu bar's titles and the visible widgets
    share it; each menu (open) has its own."""
    texts = _widget_texts(window)
    menus: list[QMenu] = []
    if isinstance(window, QMainWindow):
        menus = [a.menu() for a in window.menuBar().actions() if a.isVisible() and a.menu() is not None]
        texts += [("menu", m.title()) for m in menus]
    problems = [f"{window.objectName() or type(window).__name__}: {c}" for c in _clashes(texts)]
    if menus:
        for m in menus:
            problems += [f"menu {m.title()}: {c}"
                         for c in _clashes([("action", a.text()) for a in m.actions() if a.isVisible()])]
    return problems


def test_mnemonic_parsing():
    assert mnemonic("&Salva") == "s" and mnemonic("Esi&to") == "t" and mnemonic("A && B") is None
    assert _clashes([("a", "&Salva"), ("b", "&sincronizza"), ("c", "&Nuovo")]) == [
        "Alt+S: a «&Salva», b «&sincronizza»"]


@pytest.fixture
def full_window(ctx, main_window, http_client, qtbot, wait_tasks):
    """The main window with everything the composition root adds (Rapporti, sync menu)."""
    from emergenza.gui.reports.menu import install_reports_ui
    from emergenza.gui.sync.sync_ui import install_sync_ui

    reports = install_reports_ui(ctx, main_window)
    sync = install_sync_ui(ctx, main_window, http_client, start=False)
    yield main_window, reports, sync
    sync.controller.stop()


def test_every_window_has_unique_mnemonics(ctx, full_window, http_client, qtbot, wait_tasks, make_event):
    from emergenza.gui.events.assign_dialog import AssignDialog
    from emergenza.gui.station.setup_wizard import SetupWizard
    from emergenza.gui.sync.conflicts_view import ConflictsWindow
    from emergenza.gui.sync.shift_end import ShiftEndDialog

    window, reports, sync = full_window
    event = make_event()
    problems: list[str] = []

    def check(widget: QWidget, name: str) -> None:
        qtbot.waitUntil(widget.isVisible)
        wait_tasks(ctx)
        problems.extend(f"[{name}] {p}" for p in window_clashes(widget))

    for view in window.view_names():
        window.show_view(view)
        check(window, f"main window, {view}")
    window.new_event()
    check(window, "main window, intake")
    window.open_event(event["id"])
    check(window, "main window, detail")
    window.open_search()
    check(window, "main window, search")

    dialogs: list[tuple[str, QWidget]] = [
        ("settings", window.open_settings()),
        ("assign", AssignDialog(ctx, event["id"], window)),
        ("shift end", ShiftEndDialog(ctx, sync.controller, window)),
        ("conflicts", ConflictsWindow(ctx, window)),
        ("brogliaccio", reports.open_brogliaccio()),
        ("annual", reports.open_annual()),
        ("export", reports.open_export()),
        ("shift report", reports.open_shift_report()),
        ("statistics", reports.open_statistics()),
        *_station_dialogs(ctx, window, http_client),
    ]
    for name, dialog in dialogs:
        dialog.show()
        check(dialog, name)
        dialog.close()
    wizard = SetupWizard(ctx, http_client)
    qtbot.addWidget(wizard)
    wizard.show()
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        problems.extend(f"[setup wizard, {type(page).__name__}] {c}" for c in _clashes(
            _widget_texts_of_page(page) + [("button", wizard.button(b).text()) for b in _WIZARD_BUTTONS]))
    wizard.close()
    wait_tasks(ctx)
    assert problems == [], "\n".join(dict.fromkeys(problems))


def _station_dialogs(ctx, window, http_client) -> list[tuple[str, QWidget]]:
    """The station's windows (units registry, operators, sign-in, enrollment) and their forms."""
    from emergenza.gui.station.enroll_dialog import EnrollDialog
    from emergenza.gui.station.operator_dialog import OperatorDialog, SignInMode
    from emergenza.gui.station.operators_dialogs import NewOperatorDialog, PasswordDialog, RoleDialog
    from emergenza.gui.station.operators_window import OperatorsWindow
    from emergenza.gui.units.crews_dialog import CrewDialog
    from emergenza.gui.units.registry_dialog import UnitDialog
    from emergenza.gui.units.registry_import import ImportReportDialog
    from emergenza.gui.units.registry_window import UnitsRegistryWindow

    unit = {"id": "x", "call_sign": "Alfa 1", "kind": "car", "active": 1}
    person = {"id": "y", "name": "Mario Rossi", "role": "operator"}
    return [("units registry", UnitsRegistryWindow(ctx, window)), ("unit", UnitDialog(ctx, unit, window)),
            ("crew", CrewDialog(ctx, unit, window)),
            ("import report", ImportReportDialog(window, problems=["riga 2: x"], path="u.csv")),
            ("operators", OperatorsWindow(ctx, window)), ("new operator", NewOperatorDialog(ctx, window)),
            ("password", PasswordDialog(ctx, person, window)), ("role", RoleDialog(ctx, person, window)),
            ("enroll", EnrollDialog(ctx, http_client, window)),
            *((f"sign-in {mode.value}", OperatorDialog(ctx, window, mode=mode)) for mode in SignInMode)]


def _widget_texts_of_page(page: QWidget) -> list[tuple[str, str]]:
    page.show()
    return _widget_texts(page)


_WIZARD_BUTTONS = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                   QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                   QWizard.WizardButton.CancelButton)
