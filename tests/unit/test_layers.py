"""Import contracts (like napari's import-linter setup), checked on the source with ast."""

from __future__ import annotations

import ast
from pathlib import Path

import emergenza

ROOT = Path(emergenza.__file__).parent
QT = ("PySide6", "shiboken6", "qasync")


def imports_of(package: str) -> dict[str, set[str]]:
    """module path -> absolute names it imports (relative imports resolved)."""
    out: dict[str, set[str]] = {}
    base = ROOT / package if package else ROOT
    for file in sorted(base.rglob("*.py")):
        rel = file.relative_to(ROOT.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
            pkg = parts
        else:
            pkg = parts[:-1]
        names: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = pkg[: len(pkg) - node.level + 1]
                    mod = ".".join(anchor + ([node.module] if node.module else []))
                    names.add(mod)
                    if not node.module:
                        names.update(f"{mod}.{a.name}" for a in node.names)
                else:
                    names.add(node.module or "")
        out[".".join(parts)] = names
    return out


def offenders(package: str, forbidden) -> list[str]:
    return sorted(f"{mod} imports {name}" for mod, names in imports_of(package).items()
                  for name in names if forbidden(name))


def _under(name: str, *roots: str) -> bool:
    return any(name == r or name.startswith(r + ".") for r in roots)


def test_qt_free_layers_never_import_qt():
    for package in ("domain", "store", "sync", "server", "reports", "commands"):
        if (ROOT / package).exists():
            assert offenders(package, lambda n: _under(n, *QT)) == [], package
    for single in ("cli.py", "config.py", "errors.py", "resources.py"):
        tree = ast.parse((ROOT / single).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(_under(n, *QT) for n in names), single


def test_domain_imports_only_itself_and_errors():
    bad = offenders("domain", lambda n: _under(n, "emergenza") and not _under(n, "emergenza.domain", "emergenza.errors"))
    assert bad == []


def test_store_does_not_reach_up():
    assert offenders("store", lambda n: _under(n, "emergenza.gui", "emergenza.sync", "emergenza.server",
                                               "emergenza.reports", "emergenza.app")) == []


def test_server_never_imports_gui_or_store():
    if (ROOT / "server").exists():
        assert offenders("server", lambda n: _under(n, "emergenza.gui", "emergenza.store", "emergenza.app")) == []


def test_the_checker_sees_relative_imports():
    found = imports_of("store")["emergenza.store.events"]
    assert "emergenza.domain.lifecycle" in found or "emergenza.domain" in found
    assert "emergenza.errors" in found
