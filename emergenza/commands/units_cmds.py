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
from .common import db_option, db_path
from .store_access import open_store

KINDS = {**{k.value: k.value for k in ResourceKind}, **{k.label: k.value for k in ResourceKind}}
_FIELDS = (("kind", "--kind"), ("call_sign", "--call-sign"), ("plate", "--plate"), ("radio_channel", "--radio"),
           ("notes", "--notes"))


def register(subparsers: Any) -> None:
    units = subparsers.add_parser("units", help="registro delle unità (elenco, aggiunta, modifica, importazione)",
                                  description="Registro delle unità della postazione.")
    sub = units.add_subparsers(dest="units_command", required=True, metavar="COMANDO")

    p = sub.add_parser("list", help="elenca le unità", description="Elenca le unità in servizio.")
    db_option(p)
    p.add_argument("--json", action="store_true", help="un array JSON su una riga")
    p.add_argument("--all", action="store_true", help="anche le unità ritirate")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("add", help="aggiunge un'unità", description="Aggiunge un'unità al registro.")
    db_option(p)
    _unit_fields(p, required=True)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("edit", help="modifica un'unità", description="Modifica i dati di un'unità.")
    db_option(p)
    p.add_argument("unit", metavar="UNITÀ", help="nominativo o identificativo dell'unità")
    _unit_fields(p, required=False)
    p.set_defaults(func=cmd_edit)

    for name, text, func in (("retire", "ritira un'unità dal servizio (resta nello storico)", cmd_retire),
                             ("reactivate", "rimette in servizio un'unità ritirata", cmd_reactivate)):
        p = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        db_option(p)
        p.add_argument("unit", metavar="UNITÀ", help="nominativo o identificativo dell'unità")
        p.set_defaults(func=func)

    p = sub.add_parser("import", help="importa unità da un file CSV",
                       description="Importa unità da un file CSV con intestazione (colonne kind, call_sign, plate, "
                                   "radio_channel, notes, oppure tipo, nominativo, targa, canale_radio, note). "
                                   "Tutte o nessuna: le righe errate sono indicate per numero.")
    db_option(p)
    p.add_argument("file", metavar="FILE", help="file CSV (separato da virgole o punti e virgola)")
    p.set_defaults(func=cmd_import)


def _unit_fields(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--kind", required=required, type=_kind, metavar="TIPO",
                   help="tipo: " + ", ".join(k.label for k in ResourceKind))
    p.add_argument("--call-sign", required=required, metavar="NOMINATIVO", help="nominativo radio (es. Alfa 1)")
    p.add_argument("--plate", metavar="TARGA", help="targa")
    p.add_argument("--radio", metavar="CANALE", help="canale radio")
    p.add_argument("--notes", metavar="TESTO", help="note")


def _kind(text: str) -> str:
    kind = KINDS.get(text.strip().lower())
    if kind is None:
        raise argparse.ArgumentTypeError(f"tipo sconosciuto: {text!r} (ammessi: "
                                         + ", ".join(k.label for k in ResourceKind) + ")")
    return kind


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
