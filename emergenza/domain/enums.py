"""Enumerations of the domain. Values are stable English codes (stored and synced);
Italian labels are marked for translation and shown by the GUI."""

from __future__ import annotations

from enum import StrEnum

from .text import QT_TRANSLATE_NOOP


class EventStatus(StrEnum):
    NEW = "new"
    WAITING = "waiting"
    ASSIGNED = "assigned"
    ON_SCENE = "on_scene"
    SUSPENDED = "suspended"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        return _EVENT_STATUS_LABELS[self]

    @property
    def is_active(self) -> bool:
        return self not in (EventStatus.CLOSED, EventStatus.CANCELLED)


_EVENT_STATUS_LABELS = {
    EventStatus.NEW: QT_TRANSLATE_NOOP("enums", "nuovo"),
    EventStatus.WAITING: QT_TRANSLATE_NOOP("enums", "in attesa"),
    EventStatus.ASSIGNED: QT_TRANSLATE_NOOP("enums", "assegnato"),
    EventStatus.ON_SCENE: QT_TRANSLATE_NOOP("enums", "sul posto"),
    EventStatus.SUSPENDED: QT_TRANSLATE_NOOP("enums", "sospeso"),
    EventStatus.CLOSED: QT_TRANSLATE_NOOP("enums", "chiuso"),
    EventStatus.CANCELLED: QT_TRANSLATE_NOOP("enums", "annullato"),
    EventStatus.REOPENED: QT_TRANSLATE_NOOP("enums", "riaperto"),
}

ACTIVE_EVENT_STATUSES: tuple[str, ...] = tuple(s.value for s in EventStatus if s.is_active)


class Priority(StrEnum):
    """The standard colour codes. The scale itself (labels, colours, urgency order) is the
    priority catalog in resources/: order by ``Catalogs.priority_rank``/``priorities_by_urgency``."""

    WHITE = "white"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return _PRIORITY_LABELS[self]


_PRIORITY_LABELS = {
    Priority.WHITE: QT_TRANSLATE_NOOP("enums", "bianco"),
    Priority.GREEN: QT_TRANSLATE_NOOP("enums", "verde"),
    Priority.YELLOW: QT_TRANSLATE_NOOP("enums", "giallo"),
    Priority.RED: QT_TRANSLATE_NOOP("enums", "rosso"),
}


class Channel(StrEnum):
    PHONE = "phone"
    NUE112 = "nue112"
    RADIO = "radio"
    INITIATIVE = "initiative"
    FRONT_DESK = "front_desk"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.PHONE: QT_TRANSLATE_NOOP("enums", "telefono"),
    Channel.NUE112: QT_TRANSLATE_NOOP("enums", "112 NUE"),
    Channel.RADIO: QT_TRANSLATE_NOOP("enums", "radio"),
    Channel.INITIATIVE: QT_TRANSLATE_NOOP("enums", "iniziativa"),
    Channel.FRONT_DESK: QT_TRANSLATE_NOOP("enums", "sportello"),
    Channel.VIDEO: QT_TRANSLATE_NOOP("enums", "videosorveglianza"),
}


class Sharing(StrEnum):
    """``riservato``: own corps only; ``condiviso``: region and State police forces."""

    RESERVED = "reserved"
    SHARED = "shared"

    @property
    def label(self) -> str:
        return _SHARING_LABELS[self]


_SHARING_LABELS = {
    Sharing.RESERVED: QT_TRANSLATE_NOOP("enums", "riservato"),
    Sharing.SHARED: QT_TRANSLATE_NOOP("enums", "condiviso"),
}


class ResourceKind(StrEnum):
    PATROL = "patrol"
    CAR = "car"
    MOTORBIKE = "motorbike"
    OFFICER = "officer"
    VAN = "van"
    BICYCLE = "bicycle"

    @property
    def label(self) -> str:
        return _RESOURCE_KIND_LABELS[self]


_RESOURCE_KIND_LABELS = {
    ResourceKind.PATROL: QT_TRANSLATE_NOOP("enums", "pattuglia"),
    ResourceKind.CAR: QT_TRANSLATE_NOOP("enums", "auto"),
    ResourceKind.MOTORBIKE: QT_TRANSLATE_NOOP("enums", "moto"),
    ResourceKind.OFFICER: QT_TRANSLATE_NOOP("enums", "agente"),
    ResourceKind.VAN: QT_TRANSLATE_NOOP("enums", "furgone"),
    ResourceKind.BICYCLE: QT_TRANSLATE_NOOP("enums", "bicicletta"),
}


class ResourceStatus(StrEnum):
    AVAILABLE = "available"
    SENT = "sent"
    EN_ROUTE = "en_route"
    ON_SCENE = "on_scene"
    OUT_OF_SERVICE = "out_of_service"

    @property
    def label(self) -> str:
        return _RESOURCE_STATUS_LABELS[self]


_RESOURCE_STATUS_LABELS = {
    ResourceStatus.AVAILABLE: QT_TRANSLATE_NOOP("enums", "libera"),
    ResourceStatus.SENT: QT_TRANSLATE_NOOP("enums", "inviata"),
    ResourceStatus.EN_ROUTE: QT_TRANSLATE_NOOP("enums", "in viaggio"),
    ResourceStatus.ON_SCENE: QT_TRANSLATE_NOOP("enums", "sul posto"),
    ResourceStatus.OUT_OF_SERVICE: QT_TRANSLATE_NOOP("enums", "fuori servizio"),
}


class AssignmentStatus(StrEnum):
    REQUESTED = "requested"
    SENT = "sent"
    EN_ROUTE = "en_route"
    ON_SCENE = "on_scene"
    CLEARED = "cleared"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _ASSIGNMENT_STATUS_LABELS[self]

    @property
    def is_active(self) -> bool:
        return self not in (AssignmentStatus.CLEARED, AssignmentStatus.CANCELLED)


_ASSIGNMENT_STATUS_LABELS = {
    AssignmentStatus.REQUESTED: QT_TRANSLATE_NOOP("enums", "richiesta"),
    AssignmentStatus.SENT: QT_TRANSLATE_NOOP("enums", "inviata"),
    AssignmentStatus.EN_ROUTE: QT_TRANSLATE_NOOP("enums", "in viaggio"),
    AssignmentStatus.ON_SCENE: QT_TRANSLATE_NOOP("enums", "sul posto"),
    AssignmentStatus.CLEARED: QT_TRANSLATE_NOOP("enums", "libera"),
    AssignmentStatus.CANCELLED: QT_TRANSLATE_NOOP("enums", "annullata"),
}

ACTIVE_ASSIGNMENT_STATUSES: tuple[str, ...] = tuple(s.value for s in AssignmentStatus if s.is_active)


class Role(StrEnum):
    OPERATOR = "operator"
    COORDINATOR = "coordinator"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.OPERATOR: QT_TRANSLATE_NOOP("enums", "operatore"),
    Role.COORDINATOR: QT_TRANSLATE_NOOP("enums", "coordinatore"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("enums", "responsabile"),
    Role.ADMINISTRATOR: QT_TRANSLATE_NOOP("enums", "amministratore"),
}


class JournalKind(StrEnum):
    NOTE = "note"
    STATUS = "status"
    ASSIGNMENT = "assignment"
    FIELD = "field"
    SYSTEM = "system"
