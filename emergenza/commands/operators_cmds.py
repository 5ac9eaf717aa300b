"""``emergenza operators list|add|set-role|deactivate|reactivate|set-password``.

    emergenza operators list [--db PATH] [--json] [--all]
    emergenza operators add [--db PATH] NAME --role ROLE [--ask-password | --password-stdin]
    emergenza operators set-role [--db PATH] OPERATOR ROLE
    emergenza operators deactivate|reactivate [--db PATH] OPERATOR
    emergenza operators set-password [--db PATH] OPERATOR [--password-stdin]

OPERATOR is a name (any case) or an id; ROLE is operatore, coordinatore, responsabile or
amministratore. A password is never an argument (it would stay in the shell's history
and in the process list): it is asked twice on the terminal, or read from the first line
of standard input with ``--password-stdin``. Writes hold the store's lock and act as the
holder of the file. Exit 0 done; 2 bad input (one Italian line, nothing written).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from ..domain.enums import Role
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from .common import db_option, db_path
from .store_access import open_store

ROLES = {**{r.value: r.value for r in Role}, **{r.label: r.value for r in Role}}


def register(subparsers: Any) -> None:
    ops = subparsers.add_parser("operators", help="operatori della postazione (elenco, ruoli, password)",
                                description="Operatori della postazione, i loro ruoli e le password.")
    sub = ops.add_subparsers(dest="operators_command", required=True, metavar="COMANDO")

    p = sub.add_parser("list", help="elenca gli operatori", description="Elenca gli operatori attivi.")
    db_option(p)
    p.add_argument("--json", action="store_true", help="un array JSON su una riga")
    p.add_argument("--all", action="store_true", help="anche gli operatori disattivati")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("add", help="aggiunge un operatore", description="Aggiunge un operatore.")
    db_option(p)
    p.add_argument("name", metavar="NOME", help="nome e cognome")
    p.add_argument("--role", required=True, type=_role, metavar="RUOLO", help=_roles_help())
    _password_options(p, optional=True)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("set-role", help="cambia il ruolo di un operatore",
                       description="Cambia il ruolo di un operatore.")
    db_option(p)
    p.add_argument("operator", metavar="OPERATORE", help="nome o identificativo")
    p.add_argument("role", type=_role, metavar="RUOLO", help=_roles_help())
    p.set_defaults(func=cmd_set_role)

    for name, text, func in (("deactivate", "disattiva un operatore (non potrà più accedere)", cmd_deactivate),
                             ("reactivate", "riattiva un operatore disattivato", cmd_reactivate)):
        p = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        db_option(p)
        p.add_argument("operator", metavar="OPERATORE", help="nome o identificativo")
        p.set_defaults(func=func)

    p = sub.add_parser("set-password", help="imposta la password o il PIN di un operatore",
                       description="Imposta la password o il PIN di un operatore (richiesta due volte al "
                                   "terminale, oppure letta dallo standard input con --password-stdin).")
    db_option(p)
    p.add_argument("operator", metavar="OPERATORE", help="nome o identificativo")
    _password_options(p, optional=False)
    p.set_defaults(func=cmd_set_password)


def _roles_help() -> str:
    return "ruolo: " + ", ".join(r.label for r in Role)


def _role(text: str) -> str:
    role = ROLES.get(text.strip().lower())
    if role is None:
        raise argparse.ArgumentTypeError(f"ruolo sconosciuto: {text!r} (ammessi: "
                                         + ", ".join(r.label for r in Role) + ")")
    return role


def _password_options(p: argparse.ArgumentParser, *, optional: bool) -> None:
    group = p.add_mutually_exclusive_group()
    if optional:
        group.add_argument("--ask-password", action="store_true",
                           help="chiede al terminale la password o il PIN (due volte)")
    group.add_argument("--password-stdin", action="store_true",
                       help="legge la password o il PIN dalla prima riga dello standard input")


def read_password(args: argparse.Namespace) -> str | None:
    """The password the person gave (None if they were not asked for one)."""
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise UserError(QT_TRANSLATE_NOOP("errors", "Nessuna password sullo standard input."))
        return line.rstrip("\r\n")
    if not getattr(args, "ask_password", True):
        return None
    if not sys.stdin.isatty():
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "Nessun terminale da cui chiedere la password: usare --password-stdin."))
    first = getpass.getpass("Password o PIN: ")
    if first != getpass.getpass("Ripetere la password o il PIN: "):
        raise UserError(QT_TRANSLATE_NOOP("errors", "Le due password non coincidono: nulla è stato cambiato."))
    return first


def _row(op: dict[str, Any]) -> dict[str, Any]:
    return {"id": op["id"], "name": op["name"], "role": op["role"], "role_label": Role(op["role"]).label,
            "active": bool(op["active"]), "has_password": bool(op["has_secret"]), "created_at": op["created_at"]}


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=False) as store:
        ops = [_row(op) for op in store.people.operators(active_only=not args.all)]
    if args.json:
        print(json.dumps(ops, ensure_ascii=False))
        return 0
    if not ops:
        print("Nessun operatore.")
    for op in ops:
        notes = [] if op["has_password"] else ["senza password"]
        if not op["active"]:
            notes.append("disattivato")
        print("\t".join([op["name"], op["role_label"], ", ".join(notes)]).rstrip())
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    secret = read_password(args)  # asked before the store is opened: nothing written on a mistake
    with open_store(db_path(args), write=True) as store:
        op = store.people.add(args.name, args.role, secret)
    print(f"Operatore aggiunto: {op['name']} ({Role(op['role']).label})"
          + ("." if secret else "; senza password non può ancora accedere (operators set-password)."))
    return 0


def cmd_set_role(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=True) as store:
        op = store.people.set_role(store.people.find(args.operator)["id"], args.role)
    print(f"Ruolo di {op['name']}: {Role(op['role']).label}.")
    return 0


def cmd_deactivate(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=True) as store:
        op = store.people.deactivate(store.people.find(args.operator)["id"])
    print(f"Operatore disattivato: {op['name']}.")
    return 0


def cmd_reactivate(args: argparse.Namespace) -> int:
    with open_store(db_path(args), write=True) as store:
        op = store.people.reactivate(store.people.find(args.operator)["id"])
    print(f"Operatore riattivato: {op['name']}.")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    secret = read_password(args) or ""  # set-password always asks; "" is refused as too short
    with open_store(db_path(args), write=True) as store:
        op = store.people.find(args.operator)
        store.people.set_password(op["id"], secret)
    print(f"Password di {op['name']} impostata.")
    return 0
