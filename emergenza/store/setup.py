"""Setting up a station's store: who the station is, its first amministratore, its first units.

The one place both ways of setting up a station write through, so a store set up by the
app's wizard (gui/station/setup_wizard.py) and one made by ``emergenza init``
(commands/init_cmds.py) are the same: ``station_problems`` holds the rules of the
station's identity, ``apply`` writes the answers into an open store, ``create`` makes a
new store file from them (checked first; built in a scratch file renamed into place only
when complete, so a refusal or an interruption leaves nothing behind).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.catalogs import Catalogs
from ..domain.entities import utc_now_iso
from ..domain.enums import Role
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from ..domain.validation import MAX_NAME, validate_operator, validate_secret
from ..domain.wire_rules import DEFAULT_STATION_CODE, STATION_CODE_RE
from . import encryption, private
from .lock import StoreLock
from .meta import MetaKey

SCRATCH_SUFFIX = ".init-part"


@dataclass
class StationSetup:
    station_name: str
    station_code: str
    corps: str
    operator_name: str  # the first operator: always the station's amministratore
    secret: str
    server_url: str = ""
    units: list[dict[str, Any]] = field(default_factory=list)  # kind, call_sign
    units_csv: str = ""  # a CSV file of units to import


def clean_text(text: str | None) -> str:
    """A name as typed, with runs of spaces folded (what the wizard's fields give)."""
    return " ".join((text or "").split())


def clean_code(text: str | None) -> str:
    return (text or "").strip().upper()


def default_station_name(corps: str) -> str:
    """The station's name when none is given (as a demo store's): data, never translated."""
    return f"Sala operativa - {corps}"


def station_problems(station_name: str, station_code: str, corps: str) -> dict[str, UserError]:
    """What is wrong with the station's identity, by field (station_name, station_code, corps)."""
    problems: dict[str, UserError] = {}
    if not station_name:
        problems["station_name"] = UserError(QT_TRANSLATE_NOOP("errors", "Indicare il nome della postazione."))
    elif len(station_name) > MAX_NAME:
        problems["station_name"] = UserError(QT_TRANSLATE_NOOP(
            "errors", "Nome della postazione troppo lungo (massimo {0} caratteri)."), MAX_NAME)
    if not station_code:
        problems["station_code"] = UserError(QT_TRANSLATE_NOOP(
            "errors", "Indicare il codice della postazione (es. BG01)."))
    elif not STATION_CODE_RE.match(station_code):
        problems["station_code"] = UserError(QT_TRANSLATE_NOOP(
            "errors", "Il codice va da 2 a 8 lettere o cifre e inizia con una lettera (es. BG01)."))
    elif station_code == DEFAULT_STATION_CODE:  # every store has it before its setup: it would clash in the region
        problems["station_code"] = UserError(QT_TRANSLATE_NOOP(
            "errors", "{0} è il codice predefinito, non quello di una postazione: indicare il codice assegnato a "
                      "questa (es. BG01)."), DEFAULT_STATION_CODE)
    if not corps:
        problems["corps"] = UserError(QT_TRANSLATE_NOOP(
            "errors", "Indicare il comando (es. Polizia Locale di Bergamo)."))
    elif len(corps) > MAX_NAME:
        problems["corps"] = UserError(QT_TRANSLATE_NOOP(
            "errors", "Nome del comando troppo lungo (massimo {0} caratteri)."), MAX_NAME)
    return problems


def problems(setup: StationSetup) -> dict[str, UserError]:
    """Everything wrong with the answers, by field: the station's identity, then the first
    operator's name and password by the same rules as every operator's (domain/validation)."""
    found = station_problems(setup.station_name, setup.station_code, setup.corps)
    for error in validate_operator({"name": setup.operator_name, "role": Role.ADMINISTRATOR.value}):
        found.setdefault("operator_name", UserError(error.message))
    for error in validate_secret(setup.secret):
        found.setdefault("secret", UserError(error.message))
    return found


def apply(store: Any, setup: StationSetup) -> dict[str, Any]:
    """Write the answers into an open store (its owner's thread): the station's identity, the
    first operator (amministratore, with a password; a second run after a failure finds the
    one already written), signed in so the units it gives are theirs, then ``setup_done``
    last, so an interrupted run asks again. Returns the first operator."""
    values = {MetaKey.STATION_NAME: setup.station_name, MetaKey.STATION_CODE: setup.station_code,
              MetaKey.CORPS: setup.corps}
    if setup.server_url:
        values[MetaKey.SERVER_URL] = setup.server_url
    store.meta.set_many(values)
    existing = next((op for op in store.people.operators()
                     if op["name"].casefold() == setup.operator_name.casefold()), None)
    # Recorded as their own act, whoever runs the setup (the wizard acts for nobody yet, init for the file's holder).
    operator = existing or store.people.add(setup.operator_name, Role.ADMINISTRATOR.value, secret=setup.secret,
                                            operator=setup.operator_name)
    operator = store.people.sign_in(operator["id"], setup.secret)
    present = {u["call_sign"].casefold() for u in store.units.overview()}
    for unit in setup.units:  # a second run after a failure skips those already written
        if unit["call_sign"].casefold() not in present:
            store.units.add(unit, operator=store.actor.name)
    if setup.units_csv:
        store.units.import_csv(Path(setup.units_csv), operator=store.actor.name)
    store.meta.set(MetaKey.SETUP_DONE, utc_now_iso())
    return operator


def check_new(path: Path) -> None:
    """``create`` makes a new store only: an existing one (set up or not) is never touched."""
    if path.exists() and (not path.is_file() or path.stat().st_size > 0):
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "{0} esiste già: non viene modificato (emergenza init crea soltanto un archivio nuovo)."),
            path)
    if not path.parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("errors", "La cartella {0} non esiste."), path.parent)


def create(path: str | Path, setup: StationSetup, *, catalogs: Catalogs | None = None) -> dict[str, Any]:
    """A new store at ``path`` set up with ``setup``: the answers are checked (ValidationError-like
    UserError naming the first problem) and the target too, before anything is written.
    Returns the first operator."""
    from .facade import Store

    path = Path(path)
    found = problems(setup)
    if found:
        raise next(iter(found.values()))
    check_new(path)
    with StoreLock(path):  # no app may create the same store meanwhile
        check_new(path)
        scratch = path.with_name(path.name + SCRATCH_SUFFIX)
        private.remove_with_side_files(scratch)
        try:
            store = Store.open(scratch, catalogs, station_code=setup.station_code, corps=setup.corps)
            try:
                operator = apply(store, setup)
            finally:
                store.close()
            if path.exists():  # an empty file (no store): replaced
                encryption.forget(path)
                path.unlink()
            os.replace(scratch, path)
            private.fsync_dir(path.parent)
        except BaseException:
            private.remove_with_side_files(scratch)
            raise
    return operator
