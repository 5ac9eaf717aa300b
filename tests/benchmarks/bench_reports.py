"""Reports: seconds for the annual report and for a day's brogliaccio.

    python -m tests.benchmarks reports --events N [--db PATH] [--runs R]

Without ``--db`` a demo store of N events is generated once (in the temp folder) and
reused; with ``--db`` that store is used (built there if missing). The store is opened
once through ``Store.open`` first, so it has the current schema and indexes
(``migrate_s``: that opening; long only the first time on an older store).

Figures (median of ``--runs``, after one cold run reported as ``*_first_s``):
* ``annual_s``: the corps' annual report of the busiest year: figures from the store
  (``annual_compute_s``) plus the PDF (``annual_pdf_s``); ``annual_csv_s`` beside it;
* ``brogliaccio_s``: the brogliaccio of the busiest of the last 30 days: rows from the
  store (``brogliaccio_build_s``) plus the PDF (``brogliaccio_pdf_s``);
* ``stats_year_s``: statistics (with charts) of the same year, PDF included.
Goals at 1,000,000 events: annual < 10 s, brogliaccio < 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

SCRATCH = Path(tempfile.gettempdir()) / "emergenza-bench-reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=100_000, help="events in a generated demo store")
    parser.add_argument("--db", type=Path, help="store to measure (generated there if missing)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the first (cold) one")


def _prepare(args: argparse.Namespace) -> tuple[Path, float]:
    from emergenza.store import Store, demo

    path = args.db or SCRATCH / f"demo_{args.events}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        demo.generate(path, events=args.events)
    started = time.perf_counter()
    Store.open(path).close()  # current schema and indexes (migration v4 on an older store)
    return path, time.perf_counter() - started


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def run(args: argparse.Namespace) -> dict:
    from emergenza.reports import annual, annual_station, brogliaccio, output
    from emergenza.reports import statistics as stats_mod
    from emergenza.reports.source import StationSource

    path, migrate_s = _prepare(args)
    src = StationSource.open(path)
    events = src.scalar("SELECT count(*) FROM events")
    year = int(src.scalar("SELECT substr(received_at, 1, 4) AS y FROM events GROUP BY y ORDER BY count(*) DESC, y "
                          "DESC LIMIT 1"))
    last = src.scalar("SELECT max(received_at) FROM events")
    day = date.fromisoformat(src.scalar(
        "SELECT substr(received_at, 1, 10) AS d FROM events WHERE received_at >= date(?, '-30 days') "
        "AND received_at < date(?) GROUP BY d ORDER BY count(*) DESC, d DESC LIMIT 1", [last, last]))

    samples: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        samples.setdefault(name, []).append(seconds)

    rows = events_in_year = 0
    for _ in range(1 + max(1, args.runs)):
        data, t_compute = _timed(lambda: annual_station.compute(src, year))
        doc = annual.document(data, generated_at=src.now(), generated_by="benchmark")
        _pdf, t_pdf = _timed(lambda doc=doc: output.render(doc, "pdf"))
        _csv, t_csv = _timed(lambda doc=doc: output.render(doc, "csv"))
        note("annual_compute_s", t_compute)
        note("annual_pdf_s", t_pdf)
        note("annual_csv_s", t_csv)
        note("annual_s", t_compute + t_pdf)
        events_in_year = data.total

        bdoc, t_build = _timed(lambda: brogliaccio.build(src, brogliaccio.BrogliaccioQuery(day=day),
                                                         generated_by="benchmark"))
        _pdf, t_bpdf = _timed(lambda bdoc=bdoc: output.render(bdoc, "pdf"))
        note("brogliaccio_build_s", t_build)
        note("brogliaccio_pdf_s", t_bpdf)
        note("brogliaccio_s", t_build + t_bpdf)
        rows = len(bdoc.tables()[0].rows)

        query = stats_mod.StatsQuery(date(year, 1, 1), date(year, 12, 31))
        _sdoc, t_stats = _timed(
            lambda query=query: output.render(stats_mod.build(src, query, generated_by="benchmark"), "pdf"))
        note("stats_year_s", t_stats)
    src.close()

    out: dict = {"events": events, "year": year, "events_in_year": events_in_year, "day": day.isoformat(),
                 "brogliaccio_rows": rows, "migrate_s": round(migrate_s, 2), "runs": max(1, args.runs)}
    for name, values in samples.items():
        out[name] = round(statistics.median(values[1:]), 3)
        out[name[:-2] + "_first_s"] = round(values[0], 3)
    out["goal_annual_s"], out["goal_brogliaccio_s"] = 10, 1
    return out
