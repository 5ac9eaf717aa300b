"""Every string of the forms (intake, detail, assign, search) has its English translation
in resources/translations/src/forms.json, under the context lupdate gives it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORMS_MODULES = ["events/intake.py", "events/detail.py", "events/assign_dialog.py", "events/search_view.py",
                 "events/journal_model.py", "events/search_model.py", "events/event_fields.py",
                 "events/assign_model.py", "widgets/labels.py"]


def _lupdate() -> str:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    return str(exe) if exe.exists() else shutil.which("pyside6-lupdate") or "pyside6-lupdate"


def test_every_forms_string_has_an_english_translation(tmp_path):
    ts = tmp_path / "forms.ts"
    subprocess.run([_lupdate(), *[str(ROOT / "emergenza/gui" / m) for m in FORMS_MODULES], "-ts", str(ts)],
                   check=True, capture_output=True)
    found = {(c.findtext("name"), m.findtext("source"))
             for c in ET.parse(ts).getroot().iter("context") for m in c.iter("message")}
    assert len(found) > 100
    table = json.loads((ROOT / "resources/translations/src/forms.json").read_text(encoding="utf-8"))
    missing = sorted(f"{ctx}: {src}" for ctx, src in found if not table.get(ctx, {}).get(src, "").strip())
    assert missing == []
    placeholders = [f"{ctx}: {src}" for ctx, src in found
                    if sorted(_slots(src)) != sorted(_slots(table[ctx][src]))]
    assert placeholders == []


def _slots(text: str) -> list[str]:
    import re
    return re.findall(r"\{\d\}", text)
