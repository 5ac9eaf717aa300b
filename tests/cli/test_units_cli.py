"""``emergenza units``: run as a person runs it; bad input exits 2 with one Italian line and
writes nothing."""

from __future__ import annotations

import json

import pytest

from emergenza.store.lock import StoreLock
from tests.support.cli import run_emergenza
from tests.support.store_state import assert_one_line_refusal, snapshot


def _units(db, *extra) -> list[dict]:
    proc = run_emergenza("units", "list", "--db", db, "--json", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_add_edit_retire_reactivate_and_list(station_db):
    proc = run_emergenza("units", "add", "--db", station_db, "--kind", "moto", "--call-sign", "Moto 1",
                         "--plate", "AB12345", "--radio", "Canale 2")
    assert (proc.returncode, proc.stdout.strip()) == (0, "Unità aggiunta: Moto 1 (moto)."), proc.stderr
    assert run_emergenza("units", "edit", "--db", station_db, "moto 1", "--notes", "Casco nuovo",
                         "--call-sign", "Moto 2").returncode == 0
    moto = next(u for u in _units(station_db) if u["call_sign"] == "Moto 2")
    assert (moto["kind"], moto["plate"], moto["radio_channel"], moto["notes"], moto["active"]) == (
        "motorbike", "AB12345", "Canale 2", "Casco nuovo", True)
    assert run_emergenza("units", "retire", "--db", station_db, "Moto 2").returncode == 0
    assert "Moto 2" not in [u["call_sign"] for u in _units(station_db)]
    assert [u["active"] for u in _units(station_db, "--all") if u["call_sign"] == "Moto 2"] == [False]
    assert run_emergenza("units", "reactivate", "--db", station_db, moto["id"]).returncode == 0
    text = run_emergenza("units", "list", "--db", station_db).stdout.splitlines()
    assert text == ["Alfa 1\tauto\t\t\tlibera", "Alfa 2\tauto\t\t\tlibera",
                    "Moto 2\tmoto\tAB12345\tCanale 2\tlibera"]
    assert run_emergenza("check", "--db", station_db).returncode == 0


def test_import_all_or_nothing(station_db, tmp_path):
    good = tmp_path / "unita.csv"
    good.write_text("tipo;nominativo;targa\nauto;Bravo 1;YA111AA\npattuglia;Bravo 2;\n", encoding="utf-8")
    proc = run_emergenza("units", "import", "--db", station_db, good)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"Importate 2 unità da {good}."), proc.stderr
    bad = tmp_path / "errata.csv"
    bad.write_text("kind,call_sign\ncar,Bravo 3\ncar,ALFA 1\nbarca,Bravo 4\n", encoding="utf-8")
    before = snapshot(station_db)
    proc = run_emergenza("units", "import", "--db", station_db, bad)
    assert_one_line_refusal(proc, "Nessuna unità importata", "riga 3: esiste già", "riga 4: Tipo di risorsa")
    assert snapshot(station_db) == before
    assert [u["call_sign"] for u in _units(station_db)] == ["Alfa 1", "Alfa 2", "Bravo 1", "Bravo 2"]


BAD = [
    (("add", "--kind", "aereo", "--call-sign", "X 1"), "tipo sconosciuto"),
    (("add", "--kind", "auto"), "--call-sign"),
    (("add", "--kind", "auto", "--call-sign", "alfa 1"), "Esiste già una risorsa con questo nominativo."),
    (("add", "--kind", "auto", "--call-sign", "Alfa 9", "--plate", "X" * 41), "Targa troppo lunga"),
    (("edit", "Zulu 1", "--plate", "AB"), "Unità «Zulu 1» non trovata."),
    (("edit", "Alfa 1"), "Nessuna modifica indicata"),
    (("edit", "Alfa 1", "--call-sign", "Alfa 2"), "Esiste già"),
    (("retire", "Nessuna"), "non trovata"),
    (("import", "/nonexistent/unita.csv"), "Impossibile leggere il file"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a[:2]) for a, _m in BAD])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(station_db, args, message):
    before = snapshot(station_db)
    assert_one_line_refusal(run_emergenza("units", args[0], "--db", station_db, *args[1:]), message)
    assert snapshot(station_db) == before


def test_a_busy_unit_is_not_retired(station_db, catalogs):
    from tests.support.factories import event_data, open_store
    store = open_store(station_db, catalogs)
    try:
        ev = store.events.create(event_data(), operator="Mario Rossi")
        store.units.assign(ev["id"], store.units.overview()[0]["id"], operator="Mario Rossi")
    finally:
        store.close()
    before = snapshot(station_db)
    assert_one_line_refusal(run_emergenza("units", "retire", "--db", station_db, "Alfa 1"),
                            f"impegnata sull'intervento {ev['number']}")
    assert snapshot(station_db) == before


def test_a_missing_or_foreign_file_is_never_created_or_touched(tmp_path):
    missing = tmp_path / "nuovo.db"
    assert_one_line_refusal(run_emergenza("units", "add", "--db", missing, "--kind", "auto", "--call-sign", "A 1"),
                            "Archivio non trovato")
    assert not missing.exists()
    other = tmp_path / "altro.db"
    other.write_text("non sono un archivio")
    assert_one_line_refusal(run_emergenza("units", "list", "--db", other), "non è un archivio di Emergenza")
    assert other.read_text() == "non sono un archivio"


def test_the_store_open_in_the_app_is_not_written(station_db):
    before = snapshot(station_db)
    with StoreLock(station_db):
        proc = run_emergenza("units", "add", "--db", station_db, "--kind", "auto", "--call-sign", "Alfa 3")
    assert_one_line_refusal(proc, "è già aperto da un altro programma")
    assert snapshot(station_db) == before
