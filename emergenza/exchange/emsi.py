"""An event with its missions (assignments) and resources (units) as an EMSI message
(ISO/TR 22351, the CEN CWA 15931 Tactical Situation Object), in XML or JSON; and back.

Store-free (the regional server serves it too). The message is built as one dict —
the JSON form — and the XML form is that dict written as elements (a list becomes the
element repeated), no namespace, element names and codes as in the French Hub Santé
EMSI schema (Apache-2.0, read for the facts only). Every mapping is declared once
below and tabled in the README ("Exchange").

Our own codes that EMSI has no slot for (type, priority, status, sharing, ISTAT
municipality) ride in ``CONTEXT.EXTERNAL_INFO`` as ``urn:emergenza:<name>:<value>``
URIs (TYPE ``OTHER``), so a message from Emergenza to Emergenza loses nothing that
EMSI carries and a foreign receiver can ignore them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from lxml import etree

from ..domain.catalogs import Catalogs
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from .documents import check_size, parse_xml, stored_time, wire_time

ROOT = "EMSI"
EXT = "urn:emergenza:"

# EVENT.ETYPE: (CATEGORY, ACTOR) of each event type; a sub-type's entry wins over its parent's.
ETYPE: dict[str, tuple[str, str]] = {
    "INC": ("TRP/COL", "VEH/CAR"), "INC.PEDONE": ("TRP/COL", "PPL/VLN/INJ"), "VIA": ("TRP", "VEH"),
    "DIS": ("PSW/ALM", "PPL/GRP"), "LIT": ("PSW/RIOT", "PPL/VIO"), "FUR": ("PSW/SUS", "PPL/PRS"),
    "DEG": ("PSW", "PPL/OTH"), "AMB": ("POL/CHM", "BEV/OTH"), "ANI": ("PSW", "ANI"),
    "PER": ("PSW/MIS", "PPL/VLN"), "PER.MALORE": ("HLT", "PPL/VLN/INJ"), "SAN": ("HLT", "PPL/1"),
    "MAN": ("PSW/DEM", "PPL/GRP"), "PC": ("GND", "BEV"), "PC.INCENDIO": ("FIR/UKN", "BEV"),
    "PC.ALLAGAMENTO": ("FLD/FLS", "BEV"), "PC.FRANA": ("GND/LDS", "BEV"), "PC.GAS": ("EXP/GAS", "BEV"),
    "CTR": ("PSW", "PPL/OTH"),
}
# EVENT.SCALE (1-5) of each priority code.
SCALE: dict[str, str] = {"white": "1", "green": "2", "yellow": "3", "red": "4"}
# CONTEXT.URGENCY of each priority code.
URGENCY: dict[str, str] = {"white": "NOT_URGENT", "green": "NOT_URGENT", "yellow": "URGENT", "red": "URGENT"}
# EVENT.STATUS of each event status (NST not started, IPR in progress, STOP paused, COM complete).
EVENT_STATUS: dict[str, str] = {
    "new": "NST", "waiting": "NST", "assigned": "IPR", "on_scene": "IPR", "reopened": "IPR",
    "suspended": "STOP", "closed": "COM", "cancelled": "COM",
}
# (MISSION.STATUS, RESOURCE.STATUS) of each assignment status: the pair tells them all apart.
ASSIGNMENT_STATUS: dict[str, tuple[str, str]] = {
    "requested": ("NST", "RESRVD"), "sent": ("NST", "IN_USE/MOBILE"), "en_route": ("IPR", "IN_USE/MOBILE"),
    "on_scene": ("IPR", "IN_USE/ON_SCENE"), "cleared": ("COM", "AVAILB"), "cancelled": ("CANCLD", "AVAILB"),
}
# RESOURCE.RTYPE.CLASS of each unit kind.
RESOURCE_CLASS: dict[str, str] = {
    "patrol": "HUM/TEAM", "car": "VEH/CAR", "motorbike": "VEH/MBK", "officer": "HUM/PER", "van": "VEH/TRK",
    "bicycle": "VEH/BIC",
}
PLATE_PREFIX = "targa "  # RESOURCE.FREETEXT of a unit with a plate
MISSION_TYPE = "POL"  # police mission: every assignment of a local police unit
SECLASS = {"shared": "RESTRC", "reserved": "CONFID"}
MODES, MSGTYPES = ("ACTUAL", "EXERCS"), ("ALERT", "UPDATE", "CANCEL")

# Elements whose JSON value is a list (the XML repeats them).
LISTS = frozenset({"MISSION", "RESOURCE", "CATEGORY", "ACTOR", "LOCTYPE", "EGEO", "COORD", "RESOURCE_ID",
                   "EXTERNAL_INFO", "CLASS"})
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$")


def org_id(corps: str | None) -> str:
    """``{country}.{domain}.{organisation}`` of a corps: ``it.pl.polizia-locale-di-bergamo``."""
    folded = unicodedata.normalize("NFKD", corps or "").encode("ascii", "ignore").decode("ascii").lower()
    return "it.pl." + (re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "sconosciuto")


def _etype(type_code: str) -> tuple[str, str]:
    code: str | None = type_code
    while code:
        if code in ETYPE:
            return ETYPE[code]
        code = code.rpartition(".")[0] or None
    return ("PSW", "PPL/OTH")


def _ext(name: str, value: Any) -> dict[str, str]:
    return {"TYPE": "OTHER", "URI": f"{EXT}{name}:{quote(str(value), safe='')}"}


def message(event: dict[str, Any], assignments: list[dict[str, Any]], resources: dict[str, dict[str, Any]],
            catalogs: Catalogs, *, message_id: str, created: str) -> dict[str, Any]:
    """The EMSI message (JSON form) of the event, its assignments and their units.

    ``created``: the stored time the message describes (the event's last change)."""
    priority = event.get("priority") or "green"
    status = event.get("status") or "new"
    msgtype = "CANCEL" if status == "cancelled" else \
        "ALERT" if event.get("updated_at") in (None, event.get("created_at")) else "UPDATE"
    externals = [_ext("tipologia", event["type_code"]), _ext("priorita", priority), _ext("stato", status),
                 _ext("condivisione", event.get("sharing") or "reserved"),
                 _ext("istat", event["municipality_istat"])]
    category, actor = _etype(event["type_code"])
    place = event.get("municipality_name") or catalogs.municipalities[event["municipality_istat"]].name
    position: dict[str, Any] = {"LOC_ID": f"ISTAT:{event['municipality_istat']}", "NAME": place}
    if event.get("lat") is not None and event.get("lon") is not None:
        position["COORD"] = [{"LAT": float(event["lat"]), "LON": float(event["lon"])}]
    egeo: dict[str, Any] = {"TYPE": "GEN", "POSITION": position}
    if event.get("address"):
        egeo["FREETEXT"] = event["address"]
    out_event = {
        "ID": event["number"], "NAME": f"{catalogs.type_label(event['type_code'])} - {place}",
        "MAIN_EVENT_ID": event["number"],
        "ETYPE": {"CATEGORY": [category], "ACTOR": [actor], "LOCTYPE": ["OTH"]},
        "SOURCE": "HUMOBS", "SCALE": SCALE.get(priority, "2"),
        "DECL_DATIME": wire_time(event.get("created_at") or event["received_at"]),
        "OCC_DATIME": wire_time(event["received_at"]),
        "STATUS": EVENT_STATUS.get(status, "IPR"), "EGEO": [egeo],
        "FREETEXT": event.get("description") or "",
    }
    missions, units, latest = [], [], {}
    for a in sorted(assignments, key=lambda a: (a["requested_at"], a["id"])):
        latest[a["resource_id"]] = a
    for a in sorted(assignments, key=lambda a: (a["requested_at"], a["id"])):
        unit = resources[a["resource_id"]]
        mission = {"TYPE": MISSION_TYPE, "ID": a["id"], "ORG_ID": org_id(unit.get("corps")),
                   "NAME": unit["call_sign"],
                   "STATUS": ASSIGNMENT_STATUS[a["status"]][0],
                   "START_TIME": wire_time(a.get("sent_at") or a["requested_at"]),
                   "END_TIME": wire_time(a.get("cleared_at")), "RESOURCE_ID": [a["resource_id"]]}
        missions.append({k: v for k, v in mission.items() if v is not None})
    for rid in latest:
        unit = resources[rid]
        entry = {"RTYPE": {"CLASS": [RESOURCE_CLASS.get(unit["kind"], "VEH/OTH")]}, "ID": rid,
                 "ORG_ID": org_id(unit.get("corps")), "NAME": unit["call_sign"],
                 "STATUS": ASSIGNMENT_STATUS[latest[rid]["status"]][1], "NATIONALITY": "IT"}
        if unit.get("plate"):
            entry["FREETEXT"] = PLATE_PREFIX + unit["plate"]
        units.append(entry)
    context = {"ID": message_id, "MODE": "EXERCS" if event.get("exercise") else "ACTUAL", "MSGTYPE": msgtype,
               "CREATION": wire_time(created), "LEVEL": "OPR",
               "SECLASS": SECLASS.get(event.get("sharing") or "reserved", "CONFID"),
               "ORIGIN": {"ORG_ID": org_id(event.get("corps")), "NAME": event.get("corps") or ""},
               "EXTERNAL_INFO": externals, "URGENCY": URGENCY.get(priority, "NOT_URGENT")}
    out = {"CONTEXT": context, "EVENT": out_event, "MISSION": missions, "RESOURCE": units}
    check(out, QT_TRANSLATE_NOOP("errors", "messaggio EMSI prodotto"))  # what we send, we would accept
    return out


# ------------------------------------------------------------------ forms
def to_json(msg: dict[str, Any]) -> bytes:
    return json.dumps(msg, ensure_ascii=False, indent=2).encode("utf-8")


def to_xml(msg: dict[str, Any]) -> bytes:
    root = etree.Element(ROOT)
    _fill(root, msg)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _fill(parent: etree._Element, value: dict[str, Any]) -> None:
    for key, item in value.items():
        for one in item if isinstance(item, list) else [item]:
            child = etree.SubElement(parent, key)
            if isinstance(one, dict):
                _fill(child, one)
            else:
                child.text = _scalar(one)


def _scalar(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _read(element: etree._Element) -> Any:
    children = list(element)
    if not children:
        return (element.text or "").strip()
    out: dict[str, Any] = {}
    for child in children:
        if not isinstance(child.tag, str):
            continue
        value = _read(child)
        if child.tag in LISTS:
            out.setdefault(child.tag, []).append(value)
        else:
            out[child.tag] = value
    return out


def load(data: bytes, what: str) -> dict[str, Any]:
    """The message of an EMSI file, XML (``<EMSI>``) or JSON; UserError naming what is wrong."""
    check_size(data, what)
    if data.lstrip()[:1] in (b"{", b"["):
        try:
            msg = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: JSON non leggibile ({1})."), what, exc) from None
        if isinstance(msg, dict) and isinstance(msg.get(ROOT), dict):
            msg = msg[ROOT]
    else:
        root = parse_xml(data, what)
        name = etree.QName(root)
        if name.namespace:
            raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: namespace inatteso «{1}»: l'EMSI si scrive senza "
                                                        "namespace."), what, name.namespace)
        if name.localname != ROOT:
            raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: l'elemento principale è «{1}», non «EMSI»."),
                            what, name.localname)
        msg = _read(root)
    check(msg, what)
    return msg


# ------------------------------------------------------------------ checks
def _need(obj: Any, key: str, where: str, what: str) -> Any:
    if not isinstance(obj, dict) or obj.get(key) in (None, "", [], {}):
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: manca l'elemento obbligatorio «{1}» in «{2}»."),
                        what, key, where)
    return obj[key]


def _one_of(value: Any, allowed: tuple[str, ...] | Any, element: str, what: str) -> None:
    if value not in allowed:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: valore «{1}» non ammesso in «{2}»."), what, value, element)


def _time(value: Any, element: str, what: str) -> None:
    if value in (None, ""):
        return
    if not isinstance(value, str) or not _TIME.match(value):
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: data e ora non valida in «{1}»: «{2}» "
                                                    "(serve AAAA-MM-GGThh:mm:ss+hh:mm)."), what, element, value)
    stored_time(value, what, element)  # a real date too (no 31 February)


def check(msg: Any, what: str) -> None:
    """The structure and codes this importer relies on (there is no official EMSI XSD to validate with)."""
    if not isinstance(msg, dict):
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: non è un messaggio EMSI."), what)
    context, event = _need(msg, "CONTEXT", ROOT, what), _need(msg, "EVENT", ROOT, what)
    for key in ("ID", "MODE", "MSGTYPE"):
        _need(context, key, "CONTEXT", what)
    _one_of(context["MODE"], MODES, "CONTEXT/MODE", what)
    _one_of(context["MSGTYPE"], MSGTYPES, "CONTEXT/MSGTYPE", what)
    _time(context.get("CREATION"), "CONTEXT/CREATION", what)
    _need(event, "ID", "EVENT", what)
    for key in ("DECL_DATIME", "OCC_DATIME", "OBS_DATIME"):
        _time(event.get(key), f"EVENT/{key}", what)
    if event.get("STATUS") not in (None, ""):
        _one_of(event["STATUS"], ("COM", "IPR", "NST", "STOP"), "EVENT/STATUS", what)
    resources = msg.get("RESOURCE") or []
    ids = set()
    for unit in resources:
        ids.add(_need(unit, "ID", "RESOURCE", what))
        _need(unit, "NAME", "RESOURCE", what)
        _need(unit, "RTYPE", "RESOURCE", what)
        _one_of(unit.get("STATUS"), {pair[1] for pair in ASSIGNMENT_STATUS.values()}, "RESOURCE/STATUS", what)
    for mission in msg.get("MISSION") or []:
        _need(mission, "TYPE", "MISSION", what)
        _one_of(mission.get("STATUS"), {pair[0] for pair in ASSIGNMENT_STATUS.values()}, "MISSION/STATUS", what)
        for key in ("START_TIME", "END_TIME"):
            _time(mission.get(key), f"MISSION/{key}", what)
        for rid in mission.get("RESOURCE_ID") or []:
            if rid not in ids:
                raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: la missione «{1}» cita la risorsa «{2}», "
                                                            "assente da RESOURCE."), what, mission.get("ID"), rid)


# ------------------------------------------------------------------ reading
@dataclass
class EmsiUnit:
    key: str  # RESOURCE.ID in the message
    call_sign: str
    kind: str
    plate: str | None = None


@dataclass
class EmsiMission:
    unit_key: str
    status: str  # our assignment status


@dataclass
class EmsiMessage:
    sender: str  # CONTEXT.ORIGIN.ORG_ID
    message_id: str
    event_key: str  # EVENT.MAIN_EVENT_ID, else EVENT.ID
    msg_type: str
    event: dict[str, Any]  # Store.events.create input
    status: str | None  # our event status, from our extension or EVENT.STATUS
    units: list[EmsiUnit] = field(default_factory=list)
    missions: list[EmsiMission] = field(default_factory=list)


def read(data: bytes, catalogs: Catalogs, what: str) -> EmsiMessage:
    """An EMSI file as event input, units and missions (checked; UserError naming what is wrong)."""
    msg = load(data, what)
    context, ev = msg["CONTEXT"], msg["EVENT"]
    ext: dict[str, str] = {}
    for item in context.get("EXTERNAL_INFO") or []:
        uri = str(item.get("URI", "")) if isinstance(item, dict) else ""
        if uri.startswith(EXT):
            name, _sep, value = uri[len(EXT):].partition(":")
            ext[name] = unquote(value)
    type_code = ext.get("tipologia")
    if type_code not in catalogs.event_types:
        category = (ev.get("ETYPE") or {}).get("CATEGORY") or [""]
        type_code = next((code for code, pair in ETYPE.items() if pair[0] == category[0]), "CTR.ALTRO")
    priority = ext.get("priorita")
    if priority not in catalogs.priorities:
        priority = {v: k for k, v in SCALE.items()}.get(str(ev.get("SCALE")), catalogs.event_types[type_code].priority)
    egeo = (ev.get("EGEO") or [{}])[0]
    position = egeo.get("POSITION") or {}
    istat = ext.get("istat") or str(position.get("LOC_ID", "")).removeprefix("ISTAT:")
    if istat not in catalogs.municipalities:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: il luogo dell'evento non è un comune della Lombardia "
                                                    "(codice ISTAT in EVENT/EGEO/POSITION/LOC_ID)."), what)
    event_input: dict[str, Any] = {
        "received_at": stored_time(ev.get("OCC_DATIME") or None, what, "EVENT/OCC_DATIME"),
        "type_code": type_code, "priority": priority, "municipality_istat": istat,
        "address": (str(egeo.get("FREETEXT") or "")[:200]) or None,
        "description": (str(ev.get("FREETEXT") or ev.get("NAME") or "")[:4000]) or type_code,
        "exercise": 1 if context["MODE"] == "EXERCS" else 0,
        "sharing": ext.get("condivisione") if ext.get("condivisione") in ("shared", "reserved") else "reserved",
        "channel": "phone",
    }
    coords = position.get("COORD") or []
    if coords:
        try:
            event_input["lat"], event_input["lon"] = float(coords[0]["LAT"]), float(coords[0]["LON"])
        except (KeyError, TypeError, ValueError):
            raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: coordinate non valide in EVENT/EGEO."), what) from None
    status = ext.get("stato") or {"COM": "closed", "STOP": "suspended"}.get(str(ev.get("STATUS")))
    kinds = {v: k for k, v in RESOURCE_CLASS.items()}
    units, unit_status = [], {}
    for unit in msg.get("RESOURCE") or []:
        cls = ((unit.get("RTYPE") or {}).get("CLASS") or ["VEH/CAR"])[0]
        freetext = str(unit.get("FREETEXT") or "")
        plate = freetext.removeprefix(PLATE_PREFIX).strip() if freetext.startswith(PLATE_PREFIX) else ""
        units.append(EmsiUnit(str(unit["ID"]), str(unit["NAME"])[:40], kinds.get(cls, "car"), plate or None))
        unit_status[str(unit["ID"])] = unit.get("STATUS")
    by_pair = {pair: name for name, pair in ASSIGNMENT_STATUS.items()}
    missions = []
    all_missions = msg.get("MISSION") or []
    last_of: dict[str, int] = {}
    for index, mission in enumerate(all_missions):
        for rid in mission.get("RESOURCE_ID") or []:
            last_of[str(rid)] = index
    for index, mission in enumerate(all_missions):
        for rid in mission.get("RESOURCE_ID") or []:
            rid = str(rid)
            own = unit_status[rid] if last_of[rid] == index else None
            status_m = by_pair.get((str(mission["STATUS"]), str(own))) or next(
                name for name, pair in ASSIGNMENT_STATUS.items() if pair[0] == mission["STATUS"])
            missions.append(EmsiMission(rid, status_m))
    sender = str((context.get("ORIGIN") or {}).get("ORG_ID") or "")
    return EmsiMessage(sender, str(context["ID"]), str(ev.get("MAIN_EVENT_ID") or ev["ID"]), context["MSGTYPE"],
                       event_input, status, units, missions)
