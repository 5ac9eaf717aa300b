"""``emergenza exercise``: a training stream of exercise events on a station's store.

    emergenza exercise [--db PATH] --events N [--seed S] [--units] [--quiet]

The events go through the store's normal write path (outbox, journal, audit: they sync
like real work), each flagged as an exercise; see ``emergenza/store/exercise.py``. The
command holds the store's lock (a running app refuses it, and the other way round).
Exit 0 done; 2 bad input, a store missing, not set up or in use (one Italian line);
130 interrupted (Ctrl+C): every event written so far is complete.
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

from .common import db_option, db_path


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "exercise", help="scrive interventi di esercitazione nell'archivio (addestramento)",
        description="Scrive una serie realistica di interventi di esercitazione (segnalati come tali) "
                    "attraverso il normale percorso di scrittura: si sincronizzano come il lavoro reale.")
    db_option(p)
    p.add_argument("--events", required=True, type=_number, metavar="N", help="numero di interventi (da 1 a 100.000)")
    p.add_argument("--seed", type=_number, default=1, metavar="S",
                   help="seme (stesso seme, stesse chiamate; predefinito: 1)")
    p.add_argument("--units", action="store_true",
                   help="aggiunge prima le unità di esercitazione (Esercitazione 1…4) se l'archivio non ne ha")
    p.add_argument("--quiet", action="store_true", help="nessun avanzamento su stderr")
    p.set_defaults(func=cmd_exercise)


def _number(text: str) -> int:
    try:
        return int(text.replace("_", "").replace(".", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"numero non valido: {text!r}") from None


class _Progress:
    """Events written on stderr: in place on a terminal; otherwise a line per 10% (at most
    every 1,000 events, so a long run in a log still shows it is moving)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // 100) if self.tty else max(1, min(total // 10, 1000))
        if done % step and done != total:
            return
        if self.tty:
            sys.stderr.write(f"\resercitazione: {done}/{total} interventi   " + ("\n" if done == total else ""))
        else:
            sys.stderr.write(f"esercitazione: {done}/{total} interventi\n")
        sys.stderr.flush()


def cmd_exercise(args: argparse.Namespace) -> int:
    from ..store import Store, exercise
    from ..store.lock import StoreLock

    path = db_path(args)
    exercise.check_events(args.events)
    exercise.check_store(path)
    summary = exercise.ExerciseSummary()
    # Ctrl+C stops the run between two events, so the count printed is exactly what was
    # committed (a second Ctrl+C stops at once; the event being written is rolled back).
    # Installed explicitly: started with SIGINT ignored (a background job, a scheduler),
    # Python would install no handler of its own.
    asked: list[bool] = []

    def on_sigint(_signum: int, _frame: object) -> None:
        if asked:
            raise KeyboardInterrupt
        asked.append(True)

    signal.signal(signal.SIGINT, on_sigint)
    with StoreLock(path):
        store = Store.open(path)
        try:
            try:
                exercise.run(store, events=args.events, seed=args.seed, add_units=args.units, summary=summary,
                             progress=None if args.quiet else _Progress(), stop=lambda: bool(asked))
            except KeyboardInterrupt:
                summary.interrupted = True
            store.maintenance.project_statistics()  # the exercise counted by the statistics at once
        finally:
            store.close()
    if summary.interrupted:
        print(f"emergenza: esercitazione interrotta: {summary.events} interventi scritti, ciascuno completo",
              file=sys.stderr)
        return 130
    added = f"; {summary.units_added} unità di esercitazione aggiunte" if summary.units_added else ""
    print(f"Esercitazione scritta su {path}: {summary.events} interventi ({summary.open_events} ancora aperti), "
          f"{summary.assignments} assegnazioni, {summary.notes} annotazioni{added}, in {summary.seconds:.1f} s.")
    return 0
