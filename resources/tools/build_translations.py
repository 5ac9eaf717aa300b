"""Build the English translation: .ts from the sources, filled from JSON, compiled to .qm.

    .venv/bin/python resources/tools/build_translations.py [--check]

1. ``pyside6-lupdate`` reads every .py under ``emergenza/`` (``tr()``, ``translate()``,
   ``QT_TRANSLATE_NOOP``) into ``resources/translations/emergenza_en.ts``;
2. each message gets its English text from ``resources/translations/src/*.json``
   (``{"context": {"Italian source": "English"}}``; one file per area of the app);
3. ``pyside6-lrelease`` compiles ``emergenza_en.qm``.

The English lives in the JSON files (easy to review and merge), the .ts/.qm are generated
and committed. Exit 1 (and the list) when a source string has no English; ``--check``
only reports, writing nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "emergenza"
TRANSLATIONS = ROOT / "resources" / "translations"
SOURCES = TRANSLATIONS / "src"
TS_NAME = "emergenza_en.ts"
QM_NAME = "emergenza_en.qm"


def _tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} non trovato: installare PySide6")
    return found


def python_sources(package: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def run_lupdate(ts_path: Path, package: Path = PACKAGE) -> None:
    files = [str(p.relative_to(ROOT)) for p in python_sources(package)]
    subprocess.run([_tool("pyside6-lupdate"), *files, "-locations", "none", "-no-obsolete",
                    "-target-language", "en", "-ts", str(ts_path)],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def load_english(sources: Path = SOURCES) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(sources.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for context, messages in data.items():
            merged.setdefault(context, {}).update(messages)
    return merged


def fill(ts_path: Path, english: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """Write the English into the .ts; return (context, source) pairs left without it."""
    tree = ET.parse(ts_path)
    missing: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = english.get(name, {}).get(source)
            if text:
                translation.text = text
                translation.attrib.pop("type", None)
            else:
                translation.text = None
                translation.set("type", "unfinished")
                missing.append((name, source))
    ET.indent(tree, space="    ")
    with ts_path.open("wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
        fh.write(b"\n")
    return missing


def run_lrelease(ts_path: Path, qm_path: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts_path), "-qm", str(qm_path)],
                   check=True, capture_output=True, text=True)


def build(out_dir: Path = TRANSLATIONS, *, compile_qm: bool = True) -> list[tuple[str, str]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    ts_path = out_dir / TS_NAME
    ts_path.unlink(missing_ok=True)  # from scratch: strings removed from the code disappear
    run_lupdate(ts_path)
    missing = fill(ts_path, load_english())
    if compile_qm:
        run_lrelease(ts_path, out_dir / QM_NAME)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report missing English only, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            missing = build(Path(tmp), compile_qm=False)
    else:
        missing = build()
    for context, source in missing:
        print(f"senza traduzione: [{context}] {source}")
    print(f"{len(missing)} testi senza traduzione inglese" if missing else "traduzione inglese completa")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
