from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_test_command_is_the_last_command_of_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_cmd = next(b.strip() for b in blocks if "pytest" in b)
    lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [ln for ln in lines if ln and not ln.startswith("#")]
    assert commands[-1] == test_cmd


def test_readme_documents_the_store_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section:cli -->", 1)[1].split("<!-- /section:cli -->", 1)[0]
    for command in ("emergenza demo", "emergenza status", "emergenza check"):
        assert command in section


def test_qt_runtime_packages_are_declared_once_and_installed_by_the_app_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    app_cmd = next(b.strip() for b in blocks if "emergenza --demo" in b)
    assert app_cmd.startswith("sudo sh installer/linux-deps.sh && ")
    script = (ROOT / "installer" / "linux-deps.sh").read_text(encoding="utf-8")
    declared = re.search(r'QT_RUNTIME_PACKAGES="(.*?)"', script, re.S).group(1).split()
    # The two libraries whose absence made the app abort on a fresh Debian/Ubuntu machine.
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"} <= set(declared)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "installer/linux-deps.sh" in ci
    assert not [p for p in declared if p in ci]
