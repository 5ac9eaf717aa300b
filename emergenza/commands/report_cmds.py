"""``emergenza report brogliaccio|shift|stats|annual|shifts`` and ``emergenza export csv``.

Reports read the store through their own read-only connection (safe while the app is
open) and are written atomically: PDF or CSV after the ``--out`` suffix. Exit codes:
0 written; 2 bad input (one Italian line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from ..domain.catalogs import fold
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from .common import command_group, db_option, db_path


def register(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="rapporti in PDF o CSV (brogliaccio, fine turno, statistiche, "
                                                  "relazione annuale)")
    kinds = report.add_subparsers(dest="report", required=True, metavar="TIPO")

    p = kinds.add_parser("brogliaccio", help="ogni intervento e annotazione di un turno, di un giorno o di un'unità")
    _common(p)
    p.add_argument("--shift", metavar="ID", help="turno (identificativo o sue prime 6+ cifre)")
    p.add_argument("--day", metavar="AAAA-MM-GG", help="giorno (ora italiana)")
    p.add_argument("--unit", metavar="NOMINATIVO", help="solo l'unità indicata, nel giorno (predefinito: oggi)")
    p.set_defaults(func=_brogliaccio)

    p = kinds.add_parser("shift", help="rapporto di fine turno")
    _common(p)
    p.add_argument("--shift", metavar="ID", help="turno (predefinito: quello aperto, altrimenti l'ultimo)")
    p.set_defaults(func=_shift)

    p = kinds.add_parser("stats", help="statistiche di un periodo, con filtri")
    _common(p)
    p.add_argument("--from", dest="date_from", required=True, metavar="AAAA-MM-GG", help="primo giorno")
    p.add_argument("--to", dest="date_to", required=True, metavar="AAAA-MM-GG", help="ultimo giorno (compreso)")
    p.add_argument("--type", dest="type_code", metavar="CODICE", help="tipologia (con i sottotipi), es. INC")
    p.add_argument("--priority", metavar="CODICE", help="codice di priorità, es. red")
    p.add_argument("--municipality", metavar="COMUNE", help="comune: nome o codice ISTAT")
    p.add_argument("--channel", metavar="CANALE", help="canale: phone, nue112, radio, initiative, front_desk, video")
    p.set_defaults(func=_stats)

    p = kinds.add_parser("annual", help="relazione annuale per la Prefettura")
    _common(p)
    p.add_argument("--year", required=True, metavar="AAAA", help="anno")
    p.set_defaults(func=_annual)

    p = kinds.add_parser("shifts", help="elenca gli ultimi turni (per --shift)")
    db_option(p)
    p.add_argument("--limit", type=int, default=30, help="quanti (predefinito 30)")
    p.set_defaults(func=_shifts)

    formats = command_group(subparsers, "export", help="esporta dati per altri programmi", dest="export",
                            metavar="FORMATO")
    p = formats.add_parser("csv", help="interventi di un periodo, una riga ciascuno (Excel, impostazioni italiane)")
    db_option(p)
    p.add_argument("--from", dest="date_from", metavar="AAAA-MM-GG", help="primo giorno (predefinito: il primo)")
    p.add_argument("--to", dest="date_to", metavar="AAAA-MM-GG", help="ultimo giorno compreso (predefinito: oggi)")
    p.add_argument("--esercitazioni", action="store_true", help="include le esercitazioni")
    p.add_argument("--out", required=True, metavar="FILE.csv", help="file da scrivere")
    p.set_defaults(func=_export_csv)


def _common(p: argparse.ArgumentParser) -> None:
    db_option(p)
    p.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv", help="file da scrivere (PDF o CSV)")
    p.add_argument("--esercitazioni", action="store_true", help="include le esercitazioni (escluse di norma)")
    p.add_argument("--operator", metavar="NOME", help="chi genera il rapporto (predefinito: l'operatore di turno)")


# ---------------------------------------------------------------------- input
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IT = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_day(text: str, option: str) -> date:
    """``AAAA-MM-GG`` or ``GG/MM/AAAA``."""
    value = (text or "").strip()
    try:
        if _ISO.match(value):
            return date.fromisoformat(value)
        m = _IT.match(value)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    raise UserError(QT_TRANSLATE_NOOP("errors", "Data non valida per {0}: «{1}» (usare AAAA-MM-GG)."), option, text)


def parse_year(text: str) -> int:
    value = (text or "").strip()
    if not value.isdigit() or not 1970 <= int(value) <= 2100:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Anno non valido: «{0}» (da 1970 a 2100)."), text)
    return int(value)


def _target(args: argparse.Namespace):
    from ..reports.output import check_target
    return check_target(args.out)


def _source(args: argparse.Namespace):
    from ..reports.source import StationSource
    return StationSource.open(db_path(args))


def _write(doc: Any, target: Any) -> int:
    from ..reports.output import write
    write(doc, target)
    print(f"Rapporto scritto: {target}")
    return 0


# ---------------------------------------------------------------------- commands
def _brogliaccio(args: argparse.Namespace) -> int:
    from ..reports import brogliaccio
    from ..reports.localtime import local

    target = _target(args)
    day = parse_day(args.day, "--day") if args.day else None
    if args.shift and (day or args.unit):
        raise UserError(QT_TRANSLATE_NOOP("errors", "Indicare --shift oppure --day/--unit, non entrambi."))
    if not args.shift and not day and not args.unit:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Indicare --shift ID oppure --day AAAA-MM-GG."))
    with _source(args) as src:
        if args.unit and day is None:
            day = local(src.now()).date()
        query = brogliaccio.BrogliaccioQuery(shift_id=args.shift, day=day, unit=args.unit,
                                             include_exercises=args.esercitazioni)
        return _write(brogliaccio.build(src, query, generated_by=args.operator), target)


def _shift(args: argparse.Namespace) -> int:
    from ..reports import shift

    target = _target(args)
    with _source(args) as src:
        return _write(shift.build(src, args.shift, include_exercises=args.esercitazioni,
                                  generated_by=args.operator), target)


def _stats(args: argparse.Namespace) -> int:
    from ..reports import statistics

    target = _target(args)
    first, last = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    with _source(args) as src:
        query = statistics.StatsQuery(
            first, last, include_exercises=args.esercitazioni, type_code=_type(src, args.type_code),
            priority=_priority(src, args.priority), municipality_istat=_municipality(src, args.municipality),
            channel=_channel(args.channel))
        query.scope()  # bad period: refused before anything is read
        return _write(statistics.build(src, query, generated_by=args.operator), target)


def _annual(args: argparse.Namespace) -> int:
    from ..reports import annual_station

    target = _target(args)
    year = parse_year(args.year)
    with _source(args) as src:
        return _write(annual_station.build(src, year, include_exercises=args.esercitazioni,
                                           generated_by=args.operator), target)


def _shifts(args: argparse.Namespace) -> int:
    from ..reports.localtime import fmt_datetime, local
    from ..reports.shift import recent_shifts

    with _source(args) as src:
        rows = recent_shifts(src, max(1, args.limit))
    for r in rows:
        end = fmt_datetime(local(r["ended_at"])) if r["ended_at"] else "in corso"
        print(f"{r['id']}  {fmt_datetime(local(r['started_at']))} → {end}  {r['operator_name'] or ''}")
    if not rows:
        print("Nessun turno registrato.")
    return 0


def _export_csv(args: argparse.Namespace) -> int:
    from ..reports import export
    from ..reports.localtime import days_bounds
    from ..reports.output import check_target
    from ..reports.queries import EventScope

    target = check_target(args.out)
    if target.suffix.lower() != ".csv":
        raise UserError(QT_TRANSLATE_NOOP("errors", "L'esportazione è in CSV: il file deve finire in .csv ({0})."),
                        target)
    first = parse_day(args.date_from, "--from") if args.date_from else None
    last = parse_day(args.date_to, "--to") if args.date_to else None
    if first and last and last < first:
        raise UserError(QT_TRANSLATE_NOOP("errors", "La data finale precede quella iniziale."))
    start = days_bounds(first, first)[0] if first else ""
    end = days_bounds(last, last)[1] if last else "\uffff"
    with _source(args) as src:
        n = export.write(src, EventScope(start, end, include_exercises=args.esercitazioni), target)
    print(f"Esportati {n} interventi in {target}")
    return 0


# ---------------------------------------------------------------------- filters
def _type(src: Any, code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if code not in src.catalogs.event_types:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Tipologia sconosciuta: {0}"), code)
    return code


def _priority(src: Any, code: str | None) -> str | None:
    if not code:
        return None
    wanted = fold(code)
    for level in src.catalogs.priorities.values():
        if wanted in (fold(level.code), fold(level.label)):
            return level.code
    raise UserError(QT_TRANSLATE_NOOP("errors", "Codice di priorità sconosciuto: {0} (ammessi: {1})"), code,
                    ", ".join(src.catalogs.priorities))


def _municipality(src: Any, text: str | None) -> str | None:
    if not text:
        return None
    value = text.strip()
    if value in src.catalogs.municipalities:
        return value
    matches = [m for m in src.catalogs.municipalities.values() if fold(m.name) == fold(value)]
    if len(matches) != 1:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Comune non trovato in Lombardia: {0}"), text)
    return matches[0].istat


def _channel(text: str | None) -> str | None:
    from ..domain.enums import Channel

    if not text:
        return None
    wanted = fold(text)
    for ch in Channel:
        if wanted in (ch.value, fold(ch.label)):
            return ch.value
    raise UserError(QT_TRANSLATE_NOOP("errors", "Canale sconosciuto: {0} (ammessi: {1})"), text,
                    ", ".join(c.value for c in Channel))
