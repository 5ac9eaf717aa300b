"""The regional annual report against a real server database (SQLite file and PostgreSQL),
filled by real stations syncing over HTTP with the real ``emergenza sync`` command."""

from __future__ import annotations

import json
import statistics as pystats
from pathlib import Path

import httpx
import pytest

from tests.support import postgres
from tests.support.cli import run_emergenza, run_server_cli
from tests.support.report_files import csv_block, it_number, pdf_text, read_csv
from tests.support.servers import ServerProcess
from tests.support.times import Clock, local, utc

BG, MI = "Polizia Locale di Bergamo", "Polizia Locale di Milano"
OP = "Paolo Carminati"


# One region per database kind for the whole module: the tests only read it.
@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path_factory):
    with postgres.server_database(request.param, tmp_path_factory.mktemp("server"), "emergenza_reports") as url:
        yield url


def server_cli(*args):
    return run_server_cli(*args, check=False)


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory):
    srv = ServerProcess(db_url, tmp_path_factory.mktemp("log") / "server.log")
    srv.start(log_level="warning")
    yield srv.url, db_url
    srv.close()
    log = srv.log_path.read_text()
    assert "Traceback" not in log, log[-4000:]


EVENT = {"municipality_istat": "016024", "address": "Via Roma 1", "description": "Segnalazione.", "channel": "phone"}


def fill_station(path: Path, catalogs, corps: str, events: list[tuple[str, str, str, bool]]) -> None:
    """events: (local time, type code, sharing, exercise); each gets a unit sent and on scene."""
    from emergenza.store import Store
    clock = Clock(utc("2026-01-01T00:00:00Z"))
    store = Store.open(path, catalogs, station_code="BG01" if corps == BG else "MI01", corps=corps, now=clock)
    try:
        for i, (when, type_code, sharing, exercise) in enumerate(events):
            clock.at(when)
            ev = store.events.create(EVENT | {"type_code": type_code, "sharing": sharing, "exercise": int(exercise)},
                                    operator=OP)
            unit = store.units.add({"kind": "car", "call_sign": f"{corps[-6:]} {i}"}, operator=OP)
            clock.add(2 + i)
            a = store.units.assign(ev["id"], unit["id"], operator=OP)
            clock.add(10)
            store.units.advance(a["id"], operator=OP, to="on_scene")
            clock.add(30)
            store.events.change_status(ev["id"], "closed", operator=OP, outcome="Risolto.")
    finally:
        store.close()


def enroll_and_sync(path: Path, url: str, db_url: str, corps: str) -> None:
    code = json.loads(server_cli("add-station", "--db", db_url, "--corps", corps, "--name", "Sala",
                                 "--json").stdout)["code"]
    assert run_emergenza("enroll", "--db", path, "--server", url, "--code", code).returncode == 0


def sync(path: Path) -> None:
    result = run_emergenza("sync", "--db", path)
    assert result.returncode == 0, result.stderr


BG_EVENTS = [("2026-03-29 01:30", "INC.FERITI", "shared", False), ("2026-03-29 03:30", "INC.DANNI", "shared", False),
             ("2026-07-10 12:00", "FUR.INCORSO", "reserved", False), ("2026-10-25 02:30", "LIT.RISSA", "shared", True),
             ("2026-12-31 23:30", "INC.DANNI", "reserved", False), ("2025-12-31 23:30", "INC.DANNI", "shared", False)]
MI_EVENTS = [("2026-01-01 00:10", "PC.ALLAGAMENTO", "shared", False),
             ("2026-05-05 09:00", "LIT.RISSA", "reserved", False), ("2026-06-06 18:00", "INC.FERITI", "shared", False)]


@pytest.fixture(scope="module")
def region(server, tmp_path_factory):
    from emergenza.resources import load_catalogs
    catalogs = load_catalogs()
    tmp_path = tmp_path_factory.mktemp("stations")
    url, db_url = server
    bg, mi = tmp_path / "bg.db", tmp_path / "mi.db"
    fill_station(bg, catalogs, BG, BG_EVENTS)
    fill_station(mi, catalogs, MI, MI_EVENTS)
    for path, corps in ((bg, BG), (mi, MI)):
        enroll_and_sync(path, url, db_url, corps)
    for path in (bg, mi, bg):
        sync(path)
    observer = json.loads(server_cli("add-observer", "--db", db_url, "--name", "Prefettura di Bergamo",
                                     "--agency", "PREF", "--json").stdout)
    token = httpx.post(url + "/v1/enroll", json={"code": observer["code"], "replica_id": "ab" * 8}).json()["token"]
    return {"url": url, "db_url": db_url, "bg": bg, "mi": mi, "observer": token}


def own_events(path: Path, year_filter=True, shared_only=False):
    """Independent: the station's own events of 2026 (local year), exercises aside."""
    import sqlite3
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT number, received_at, type_code, sharing, exercise, first_sent_at, "
                            "(SELECT min(on_scene_at) FROM assignments a WHERE a.event_id = e.id) "
                            "FROM events e WHERE origin = (SELECT value FROM meta WHERE key = 'replica_id')").fetchall()
    finally:
        conn.close()
    return [r for r in rows if (not year_filter or local(r[1]).year == 2026) and (not shared_only or r[3] == "shared")]


def test_regional_report_from_the_command_line(region, tmp_path):
    out = tmp_path / "region.csv"
    result = server_cli("report", "annual", "--db", region["db_url"], "--year", "2026", "--out", out)
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    bg, mi = own_events(region["bg"]), own_events(region["mi"])
    counted = [e for e in bg + mi if not e[4]]
    summary = dict(r[:2] for r in csv_block(rows, "Sintesi") if len(r) >= 2)
    assert int(summary["Interventi dell'anno"]) == len(counted) == 7
    assert int(summary["Condivisi con la rete regionale"]) == sum(1 for e in counted if e[3] == "shared")
    assert int(summary["Esercitazioni svolte"]) == 1
    by_corps = csv_block(rows, "6. Analisi del territorio — Interventi per comando")
    assert {r[0]: int(r[1]) for r in by_corps[1:-1]} == {BG: 4, MI: 3}
    months = csv_block(rows, "3. Gestione delle emergenze — Interventi per mese")
    assert [int(r[1]) for r in months[1:13]] == [1, 0, 2, 0, 1, 1, 1, 0, 0, 0, 0, 1]
    response = csv_block(rows, "3. Gestione delle emergenze — Tempi di risposta")
    to_sent = [(utc(e[5]) - utc(e[1])).total_seconds() for e in counted]
    assert int(response[1][1]) == len(to_sent)
    assert it_number(response[1][2]) == pytest.approx(pystats.median(to_sent) / 60, abs=0.006)
    shared_with = [r[0] for r in csv_block(rows, "1. Scambio informativo — Con chi sono stati condivisi")[1:]]
    assert shared_with == [f"Sale operative di 2 comandi: {BG}, {MI}",
                           "Osservatore: Prefettura di Bergamo (Prefettura)"]

    one = tmp_path / "mi.pdf"
    result = server_cli("report", "annual", "--db", region["db_url"], "--year", "2026", "--corps", MI, "--out", one)
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_text(one).split())
    assert "Relazione annuale 2026" in text and f"Anno 2026 — {MI}" in text and "Interventi dell'anno 3" in text
    bad = server_cli("report", "annual", "--db", region["db_url"], "--year", "2026", "--corps", "Atlantide",
                     "--out", tmp_path / "x.pdf")
    assert bad.returncode == 2 and bad.stderr.strip() == "emergenza-server: errore: comando sconosciuto: Atlantide"
    assert not (tmp_path / "x.pdf").exists()


def test_observers_get_the_shared_events_through_the_api(region):
    url, auth = region["url"], {"Authorization": f"Bearer {region['observer']}"}
    r = httpx.get(url + "/v1/reports/annual", params={"year": 2026, "format": "csv"}, headers=auth, timeout=60)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="relazione-annuale-2026.csv"' in r.headers["content-disposition"]
    rows = read_csv(r.content)
    shared = [e for e in own_events(region["bg"], shared_only=True) + own_events(region["mi"], shared_only=True)
              if not e[4]]
    summary = dict(r[:2] for r in csv_block(rows, "Sintesi") if len(r) >= 2)
    assert int(summary["Interventi dell'anno"]) == len(shared) == 4
    assert ["Generato da", "Prefettura di Bergamo"] in rows
    pdf = httpx.get(url + "/v1/reports/annual", params={"year": 2026, "corps": BG}, headers=auth, timeout=60)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())
    assert "Relazione annuale 2026" in text and "Interventi dell'anno 2" in text and "Pagina 1 di" in text

    assert httpx.get(url + "/v1/reports/annual", params={"year": 2026}).status_code == 401
    missing = httpx.get(url + "/v1/reports/annual", params={"year": 2026, "corps": "Atlantide"}, headers=auth)
    assert missing.status_code == 404 and missing.json() == {"detail": "comando sconosciuto: Atlantide"}
    assert httpx.get(url + "/v1/reports/annual", params={"year": 1800}, headers=auth).status_code == 422
    assert httpx.get(url + "/v1/reports/annual", params={"year": 2026, "format": "doc"},
                     headers=auth).status_code == 422
    spec = httpx.get(url + "/openapi.json").json()["paths"]["/v1/reports/annual"]["get"]
    assert {"application/pdf", "text/csv"} <= set(spec["responses"]["200"]["content"])
    assert {p["name"] for p in spec["parameters"]} >= {"year", "corps", "format", "esercitazioni"}


def test_a_station_report_counts_what_it_received_from_other_corps(region, tmp_path):
    out = tmp_path / "bg.csv"
    result = run_emergenza("report", "annual", "--db", region["bg"], "--year", "2026", "--out", out)
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    received = csv_block(rows, "1. Scambio informativo — Interventi condivisi ricevuti da altri comandi")
    assert received[1:] == [[MI, "2"]]
    summary = dict(r[:2] for r in csv_block(rows, "Sintesi") if len(r) >= 2)
    assert int(summary["Interventi dell'anno"]) == 4
