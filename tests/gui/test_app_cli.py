"""The desktop entry point in a real process: --selftest, --screenshot, bad input."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QImage

from tests.support.cli import run_emergenza

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from emergenza.store import demo
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo.generate(path, events=300)
    return path


def run_app(*args, home, timeout=90):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMERGENZA_HOME": str(home)}
    return run_emergenza(*args, timeout=timeout, env=env)


def test_selftest_walks_every_view(demo_db, tmp_path):
    result = run_app("--selftest", "--db", str(demo_db), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
    for view in ("board", "units", "detail", "intake", "search", "map", "shortcuts", "about", "settings",
                 "statistics window", "brogliaccio", "annual", "export", "shift report"):
        assert f"selftest: view {view}" in result.stderr or f"selftest: {view}" in result.stderr


def test_selftest_fails_on_a_damaged_store(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    result = run_app("--selftest", "--db", str(bad), home=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("view", ["board", "detail", "map", "stats"])
def test_screenshot_saves_a_large_png(demo_db, tmp_path, view):
    out = tmp_path / f"{view}.png"
    result = run_app("--screenshot", str(out), "--db", str(demo_db), "--view", view, home=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1366 and image.height() >= 768
    # Not a blank grab: a real window has many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colours) > 10
    if view == "map":  # the map fills the page: much of the picture is Lombardy's land colour
        from PySide6.QtGui import QColor

        from emergenza.gui.map.basemap import BaseMapStyle

        land = QColor(BaseMapStyle.land).rgb()
        samples = [image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
        assert samples.count(land) > len(samples) // 5


@pytest.mark.parametrize("args,message", [
    (["--screenshot", "x.png", "--view", "nessuna"], "vista sconosciuta"),
    (["--selftest", "--db", "/nonexistent/x.db"], "archivio non trovato"),
    (["--demo", "--db", "x.db", "--selftest"], "non entrambi"),
])
def test_bad_input_exits_2_with_one_line(demo_db, tmp_path, args, message):
    args = [a if a != "x.png" else str(tmp_path / "x.png") for a in args]
    if "--db" not in args:
        args += ["--db", str(demo_db)]
    result = run_app(*args, home=tmp_path)
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert message in last and last.startswith("emergenza:")
    assert "Traceback" not in result.stderr


def test_settings_are_native_unless_home_is_overridden(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from emergenza.gui.settings import open_settings

    monkeypatch.delenv("EMERGENZA_HOME", raising=False)
    native = open_settings()
    assert native.format() == QSettings.Format.NativeFormat
    assert (native.organizationName(), native.applicationName()) == ("PoliziaLocale", "Emergenza")

    monkeypatch.setenv("EMERGENZA_HOME", str(tmp_path))
    portable = open_settings()
    assert portable.format() == QSettings.Format.IniFormat
    assert portable.fileName() == str(tmp_path / "settings.ini")


_COLLECTOR_PROBE = """
import gc, sys
import emergenza.app as app
from emergenza import cli

seen = []
build = app.DesktopApp.build

def probed(self):
    seen.append(gc.isenabled())
    build(self)
    seen.append((gc.isenabled(), gc.get_freeze_count() > 0))

app.DesktopApp.build = probed
code = cli.main(sys.argv[1:])
print(code, seen)
"""


def test_start_up_runs_without_the_collector_and_freezes_what_it_made(demo_db, tmp_path):
    """The collector is off while the app starts (its passes cost 0.1-0.18 s of start-up),
    on again once the window is up, with what start-up made frozen out of its full passes."""
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMERGENZA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _COLLECTOR_PROBE, "--screenshot", str(tmp_path / "s.png"),
                           "--db", str(demo_db)], capture_output=True, text=True, timeout=90, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 [False, (True, True)]"


_UNUSED_PROBE = """
import sys
from emergenza import cli

code = cli.main(sys.argv[1:])
print(code, "httpx" in sys.modules, sorted(m for m in ("httpx._main", "rich") if sys.modules.get(m)))
"""


def test_the_desktop_leaves_out_what_it_never_runs(demo_db, tmp_path):
    """httpx comes without its command line (and rich, where installed): ~45 ms of a start, as the
    built station, which leaves them out (installer/emergenza.spec)."""
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EMERGENZA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _UNUSED_PROBE, "--screenshot", str(tmp_path / "s.png"),
                           "--db", str(demo_db)], capture_output=True, text=True, timeout=90, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 True []"
