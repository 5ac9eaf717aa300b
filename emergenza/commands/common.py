"""Pieces shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..config import Paths


def db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `emergenza --db X backup` (the global option) keeps working too.
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="archivio (predefinito: quello della cartella dati)")


def db_path(args: argparse.Namespace) -> Path:
    db = getattr(args, "db", None)
    return Path(db).expanduser() if db else Paths.default().db


def command_group(subparsers: Any, name: str, *, help: str, dest: str, metavar: str) -> Any:
    """The sub-commands of ``emergenza NAME`` (e.g. ``export``), shared by the modules that
    add to them: the first one to ask makes the parser, the others extend it."""
    parser = subparsers.choices.get(name)
    if parser is None:
        parser = subparsers.add_parser(name, help=help)
        parser.set_defaults(_group=parser.add_subparsers(dest=dest, required=True, metavar=metavar))
    return parser.get_default("_group")
