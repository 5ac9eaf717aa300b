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
import json
from typing import Any

from ..domain.enums import Role
from .common import (
    db_path,
    enum_choice,
    labels,
    list_command,
    one_commands,
    password_options,
    read_password,
    registry_group,
    store_command,
)
from .store_access import open_store

_role = enum_choice(Role, "ruolo")
_OPERATOR_HELP = "nome o identificativo"


def register(subparsers: Any) -> None:
    sub = registry_group(subparsers, "operators", help="operatori della postazione (elenco, ruoli, password)",
                         description="Operatori della postazione, i loro ruoli e le password.")
    list_command(sub, cmd_list, help="elenca gli operatori", description="Elenca gli operatori attivi.",
                 all_help="anche gli operatori disattivati")
    p = store_command(sub, "add", cmd_add, help="aggiunge un operatore", description="Aggiunge un operatore.")
    p.add_argument("name", metavar="NOME", help="nome e cognome")
    p.add_argument("--role", required=True, type=_role, metavar="RUOLO", help="ruolo: " + labels(Role))
    password_options(p, optional=True)
    p = store_command(sub, "set-role", cmd_set_role, help="cambia il ruolo di un operatore")
    p.add_argument("operator", metavar="OPERATORE", help=_OPERATOR_HELP)
    p.add_argument("role", type=_role, metavar="RUOLO", help="ruolo: " + labels(Role))
    one_commands(sub, (("deactivate", "disattiva un operatore (non potrà più accedere)", cmd_deactivate),
                       ("reactivate", "riattiva un operatore disattivato", cmd_reactivate)),
                 dest="operator", metavar="OPERATORE", help=_OPERATOR_HELP)
    p = store_command(sub, "set-password", cmd_set_password, help="imposta la password o il PIN di un operatore",
                      description="Imposta la password o il PIN di un operatore (richiesta due volte al "
                                  "terminale, oppure letta dallo standard input con --password-stdin).")
    p.add_argument("operator", metavar="OPERATORE", help=_OPERATOR_HELP)
    password_options(p, optional=False)


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
