"""``emergenza export cap|emsi`` and ``emergenza import cap|emsi`` as real processes: exit
codes, one Italian line on bad input, nothing written."""

from __future__ import annotations

import json
import re
import sqlite3

from emergenza.exchange import cap_schema
from emergenza.exchange.documents import MAX_DOCUMENT_BYTES
from tests.exchange.samples import read, xml
from tests.support.cli import run_emergenza
from tests.support.factories import OPERATOR, event_data, open_store


def station_file(path, catalogs, code="BG01", corps="Polizia Locale di Bergamo") -> dict:
    """A store file with one shared and one reserved event; their numbers."""
    store = open_store(path, catalogs, station_code=code, corps=corps)
    try:
        shared = store.events.create(event_data(sharing="shared"), operator=OPERATOR)["number"]
        reserved = store.events.create(event_data(sharing="reserved"), operator=OPERATOR)["number"]
    finally:
        store.close()
    return {"shared": shared, "reserved": reserved}


def count(path, table="events") -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def one_line_error(proc) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emergenza: ") and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_export_shares_the_parser_with_csv(tmp_path, catalogs):
    proc = run_emergenza("export", "--help")
    assert proc.returncode == 0 and all(k in proc.stdout for k in ("csv", "cap", "emsi"))
    numbers = station_file(tmp_path / "a.db", catalogs)
    assert run_emergenza("export", "csv", "--db", tmp_path / "a.db", "--out", tmp_path / "x.csv").returncode == 0
    assert numbers


def test_export_then_import(tmp_path, catalogs):
    numbers = station_file(tmp_path / "a.db", catalogs)
    station_file(tmp_path / "b.db", catalogs, "MI02", "Polizia Locale di Milano")
    out = tmp_path / "allarme.xml"
    proc = run_emergenza("export", "cap", "--db", tmp_path / "a.db", "--event", numbers["shared"].lower(),
                         "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert cap_schema.problems(xml(out.read_bytes())) == []
    proc = run_emergenza("export", "emsi", "--db", tmp_path / "a.db", "--event", numbers["shared"],
                         "--out", tmp_path / "m.json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["EVENT"]["ID"] == numbers["shared"]
    assert run_emergenza("export", "emsi", "--db", tmp_path / "a.db", "--event", numbers["shared"],
                         "--out", tmp_path / "m.xml").returncode == 0
    before = count(tmp_path / "b.db")
    proc = run_emergenza("import", "cap", "--db", tmp_path / "b.db", out)
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"allarme\.xml: nuovo intervento MI02-\d{4}-000003", proc.stdout.strip()), proc.stdout
    proc = run_emergenza("import", "cap", "--db", tmp_path / "b.db", out)
    assert proc.returncode == 0 and "già importato" in proc.stdout
    proc = run_emergenza("import", "emsi", "--db", tmp_path / "b.db", tmp_path / "m.json", tmp_path / "m.xml")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 2 and "già importato" in proc.stdout.splitlines()[1]
    assert count(tmp_path / "b.db") == before + 2
    assert run_emergenza("check", "--db", tmp_path / "b.db").returncode == 0


def test_bad_exports_exit_2_and_write_nothing(tmp_path, catalogs):
    numbers = station_file(tmp_path / "a.db", catalogs)
    out = tmp_path / "allarme.xml"
    line = one_line_error(run_emergenza("export", "cap", "--db", tmp_path / "a.db", "--event", numbers["reserved"],
                                        "--out", out))
    assert "riservato" in line and "--riservati" in line
    assert "non trovato" in one_line_error(run_emergenza(
        "export", "cap", "--db", tmp_path / "a.db", "--event", "BG01-2026-999999", "--out", out))
    assert ".xml" in one_line_error(run_emergenza(
        "export", "cap", "--db", tmp_path / "a.db", "--event", numbers["shared"], "--out", tmp_path / "a.json"))
    assert "Archivio non trovato" in one_line_error(run_emergenza(
        "export", "emsi", "--db", tmp_path / "nessuno.db", "--event", numbers["shared"], "--out", out))
    assert not out.exists()
    proc = run_emergenza("export", "cap", "--db", tmp_path / "a.db", "--event", numbers["reserved"], "--riservati",
                         "--out", out)
    assert proc.returncode == 0 and out.exists()  # the command line acts as the file's holder


def test_an_invalid_file_among_several_writes_nothing(tmp_path, catalogs):
    station_file(tmp_path / "b.db", catalogs, "MI02", "Polizia Locale di Milano")
    (tmp_path / "buono.xml").write_bytes(read("cap_foreign.xml"))
    (tmp_path / "rotto.xml").write_bytes(read("cap_foreign.xml").replace(b"cap:1.2", b"cap:1.1"))
    (tmp_path / "enorme.xml").write_bytes(b" " * (MAX_DOCUMENT_BYTES + 1))
    (tmp_path / "data.xml").write_bytes(read("cap_foreign.xml").replace(b"2026-07-14T16:20:05+02:00",
                                                                          b"14/07/2026 16:20"))
    before = (count(tmp_path / "b.db"), count(tmp_path / "b.db", "outbox"))
    db = tmp_path / "b.db"
    assert "rotto.xml: documento CAP 1.2 non valido: namespace errato" in one_line_error(
        run_emergenza("import", "cap", "--db", db, tmp_path / "buono.xml", tmp_path / "rotto.xml"))
    assert "enorme.xml: file troppo grande" in one_line_error(
        run_emergenza("import", "cap", "--db", db, tmp_path / "buono.xml", tmp_path / "enorme.xml"))
    assert "data e ora non valida in «sent»" in one_line_error(
        run_emergenza("import", "cap", "--db", db, tmp_path / "data.xml"))
    assert "File non trovato" in one_line_error(run_emergenza("import", "emsi", "--db", db, tmp_path / "no.xml"))
    assert "buono.xml: namespace inatteso «urn:oasis:names:tc:emergency:cap:1.2»" in one_line_error(
        run_emergenza("import", "emsi", "--db", db, tmp_path / "buono.xml"))  # a CAP alert is no EMSI
    (tmp_path / "senza.json").write_text('{"EVENT": {"ID": "X1"}}', encoding="utf-8")
    assert "senza.json: manca l'elemento obbligatorio «CONTEXT» in «EMSI»" in one_line_error(
        run_emergenza("import", "emsi", "--db", db, tmp_path / "senza.json"))
    assert (count(db), count(db, "outbox")) == before
    proc = run_emergenza("import", "cap", "--db", db, tmp_path / "buono.xml")
    assert proc.returncode == 0 and count(db) == before[0] + 1
