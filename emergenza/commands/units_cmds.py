"""``emergenza units list|add|edit|retire|reactivate|import``: the units registry.

    emergenza units list [--db PATH] [--json] [--all]
    emergenza units add [--db PATH] --kind KIND --call-sign NAME [--plate P] [--radio C] [--notes T]
    emergenza units edit [--db PATH] UNIT [--kind K] [--call-sign N] [--plate P] [--radio C] [--notes T]
    emergenza units retire|reactivate [--db PATH] UNIT
    emergenza units import [--db PATH] FILE.csv

UNIT is a call sign of this station's corps (any case) or a unit id. Writes hold the
store's lock (not while the app has it open) and act as the holder of the file.
Exit 0 done; 2 bad input (one Italian line, nothing written).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..domain.enums import ResourceKind, ResourceStatus
from ..domain.errors import NotFoundError, UserError
from ..domain.roles import FILE_HOLDER
from ..domain.text import QT_TRANSLATE_NOOP
from .common import db_path, enum_choice, labels, list_command, one_commands, registry_group, store_command
from .store_access import open_store

_kind = enum_choice(ResourceKind, "tipo")


def register(subparsers: Any) -> None:
    sub = registry_group(subparsers, "units", help="registro delle unità (elenco, aggiunta, modifica, importazione)",
                         description="Registro delle unità della postazione.")
    list_command(sub, cmd_list, help="elenca le unità", description="Elenca le unità in servizio.",
                 all_help="anche le unità ritirate")
    _unit_fields(store_command(sub, "add", cmd_add, help="aggiunge un'unità",
                               description="Aggiunge un'unità al registro."), required=True)
    p = store_command(sub, "edit", cmd_edit, help="modifica un'unità", description="Modifica i dati di un'unità.")
    p.add_argument("unit", metavar="UNITÀ", help=_UNIT_HELP)
    _unit_fields(p, required=False)
    one_commands(sub, (("retire", "ritira un'unità dal servizio (resta nello storico)", cmd_retire),
                       ("reactivate", "rimette in servizio un'unità ritirata", cmd_reactivate)),
                 dest="unit", metavar="UNITÀ", help=_UNIT_HELP)
    p = store_command(sub, "import", cmd_import, help="importa unità da un file CSV",
                      description="Importa unità da un file CSV con intestazione (colonne kind, call_sign, plate, "
                                  "radio_channel, notes, oppure tipo, nominativo, targa, canale_radio, note). "
                                  "Tutte o nessuna: le righe errate sono indicate per numero.")
    p.add_argument("file", metavar="FILE", help="file CSV (separato da virgole o punti e virgola)")


_UNIT_HELP = "nominativo o identificativo dell'unità"


def _unit_fields(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--kind", required=required, type=_kind, metavar="TIPO", help="tipo: " + labels(ResourceKind))
    p.add_argument("--call-sign", required=required, metavar="NOMINATIVO", help="nominativo radio (es. Alfa 1)")
    p.add_argument("--plate", metavar="TARGA", help="targa")
    p.add_argument("--radio", metavar="CANALE", help="canale radio")
    p.add_argument("--notes", metavar="TESTO", help="note")


def _values(args: argparse.Namespace) -> dict[str, Any]:
    names = {"kind": "kind", "call_sign": "call_sign", "plate": "plate", "radio_channel": "radio", "notes": "notes"}
    return {field: getattr(args, attr) for field, attr in names.items() if getattr(args, attr) is not None}


def find_unit(store: Any, text: str) -> dict[str, Any]:
    """A unit of this station's corps by call sign (any case), or any unit by id."""
    own = store.meta.corps or ""
    row = store.one("SELECT * FROM resources WHERE id = ?", [text]) or store.one(
        "SELECT * FROM resources WHERE call_sign = ? COLLATE NOCASE AND coalesce(corps, '') IN (?, '') "
        "ORDER BY coalesce(corps, '') = ? DESC LIMIT 1", [text.strip(), own, own])
    if row is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("errors", "Unità «{0}» non trovata."), text)
    return row


def _describe(u: dict[str, Any]) -> str:
    kind = ResourceKind(u["kind"]).label if u["kind"] in set(ResourceKind) else u["kind"]
    parts = [u["shown_as"], kind, u["plate"] or "", u["radio_channel"] or ""]
    status = "ritirata" if not u["active"] else ResourceStatus(u["status"]).label
    if u.get("event_number"):
        status += f" ({u['event_number']})"
    return "\t".join([*parts, status])


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=False) as store:
        units = store.units.registry(include_retired=args.all)
        crews = store.crews.all_current()
    if args.json:
        keys = ("id", "kind", "call_sign", "shown_as", "plate", "radio_channel", "corps", "notes", "status",
                "event_number")
        print(json.dumps([{**{k: u[k] for k in keys}, "active": bool(u["active"]), "own": bool(u["own"]),
                           "crew": [{"name": m["name"], "badge": m["badge"]} for m in crews.get(u["id"], [])]}
                          for u in units], ensure_ascii=False))
        return 0
    if not units:
        print("Nessuna unità nel registro.")
    for u in units:
        print(_describe(u))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=True) as store:
        unit = store.units.add(_values(args), operator=FILE_HOLDER.name)
    print(f"Unità aggiunta: {unit['call_sign']} ({ResourceKind(unit['kind']).label}).")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    values = _values(args)
    if not values:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "Nessuna modifica indicata (--kind, --call-sign, --plate, --radio, --notes)."))
    with open_store(db_path(args), write=True) as store:
        unit = store.units.edit(find_unit(store, args.unit)["id"], values, operator=FILE_HOLDER.name)
    print(f"Unità modificata: {unit['call_sign']}.")
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=True) as store:
        unit = store.units.retire(find_unit(store, args.unit)["id"], operator=FILE_HOLDER.name)
    print(f"Unità ritirata: {unit['call_sign']}.")
    return 0


def cmd_reactivate(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=True) as store:
        unit = store.units.reactivate(find_unit(store, args.unit)["id"], operator=FILE_HOLDER.name)
    print(f"Unità di nuovo in servizio: {unit['call_sign']}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    with open_store(db_path(args), write=True) as store:
        added = store.units.import_csv(path, operator=FILE_HOLDER.name)
    print(f"Importate {len(added)} unità da {path}." if len(added) != 1 else f"Importata 1 unità da {path}.")
    return 0
