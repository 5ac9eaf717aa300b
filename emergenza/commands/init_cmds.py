"""``emergenza init``: a new station's store, set up from the command line.

    emergenza init [--db PATH] --corps NAME --station-code CODE --admin NAME
                   [--station-name NAME] [--password-stdin]

The same setup as the app's first-run wizard (store/setup.py: the same rules, the same
writes): the station's identity and its first operator, an amministratore whose password
or PIN is read from the first line of standard input (``--password-stdin``) or asked twice
on the terminal, never an argument. Units, other operators and enrollment come after
(``units``, ``operators``, ``enroll``). Only a new store: an existing file is refused.
Exit 0 done; 2 bad input (one Italian line, nothing written).
"""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.errors import UserError
from .common import db_option, db_path, password_options, read_password

# The options that carry each answer, to name them in a refusal.
OPTIONS = {"station_name": "--station-name", "station_code": "--station-code", "corps": "--corps",
           "operator_name": "--admin", "secret": "password"}


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "init", help="crea e configura l'archivio di una nuova postazione (come la prima configurazione)",
        description="Crea l'archivio di una nuova postazione con la stessa configurazione della procedura guidata "
                    "dell'app: codice e comando della postazione, primo operatore (amministratore) con la sua "
                    "password o PIN. Un archivio esistente non viene mai toccato.")
    db_option(p)
    p.add_argument("--corps", required=True, metavar="COMANDO", help="comando (es. Polizia Locale di Bergamo)")
    p.add_argument("--station-code", required=True, metavar="CODICE",
                   help="codice della postazione assegnato dalla regione (es. BG07; non PL01)")
    p.add_argument("--admin", required=True, metavar="NOME", help="nome e cognome del primo operatore "
                                                                    "(amministratore)")
    p.add_argument("--station-name", metavar="NOME",
                   help="nome della postazione (predefinito: «Sala operativa - » seguito dal comando)")
    password_options(p, optional=False)
    p.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from ..store import private
    from ..store.setup import StationSetup, check_new, clean_code, clean_text, create, default_station_name, problems

    path = db_path(args)
    corps = clean_text(args.corps)
    setup = StationSetup(station_name=clean_text(args.station_name) if args.station_name is not None
                         else default_station_name(corps),
                         station_code=clean_code(args.station_code), corps=corps,
                         operator_name=clean_text(args.admin), secret="")
    found = problems(setup)
    found.pop("secret", None)  # asked next: only once the rest is right
    _refuse(found)
    if getattr(args, "db", None) is None and not path.parent.exists():
        private.private_dir(path.parent)  # a fresh station: its data folder, as the app makes it
    check_new(path)
    setup.secret = read_password(args) or ""
    _refuse(problems(setup))
    operator = create(path, setup)
    print(f"Archivio creato: {path} — postazione {setup.station_code} ({setup.corps}), "
          f"amministratore {operator['name']}.")
    return 0


def _refuse(found: dict[str, UserError]) -> None:
    if found:
        raise UserError(" ".join(f"{OPTIONS[name]}: {exc}" for name, exc in found.items()))
