"""Sync commands: ``enroll`` and ``sync`` (headless, e.g. a scheduled shift-end sync).

    emergenza enroll --db PATH --server URL --code CODE [--name NAME] [--station-code CODE]
    emergenza sync   --db PATH [--json] [--initial-page N]

``sync`` runs one full push + pull with progress on stderr (a new station first applies
the server's snapshot of the current state, sync/snapshot.py; ``--initial-page`` sets its
page size). Exit 0 when nothing is
left to send, 1 when changes remain unsent, 2 on bad input, an unreachable / refusing
server, any other failure, or when received changes still wait (``sync_pending``) or
are kept in quarantine after the full sync (one Italian line, never a traceback).
Changes the server refused are reported on stderr and kept as "non condiviso".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from pathlib import Path

from ..domain.errors import SyncError
from ..sync.protocol import SNAPSHOT_DEFAULT_LIMIT, SNAPSHOT_MAX_LIMIT
from .common import db_option
from .common import db_path as resolve_db_path

TIMEOUT_S = 30.0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("enroll", help="registra la postazione sul server regionale",
                              description="Registra la postazione sul server regionale con il codice monouso "
                                          "ricevuto dall'amministratore.")
    db_option(p)
    p.add_argument("--server", required=True, metavar="URL", help="indirizzo del server (es. https://...)")
    p.add_argument("--code", required=True, metavar="CODICE", help="codice di registrazione monouso")
    p.add_argument("--name", metavar="NOME", help="nome della postazione (facoltativo)")
    p.add_argument("--station-code", metavar="CODICE",
                   help="codice postazione richiesto (es. BG01); senza, quello dell'archivio o uno scelto dal server")
    p.set_defaults(func=cmd_enroll)

    p = subparsers.add_parser("sync", help="sincronizza ora con il server regionale (invio e ricezione)",
                              description="Invia le modifiche locali e riceve quelle delle altre postazioni. "
                                          "Esce con 0 se non resta nulla da inviare, 1 se restano modifiche "
                                          "non inviate, 2 in caso di errore o se restano modifiche ricevute "
                                          "in attesa o in quarantena.")
    db_option(p)
    p.add_argument("--json", action="store_true", help="stampa il risultato come un oggetto JSON")
    p.add_argument("--initial-page", type=int, default=SNAPSHOT_DEFAULT_LIMIT, metavar="N",
                   help=f"prima sincronizzazione: elementi per pagina dello stato iniziale "
                        f"(1-{SNAPSHOT_MAX_LIMIT}, predefinito {SNAPSHOT_DEFAULT_LIMIT})")
    p.set_defaults(func=cmd_sync)




def _would_create(path: Path) -> list[Path]:
    """What opening a store at ``path`` creates that is not there yet: the file with its
    SQLite companions and any missing folders (deepest first, so they can be removed in order)."""
    if path.exists():
        return []
    files = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    folders = []
    parent = path.parent
    while not parent.exists():
        folders.append(parent)
        parent = parent.parent
    return [f for f in files if not f.exists()] + folders


def _remove(created: list[Path]) -> None:
    for item in created:
        if item.is_dir():
            with contextlib.suppress(OSError):  # not empty: something else is in it now
                item.rmdir()
        else:
            item.unlink(missing_ok=True)


def _open_owner(args: argparse.Namespace):
    from ..store import StoreOwner
    return StoreOwner.open(resolve_db_path(args))


def cmd_enroll(args: argparse.Namespace) -> int:
    import httpx

    from ..domain.wire_rules import STATION_CODE_RE
    from ..sync.engine import enroll

    url = args.server.strip()
    if not url.startswith(("http://", "https://")):
        print("emergenza: indirizzo del server non valido (deve iniziare con http:// o https://)", file=sys.stderr)
        return 2
    station_code = args.station_code.strip().upper() if args.station_code else None
    if station_code is not None and not STATION_CODE_RE.fullmatch(station_code):
        print(f"emergenza: codice postazione non valido: {args.station_code!r} (es. BG01)", file=sys.stderr)
        return 2
    path = resolve_db_path(args)
    created = _would_create(path)
    owner = _open_owner(args)
    enrolled = None
    try:
        async def run():
            async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
                return await enroll(owner, client, url, args.code, args.name, station_code)
        enrolled = asyncio.run(run())
    except SyncError as exc:
        print(f"emergenza: {exc}", file=sys.stderr)
        return 2
    finally:
        owner.close()
        if enrolled is None:
            _remove(created)  # a failed enrollment leaves no empty store behind
    print(f"Postazione registrata: {enrolled.station_id} (comando: {enrolled.corps or '-'}, codice postazione: "
          f"{enrolled.station_code or '-'}) su {enrolled.server_url}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    import httpx

    from ..sync.engine import SyncEngine

    if not 1 <= args.initial_page <= SNAPSHOT_MAX_LIMIT:
        print(f"emergenza: --initial-page deve essere tra 1 e {SNAPSHOT_MAX_LIMIT}", file=sys.stderr)
        return 2
    owner = _open_owner(args)

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase == "snapshot":  # first sync of a new station (sync/snapshot.py)
            print(f"sincronizzazione: stato iniziale, {done} modifiche ricevute", file=sys.stderr, flush=True)
            return
        if phase == "snapshot_rebuild":  # then search and statistics rebuilt once (store/bulk_load.py)
            if total is None:
                print("sincronizzazione: stato iniziale ricevuto, ricostruzione di ricerca e statistiche…",
                      file=sys.stderr, flush=True)
            return
        label = "inviate" if phase == "push" else "ricevute"
        of = f"/{total}" if total else ""
        print(f"sincronizzazione: {done}{of} modifiche {label}", file=sys.stderr, flush=True)

    try:
        async def run():
            async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
                engine = await SyncEngine.for_store(owner, client, snapshot_limit=args.initial_page)
                return await engine.sync_once(progress)
        report = asyncio.run(run())
    except Exception as exc:  # noqa: BLE001 - SyncError or anything else: one Italian line, no traceback
        message = str(exc) if isinstance(exc, SyncError) else f"errore imprevisto durante la sincronizzazione: {exc}"
        print(f"emergenza: {message}", file=sys.stderr)
        if args.json:
            pending = owner.call_blocking(lambda s: s.outbox.count())
            print(json.dumps({"ok": False, "error": message, "pending": pending}, ensure_ascii=False))
        return 2
    finally:
        owner.close()
    problem = _problem_line(report)
    if args.json:
        print(json.dumps({"ok": problem is None, **report.as_dict()}, ensure_ascii=False))
    else:
        print(f"Inviate {report.pushed} modifiche, ricevute {report.pulled}; nuovi conflitti: {report.conflicts}; "
              f"conflitti aperti: {report.open_conflicts}; da inviare: {report.pending}.")
    if report.refused:
        print(f"emergenza: {report.refused} modifiche rifiutate dal server, restano qui come «non condivise» "
              f"(vedi Sincronizzazione → Non condivise e in attesa…)", file=sys.stderr)
    if problem is not None:
        print(f"emergenza: {problem}", file=sys.stderr)
        return 2
    return 0 if report.pending == 0 else 1


def _problem_line(report) -> str | None:
    """Why a finished sync is not a success (received changes waiting or kept out), or None."""
    if report.quarantine:
        return (f"{report.quarantine} modifiche ricevute in quarantena (non applicabili): "
                f"{report.quarantine_reason}")
    if report.waiting:
        return f"{report.waiting} modifiche in attesa: {report.waiting_reason}"
    return None

