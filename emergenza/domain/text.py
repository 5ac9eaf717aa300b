"""Marking user-visible strings of the Qt-free core for translation.

The core cannot call Qt's ``tr()``; it marks strings with ``QT_TRANSLATE_NOOP`` (the
name ``pyside6-lupdate`` recognises) and keeps the Italian text. The GUI passes them
through ``QCoreApplication.translate(context, text)`` at display time.
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    del context
    return text


N_ = QT_TRANSLATE_NOOP
