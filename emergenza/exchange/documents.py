"""What the CAP and EMSI documents share: the size limit, safe XML parsing, times.

Every document read from outside is parsed with entities, DTDs and network access off
(no "billion laughs", no external entity reaching a file or a host) and only after its
size was checked against :data:`MAX_DOCUMENT_BYTES`, the one limit of this package.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml import etree

from ..domain.entities import utc_now_iso
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from ..reports.localtime import ROME

# One CAP alert or EMSI message of one event: a few KB; 1 MB leaves room for long
# descriptions and many units, and refuses anything that is not such a document.
MAX_DOCUMENT_BYTES = 1024 * 1024

# CAP 1.2 and EMSI both write times as local time with its offset, seconds, no "Z".
_WIRE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$")


def check_length(length: int, what: str) -> None:
    if length > MAX_DOCUMENT_BYTES:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: file troppo grande ({1} KB, al massimo {2} KB)."),
                        what, (length + 1023) // 1024, MAX_DOCUMENT_BYTES // 1024)


def check_size(data: bytes, what: str) -> None:
    check_length(len(data), what)


def parse_xml(data: bytes, what: str) -> etree._Element:
    """The root element of an XML document from outside; UserError in Italian otherwise."""
    check_size(data, what)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: non è un documento XML leggibile ({1})."),
                        what, exc.msg or str(exc)) from None
    if root is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: documento vuoto."), what)
    if root.getroottree().docinfo.doctype:
        # Neither CAP nor EMSI has a DTD: a DOCTYPE only brings entities we never expand.
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: il documento dichiara un DOCTYPE, non ammesso."), what)
    return root


def wire_time(stored: str | None) -> str | None:
    """A stored UTC time (``…Z``) as CAP/EMSI write it: Italian local time with its offset."""
    if not stored:
        return None
    moment = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ROME).replace(microsecond=0).isoformat()


def stored_time(text: str | None, what: str, element: str) -> str | None:
    """A CAP/EMSI time as the store keeps it (UTC, milliseconds, ``Z``); UserError if bad."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    try:
        if not _WIRE_TIME.match(value):
            raise ValueError(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: data e ora non valida in «{1}»: «{2}» "
                                                    "(serve AAAA-MM-GGThh:mm:ss+hh:mm)."),
                        what, element, value) from None
    return utc_now_iso(moment.astimezone(UTC))
