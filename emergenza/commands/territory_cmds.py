"""``emergenza areas`` and ``emergenza cameras``: the territory registries from the command line.

    emergenza areas   list   [--db PATH] [--json]
    emergenza areas   import FILE.geojson [--db PATH] [--category C] [--shared]
    emergenza areas   export [--db PATH] [--out FILE.geojson]          (stdout without --out)
    emergenza cameras list   [--db PATH] [--json] [--kind camera|gate]
    emergenza cameras import FILE.csv [--db PATH] [--shared]
    emergenza cameras hits   FILE.csv [--db PATH]                      (hot-list hits of the gates)

Imports are all or nothing: any bad feature or row is reported (by number or line) in
one Italian line on stderr, exit 2, nothing written. Writers hold the store's lock.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from .common import db_option, db_path, existing_store


def register(subparsers: Any) -> None:
    areas = subparsers.add_parser("areas", help="aree a rischio: elenco, importazione ed esportazione GeoJSON",
                                  description="Registro delle aree a rischio del comando.")
    asub = areas.add_subparsers(dest="areas_command", required=True, metavar="{list,import,export}")
    p = asub.add_parser("list", help="elenca le aree attive")
    db_option(p)
    p.add_argument("--json", action="store_true", help="un oggetto JSON per area")
    p.set_defaults(func=_areas_list)
    p = asub.add_parser("import", help="importa le aree di un file GeoJSON (tutte o nessuna)")
    p.add_argument("file", metavar="FILE.geojson")
    db_option(p)
    p.add_argument("--category", help="categoria delle aree senza proprietà «categoria» (es. parco, movida)")
    p.add_argument("--shared", action="store_true", help="aree condivise con gli altri comandi")
    p.set_defaults(func=_areas_import)
    p = asub.add_parser("export", help="esporta le aree attive in GeoJSON")
    db_option(p)
    p.add_argument("--out", metavar="FILE.geojson", help="file da scrivere (predefinito: output standard)")
    p.set_defaults(func=_areas_export)

    cams = subparsers.add_parser("cameras", help="telecamere e varchi lettura targhe",
                                 description="Registro delle telecamere e dei varchi lettura targhe.")
    csub = cams.add_subparsers(dest="cameras_command", required=True, metavar="{list,import,hits}")
    p = csub.add_parser("list", help="elenca telecamere e varchi attivi")
    db_option(p)
    p.add_argument("--json", action="store_true", help="un oggetto JSON per telecamera")
    p.add_argument("--kind", choices=("camera", "gate"), help="solo telecamere o solo varchi")
    p.set_defaults(func=_cameras_list)
    p = csub.add_parser("import", help="importa il registro da un file CSV (tutte le righe o nessuna)")
    p.add_argument("file", metavar="FILE.csv")
    db_option(p)
    p.add_argument("--shared", action="store_true", help="telecamere condivise con gli altri comandi")
    p.set_defaults(func=_cameras_import)
    p = csub.add_parser("hits", help="importa le segnalazioni dei varchi (varco;targa;ora;lista)")
    p.add_argument("file", metavar="FILE.csv")
    db_option(p)
    p.set_defaults(func=_cameras_hits)


# ------------------------------------------------------------------ helpers
def _read_text(name: str) -> str:
    path = Path(name)
    if not path.is_file():
        raise UserError(QT_TRANSLATE_NOOP("errors", "File non trovato: {0}"), path)
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0}: il file non è in UTF-8."), path) from None


def _with_store(args: argparse.Namespace, work: Any, *, write: bool) -> Any:
    from ..store import Store
    from ..store.lock import StoreLock

    path = existing_store(db_path(args))
    if not write:
        store = Store.open(path)
        try:
            return work(store)
        finally:
            store.close()
    with StoreLock(path):
        store = Store.open(path)
        try:
            return work(store)
        finally:
            store.close()


def _sharing(args: argparse.Namespace) -> str:
    return "shared" if args.shared else "reserved"


# -------------------------------------------------------------------- areas
def _areas_list(args: argparse.Namespace) -> int:
    from ..domain.areas import AreaCategory

    rows = _with_store(args, lambda s: s.areas.registry(), write=False)
    for row in rows:
        rule = (f"{row['watch_count']} in {row['watch_hours']} h" + (f" ({row['watch_types']})"
                if row["watch_types"] else "")) if row["watch_count"] else ""
        if args.json:
            print(json.dumps({"id": row["id"], "nome": row["name"], "categoria": row["category"],
                              "condivisione": row["sharing"], "comando": row["corps"], "interventi": row["events"],
                              "soglia_interventi": row["watch_count"], "soglia_ore": row["watch_hours"],
                              "tipi": row["watch_types"]}, ensure_ascii=False))
        else:
            print(f"{row['name']}\t{AreaCategory(row['category']).label}\t{row['events']} interventi\t{rule}")
    if not rows and not args.json:
        print("Nessuna area a rischio.")
    return 0


def _areas_import(args: argparse.Namespace) -> int:
    from ..domain.areas import category_of
    from ..domain.geo import BBox
    from ..domain.geojson import parse_areas
    from ..domain.validation import LAT_RANGE, LON_RANGE

    if args.category and category_of(args.category) is None:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Categoria sconosciuta: {0}"), args.category)
    text = _read_text(args.file)
    within = BBox(LON_RANGE[0], LAT_RANGE[0], LON_RANGE[1], LAT_RANGE[1])
    areas = parse_areas(text, within=within)  # AreasFileError (a UserError): every bad feature
    category = category_of(args.category).value if args.category else None  # type: ignore[union-attr]
    rows = _with_store(args, lambda s: s.areas.import_areas(areas, operator="riga di comando", category=category,
                                                             sharing=_sharing(args)), write=True)
    print(f"Aree importate: {len(rows)}.")
    return 0


def _areas_export(args: argparse.Namespace) -> int:
    doc = _with_store(args, lambda s: s.areas.export_geojson(), write=False)
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if args.out:
        out = Path(args.out)
        if not out.parent.is_dir():
            raise UserError(QT_TRANSLATE_NOOP("errors", "Cartella inesistente: {0}"), out.parent)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(out)
        print(f"Aree esportate: {len(doc['features'])} in {out}.", file=sys.stderr)
    else:
        print(text)
    return 0


# ------------------------------------------------------------------ cameras
def _cameras_list(args: argparse.Namespace) -> int:
    from ..domain.cameras import CameraKind, CameraStatus

    rows = _with_store(args, lambda s: s.cameras.registry(kind=args.kind), write=False)
    for row in rows:
        if args.json:
            print(json.dumps({k: row[k] for k in ("id", "name", "kind", "lat", "lon", "direction", "owner_kind",
                                                   "owner_name", "status", "footage_request", "sharing", "corps")},
                             ensure_ascii=False))
        else:
            print(f"{row['name']}\t{CameraKind(row['kind']).label}\t{row['lat']:.5f}, {row['lon']:.5f}\t"
                  f"{CameraStatus(row['status']).label}\t{row['owner_name'] or ''}")
    if not rows and not args.json:
        print("Nessuna telecamera.")
    return 0


def _cameras_import(args: argparse.Namespace) -> int:
    text = _read_text(args.file)
    rows = _with_store(args, lambda s: s.cameras.import_csv(text, operator="riga di comando",
                                                            sharing=_sharing(args)), write=True)
    print(f"Telecamere importate: {len(rows)}.")
    return 0


def _cameras_hits(args: argparse.Namespace) -> int:
    text = _read_text(args.file)
    rows = _with_store(args, lambda s: s.cameras.import_hits(text, operator="riga di comando"), write=True)
    for row in rows:
        print(f"{row['gate_name']}\t{row['plate']}\t{row['at']}\t{row['hot_list']}")
    print(f"Segnalazioni nuove: {len(rows)}.", file=sys.stderr)
    return 0
