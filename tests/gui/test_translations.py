"""Every user-visible string has its English: regenerate the .ts and look for gaps.

Fails (listing them) while any ``tr()`` / ``translate()`` / ``QT_TRANSLATE_NOOP`` source
text has no English in ``resources/translations/src/*.json``.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("build_translations",
                                                  ROOT / "resources" / "tools" / "build_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_source_string_has_an_english_translation(tool, tmp_path):
    missing = tool.build(tmp_path, compile_qm=False)
    assert not missing, "testi senza traduzione inglese:\n" + "\n".join(f"[{c}] {s}" for c, s in missing)


def test_the_scan_finds_the_strings_of_every_layer(tool, tmp_path):
    tool.build(tmp_path, compile_qm=False)
    contexts = {c.findtext("name") for c in ET.parse(tmp_path / tool.TS_NAME).getroot().iter("context")}
    assert {"MainWindow", "EventsBoardModel", "enums", "errors", "validation"} <= contexts


def test_english_translator_is_used_by_the_window(ctx, qapp, qtbot):
    from PySide6.QtCore import QCoreApplication

    from emergenza.gui.i18n import install_translators

    installed = install_translators(qapp, "en")
    try:
        assert QCoreApplication.translate("MainWindow", "&Interventi") == "&Events"
        assert QCoreApplication.translate("enums", "in viaggio") == "en route"
    finally:
        for t in installed:
            qapp.removeTranslator(t)
    assert QCoreApplication.translate("MainWindow", "&Interventi") == "&Interventi"
