"""The real build: installer/build.py → onedir + .deb; the unpacked .deb's app runs --selftest.

One build per module (about 20 s for the onedir, a few seconds for the .deb with zstd;
the release default, xz, only changes the compression).
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from emergenza import __version__

pytestmark = [pytest.mark.installer,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb is built on Linux")]

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_XCB = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0", "libxcb-render-util.so.0",
               "libxcb-xkb.so.1", "libxkbcommon-x11.so.0", "libxcb-cursor.so.0")


def _frozen_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "EMERGENZA_RESOURCES", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", EMERGENZA_HOME=str(home))
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    for tool in ("dpkg-deb", "fakeroot", "ldd"):
        assert shutil.which(tool), f"{tool} missing: .ci/run installs dpkg-dev and fakeroot"
    out = tmp_path_factory.mktemp("build")
    proc = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(out / "dist"),
                           "--work", str(out / "work"), "--deb-compression", "zstd"],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    deb = out / "dist" / f"emergenza_{__version__}_amd64.deb"
    assert deb.is_file(), proc.stdout
    root = out / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True, timeout=300)
    control = subprocess.run(["dpkg-deb", "-f", str(deb)], check=True, capture_output=True, text=True).stdout
    fields = {}
    for line in control.splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return SimpleNamespace(out=out, deb=deb, root=root, control=control, fields=fields, stdout=proc.stdout,
                           app=root / "opt" / "emergenza" / "emergenza")


def test_build_reports_sizes_and_time(built):
    lines = built.stdout.splitlines()
    assert any(line.startswith("onedir") and "MiB" in line for line in lines), built.stdout
    assert any(line.startswith("deb") and built.deb.name in line for line in lines), built.stdout
    assert any(line.startswith("totale") for line in lines)
    if shutil.which("makensis"):
        assert "sintassi verificata" in built.stdout  # the .nsi compiles (syntax check on Linux)
    assert (built.out / "dist" / "emergenza" / "emergenza").is_file()  # the onedir itself


def test_control_file(built):
    f = built.fields
    assert f["Package"] == "emergenza"
    assert f["Version"] == __version__
    assert f["Architecture"] == "amd64"
    assert f["Maintainer"]
    assert "Polizia Locale" in f["Description"] and "interventi" in built.control
    depends = [d.strip().split(" ")[0] for d in f["Depends"].split(",")]
    for needed in ("libc6", "libgl1", "libegl1", "libxcb1", "fontconfig-config"):
        assert needed in depends, f["Depends"]
    for bundled in ("libxcb-icccm4", "libxcb-cursor0", "libxkbcommon-x11-0", "libqt6core6"):
        assert bundled not in depends  # carried in the bundle, not required from the system
    assert int(f["Installed-Size"]) > 50_000  # KiB


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_files_menu_entry_and_icons(built):
    root = built.root
    assert built.app.is_file() and os.access(built.app, os.X_OK)
    launcher = root / "usr" / "bin" / "emergenza"
    assert os.access(launcher, os.X_OK) and "/opt/emergenza/emergenza" in launcher.read_text()
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # keys are case-sensitive
    desktop.read(root / "usr" / "share" / "applications" / "emergenza.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Emergenza"
    assert entry["Exec"].split()[0] == "emergenza" and entry["Icon"] == "emergenza"
    assert entry["Terminal"] == "false" and "Office" in entry["Categories"].split(";")
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(root / "usr/share/applications/emergenza.desktop")],
                       check=True)
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "emergenza.png"
        assert _png_size(icon) == (size, size)
    assert (root / "usr/share/icons/hicolor/scalable/apps/emergenza.svg").is_file()
    internal = root / "opt" / "emergenza" / "_internal"
    for rel in ("resources/catalogs/municipalities_lombardia.csv", "resources/catalogs/event_types.json",
                "resources/icons/emergenza.svg", "resources/icons/emergenza-256.png"):
        assert (internal / rel).is_file(), rel
    for lib in BUNDLED_XCB:
        assert (internal / lib).exists(), lib
    assert not list(internal.rglob("_tkinter*")) and not (internal / "pytest").exists()
    assert not (internal / "emergenza" / "server").exists()
    # multiprocessing is left out (nothing uses it): its runtime hook would import it at every start.
    warn = (built.out / "work" / "pyinstaller" / "emergenza" / "warn-emergenza.txt").read_text()
    assert "excluded module named multiprocessing" in warn


def test_frozen_version(built, tmp_path):
    proc = subprocess.run([str(built.app), "--version"], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=_frozen_env(tmp_path / "home"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"Emergenza {__version__}"
    # The desktop options are parsed without the command groups; -h still lists them all.
    proc = subprocess.run([str(built.app), "--help"], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=_frozen_env(tmp_path / "home"))
    assert proc.returncode == 0, proc.stderr
    assert "backup" in proc.stdout and "restore" in proc.stdout and "enroll" in proc.stdout


def test_frozen_selftest_offscreen(built, tmp_path, catalogs):
    from emergenza.store import Store

    db = tmp_path / "x.db"
    s = Store.open(db, catalogs, station_code="BG01", corps="Polizia Locale di Bergamo")
    s.people.add("Mario Rossi", "operator")
    s.close()
    proc = subprocess.run([str(built.app), "--selftest", "--db", str(db)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, env=_frozen_env(tmp_path / "home"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK" in proc.stdout
    # The frozen start logs its CPU per step before the window (the installer benchmark reads it).
    startup = [line for line in proc.stderr.splitlines() if "start-up CPU:" in line]
    assert len(startup) == 1 and all(f" {step} " in startup[0] for step in ("python", "modules", "store", "window"))


def test_frozen_admin_commands(built, tmp_path, catalogs):
    from emergenza.store import Store

    db = tmp_path / "x.db"
    Store.open(db, catalogs).close()
    env = _frozen_env(tmp_path / "home")
    proc = subprocess.run([str(built.app), "backup", "--db", str(db)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "backup").glob("x-*-manuale.db"))) == 1
    proc = subprocess.run([str(built.app), "restore", "--db", str(db), "--from", str(tmp_path / "nope.db")],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
