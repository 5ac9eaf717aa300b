"""Small helpers shared by the forms (intake, detail, assign, search): labels, times, errors."""

from __future__ import annotations

from PySide6.QtGui import QColor

from ...domain.catalogs import Catalogs, fold
from ...domain.entities import parse_iso
from ...domain.enums import AssignmentStatus, Channel, EventStatus, ResourceKind, ResourceStatus, Sharing
from .. import i18n
from ..i18n import error_text  # noqa: F401 - re-exported: the one translation of store errors

_ENUMS = {
    "status": EventStatus,
    "channel": Channel,
    "sharing": Sharing,
    "assignment": AssignmentStatus,
    "resource_status": ResourceStatus,
    "resource_kind": ResourceKind,
}


def enum_label(kind: str, value: str | None) -> str:
    """Translated label of an enum code (the domain marks them in context "enums")."""
    if not value:
        return ""
    try:
        member = _ENUMS[kind](value)
    except ValueError:
        return value
    return i18n.enum_label(member)


def is_english(ctx) -> bool:
    return getattr(ctx, "language", "it") == "en"


def type_label(ctx, code: str | None) -> str:
    if not code:
        return ""
    return ctx.catalogs.type_label(code, english=is_english(ctx))


def type_protocol(ctx, code: str | None) -> str:
    et = ctx.catalogs.event_types.get(code or "")
    if et is None:
        return ""
    return (et.protocol_en if is_english(ctx) else et.protocol) or ""


def priority_label(ctx, code: str | None) -> str:
    level = ctx.catalogs.priorities.get(code or "")
    if level is None:
        return code or ""
    return level.label_en if is_english(ctx) else level.label


def priority_colors(catalogs: Catalogs, code: str | None) -> tuple[QColor, QColor] | None:
    level = catalogs.priorities.get(code or "")
    if level is None:
        return None
    return QColor(level.color), QColor(level.text_color)


def municipality_label(catalogs: Catalogs, istat: str | None) -> str:
    m = catalogs.municipalities.get(istat or "")
    return f"{m.name} ({m.province_code})" if m else ""


def fmt_time(iso: str | None, *, with_date: bool = True) -> str:
    """Local time of an ISO UTC stamp, as an operator reads it."""
    if not iso:
        return ""
    try:
        local = parse_iso(iso).astimezone()
    except ValueError:
        return iso
    return local.strftime("%d/%m/%Y %H:%M:%S" if with_date else "%H:%M:%S")


def matches(text: str, *haystack: str | None) -> bool:
    q = fold(text)
    return not q or any(q in fold(h or "") for h in haystack)
