"""What the views show for codes and times: catalog and enum labels, colours, local times,
and the colours of a form's messages."""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor

from ...domain.catalogs import Catalogs, fold
from ...domain.entities import parse_iso
from ..i18n import enum_label

ERROR_STYLE = "color: #b00020;"  # a form's inline errors
DONE_STYLE = "color: #1b5e20;"  # a form's "saved" messages


def code_label(enum: type[Enum], code: str | None) -> str:
    """Translated label of a stored enum code; "" for none, the code itself if unknown."""
    if not code:
        return ""
    try:
        member = enum(code)
    except ValueError:
        return code
    return enum_label(member)


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
