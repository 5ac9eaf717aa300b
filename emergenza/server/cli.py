"""``emergenza-server``: serve the API and administer stations.

Exit codes: 0 ok, 2 bad input or environment error (one Italian line on stderr).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from ..domain.errors import EmergenzaError, UserError
from ..domain.text import QT_TRANSLATE_NOOP as N_
from .limits import AGENCIES

DB_ENV = "EMERGENZA_SERVER_DB"  # the same variable the app factory of each worker reads


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.exit(2, f"emergenza-server: errore: {message}\n")


def _db_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    # From the environment when not given: a service's URL (password included) then stays
    # out of the process list (see installer/server/).
    env = os.environ.get(DB_ENV)
    parser.add_argument("--db", required=not env, default=env, help=f"{help_text} (predefinito: ${DB_ENV})")


def _engine(args):
    from .db import make_engine
    return make_engine(args.db, pool_size=2)


def _fmt_ms(ms: int | None) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC") if ms else "-"


def cmd_migrate(args) -> int:
    from .migrations import migrate
    before, after = migrate(_engine(args))
    print(f"database alla versione {after}" + (f" (era {before})" if before != after else ""))
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from .migrations import migrate

    engine = _engine(args)
    migrate(engine)
    engine.dispose()
    os.environ[DB_ENV] = args.db  # read by every worker's app factory
    print(f"Server in ascolto su http://{args.host}:{args.port} (database: {_safe_url(args.db)})", flush=True)
    # uvicorn turns SIGTERM/SIGINT into a graceful shutdown (requests in flight complete),
    # then re-raises the signal to the handler found at start: ours ends with status 0.
    signal.signal(signal.SIGTERM, _exit_after_shutdown)
    uvicorn.run("emergenza.server.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level=args.log_level, access_log=args.access_log,
                timeout_graceful_shutdown=10)
    return 0


def _exit_after_shutdown(_signum, _frame) -> None:
    raise SystemExit(0)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


def _print_new(args, out: dict) -> None:
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    who = f"postazione «{out['name']}» ({out['corps']})" if out["kind"] == "station" else \
        f"osservatore «{out['name']}»" + (f" ({out['agency']})" if out.get("agency") else "")
    print(f"Creata {who}: id {out['station_id']}")
    if out.get("station_code"):
        print(f"Codice postazione (inizia i numeri degli interventi): {out['station_code']}")
    print(f"Codice di registrazione (monouso, scade il {_fmt_ms(out['code_expires_at'])}): {out['code']}")


def cmd_add_station(args) -> int:
    from .accounts import add_station
    from .migrations import check_current
    engine = _engine(args)
    check_current(engine)
    _print_new(args, add_station(engine, args.corps, args.name, args.code))
    return 0


def cmd_add_observer(args) -> int:
    from .accounts import add_observer
    from .migrations import check_current
    engine = _engine(args)
    check_current(engine)
    _print_new(args, add_observer(engine, args.name, args.agency))
    return 0


def cmd_list(args) -> int:
    from .accounts import list_stations
    from .migrations import check_current
    engine = _engine(args)
    check_current(engine)
    rows = list_stations(engine)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    labels = {"revoked": "revocata", "enrolled": "registrata", "expired": "codice scaduto", "waiting": "in attesa"}
    for r in rows:
        where = r["corps"] or (f"osservatore {r['agency']}" if r["agency"] else "osservatore")
        print(f"{r['id']}  {labels[r['state']]:<15} {r['station_code'] or '-':<8} {where} — {r['name']}")
    if not rows:
        print("nessuna postazione")
    return 0


def cmd_revoke(args) -> int:
    from .accounts import revoke_station
    from .migrations import check_current
    engine = _engine(args)
    check_current(engine)
    revoke_station(engine, args.station)
    print(f"postazione {args.station} revocata")
    return 0


def cmd_anchors(args) -> int:
    """Audit heads anchored by the stations; flagged ones (history rewritten) first. Exit 1 if any."""
    from .anchors import listing
    from .migrations import check_current
    engine = _engine(args)
    check_current(engine)
    rows = listing(engine)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    elif not rows:
        print("nessuna postazione ha ancora ancorato la sua catena di audit")
    for r in rows if not args.json else ():
        mark = f"SEGNALATA {_fmt_ms(r['flagged_at'])}: {r['flag_reason']}" if r["flagged_at"] else "ok"
        print(f"{r['station_id']}  {r['name'] or '-'} ({r['corps'] or '-'})  voce {r['seq']}  "
              f"{r['hash'][:16]}…  {_fmt_ms(r['updated_at'])}  {mark}")
    return 1 if any(r["flagged_at"] for r in rows) else 0


def cmd_report_annual(args) -> int:
    from ..reports.output import check_target, render, write_bytes
    from ..resources import default_catalogs
    from .migrations import check_current
    from .reports import annual_document

    target = check_target(args.out)
    year = (args.year or "").strip()
    if not year.isdigit() or not 1970 <= int(year) <= 2100:
        raise UserError(N_("errors", "anno non valido: «{0}» (da 1970 a 2100)"), args.year)
    engine = _engine(args)
    check_current(engine)
    doc = annual_document(engine, int(year), default_catalogs(), corps=args.corps, include_exercises=args.esercitazioni,
                          generated_by=args.operator or "amministratore del server")
    write_bytes(target, render(doc, target.suffix.lower().lstrip(".")))
    print(f"relazione scritta: {target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="emergenza-server", description="Server regionale di Emergenza.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    db_help = "database: sqlite:///PERCORSO oppure postgresql://utente@host/db"

    p = sub.add_parser("serve", help="avvia il server HTTP")
    _db_argument(p, db_help)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8740)
    p.add_argument("--workers", type=int, default=1, help="processi di lavoro (PostgreSQL)")
    p.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    p.add_argument("--access-log", action="store_true", help="registra ogni richiesta")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="aggiorna lo schema del database")
    _db_argument(p, db_help)
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("add-station", help="crea una postazione e stampa il codice di registrazione")
    _db_argument(p, db_help)
    p.add_argument("--corps", required=True, help="comando (creato se manca)")
    p.add_argument("--name", required=True, help="nome della postazione")
    p.add_argument("--code", help="codice della postazione, unico nella regione (es. BG01); senza: quello "
                                  "scelto dalla postazione alla registrazione, o uno libero")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_add_station)

    p = sub.add_parser("add-observer", help="crea un account di sola lettura (forze di polizia, Prefettura)")
    _db_argument(p, db_help)
    p.add_argument("--name", required=True)
    p.add_argument("--agency", choices=AGENCIES)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_add_observer)

    p = sub.add_parser("list-stations", help="elenca postazioni e osservatori")
    _db_argument(p, db_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("revoke-station", help="revoca una postazione (il suo token smette di valere)")
    _db_argument(p, db_help)
    p.add_argument("--station", required=True)
    p.set_defaults(func=cmd_revoke)

    p = sub.add_parser("anchors", help="teste delle catene di audit ancorate dalle postazioni (riscritture "
                                       "segnalate per prime; uscita 1 se ce n'è una)")
    p.add_argument("--db", required=True, help=db_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_anchors)

    p = sub.add_parser("report", help="rapporti in PDF o CSV")
    kinds = p.add_subparsers(dest="report", required=True, metavar="TIPO", parser_class=_Parser)
    p = kinds.add_parser("annual", help="relazione annuale regionale (o di un comando) per la Prefettura")
    _db_argument(p, db_help)
    p.add_argument("--year", required=True, metavar="AAAA")
    p.add_argument("--corps", metavar="NOME", help="solo gli interventi di questo comando")
    p.add_argument("--esercitazioni", action="store_true", help="include le esercitazioni nei conteggi")
    p.add_argument("--operator", metavar="NOME", help="chi genera la relazione")
    p.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv")
    p.set_defaults(func=cmd_report_annual)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve" and not 0 <= args.port <= 65535:
        print("emergenza-server: errore: porta non valida", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except EmergenzaError as exc:
        print(f"emergenza-server: errore: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", exc)).strip()
        reason = detail.splitlines()[0] if detail else ""
        print(N_("errors", "emergenza-server: errore: database non raggiungibile o non valido: {0}").format(reason),
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
