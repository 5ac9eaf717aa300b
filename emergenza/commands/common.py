"""Pieces shared by the command modules: the store option, sub-command groups, the shape
of the station's registries (``units``, ``operators``: list, add, act on one by name) and
how a password is asked for."""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from ..config import Paths
from ..domain.errors import StoreError, UserError
from ..domain.text import QT_TRANSLATE_NOOP

Command = Callable[[argparse.Namespace], int]


def db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `emergenza --db X backup` (the global option) keeps working too.
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="archivio (predefinito: quello della cartella dati)")


def db_path(args: argparse.Namespace) -> Path:
    db = getattr(args, "db", None)
    return Path(db).expanduser() if db else Paths.default().db


# What makes a file an Emergenza store to the commands (older schemas are migrated on open).
_STORE_TABLES = frozenset({"meta", "events", "journal", "audit"})


def store_file(path: Path) -> Path:
    """``path`` if it is there and opens as a store would (SQLite, or encrypted with a key
    this account holds), else UserError; its content is not read (``check`` reports damage)."""
    from ..store.database import is_store_file

    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Archivio non trovato: {0}. Una nuova postazione si crea con "
                                                    "«emergenza init» (o con la prima configurazione dell'app)."), path)
    if not is_store_file(path):
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza."), path)
    return path


def existing_store(path: Path) -> Path:
    """``path`` if it is an Emergenza store, plain or encrypted with a key this account
    holds; else UserError. Read only: a command never creates, nor migrates into a store,
    someone else's file."""
    from ..store.database import open_raw

    store_file(path)
    try:
        conn = open_raw(path, readonly=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except (sqlite3.DatabaseError, StoreError):
        tables = set()
    if not tables >= _STORE_TABLES:
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} non è un archivio di Emergenza."), path)
    return path


def command_group(subparsers: Any, name: str, *, help: str, dest: str, metavar: str) -> Any:
    """The sub-commands of ``emergenza NAME`` (e.g. ``export``), shared by the modules that
    add to them: the first one to ask makes the parser, the others extend it."""
    parser = subparsers.choices.get(name)
    if parser is None:
        parser = subparsers.add_parser(name, help=help)
        parser.set_defaults(_group=parser.add_subparsers(dest=dest, required=True, metavar=metavar))
    return parser.get_default("_group")


# ------------------------------------------------------------ station registries
def registry_group(subparsers: Any, name: str, *, help: str, description: str) -> Any:
    """``emergenza NAME COMANDO …``: the sub-commands of one of the station's registries."""
    parser = subparsers.add_parser(name, help=help, description=description)
    return parser.add_subparsers(dest=f"{name}_command", required=True, metavar="COMANDO")


def store_command(sub: Any, name: str, func: Command, *, help: str,
                  description: str | None = None) -> argparse.ArgumentParser:
    """One sub-command on the store (``--db``); ``description`` defaults to ``help`` as a sentence."""
    parser = sub.add_parser(name, help=help, description=description or _sentence(help))
    db_option(parser)
    parser.set_defaults(func=func)
    return parser


def list_command(sub: Any, func: Command, *, help: str, description: str, all_help: str) -> None:
    """``list [--json] [--all]``: those in service, one a line (``--json``: one array)."""
    parser = store_command(sub, "list", func, help=help, description=description)
    parser.add_argument("--json", action="store_true", help="un array JSON su una riga")
    parser.add_argument("--all", action="store_true", help=all_help)


def one_commands(sub: Any, commands: Iterable[tuple[str, str, Command]], *, dest: str, metavar: str,
                 help: str) -> None:
    """Sub-commands that act on one entry named by the positional ``dest`` (e.g. retire, reactivate)."""
    for name, text, func in commands:
        store_command(sub, name, func, help=text).add_argument(dest, metavar=metavar, help=help)


def enum_choice(enum: type[Enum], what: str) -> Callable[[str], str]:
    """An argparse type: an entry of ``enum`` by its Italian label or stored value (any case)."""
    choices = {**{str(e.value): str(e.value) for e in enum}, **{_label(e): str(e.value) for e in enum}}

    def parse(text: str) -> str:
        value = choices.get(text.strip().lower())
        if value is None:
            raise argparse.ArgumentTypeError(f"{what} sconosciuto: {text!r} (ammessi: {labels(enum)})")
        return value

    return parse


def labels(enum: type[Enum]) -> str:
    return ", ".join(_label(e) for e in enum)


def _label(entry: Enum) -> str:
    return str(getattr(entry, "label", entry.value))


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


# ------------------------------------------------------------------ passwords
def password_options(parser: argparse.ArgumentParser, *, optional: bool) -> None:
    """``--password-stdin`` (and, when a password may be left unset, ``--ask-password``)."""
    group = parser.add_mutually_exclusive_group()
    if optional:
        group.add_argument("--ask-password", action="store_true",
                           help="chiede al terminale la password o il PIN (due volte)")
    group.add_argument("--password-stdin", action="store_true",
                       help="legge la password o il PIN dalla prima riga dello standard input")


def read_password(args: argparse.Namespace) -> str | None:
    """The password the person gave (None if they were not asked for one). Never an
    argument (it would stay in the shell's history and in the process list): the first line
    of standard input with ``--password-stdin``, else asked twice on the terminal."""
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
