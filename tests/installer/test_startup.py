"""The desktop start from the command line: the options of the window are parsed without
importing the command groups, anything else gets the whole parser, and the start logs its
CPU per step (the installer benchmark reads that line)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.cli import run_emergenza
from tests.support.paths import ROOT

COMMAND_GROUP = "emergenza.commands.common"  # imported by every command module


def _parsed_in_fresh_process(argv: list[str]) -> tuple[str, bool]:
    """(what _desktop_args gave, whether a command group got imported), in a clean interpreter."""
    code = ("import sys; from emergenza.cli import _desktop_args; a = _desktop_args(sys.argv[1:]); "
            f"print(None if a is None else sorted(vars(a).items())); print({COMMAND_GROUP!r} in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    parsed, imported = proc.stdout.splitlines()
    return parsed, imported == "True"


def test_desktop_options_parsed_without_the_command_groups():
    parsed, imported = _parsed_in_fresh_process(["--db", "x.db", "--selftest", "--lang=en", "--view", "map"])
    assert not imported
    assert parsed == str(sorted({"command": None, "db": "x.db", "demo": False, "selftest": True,
                                 "screenshot": None, "view": "map", "lang": "en"}.items()))


@pytest.mark.parametrize("argv", [
    ["backup", "--db", "x.db"],  # a subcommand
    ["--db", "x.db", "status"],  # a subcommand after the window's options
    ["-h"], ["--help"],  # help lists the subcommands
    ["--scr", "out.png"],  # an abbreviation: argparse (the whole parser) decides what it means
    ["--", "--db"],
])
def test_anything_else_goes_to_the_whole_parser(argv):
    parsed, _imported = _parsed_in_fresh_process(argv)
    assert parsed == "None"


@pytest.mark.parametrize(("args", "said"), [
    (["--lang", "xx"], "argomento --lang: scelta non valida: 'xx'"),
    (["--db"], "argomento --db: manca il valore"),
    (["--bogus"], "argomenti non riconosciuti: --bogus"),
])
def test_bad_desktop_options_are_refused_in_one_italian_line(args, said):
    result = run_emergenza(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"emergenza: errore: {said}")
    assert result.stderr.count("\n") == 1


def test_help_and_subcommands_still_work():
    result = run_emergenza("--help")
    assert result.returncode == 0
    assert "backup" in result.stdout and "restore" in result.stdout
    assert run_emergenza("backup", "--help").returncode == 0
    version = run_emergenza("--version")
    assert version.returncode == 0 and version.stdout.startswith("Emergenza ")


@pytest.mark.slow
def test_start_logs_its_cpu_per_step(tmp_path, catalogs):
    from emergenza.store import Store

    db = tmp_path / "x.db"
    s = Store.open(db, catalogs, station_code="BG01", corps="Polizia Locale di Bergamo")
    s.people.add("Mario Rossi", "operator")
    s.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMERGENZA_HOME": str(tmp_path / "home")}
    result = run_emergenza("--selftest", "--db", db, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    at = next(i for i, line in enumerate(lines) if "start-up CPU:" in line)
    parts = lines[at].split("start-up CPU:", 1)[1].removesuffix(" s").split(",")
    steps = {name: float(cpu) for name, cpu in (part.split() for part in parts)}
    assert list(steps) == ["python", "modules", "qt", "store", "window", "menus"]
    assert all(cpu >= 0 for cpu in steps.values()) and steps["modules"] > 0
    assert at < next(i for i, line in enumerate(lines) if "selftest: view board" in line)  # logged before the window
