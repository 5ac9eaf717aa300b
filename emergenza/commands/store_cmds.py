"""``emergenza demo | status | check``: the local store from the command line.

Exit codes: 0 ok; 1 (check) damage or tampering found; 2 bad input (one Italian line).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..store.meta import MetaKey
from .common import db_option, db_path, existing_store, store_file


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="crea un archivio dimostrativo con dati realistici")
    demo.add_argument("--db", required=True, help="file dell'archivio da creare")
    demo.add_argument("--events", required=True, type=_count, help="numero di interventi (fino a 10.000.000)")
    demo.add_argument("--seed", type=int, default=1, help="seme dei dati casuali (stesso seme, stessi dati)")
    demo.add_argument("--station", default="BG01", help="codice della postazione (predefinito: BG01)")
    demo.add_argument("--corps", default="Polizia Locale di Bergamo", help="nome del comando")
    demo.add_argument("--force", action="store_true", help="sostituisce un archivio dimostrativo esistente")
    demo.add_argument("--quiet", action="store_true", help="nessun avanzamento su stderr")
    demo.set_defaults(func=_demo)

    status = subparsers.add_parser("status", help="riepilogo dell'archivio (interventi, modifiche da inviare...)")
    db_option(status)
    status.add_argument("--json", action="store_true", help="un oggetto JSON su una riga")
    status.set_defaults(func=_status)

    check = subparsers.add_parser("check", help="verifica integrità del file e catena di audit (0 = integro)")
    db_option(check)
    check.add_argument("--json", action="store_true", help="risultato come oggetto JSON")
    check.add_argument("--offline", action="store_true",
                       help="non chiede al server regionale la testa ancorata della catena di audit")
    check.set_defaults(func=_check)


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(".", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"numero non valido: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"numero non valido: {text!r}")
    return value


class _Progress:
    """Percent on stderr: rewritten in place on a terminal, one line per 10% otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = -1

    def __call__(self, fraction: float, phase: str) -> None:
        pct = int(fraction * 100)
        step = 1 if self.tty else 10
        if pct // step == self.last // step and pct < 100:
            return
        self.last = pct
        if self.tty:
            sys.stderr.write(f"\rdemo: {pct:3d}% ({phase})   ")
            if pct >= 100:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(f"demo: {pct}% ({phase})\n")
        sys.stderr.flush()


def _demo(args: argparse.Namespace) -> int:
    from ..store.demo import generate

    summary = generate(args.db, events=args.events, seed=args.seed, station_code=args.station,
                       corps=args.corps, force=args.force, progress=None if args.quiet else _Progress())
    print(f"Archivio dimostrativo creato: {summary.path} — {summary.events} interventi "
          f"({summary.active_events} attivi), {summary.resources} unità, {summary.assignments} assegnazioni, "
          f"{summary.journal_entries} annotazioni in {summary.seconds:.1f} s.")
    return 0


def _open_store(path: Path):
    from ..store import Store
    return Store.open(path)


def status_dict(path: Path) -> dict[str, Any]:
    existing_store(path)  # never migrate someone else's SQLite file into a store
    store = _open_store(path)
    try:
        out = store.maintenance.counts().as_dict()
        out.update({
            "station_code": store.meta.station_code, "station_name": store.meta.get(MetaKey.STATION_NAME),
            "corps": store.meta.corps, "replica_id": store.replica_id, "demo": store.meta.get(MetaKey.DEMO) == "1",
            "setup_done": bool(store.meta.get(MetaKey.SETUP_DONE)), "path": str(path),
        })
        return out
    finally:
        store.close()


def _status(args: argparse.Namespace) -> int:
    info = status_dict(db_path(args))  # it checks the file is a store
    if args.json:
        print(json.dumps(info, ensure_ascii=False, sort_keys=True))
        return 0
    from ..domain.enums import EventStatus
    lines = [
        f"Archivio: {info['path']}" + (" (dimostrativo)" if info["demo"] else ""),
        f"Postazione: {info['station_code']} — {info['corps'] or 'comando non indicato'}",
        f"Interventi: {info['events']} (attivi: {info['active_events']})",
    ]
    if info["by_status"]:
        lines.append("  " + ", ".join(f"{EventStatus(s).label}: {n}" for s, n in sorted(info["by_status"].items())))
    lines += [
        f"Risorse: {info['resources']}",
        f"Assegnazioni: {info['assignments']}",
        f"Annotazioni di diario: {info['journal_entries']}",
        f"Modifiche da inviare al server: {info['outbox_pending']}",
        f"Conflitti da esaminare: {info['conflicts']}",
    ]
    print("\n".join(lines))
    return 0


def check_store(path: Path, notes: list[str] | None = None, *, ask_server: bool = True) -> list[str]:
    """Every problem found (Italian, one line each): file integrity, foreign keys, audit chain,
    and the chain against its head anchored at the regional server (sync/anchor.py) — which
    catches a history rewritten and re-hashed with Emergenza's own functions. ``notes``
    receives what could not be checked (e.g. the server did not answer)."""
    from ..store import database
    problems = database.full_check(path)
    if problems:
        return problems  # a damaged file cannot be trusted for the audit walk
    from ..store import Store
    from ..sync import anchor
    existing_store(path)
    store = Store.open(path, check=False)
    try:
        problems = store.maintenance.verify_audit()
        anchored, unverified = anchor.check(store, ask_server=ask_server)
        if notes is not None:
            notes.extend(unverified)
        return problems + anchored
    finally:
        store.close()


def _check(args: argparse.Namespace) -> int:
    path = store_file(db_path(args))  # damage is what check reports, exit 1
    notes: list[str] = []
    problems = check_store(path, notes, ask_server=not args.offline)
    for note in notes if not args.json else ():
        print(f"nota: {note}", file=sys.stderr)
    if args.json:
        out: dict[str, Any] = {"ok": not problems, "problems": problems}
        if notes:
            out["notes"] = notes
        print(json.dumps(out, ensure_ascii=False))
    elif problems:
        for line in problems:
            print(line)
        print(f"Archivio {path}: {len(problems)} problemi trovati.")
    else:
        print(f"Archivio {path}: integro, catena di audit verificata.")
    return 1 if problems else 0
