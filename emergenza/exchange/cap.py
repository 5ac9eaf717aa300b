"""An event as an OASIS CAP 1.2 alert, and a CAP alert as event input.

Store-free (the regional server builds its Atom feed with it): the event is the plain
dict of its fields, as the store's ``events`` row and the server's merged state both
hold it. The mapping is declared once, in the tables below (README "Exchange").

Identity. ``sender`` is ``emergenza:<station code>`` (the code that starts the event
number, unique in the region), so the station and the server name the same event the
same way. The first version of an event is the alert ``<number>`` (msgType Alert, sent
at its creation); every later version is ``<number>.<UTC stamp of its last change>``
(msgType Update, or Cancel once the event is cancelled), whose ``references`` name
that first alert (``sender,identifier,sent``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..domain.catalogs import Catalogs, fold
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from . import cap_schema
from .documents import parse_xml, stored_time, wire_time

NS = cap_schema.CAP_NS
SENDER_PREFIX = "emergenza:"
LANGUAGE = "it-IT"

# CAP category of each event type: a sub-type's own entry wins over its parent's.
CATEGORY: dict[str, str] = {
    "INC": "Transport", "VIA": "Transport", "DIS": "Security", "LIT": "Security", "FUR": "Security",
    "DEG": "Security", "AMB": "Env", "ANI": "Safety", "PER": "Rescue", "PER.MALORE": "Health",
    "SAN": "Health", "MAN": "Safety", "PC": "Safety", "PC.INCENDIO": "Fire", "PC.ALLAGAMENTO": "Met",
    "PC.NEVE": "Met", "PC.FRANA": "Geo", "PC.CROLLO": "Infra", "PC.GAS": "CBRNE", "CTR": "Security",
}
# urgency, severity, certainty of each priority code (the catalog's colour scale).
BY_PRIORITY: dict[str, tuple[str, str, str]] = {
    "red": ("Immediate", "Severe", "Observed"),
    "yellow": ("Expected", "Moderate", "Observed"),
    "green": ("Future", "Minor", "Observed"),
    "white": ("Future", "Minor", "Likely"),
}
# Types graver than their priority alone says.
SEVERITY_BY_TYPE: dict[str, str] = {"INC.MORTALE": "Extreme", "PC.CROLLO": "Extreme", "PC.FRANA": "Extreme"}
# A closed event: nothing more to do (CAP urgency "Past").
CLOSED_URGENCY = "Past"

# Import of an alert that does not carry our own codes: its category gives the type,
# its severity the priority (else the type's own priority).
TYPE_OF_CATEGORY: dict[str, str] = {
    "Geo": "PC.FRANA", "Met": "PC", "Safety": "PC", "Security": "CTR.ALTRO", "Rescue": "PER",
    "Fire": "PC.INCENDIO", "Health": "PER.MALORE", "Env": "AMB", "Transport": "INC", "Infra": "PC.CROLLO",
    "CBRNE": "PC.GAS", "Other": "CTR.ALTRO",
}
PRIORITY_OF_SEVERITY: dict[str, str] = {"Extreme": "red", "Severe": "red", "Moderate": "yellow", "Minor": "green"}

# Our own codes ride in eventCode/parameter/geocode pairs (valueName, value).
TYPE_CODE = "EMERGENZA_TIPOLOGIA"
P_PRIORITY, P_NUMBER, P_STATUS, P_SHARING = "EMERGENZA_PRIORITA", "EMERGENZA_NUMERO", "EMERGENZA_STATO", \
    "EMERGENZA_CONDIVISIONE"
P_ADDRESS, P_CHANNEL, P_CORPS = "EMERGENZA_INDIRIZZO", "EMERGENZA_CANALE", "EMERGENZA_COMANDO"
GEOCODE_ISTAT = "ISTAT"

RESTRICTION = {
    "shared": "Condiviso: sale operative della regione, forze di polizia dello Stato e Prefettura.",
    "reserved": "Riservato al comando che ha in carico l'intervento.",
}


def sender_of(number: str) -> str:
    return SENDER_PREFIX + number.split("-", 1)[0]


def _stamp(stored: str) -> str:
    return "".join(ch for ch in stored if ch.isdigit())[:17]  # YYYYMMDDhhmmssmmm


def message_type(event: dict[str, Any]) -> str:
    if event.get("status") == "cancelled":
        return "Cancel"
    created, updated = event.get("created_at"), event.get("updated_at")
    return "Alert" if not updated or updated == created else "Update"


def identity(event: dict[str, Any]) -> tuple[str, str, str, str | None]:
    """(sender, identifier, sent, references) of the event's current version."""
    number = event["number"]
    sender = sender_of(number)
    first_sent = wire_time(event.get("created_at") or event["received_at"])
    assert first_sent is not None
    kind = message_type(event)
    if kind == "Alert":
        return sender, number, first_sent, None
    sent = wire_time(event["updated_at"])
    assert sent is not None
    return sender, f"{number}.{_stamp(event['updated_at'])}", sent, f"{sender},{number},{first_sent}"


def category_of(type_code: str) -> str:
    code: str | None = type_code
    while code:
        if code in CATEGORY:
            return CATEGORY[code]
        code = code.rpartition(".")[0] or None
    return "Other"


def impact(event: dict[str, Any]) -> tuple[str, str, str]:
    urgency, severity, certainty = BY_PRIORITY.get(event.get("priority") or "", ("Unknown", "Unknown", "Unknown"))
    severity = SEVERITY_BY_TYPE.get(event.get("type_code") or "", severity)
    if event.get("status") == "closed":
        urgency = CLOSED_URGENCY
    return urgency, severity, certainty


def _sub(parent: etree._Element, name: str, text: Any = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        child.text = str(text)
    return child


def _pair(parent: etree._Element, name: str, value_name: str, value: Any) -> None:
    if value is None or value == "":
        return
    pair = _sub(parent, name)
    _sub(pair, "valueName", value_name)
    _sub(pair, "value", value)


def _coordinate(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def build(event: dict[str, Any], catalogs: Catalogs) -> bytes:
    """The CAP 1.2 alert of the event's current version (UTF-8 XML, validated)."""
    sender, identifier, sent, references = identity(event)
    alert = etree.Element(f"{{{NS}}}alert", nsmap={None: NS})
    _sub(alert, "identifier", identifier)
    _sub(alert, "sender", sender)
    _sub(alert, "sent", sent)
    _sub(alert, "status", "Exercise" if event.get("exercise") else "Actual")
    _sub(alert, "msgType", message_type(event))
    _sub(alert, "scope", "Restricted")
    _sub(alert, "restriction", RESTRICTION.get(event.get("sharing") or "reserved", RESTRICTION["reserved"]))
    if references:
        _sub(alert, "references", references)
    _sub(alert, "incidents", event["number"])
    info = _sub(alert, "info")
    _sub(info, "language", LANGUAGE)
    _sub(info, "category", category_of(event["type_code"]))
    label = catalogs.type_label(event["type_code"])
    _sub(info, "event", label)
    urgency, severity, certainty = impact(event)
    _sub(info, "urgency", urgency)
    _sub(info, "severity", severity)
    _sub(info, "certainty", certainty)
    _pair(info, "eventCode", TYPE_CODE, event["type_code"])
    _sub(info, "onset", wire_time(event["received_at"]))
    if event.get("closed_at"):
        _sub(info, "expires", wire_time(event["closed_at"]))
    if event.get("corps"):
        _sub(info, "senderName", event["corps"])
    place = event.get("municipality_name") or _municipality_name(catalogs, event.get("municipality_istat"))
    _sub(info, "headline", f"{label} — {place}"[:160])
    _sub(info, "description", event.get("description") or label)
    for name, value in ((P_NUMBER, event["number"]), (P_PRIORITY, event.get("priority")),
                        (P_STATUS, event.get("status")), (P_SHARING, event.get("sharing")),
                        (P_CHANNEL, event.get("channel")), (P_ADDRESS, event.get("address")),
                        (P_CORPS, event.get("corps"))):
        _pair(info, "parameter", name, value)
    area = _sub(info, "area")
    _sub(area, "areaDesc", place)
    if event.get("lat") is not None and event.get("lon") is not None:
        # CAP: a point is a circle of radius 0 ("lat,lon radius_km", WGS 84).
        _sub(area, "circle", f"{_coordinate(float(event['lat']))},{_coordinate(float(event['lon']))} 0")
    _pair(area, "geocode", GEOCODE_ISTAT, event.get("municipality_istat"))
    cap_schema.check(alert, QT_TRANSLATE_NOOP("errors", "allarme CAP prodotto"))
    return etree.tostring(alert, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _municipality_name(catalogs: Catalogs, istat: str | None) -> str:
    found = catalogs.municipalities.get(istat or "")
    return found.name if found else (istat or "")


# ------------------------------------------------------------------ import
@dataclass
class CapAlert:
    """What an imported alert says, as event input plus its identity."""

    sender: str
    identifier: str
    sent: str  # stored form (UTC …Z)
    msg_type: str
    references: list[tuple[str, str]] = field(default_factory=list)  # (sender, identifier)
    event: dict[str, Any] = field(default_factory=dict)  # Store.events.create input
    status: str | None = None  # our status code, when the alert carries it


def _text(parent: etree._Element | None, name: str) -> str | None:
    if parent is None:
        return None
    found = parent.find(f"{{{NS}}}{name}")
    return found.text.strip() if found is not None and found.text and found.text.strip() else None


def _pairs(parent: etree._Element, name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in parent.findall(f"{{{NS}}}{name}"):
        key, value = _text(pair, "valueName"), _text(pair, "value")
        if key and value is not None:
            out.setdefault(key, value)
    return out


def parse(data: bytes, catalogs: Catalogs, what: str) -> CapAlert:
    """Read and validate (official schema) one CAP 1.2 alert; UserError naming what is wrong."""
    root = parse_xml(data, what)
    cap_schema.check(root, what)
    status = _text(root, "status")
    if status not in ("Actual", "Exercise"):
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: allarme con stato «{1}»: si importano solo allarmi "
                                                    "reali (Actual) o di esercitazione (Exercise)."), what, status)
    msg_type = _text(root, "msgType") or ""
    if msg_type not in ("Alert", "Update", "Cancel"):
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: messaggio CAP di tipo «{1}»: non descrive un evento."),
                        what, msg_type)
    references = []
    for item in (_text(root, "references") or "").split():
        parts = item.split(",")
        if len(parts) == 3:
            references.append((parts[0], parts[1]))
    info = root.find(f"{{{NS}}}info")
    if info is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: l'allarme non ha alcun elemento «info»."), what)
    sent = stored_time(_text(root, "sent"), what, "sent")
    assert sent is not None  # the schema requires it
    alert = CapAlert(_text(root, "sender") or "", _text(root, "identifier") or "", sent, msg_type, references)
    params = _pairs(info, "parameter")
    alert.status = params.get(P_STATUS)
    alert.event = _event_input(root, info, params, catalogs, what)
    return alert


def _event_input(root: etree._Element, info: etree._Element, params: dict[str, str], catalogs: Catalogs,
                 what: str) -> dict[str, Any]:
    codes = _pairs(info, "eventCode")
    type_code = codes.get(TYPE_CODE)
    if type_code not in catalogs.event_types:
        type_code = TYPE_OF_CATEGORY.get(_text(info, "category") or "Other", "CTR.ALTRO")
    priority = params.get(P_PRIORITY)
    if priority not in catalogs.priorities:
        priority = PRIORITY_OF_SEVERITY.get(_text(info, "severity") or "") or catalogs.event_types[type_code].priority
    area = info.find(f"{{{NS}}}area")
    istat, lat, lon = _place(area, catalogs, what)
    description = _text(info, "description") or _text(info, "headline") or _text(info, "event") or ""
    received = stored_time(_text(info, "onset"), what, "onset") or stored_time(_text(root, "sent"), what, "sent")
    data: dict[str, Any] = {
        "received_at": received, "type_code": type_code, "priority": priority, "municipality_istat": istat,
        "description": description[:4000], "exercise": 1 if _text(root, "status") == "Exercise" else 0,
        "sharing": params.get(P_SHARING) if params.get(P_SHARING) in ("shared", "reserved") else "reserved",
        "address": (params.get(P_ADDRESS) or _text(area, "areaDesc") or "")[:200] or None,
        "channel": params.get(P_CHANNEL) if params.get(P_CHANNEL) in _CHANNELS else "phone",
    }
    if data["channel"] == "nue112":
        data["channel"] = "phone"  # the 112 contact id stays with the sender
    if lat is not None:
        data["lat"], data["lon"] = lat, lon
    return data


_CHANNELS = ("phone", "radio", "initiative", "front_desk", "video", "nue112")


def _place(area: etree._Element | None, catalogs: Catalogs, what: str) -> tuple[str, float | None, float | None]:
    if area is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: l'allarme non indica il luogo (elemento «area»)."), what)
    istat = _pairs(area, "geocode").get(GEOCODE_ISTAT)
    if istat not in catalogs.municipalities:
        name = fold(_text(area, "areaDesc") or "")
        matches = [m.istat for m in catalogs.municipalities.values() if fold(m.name) == name]
        istat = matches[0] if len(matches) == 1 else None
    if istat is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: il luogo dell'allarme non è un comune della Lombardia "
                                                    "(geocode ISTAT o areaDesc)."), what)
    lat = lon = None
    circle = _text(area, "circle")
    polygon = _text(area, "polygon")
    try:
        if circle:
            lat, lon = (float(v) for v in circle.split()[0].split(","))
        elif polygon:
            points = [tuple(float(v) for v in p.split(",")) for p in polygon.split()]
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
    except ValueError:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: coordinate non valide in «area»: «{1}»."),
                        what, circle or polygon) from None
    return istat, lat, lon
