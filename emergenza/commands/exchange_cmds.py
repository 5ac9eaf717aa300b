"""``emergenza export cap|emsi`` and ``emergenza import cap|emsi``: events exchanged with
the rooms that do not run Emergenza (OASIS CAP 1.2, EMSI); see ``emergenza/exchange``.

    emergenza export cap  --db PATH --event NUMBER --out FILE.xml [--riservati]
    emergenza export emsi --db PATH --event NUMBER --out FILE.xml|FILE.json [--riservati]
    emergenza import cap|emsi --db PATH FILE…

Export reads the store (read-only, safe beside the running app) and writes the file
atomically. Import holds the store's lock and is all or nothing: every file is read and
checked first, then all are written in one transaction. Exit 0 done; 2 bad input (an
invalid file, an unknown event, a reserved event without --riservati…): one Italian
line on stderr, nothing written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from .common import command_group, db_option, db_path

KINDS = {"cap": "allarme OASIS CAP 1.2 (XML)", "emsi": "messaggio EMSI (XML, o JSON se il file finisce in .json)"}
_OUTCOMES = {"created": "nuovo intervento", "updated": "intervento aggiornato", "already": "già importato"}


def register(subparsers: Any) -> None:
    exports = command_group(subparsers, "export", help="esporta dati per altri programmi", dest="export",
                            metavar="FORMATO")
    for kind, what in KINDS.items():
        p = exports.add_parser(kind, help=f"un intervento come {what}")
        db_option(p)
        p.add_argument("--event", required=True, metavar="NUMERO", help="numero dell'intervento (es. BG01-2026-000123)")
        p.add_argument("--out", required=True, metavar="FILE", help="file da scrivere")
        p.add_argument("--riservati", action="store_true",
                       help="consente un intervento riservato (serve il ruolo responsabile)")
        p.set_defaults(func=_export, kind=kind)
    imports = command_group(subparsers, "import", help="importa interventi da altri sistemi (CAP, EMSI)",
                            dest="import_kind", metavar="FORMATO")
    for kind, what in KINDS.items():
        p = imports.add_parser(kind, help=f"interventi da file {what}; tutto o niente")
        db_option(p)
        p.add_argument("files", nargs="+", metavar="FILE", help="uno o più file")
        p.set_defaults(func=_import, kind=kind)


def _target(text: str, kind: str) -> Path:
    target = Path(text).expanduser()
    allowed = (".xml", ".json") if kind == "emsi" else (".xml",)
    if target.suffix.lower() not in allowed:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Il file da scrivere deve finire in {0}: {1}"),
                        " o ".join(allowed), target)
    if not target.parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("errors", "Cartella inesistente: {0}"), target.parent)
    return target



def _export(args: argparse.Namespace) -> int:
    import sqlite_utils

    from ..exchange import station
    from ..reports.source import StationSource
    from ..store import Store

    target = _target(args.out, args.kind)
    with StationSource.open(db_path(args)) as src:
        store = Store(sqlite_utils.Database(src.conn), src.catalogs)  # read-only: never migrates or writes
        if args.kind == "cap":
            data = station.export_cap(store, args.event, include_reserved=args.riservati)
        else:
            data = station.export_emsi(store, args.event, include_reserved=args.riservati,
                                       as_json=target.suffix.lower() == ".json")
    from ..reports.output import write_bytes  # atomic: a temporary file renamed into place

    write_bytes(target, data)
    print(f"Esportato {args.event.strip().upper()} in {target}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..exchange import station
    from ..store import Store
    from ..store.lock import StoreLock

    files = []
    for name in args.files:
        path = Path(name).expanduser()
        if not path.is_file():
            raise UserError(QT_TRANSLATE_NOOP("errors", "File non trovato: {0}"), path)
        files.append((path.name, _read_limited(path)))
    path = db_path(args)
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Archivio non trovato: {0}"), path)
    with StoreLock(path):
        store = Store.open(path)
        try:
            done = station.import_documents(store, args.kind, files)
        finally:
            store.close()
    for item in done:
        print(f"{item.name}: {_OUTCOMES[item.outcome]} {item.number}")
    return 0


def _read_limited(path: Path) -> bytes:
    from ..exchange.documents import check_length

    check_length(path.stat().st_size, path.name)  # refused before it is read into memory
    return path.read_bytes()
