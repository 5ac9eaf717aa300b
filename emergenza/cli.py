"""Command line: ``emergenza`` opens the desktop app; subcommands work headless.

Exit codes: 0 ok, 1 damage found / work left (documented per command), 2 bad input
or environment error (one Italian line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from . import __version__
from .domain.errors import EmergenzaError, UserError

# Each module exposes ``register(subparsers)``, which adds its parser(s) and sets
# ``func`` to a callable taking the parsed args and returning the exit code.
COMMAND_MODULES = (
    "emergenza.commands.init_cmds",
    "emergenza.commands.store_cmds",
    "emergenza.commands.sync_cmds",
    "emergenza.commands.admin_cmds",
    "emergenza.commands.report_cmds",
    "emergenza.commands.exchange_cmds",  # adds cap/emsi to `export` (commands.common.command_group)
    "emergenza.commands.exercise_cmds",
    "emergenza.commands.units_cmds",
    "emergenza.commands.operators_cmds",
    "emergenza.commands.territory_cmds",
)


# argparse's own texts (Python ships no Italian catalog for them), by their gettext msgid.
ARGPARSE_ITALIAN = {
    "usage: ": "uso: ",
    "positional arguments": "argomenti",
    "options": "opzioni",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "show program's version number and exit": "mostra la versione del programma ed esce",
    "the following arguments are required: %s": "mancano gli argomenti obbligatori: %s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "scelta non valida: %(value)r (ammessi: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
    "expected one argument": "manca il valore",
    "expected at most one argument": "ammesso al massimo un valore",
    "expected at least one argument": "serve almeno un valore",
    "invalid %(type)s value: %(value)r": "valore non valido (%(type)s): %(value)r",
    "not allowed with argument %s": "non ammesso insieme a %s",
    "one of the arguments %s is required": "serve uno degli argomenti %s",
    "ambiguous option: %(option)s could match %(matches)s": "opzione ambigua: %(option)s può essere %(matches)s",
    "ignored explicit argument %r": "valore non ammesso: %r",
    "unexpected option string: %s": "opzione inattesa: %s",
}


@contextlib.contextmanager
def _italian_argparse() -> Iterator[None]:
    """argparse looks its texts up through its module-level ``_`` (gettext) while building
    parsers, formatting help and reporting errors: answer in Italian for that time only."""
    previous = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: ARGPARSE_ITALIAN.get(message) or previous(message)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = previous  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """Every text Italian (argparse's own ones too); bad input exits 2 with one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _italian_argparse():
            super().__init__(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _italian_argparse():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _italian_argparse():
            return super().parse_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _italian_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _italian_argparse():
            return super().format_help()

    def error(self, message: str) -> NoReturn:  # exit 2 with one line, as for any bad input
        self.exit(2, f"emergenza: errore: {message}\n")


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``commands=False``: only the desktop app's own options, without
    importing the command groups (and without -h, which must list them)."""
    parser = _Parser(prog="emergenza", description="Sala operativa della Polizia Locale (offline-first).",
                     add_help=commands)
    parser.add_argument("--version", action="version", version=f"Emergenza {__version__}",
                        help="mostra la versione del programma ed esce")
    parser.add_argument("--db", help="archivio da aprire (predefinito: cartella dati della postazione)")
    parser.add_argument("--demo", action="store_true", help="apre un archivio dimostrativo (creato se manca)")
    parser.add_argument("--selftest", action="store_true",
                        help="apre la finestra fuori schermo, percorre le viste ed esce (0 se tutto va bene)")
    parser.add_argument("--screenshot", metavar="OUT.png", help="salva un'immagine della finestra ed esce")
    parser.add_argument("--view", help="vista per --screenshot (es. board, units, detail, intake, search)")
    parser.add_argument("--lang", choices=("it", "en"), help="lingua dell'interfaccia")
    if not commands:
        parser.set_defaults(command=None)
        return parser
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


def _desktop_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The parsed options when ``argv`` plainly opens the desktop app (only its own options,
    no subcommand, no -h), else None: the whole parser decides. Importing every command group
    only to find none was asked for costs the app's cold start ~40 ms of CPU (measured)."""
    tokens = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands=False)
    takes_value = {s for a in parser._actions if a.nargs != 0 for s in a.option_strings}
    value_next = False
    for token in tokens:
        if value_next:
            value_next = False
        elif not token.startswith("-") or token in ("-", "--", "-h", "--help"):
            return None  # a subcommand (or its operand), or help: it lists the subcommands
        else:
            value_next = token in takes_value
    return parser.parse_args(tokens)


# Modules a library imports that the desktop never runs: httpx imports its own command line
# with itself, and with it rich where installed (a development tool brings it: ~45 ms of a
# start). The built station leaves them out (installer/emergenza.spec): so does a source
# run, so that it, and bench_gui, start as the station does.
UNUSED_MODULES = ("httpx._main",)


def leave_out_unused_modules() -> None:
    """Mark UNUSED_MODULES as absent, unless already imported (the library then goes without)."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    args = _desktop_args(argv)
    if args is None:  # a subcommand, -h/--help or anything the desktop options do not know
        args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            started_cpu = time.process_time()  # the app logs where its start went from here
            # Start-up makes objects that live as long as the app: the collector's passes over
            # them while it runs cost 0.1-0.18 s of its CPU (load 6, 1,000,000 events). Off
            # until the window is up; the app then freezes what exists and turns it on (app.py).
            gc.disable()
            leave_out_unused_modules()
            try:
                from .app import main as gui_main
                return gui_main(args, started_cpu=started_cpu)
            finally:
                gc.enable()
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # here, not at exit: a reader gone away is answered below
        return code
    except BrokenPipeError:
        # The reader went away (`emergenza units list | head -1`): no traceback, as other
        # command line tools; the rest of the output goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for such a tool
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
