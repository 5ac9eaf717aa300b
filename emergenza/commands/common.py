"""Pieces shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import Paths


def db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `emergenza --db X backup` (the global option) keeps working too.
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="archivio (predefinito: quello della cartella dati)")


def db_path(args: argparse.Namespace) -> Path:
    db = getattr(args, "db", None)
    return Path(db).expanduser() if db else Paths.default().db
