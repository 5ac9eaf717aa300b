"""Command line: ``emergenza`` opens the desktop app; subcommands work headless.

Exit codes: 0 ok, 1 damage found / work left (documented per command), 2 bad input
or environment error (one Italian line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .domain.errors import EmergenzaError, UserError

# Each module exposes ``register(subparsers)``, which adds its parser(s) and sets
# ``func`` to a callable taking the parsed args and returning the exit code.
COMMAND_MODULES = (
    "emergenza.commands.store_cmds",
    "emergenza.commands.sync_cmds",
    "emergenza.commands.admin_cmds",
    "emergenza.commands.report_cmds",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with one line, as for any bad input
        self.exit(2, f"emergenza: errore: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="emergenza", description="Sala operativa della Polizia Locale (offline-first).")
    parser.add_argument("--version", action="version", version=f"Emergenza {__version__}")
    parser.add_argument("--db", help="archivio da aprire (predefinito: cartella dati della postazione)")
    parser.add_argument("--demo", action="store_true", help="apre un archivio dimostrativo (creato se manca)")
    parser.add_argument("--selftest", action="store_true",
                        help="apre la finestra fuori schermo, percorre le viste ed esce (0 se tutto va bene)")
    parser.add_argument("--screenshot", metavar="OUT.png", help="salva un'immagine della finestra ed esce")
    parser.add_argument("--view", help="vista per --screenshot (es. board, units, detail, intake, search)")
    parser.add_argument("--lang", choices=("it", "en"), help="lingua dell'interfaccia")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a command group not built yet
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from .app import main as gui_main
            return gui_main(args)
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"emergenza: {exc}", file=sys.stderr)
        return 2
    except EmergenzaError as exc:
        print(f"emergenza: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("emergenza: interrotto", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
