"""The server keeps to its layer: no gui, no store, no Qt (it has its own storage)."""

from __future__ import annotations

import ast
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "emergenza" / "server"
FORBIDDEN = ("emergenza.gui", "emergenza.store", "emergenza.app", "PySide6", "qasync")
ALLOWED_SYNC = ("emergenza.sync.protocol", "emergenza.sync.merge")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against emergenza.server
                base = ["emergenza", "server"][: 2 - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
    return names


def test_server_imports_only_allowed_layers():
    files = sorted(SERVER.glob("*.py"))
    assert len(files) >= 8
    for path in files:
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
            if name.startswith("emergenza.sync"):
                assert name in ALLOWED_SYNC, f"{path.name} imports {name}"
