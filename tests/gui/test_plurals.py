"""Count messages in the right grammatical number, in Italian and in English (n = 0, 1, 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

EXPECTED = {
    "it": {0: "Esportati 0 interventi in x.csv", 1: "Esportato 1 intervento in x.csv",
           2: "Esportati 2 interventi in x.csv"},
    "en": {0: "Exported 0 events to x.csv", 1: "Exported 1 event to x.csv", 2: "Exported 2 events to x.csv"},
}


@pytest.fixture(params=["it", "en"])
def language(request, qapp):
    from emergenza.gui.i18n import install_translators

    installed = install_translators(qapp, request.param)
    yield request.param
    for t in installed:
        qapp.removeTranslator(t)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_export_done_text(ctx, qtbot, language, n):
    from emergenza.gui.reports.dialogs import ExportCsvDialog

    dialog = ExportCsvDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.done_text((Path("x.csv"), n)) == EXPECTED[language][n]
