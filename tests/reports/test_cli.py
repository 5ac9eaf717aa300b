"""``emergenza report …`` and ``emergenza export csv``, run as a person runs them."""

from __future__ import annotations

import hashlib

import pytest

from tests.support.cli import run_emergenza
from tests.support.report_files import csv_block, pdf_text, read_csv


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result):
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emergenza: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("args, out", [
    (["report", "brogliaccio", "--day", "2026-04-01"], "b.pdf"),
    (["report", "brogliaccio", "--day", "01/04/2026", "--unit", "alfa 1"], "bu.csv"),
    (["report", "stats", "--from", "2026-03-01", "--to", "2026-03-31", "--municipality", "Bergamo"], "s.pdf"),
    (["report", "annual", "--year", "2026", "--esercitazioni"], "a.csv"),
])
def test_reports_are_written_and_the_store_is_only_read(demo_path, tmp_path, args, out):
    before = digest(demo_path)
    result = run_emergenza(*args, "--db", demo_path, "--out", tmp_path / out, "--operator", "Giulia Verdi")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Rapporto scritto: {tmp_path / out}"
    data = (tmp_path / out).read_bytes()
    if out.endswith(".pdf"):
        assert "Giulia Verdi" in pdf_text(data)
    else:
        assert ["Generato da", "Giulia Verdi"] in read_csv(data)
    assert digest(demo_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out]  # no temporary file left


def test_an_empty_year_is_a_valid_report_that_says_so(demo_path, tmp_path):
    result = run_emergenza("report", "annual", "--db", demo_path, "--year", "2019", "--out", tmp_path / "a.pdf")
    assert result.returncode == 0, result.stderr
    assert "Nessun intervento registrato nel 2019." in pdf_text(tmp_path / "a.pdf")


def test_export_csv_reads_back_in_excel_dialect(demo_path, demo_conn, tmp_path):
    result = run_emergenza("export", "csv", "--db", demo_path, "--from", "2026-04-01", "--to", "2026-04-10",
                           "--out", tmp_path / "e.csv")
    assert result.returncode == 0, result.stderr
    rows = read_csv(tmp_path / "e.csv")
    expected = demo_conn.execute(
        "SELECT number FROM events WHERE received_at >= '2026-03-31T22:00:00.000Z' "
        "AND received_at < '2026-04-10T22:00:00.000Z' AND exercise = 0 ORDER BY received_at, number").fetchall()
    assert [r[0] for r in rows[1:]] == [n for (n,) in expected]
    assert result.stdout.strip() == f"Esportati {len(expected)} interventi in {tmp_path / 'e.csv'}"
    header = rows[0]
    assert header[:3] == ["Numero", "Ricevuto", "Canale"] and "Ricezione → invio (min)" in header
    assert all(len(r) == len(header) for r in rows)
    received = rows[1][1]
    assert len(received) == 19 and received[2] == "/" and received[5] == "/"
    minutes = [r[header.index("Ricezione → invio (min)")] for r in rows[1:]]
    assert any("," in m for m in minutes) and not any("." in m for m in minutes)
    assert "Telefono" not in header and all("+39" not in r[-1] for r in rows[1:3])


def test_shifts_listing_and_shift_report(tmp_path, catalogs):
    from emergenza.store import Store
    path = tmp_path / "s.db"
    store = Store.open(path, catalogs, station_code="BG01", corps="Polizia Locale di Bergamo")
    op = store.people.add("Marco Locatelli", "operator")
    shift = store.people.start_shift(op["id"])
    store.close()
    listed = run_emergenza("report", "shifts", "--db", path)
    assert listed.returncode == 0 and shift["id"] in listed.stdout and "in corso" in listed.stdout
    result = run_emergenza("report", "shift", "--db", path, "--out", tmp_path / "t.csv")
    assert result.returncode == 0, result.stderr
    rows = read_csv(tmp_path / "t.csv")
    assert ["Riepilogo", "Nessun intervento e nessuna assegnazione nel turno."] in rows
    assert ["Operatore", "Marco Locatelli"] in csv_block(rows, "Riepilogo")


@pytest.mark.parametrize("args, message", [
    (["report", "annual", "--year", "20x6"], "Anno non valido"),
    (["report", "stats", "--from", "2026-03-31", "--to", "2026-03-01"], "La data finale precede"),
    (["report", "stats", "--from", "2026-02-30", "--to", "2026-03-01"], "Data non valida per --from"),
    (["report", "stats", "--from", "2026-03-01", "--to", "2026-03-31", "--type", "XYZ"], "Tipologia sconosciuta"),
    (["report", "stats", "--from", "2026-03-01", "--to", "2026-03-31", "--municipality", "Atlantide"],
     "Comune non trovato"),
    (["report", "stats", "--from", "2026-03-01", "--to", "2026-03-31", "--channel", "fax"], "Canale sconosciuto"),
    (["report", "brogliaccio"], "Indicare --shift ID oppure --day"),
    (["report", "brogliaccio", "--day", "2026-04-01", "--unit", "Zulu 9"], "Unità non trovata"),
    (["report", "brogliaccio", "--shift", "abcdef123"], "Turno non trovato"),
    (["report", "shift"], "Nell'archivio non ci sono turni"),
])
def test_bad_input_exits_2_with_one_italian_line_and_writes_nothing(demo_path, tmp_path, args, message):
    out = tmp_path / "r.pdf"
    line = one_line_error(run_emergenza(*args, "--db", demo_path, "--out", out))
    assert message in line
    assert list(tmp_path.iterdir()) == []


def test_bad_files_and_a_failed_run_keeps_the_previous_report(demo_path, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a store")
    assert "non è un archivio" in one_line_error(
        run_emergenza("report", "annual", "--year", "2026", "--db", text, "--out", tmp_path / "a.pdf"))
    assert "Archivio non trovato" in one_line_error(
        run_emergenza("report", "annual", "--year", "2026", "--db", tmp_path / "none.db", "--out", tmp_path / "a.pdf"))
    assert "deve finire in .pdf o .csv" in one_line_error(
        run_emergenza("report", "annual", "--year", "2026", "--db", demo_path, "--out", tmp_path / "a.docx"))
    assert "non esiste" in one_line_error(
        run_emergenza("report", "annual", "--year", "2026", "--db", demo_path, "--out", tmp_path / "no" / "a.pdf"))
    assert "in CSV" in one_line_error(run_emergenza("export", "csv", "--db", demo_path, "--out", tmp_path / "e.pdf"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    good = tmp_path / "a.csv"
    assert run_emergenza("report", "annual", "--year", "2026", "--db", demo_path, "--out", good).returncode == 0
    before = good.read_bytes()
    one_line_error(run_emergenza("report", "annual", "--year", "1900", "--db", demo_path, "--out", good))
    assert good.read_bytes() == before
