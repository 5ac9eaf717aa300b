"""Build the station installers with one command: ``python installer/build.py``.

1. PyInstaller (``installer/emergenza.spec``) → ``dist/emergenza/`` (onedir).
2. On Linux: a Debian package ``dist/emergenza_<version>_amd64.deb`` (files under
   /opt/emergenza, launcher /usr/bin/emergenza, menu entry and hicolor icons), built
   with ``fakeroot dpkg-deb --build``.
3. When ``makensis`` is found: the NSIS script ``installer/windows/emergenza.nsi``.
   On Windows this is the real installer ``dist/emergenza-<version>-setup.exe``.
   On Linux the onedir holds Linux binaries, so the script is only compiled as a SYNTAX
   CHECK (uncompressed, into a temporary folder, then deleted): the Windows installer
   must be built on Windows (see the README).

Prints sizes and build times. Exit 0 on success, 2 with one Italian line on failure.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Sonames a bundled library may need that are not found on the build machine (e.g. the
# Wayland client libraries of the wayland platform plugin): recommended, not required.
OPTIONAL_SONAMES = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
# The bundled fontconfig reads the system configuration (and its fonts) from /etc/fonts.
ALWAYS_DEPENDS = ("fontconfig-config",)
FALLBACK_DEPENDS = ("libc6", "libgl1", "libegl1", "libxcb1")


class BuildError(Exception):
    pass


def version() -> str:
    text = (ROOT / "emergenza" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise BuildError("versione non trovata in emergenza/__init__.py")
    return match.group(1)


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    except FileNotFoundError as exc:
        raise BuildError(f"comando non trovato: {cmd[0]}") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise BuildError(f"{' '.join(cmd[:3])} … è fallito (uscita {proc.returncode}):\n{tail}")
    return proc


# ---------------------------------------------------------------- PyInstaller
def build_onedir(dist: Path, work: Path, python_options: list[str] | None = None) -> Path:
    if work.exists():  # a fresh analysis every time; PyInstaller's own binary cache is kept
        shutil.rmtree(work)
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(INSTALLER / "emergenza.spec"),
         "--", *(f"--python-option={option}" for option in python_options or ())], cwd=ROOT)
    onedir = dist / "emergenza"
    exe = onedir / ("emergenza.exe" if os.name == "nt" else "emergenza")
    if not exe.exists():
        raise BuildError(f"PyInstaller non ha prodotto {exe}")
    return onedir


# --------------------------------------------------------------------- Debian
def system_depends(onedir: Path) -> tuple[list[str], list[str]]:
    """(Depends, Recommends): packages of the shared libraries the bundle needs but does not carry."""
    libs = [p for p in onedir.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    bundled = {p.name for p in onedir.rglob("*.so*")}
    needed: dict[str, str | None] = {}
    for chunk in (libs[i:i + 200] for i in range(0, len(libs), 200)):
        out = subprocess.run(["ldd", *map(str, chunk)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = re.match(r"\s*(\S+)\s+=>\s+(not found|\S+)", line)
            if m and m.group(1) not in bundled:
                needed.setdefault(m.group(1), None if m.group(2) == "not found" else m.group(2))
    depends, recommends = set(ALWAYS_DEPENDS), set()
    for soname, path in needed.items():
        if soname in OPTIONAL_SONAMES:
            recommends.add(OPTIONAL_SONAMES[soname])
            continue
        if path is None:
            raise BuildError(f"libreria di sistema mancante sulla macchina di build: {soname}")
        proc = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True)
        if proc.returncode != 0:  # e.g. /lib vs /usr/lib aliasing: try the path as ldd gave it
            proc = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if proc.returncode == 0:
            depends.add(proc.stdout.split(":")[0].strip())
    if not needed or "libc6" not in depends:
        depends.update(FALLBACK_DEPENDS)
    glibc = platform.libc_ver()[1]
    deps = sorted(depends)
    if glibc:
        deps = [f"libc6 (>= {glibc})" if d == "libc6" else d for d in deps]
    return deps, sorted(recommends)


def _normalise_modes(root: Path) -> None:
    """Debian policy: directories 0755, files 0644, executables 0755, whatever the umask."""
    for p in [root, *root.rglob("*")]:
        if p.is_symlink():
            continue
        if p.is_dir():
            p.chmod(0o755)
        else:
            p.chmod(0o755 if p.stat().st_mode & 0o111 else 0o644)


def build_deb(onedir: Path, dist: Path, work: Path, ver: str, compression: str) -> Path:
    for tool in ("dpkg-deb", "fakeroot"):
        if shutil.which(tool) is None:
            raise BuildError(f"{tool} non trovato: installare i pacchetti dpkg-dev e fakeroot")
    stage = work / f"emergenza_{ver}_amd64"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / "opt" / "emergenza"
    shutil.copytree(onedir, opt, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    shutil.copyfile(INSTALLER / "linux" / "launcher.sh", stage / "usr" / "bin" / "emergenza")
    (stage / "usr" / "bin" / "emergenza").chmod(0o755)
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copyfile(INSTALLER / "linux" / "emergenza.desktop", apps / "emergenza.desktop")
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        dest = stage / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        dest.mkdir(parents=True)
        shutil.copyfile(icons / f"emergenza-{size}.png", dest / "emergenza.png")
    scalable = stage / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(icons / "emergenza.svg", scalable / "emergenza.svg")
    doc = stage / "usr" / "share" / "doc" / "emergenza"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Emergenza - sala operativa offline-first per la Polizia Locale\n"
        "Licenza: EUPL-1.2\n\nDati dei comuni: ISTAT, CC BY 4.0 (vedi /opt/emergenza/_internal/resources/"
        "ATTRIBUTION.md)\n", encoding="utf-8")

    depends, recommends = system_depends(onedir)
    control_dir = stage / "DEBIAN"
    control_dir.mkdir()
    control = (INSTALLER / "linux" / "control.in").read_text(encoding="utf-8")
    control = (control.replace("@VERSION@", ver)
               .replace("@INSTALLED_SIZE@", str(tree_size(stage) // 1024 + 1))
               .replace("@DEPENDS@", ", ".join(depends)))
    if recommends:
        control = re.sub(r"^Recommends: (.*)$", lambda m: f"Recommends: {', '.join(recommends)}, {m.group(1)}",
                         control, flags=re.M)
    (control_dir / "control").write_text(control, encoding="utf-8")
    for script in ("postinst", "postrm"):
        shutil.copyfile(INSTALLER / "linux" / script, control_dir / script)
    _normalise_modes(stage)
    for script in ("postinst", "postrm"):
        (control_dir / script).chmod(0o755)

    deb = dist / f"emergenza_{ver}_amd64.deb"
    deb.unlink(missing_ok=True)
    run(["fakeroot", "dpkg-deb", f"-Z{compression}", "--build", str(stage), str(deb)])
    shutil.rmtree(stage)
    return deb


# ----------------------------------------------------------------------- NSIS
def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    if os.name == "nt":
        # Windows' own spelling of the names (environment names are case-insensitive there).
        for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):  # noqa: SIM112
            if base and (Path(base) / "NSIS" / "makensis.exe").exists():
                return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def build_nsis(makensis: str, onedir: Path, dist: Path, ver: str) -> Path | None:
    """Windows: the real installer. Elsewhere: compile as a syntax check only, then delete."""
    nsi = INSTALLER / "windows" / "emergenza.nsi"
    numeric = ".".join((re.findall(r"\d+", ver) + ["0"] * 4)[:4])
    defines = [f"-DVERSION={ver}", f"-DVERSION_NUMERIC={numeric}", f"-DSRCDIR={onedir.resolve()}",
               f"-DICON={(ROOT / 'resources' / 'icons' / 'emergenza.ico').resolve()}"]
    if os.name == "nt":
        out = dist / f"emergenza-{ver}-setup.exe"
        run([makensis, "-V2", *defines, f"-DOUTFILE={out.resolve()}", str(nsi)])
        return out
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "syntax-check.exe"
        run([makensis, "-V2", *defines, "-DSYNTAX_CHECK", f"-DOUTFILE={out}", str(nsi)])
    return None


# ----------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Costruisce la cartella del programma e i pacchetti di installazione.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="cartella dei risultati (predefinita: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer", help="cartella di lavoro")
    parser.add_argument("--no-deb", action="store_true", help="non costruire il pacchetto Debian")
    parser.add_argument("--no-nsis", action="store_true", help="non compilare lo script NSIS")
    parser.add_argument("--deb-compression", default="xz", choices=("xz", "gzip", "zstd", "none"),
                        help="compressione del .deb (predefinita xz, leggibile da ogni dpkg)")
    parser.add_argument("--python-option", action="append", default=[], metavar="OPZIONE",
                        help="opzione dell'interprete del programma costruito, per diagnosi "
                             "(es. \"X importtime\"; ripetibile)")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    try:
        ver = version()
        t0 = time.perf_counter()
        onedir = build_onedir(dist, work / "pyinstaller", args.python_option)
        t_onedir = time.perf_counter() - t0
        print(f"onedir   {onedir}  {mib(tree_size(onedir))}  ({t_onedir:.1f} s)")
        if sys.platform.startswith("linux") and not args.no_deb:
            t1 = time.perf_counter()
            deb = build_deb(onedir, dist, work, ver, args.deb_compression)
            print(f"deb      {deb}  {mib(deb.stat().st_size)}  ({time.perf_counter() - t1:.1f} s)")
        makensis = None if args.no_nsis else find_makensis()
        if makensis:
            t2 = time.perf_counter()
            setup = build_nsis(makensis, onedir, dist, ver)
            took = time.perf_counter() - t2
            if setup:
                print(f"setup    {setup}  {mib(setup.stat().st_size)}  ({took:.1f} s)")
            else:
                print(f"nsis     sintassi verificata ({took:.1f} s); l'installer Windows va compilato su Windows")
        elif not args.no_nsis:
            print("nsis     makensis non trovato: installer Windows non compilato")
        print(f"totale   {time.perf_counter() - t0:.1f} s")
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
