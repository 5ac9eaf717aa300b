"""Field-level validation with Italian messages (marked for translation, context "validation")."""

from __future__ import annotations

import re
from typing import Any

from .catalogs import Catalogs
from .entities import parse_iso
from .enums import Channel, Priority, ResourceKind, Role, Sharing
from .errors import FieldError, ValidationError
from .text import QT_TRANSLATE_NOOP

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ./-]{4,22}$")
NUE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{2,39}$")
ISTAT_RE = re.compile(r"^\d{6}$")
CALL_SIGN_RE = re.compile(r"^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ._/-]{0,29}$")

MAX_ADDRESS = 200
MAX_DESCRIPTION = 4000
MAX_NAME = 120
MAX_NOTE = 4000
MAX_UNIT_FIELD = 40  # a unit's plate and radio channel: the wire's MAX_SHORT (wire_rules.py)

# Generous box around Italy: catches swapped latitude/longitude and typos.
LAT_RANGE = (35.0, 48.0)
LON_RANGE = (6.0, 19.0)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_enum(errors: list[FieldError], data: dict, name: str, enum: type, message: str) -> None:
    value = data.get(name)
    try:
        enum(value)
    except ValueError:
        errors.append(FieldError(name, message))


def validate_event(data: dict[str, Any], catalogs: Catalogs, *, partial: bool = False) -> list[FieldError]:
    """Errors of an event's input fields. ``partial``: only check the keys present (edits)."""
    errors: list[FieldError] = []

    def present(name: str) -> bool:
        return not partial or name in data

    if present("received_at"):
        value = data.get("received_at")
        try:
            if _blank(value):
                raise ValueError
            parse_iso(str(value))
        except ValueError:
            errors.append(FieldError("received_at", QT_TRANSLATE_NOOP(
                "validation", "Indicare data e ora di ricezione valide.")))
    if present("channel"):
        _check_enum(errors, data, "channel", Channel, QT_TRANSLATE_NOOP(
            "validation", "Scegliere il canale di ricezione."))
        if data.get("channel") == Channel.NUE112:
            contact = data.get("nue_contact_id")
            if _blank(contact):
                errors.append(FieldError("nue_contact_id", QT_TRANSLATE_NOOP(
                    "validation", "Per una chiamata dal 112 NUE indicare l'identificativo del contatto.")))
            elif not NUE_ID_RE.match(str(contact).strip()):
                errors.append(FieldError("nue_contact_id", QT_TRANSLATE_NOOP(
                    "validation", "Identificativo del contatto NUE non valido (3-40 lettere o cifre).")))
    if present("type_code"):
        code = data.get("type_code")
        if _blank(code):
            errors.append(FieldError("type_code", QT_TRANSLATE_NOOP(
                "validation", "Scegliere la tipologia dell'intervento.")))
        elif code not in catalogs.event_types:
            errors.append(FieldError("type_code", QT_TRANSLATE_NOOP(
                "validation", "Tipologia sconosciuta.")))
    if present("priority"):
        value = data.get("priority")
        if value not in catalogs.priorities and value not in list(Priority):
            errors.append(FieldError("priority", QT_TRANSLATE_NOOP(
                "validation", "Scegliere il codice di priorità.")))
    if present("municipality_istat"):
        istat = data.get("municipality_istat")
        if _blank(istat):
            errors.append(FieldError("municipality_istat", QT_TRANSLATE_NOOP(
                "validation", "Indicare il comune.")))
        elif not ISTAT_RE.match(str(istat)) or str(istat) not in catalogs.municipalities:
            errors.append(FieldError("municipality_istat", QT_TRANSLATE_NOOP(
                "validation", "Comune non presente nell'elenco ISTAT della Lombardia.")))
    if present("address"):
        address = data.get("address")
        if address is not None and len(str(address)) > MAX_ADDRESS:
            errors.append(FieldError("address", QT_TRANSLATE_NOOP(
                "validation", "Indirizzo troppo lungo (massimo 200 caratteri).")))
    if not partial and _blank(data.get("address")) and data.get("lat") is None:
        errors.append(FieldError("address", QT_TRANSLATE_NOOP(
            "validation", "Indicare l'indirizzo o le coordinate del luogo.")))
    if present("lat") or present("lon"):
        errors.extend(_validate_coordinates(data.get("lat"), data.get("lon")))
    if present("caller_phone"):
        phone = data.get("caller_phone")
        if not _blank(phone) and not PHONE_RE.match(str(phone).strip()):
            errors.append(FieldError("caller_phone", QT_TRANSLATE_NOOP(
                "validation", "Numero di telefono non valido.")))
    if present("caller_name"):
        name = data.get("caller_name")
        if name is not None and len(str(name)) > MAX_NAME:
            errors.append(FieldError("caller_name", QT_TRANSLATE_NOOP(
                "validation", "Nome troppo lungo (massimo 120 caratteri).")))
    if present("description"):
        text = data.get("description")
        if _blank(text):
            errors.append(FieldError("description", QT_TRANSLATE_NOOP(
                "validation", "Descrivere brevemente l'accaduto.")))
        elif len(str(text)) > MAX_DESCRIPTION:
            errors.append(FieldError("description", QT_TRANSLATE_NOOP(
                "validation", "Descrizione troppo lunga (massimo 4000 caratteri).")))
    if present("sharing"):
        _check_enum(errors, data, "sharing", Sharing, QT_TRANSLATE_NOOP(
            "validation", "Indicare se l'intervento è riservato o condiviso."))
    if present("exercise") and data.get("exercise") not in (None, 0, 1, True, False):
        errors.append(FieldError("exercise", QT_TRANSLATE_NOOP(
            "validation", "Valore non valido per «esercitazione».")))
    if present("outcome"):
        outcome = data.get("outcome")
        if outcome is not None and len(str(outcome)) > MAX_DESCRIPTION:
            errors.append(FieldError("outcome", QT_TRANSLATE_NOOP(
                "validation", "Esito troppo lungo (massimo 4000 caratteri).")))
    return errors


def _validate_coordinates(lat: Any, lon: Any) -> list[FieldError]:
    if lat is None and lon is None:
        return []
    if lat is None or lon is None:
        return [FieldError("lat" if lat is None else "lon", QT_TRANSLATE_NOOP(
            "validation", "Indicare sia la latitudine sia la longitudine."))]
    errors = []
    try:
        lat_f = float(lat)
        if not LAT_RANGE[0] <= lat_f <= LAT_RANGE[1]:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(FieldError("lat", QT_TRANSLATE_NOOP(
            "validation", "Latitudine fuori dal territorio (attesa tra 35 e 48).")))
    try:
        lon_f = float(lon)
        if not LON_RANGE[0] <= lon_f <= LON_RANGE[1]:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(FieldError("lon", QT_TRANSLATE_NOOP(
            "validation", "Longitudine fuori dal territorio (attesa tra 6 e 19).")))
    return errors


def validate_note(text: Any) -> list[FieldError]:
    if _blank(text):
        return [FieldError("text", QT_TRANSLATE_NOOP("validation", "L'annotazione è vuota."))]
    if len(str(text)) > MAX_NOTE:
        return [FieldError("text", QT_TRANSLATE_NOOP(
            "validation", "Annotazione troppo lunga (massimo 4000 caratteri)."))]
    return []


def validate_strike_reason(reason: Any) -> list[FieldError]:
    if _blank(reason):
        return [FieldError("strike_reason", QT_TRANSLATE_NOOP(
            "validation", "Indicare il motivo per cui si barra l'annotazione."))]
    return []


def validate_resource(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    _check_enum(errors, data, "kind", ResourceKind, QT_TRANSLATE_NOOP(
        "validation", "Tipo di risorsa sconosciuto."))
    call_sign = data.get("call_sign")
    if _blank(call_sign) or not CALL_SIGN_RE.match(str(call_sign).strip()):
        errors.append(FieldError("call_sign", QT_TRANSLATE_NOOP(
            "validation", "Nominativo radio mancante o non valido (massimo 30 caratteri).")))
    if len(str(data.get("plate") or "")) > MAX_UNIT_FIELD:
        errors.append(FieldError("plate", QT_TRANSLATE_NOOP(
            "validation", "Targa troppo lunga (massimo 40 caratteri).")))
    if len(str(data.get("radio_channel") or "")) > MAX_UNIT_FIELD:
        errors.append(FieldError("radio_channel", QT_TRANSLATE_NOOP(
            "validation", "Canale radio troppo lungo (massimo 40 caratteri).")))
    if len(str(data.get("notes") or "")) > MAX_NOTE:
        errors.append(FieldError("notes", QT_TRANSLATE_NOOP(
            "validation", "Note troppo lunghe (massimo 4000 caratteri).")))
    return errors


def validate_operator(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    name = data.get("name")
    if _blank(name):
        errors.append(FieldError("name", QT_TRANSLATE_NOOP("validation", "Indicare il nome dell'operatore.")))
    elif len(str(name)) > MAX_NAME:
        errors.append(FieldError("name", QT_TRANSLATE_NOOP(
            "validation", "Nome troppo lungo (massimo 120 caratteri).")))
    _check_enum(errors, data, "role", Role, QT_TRANSLATE_NOOP("validation", "Ruolo sconosciuto."))
    return errors


MAX_CREW = 12
MAX_BADGE = 20


def validate_crew(members: Any) -> list[FieldError]:
    """A unit's crew: up to 12 officers, each with a name and an optional badge number."""
    if not isinstance(members, list | tuple):
        return [FieldError("crew", QT_TRANSLATE_NOOP("validation", "Equipaggio non valido."))]
    if len(members) > MAX_CREW:
        return [FieldError("crew", QT_TRANSLATE_NOOP("validation", "Al massimo 12 agenti per equipaggio."))]
    errors: list[FieldError] = []
    for member in members:
        name = member.get("name") if isinstance(member, dict) else None
        badge = member.get("badge") if isinstance(member, dict) else None
        if _blank(name):
            errors.append(FieldError("crew", QT_TRANSLATE_NOOP("validation", "Indicare il nome di ogni agente.")))
        elif len(str(name).strip()) > MAX_NAME:
            errors.append(FieldError("crew", QT_TRANSLATE_NOOP(
                "validation", "Nome troppo lungo (massimo 120 caratteri).")))
        if badge is not None and len(str(badge).strip()) > MAX_BADGE:
            errors.append(FieldError("crew", QT_TRANSLATE_NOOP(
                "validation", "Matricola troppo lunga (massimo 20 caratteri).")))
    return errors[:1]


MIN_SECRET = 4
MAX_SECRET = 128


def validate_secret(secret: Any) -> list[FieldError]:
    """A password or PIN: 4 to 128 characters, not only spaces."""
    if not isinstance(secret, str) or not secret.strip():
        return [FieldError("secret", QT_TRANSLATE_NOOP("validation", "Indicare una password o un PIN."))]
    if len(secret) < MIN_SECRET:
        return [FieldError("secret", QT_TRANSLATE_NOOP(
            "validation", "Password o PIN troppo corto (almeno 4 caratteri)."))]
    if len(secret) > MAX_SECRET:
        return [FieldError("secret", QT_TRANSLATE_NOOP(
            "validation", "Password troppo lunga (massimo 128 caratteri)."))]
    return []


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)
