"""Reports stay in their layer; the server reaches only their store-free half."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPORTS = Path(__file__).resolve().parents[2] / "emergenza" / "reports"
STORE_FREE = ("document", "localtime", "figures", "formats", "annual", "render_pdf", "render_csv", "output")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ["emergenza", "reports"][: 2 - (node.level - 1)] if node.level else []
            names.add(".".join(base + ([node.module] if node.module else [])))
    return names


def test_reports_import_neither_gui_nor_sync_nor_server():
    for path in sorted(REPORTS.glob("*.py")):
        for name in _imports(path):
            assert not name.startswith(("emergenza.gui", "emergenza.sync", "emergenza.server", "emergenza.app",
                                        "PySide6", "qasync")), f"{path.name} imports {name}"


def test_store_free_modules_never_reach_the_store():
    for module in STORE_FREE:
        for name in _imports(REPORTS / f"{module}.py"):
            assert not name.startswith("emergenza.store"), f"{module} imports {name}"
            if name.startswith("emergenza.reports."):
                assert name.rsplit(".", 1)[1] in STORE_FREE, f"{module} imports {name}"


def test_the_running_server_loads_no_store_module():
    code = ("import sys, emergenza.server.app, emergenza.server.cli, emergenza.server.reports; "
            "from emergenza.reports import render_pdf, render_csv; "
            "bad = sorted(m for m in sys.modules if m.startswith(('emergenza.store', 'emergenza.gui', 'PySide6'))); "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
