"""Language: installing the translators and translating the Qt-free core's texts.

Italian is the source language (no translator needed); English comes from
``resources/translations/emergenza_en.qm``. Qt's own strings (dialog buttons) come
from the ``qtbase_*.qm`` shipped with PySide6.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from ..domain.errors import EmergenzaError, ValidationError
from ..resources import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = ("it", "en")


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the app's and Qt's translators for ``language``; return them (keep them alive)."""
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    if language != "it":
        own = QTranslator(app)
        path = resources_dir() / "translations"
        if own.load(f"emergenza_{language}", str(path)):
            app.installTranslator(own)
            installed.append(own)
        else:
            log.warning("translation emergenza_%s.qm not found in %s", language, path)
    return installed


def tr_core(context: str, text: str | None) -> str:
    """Translate a string the core marked with ``QT_TRANSLATE_NOOP(context, text)``."""
    if not text:
        return ""
    return QCoreApplication.translate(context, text)


def enum_label(member) -> str:
    """Translated label of a domain enum member (labels live in context "enums")."""
    return tr_core("enums", member.label)


def error_text(exc: BaseException) -> str:
    """The operator-facing message of an error: its template translated (context
    "errors"), then its parameters filled in. A text parameter is translated too when it
    is a marked label (context "enums", e.g. a status) or a marked message ("errors");
    a parameter that is itself an Emergenza error is shown as its own message."""
    if isinstance(exc, ValidationError):
        return "\n".join(tr_core("validation", e.message) for e in exc.errors) or str(exc)
    if not isinstance(exc, EmergenzaError):
        return QCoreApplication.translate("errors", "Errore imprevisto: {0}").format(exc)

    def param(value: object) -> object:
        if isinstance(value, EmergenzaError):
            return error_text(value)
        if isinstance(value, str) and value:
            for context in ("enums", "errors"):
                text = tr_core(context, value)
                if text != value:
                    return text
        return value

    template = tr_core("errors", exc.template)
    if not exc.params:
        return template
    try:
        return template.format(*map(param, exc.params))
    except (IndexError, KeyError, ValueError):  # a translation with broken slots
        return str(exc)


def plural(n: int, one: str, many: str) -> str:
    """The form of a count message for ``n``: ``one`` when ``n`` is 1, ``many`` otherwise
    (0 too) — the rule of Italian and of English alike. Both forms come already translated
    (``self.tr`` at the call site, so lupdate sees both); the caller fills in the slots."""
    return one if n == 1 else many
