"""A unit's status as every view shows it (units board, assign dialog, map markers, an
event's assignments): one name — the enum's label through ``enum_label`` — and one colour
pair per status, declared here once.

A unit on an event shows its assignment's status (``richiesta``, ``inviata``…), otherwise its
own (``libera``, ``fuori servizio``). The two enums share the values ``sent``, ``en_route`` and
``on_scene`` (same label, same colour); a cleared assignment looks like a free unit.
"""

from __future__ import annotations

from typing import Any

from ...domain.enums import AssignmentStatus, ResourceStatus
from ..i18n import enum_label

UnitStatus = ResourceStatus | AssignmentStatus

# (background, text), by status value: free green, asked-for violet, on the way warm,
# on scene blue, out of service / cancelled grey.
_FREE = ("#c8e6c9", "#0b3d0e")
_GREY = ("#d6d6d6", "#505050")
STATUS_COLORS: dict[str, tuple[str, str]] = {
    ResourceStatus.AVAILABLE.value: _FREE,
    AssignmentStatus.REQUESTED.value: ("#e1d5f5", "#3b1f66"),
    ResourceStatus.SENT.value: ("#fff3a0", "#4a3b00"),
    ResourceStatus.EN_ROUTE.value: ("#ffd8a8", "#5a2d00"),
    ResourceStatus.ON_SCENE.value: ("#bbdefb", "#0d2f5c"),
    ResourceStatus.OUT_OF_SERVICE.value: _GREY,
    AssignmentStatus.CLEARED.value: _FREE,
    AssignmentStatus.CANCELLED.value: _GREY,
}


def shown_status(row: dict[str, Any]) -> UnitStatus | None:
    """The status a unit row shows: its active assignment's, else its own (None if unknown)."""
    assignment = row.get("assignment_status")
    try:
        if assignment and AssignmentStatus(assignment).is_active:
            return AssignmentStatus(assignment)
        return ResourceStatus(row.get("status") or "")
    except ValueError:
        return None


def status_name(status: UnitStatus | None) -> str:
    return enum_label(status) if status is not None else ""


def status_colors(status: UnitStatus | str | None) -> tuple[str, str] | None:
    """(background, text) colours of a status, None for an unknown one."""
    return STATUS_COLORS.get(str(status)) if status is not None else None
