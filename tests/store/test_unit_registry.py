"""The units registry: edit, retire/reactivate, CSV import (all or nothing, bad rows by
line), call signs unique per corps."""

from __future__ import annotations

import sqlite3

import pytest

from emergenza.domain.errors import RowsError, UserError, ValidationError
from emergenza.store import Store
from emergenza.store.schema import SCHEMA_VERSION
from tests.support.factories import CORPS, DUTY_OFFICER, add_unit, event_data

OP = DUTY_OFFICER
INSERT_UNIT = "INSERT INTO resources (id, kind, call_sign, corps, _hlc) VALUES (?, 'car', ?, ?, 'h')"


def _count(store) -> int:
    return store.db.execute("SELECT count(*) FROM resources").fetchone()[0]


def test_edit_changes_only_what_changed_and_syncs_it(store):
    unit = add_unit(store, "Alfa 1", "car")
    edited = store.units.edit(unit["id"], {"call_sign": "Alfa 1", "plate": " YA123BC ", "radio_channel": "Canale 2",
                                           "kind": "patrol"}, operator=OP)
    assert (edited["plate"], edited["radio_channel"], edited["kind"]) == ("YA123BC", "Canale 2", "patrol")
    fields = store.db.execute("SELECT fields FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert '"plate"' in fields and '"call_sign"' not in fields
    with pytest.raises(ValidationError, match="Campo sconosciuto"):
        store.units.edit(unit["id"], {"status": "available"}, operator=OP)
    add_unit(store, "Alfa 2")
    with pytest.raises(ValidationError, match="Esiste già"):
        store.units.edit(unit["id"], {"call_sign": "ALFA 2"}, operator=OP)
    with pytest.raises(ValidationError, match="Targa troppo lunga"):
        store.units.edit(unit["id"], {"plate": "X" * 41}, operator=OP)
    assert store.maintenance.verify_audit() == []


def test_a_retired_unit_leaves_the_board_and_comes_back(store):
    unit = add_unit(store, "Alfa 1")
    store.units.retire(unit["id"], operator=OP)
    assert store.units.overview() == []
    assert [(r["call_sign"], r["active"]) for r in store.units.registry()] == [("Alfa 1", 0)]
    assert store.units.registry(include_retired=False) == []
    ev = store.events.create(event_data(), operator=OP)
    with pytest.raises(UserError, match="fuori servizio"):
        store.units.assign(ev["id"], unit["id"], operator=OP)
    with pytest.raises(ValidationError, match="Esiste già"):  # still holds its call sign
        add_unit(store, "alfa 1")
    store.units.reactivate(unit["id"], operator=OP)
    assert [r["call_sign"] for r in store.units.overview()] == ["Alfa 1"]


def test_a_busy_unit_cannot_be_retired(store):
    unit = add_unit(store, "Alfa 1")
    ev = store.events.create(event_data(), operator=OP)
    store.units.assign(ev["id"], unit["id"], operator=OP)
    with pytest.raises(UserError, match=f"impegnata sull'intervento {ev['number']}"):
        store.units.retire(unit["id"], operator=OP)
    assert store.units.registry()[0]["event_number"] == ev["number"]


def test_call_signs_are_unique_per_corps(store):
    mine = add_unit(store, "Alfa 1")
    theirs = store.units.add({"kind": "car", "call_sign": "ALFA 1", "corps": "Polizia Locale di Treviglio"},
                             operator=OP)
    shown = {r["id"]: (r["shown_as"], r["own"]) for r in store.units.registry()}
    assert shown == {mine["id"]: ("Alfa 1", 1), theirs["id"]: ("ALFA 1 (Polizia Locale di Treviglio)", 0)}
    with pytest.raises(UserError, match="appartiene a «Polizia Locale di Treviglio»"):
        store.units.edit(theirs["id"], {"plate": "AB123CD"}, operator=OP)
    with pytest.raises(sqlite3.IntegrityError):  # the database itself refuses a second one
        store.db.execute(INSERT_UNIT, ["x", "alfa 1", CORPS])


def test_the_migration_keeps_existing_units(tmp_path, catalogs):
    """An older store's units (unique globally) all fit the per-corps index."""
    from emergenza.store import database, schema

    before = schema.MIGRATIONS.index(schema._V7)  # the schema just before the per-corps index
    db = database.connect(tmp_path / "old.db")
    for script in schema.MIGRATIONS[:before]:
        db.conn.executescript(f"BEGIN;\n{script}\nCOMMIT;")
    db.conn.execute(f"PRAGMA user_version = {before}")
    db.conn.execute(INSERT_UNIT, ["a", "Alfa 1", None])
    db.conn.execute(INSERT_UNIT, ["b", "Alfa 2", "X"])
    assert database.migrate(db) == SCHEMA_VERSION
    db.conn.execute(INSERT_UNIT, ["c", "Alfa 1", "X"])  # another corps
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(INSERT_UNIT, ["d", "ALFA 1", ""])  # no corps is one corps
    db.close()


CSV_OK = """tipo;nominativo;targa;canale_radio;note
auto;Bravo 1;YA111AA;Canale 1;
patrol;Bravo 2;;Canale 2;Turno notturno

moto;Moto 1;;;
"""


def test_import_from_a_file_in_excel_italian(store, tmp_path):
    path = tmp_path / "unita.csv"
    path.write_bytes(("\ufeff" + CSV_OK).encode("utf-8"))
    added = store.units.import_csv(path, operator=OP)
    assert [(u["kind"], u["call_sign"], u["plate"], u["notes"]) for u in added] == [
        ("car", "Bravo 1", "YA111AA", None), ("patrol", "Bravo 2", None, "Turno notturno"),
        ("motorbike", "Moto 1", None, None)]
    assert all(u["corps"] == CORPS for u in added)
    assert store.maintenance.verify_audit() == []


def test_bad_rows_are_named_by_line_and_nothing_is_imported(store):
    add_unit(store, "Alfa 1")
    before = _count(store), store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    text = ("kind,call_sign,plate\n"
            "car,Bravo 1,\n"
            "aereo,Bravo 2,\n"        # line 3: unknown kind
            "car,alfa 1,\n"           # line 4: taken in the store
            "car,,\n"                 # line 5: no call sign
            "car,BRAVO 1,\n"          # line 6: twice in the file
            "car,Bravo 3,AB,extra\n")  # line 7: too many fields
    with pytest.raises(RowsError) as info:
        store.units.import_csv(text, operator=OP)
    assert [line for line, _ in info.value.rows] == [3, 4, 5, 6, 7]
    assert "riga 3: Tipo di risorsa sconosciuto." in str(info.value)
    assert "riga 6: nominativo «BRAVO 1» già presente alla riga 2." in str(info.value)
    assert str(info.value).startswith("Nessuna unità importata.")
    with pytest.raises(UserError, match="almeno kind e call_sign"):
        store.units.import_csv("plate,notes\nAB,\n", operator=OP)
    with pytest.raises(UserError, match="Colonna sconosciuta nell'intestazione: «colore»"):
        store.units.import_csv("kind,call_sign,colore\ncar,Bravo 9,rosso\n", operator=OP)
    with pytest.raises(UserError, match="non contiene unità"):
        store.units.import_csv("kind,call_sign\n\n", operator=OP)
    assert (_count(store), store.db.execute("SELECT count(*) FROM audit").fetchone()[0]) == before


def test_the_facade_call_form(store):
    assert Store.units.import_csv(store, "kind,call_sign\ncar,Bravo 1\n", operator=OP)[0]["call_sign"] == "Bravo 1"
