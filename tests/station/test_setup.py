"""store/setup.py, the one way a station is set up (the wizard and ``emergenza init``):
a new file appears whole or not at all; a run that failed half-way can be run again."""

from __future__ import annotations

import pytest

from emergenza.domain.errors import RowsError, UserError
from emergenza.store import Store
from emergenza.store import setup as station_setup
from emergenza.store.lock import StoreLock, StoreLockedError
from emergenza.store.setup import StationSetup


def _answers(**changes) -> StationSetup:
    values = {"station_name": "Sala operativa Treviglio", "station_code": "BG07",
              "corps": "Polizia Locale di Treviglio", "operator_name": "Anna Bianchi", "secret": "s3greta!"}
    return StationSetup(**{**values, **changes})


def test_create_writes_the_whole_set_up(tmp_path, catalogs):
    sheet = tmp_path / "unita.csv"
    sheet.write_text("tipo;nominativo\nauto;Alfa 1\n", encoding="utf-8")
    db = tmp_path / "station.db"
    admin = station_setup.create(db, _answers(units=[{"kind": "motorbike", "call_sign": "Moto 1"}],
                                              units_csv=str(sheet)), catalogs=catalogs)
    store = Store.open(db, catalogs)
    try:
        meta = store.meta.all()
        assert (meta["station_code"], meta["corps"], meta["station_name"]) == (
            "BG07", "Polizia Locale di Treviglio", "Sala operativa Treviglio")
        assert meta["setup_done"] and "server_url" not in meta
        assert [(op["id"], op["role"], op["has_secret"]) for op in store.people.operators()] == [
            (admin["id"], "administrator", 1)]
        units = store.units.registry()
        assert sorted(u["call_sign"] for u in units) == ["Alfa 1", "Moto 1"]
        # The units are the amministratore's work, signed in with the password given.
        actions = store.db.execute("SELECT operator, action FROM audit WHERE entity = 'resources'").fetchall()
        assert actions and {who for who, _a in actions} == {"Anna Bianchi"}
    finally:
        store.close()


def test_a_failure_half_way_leaves_nothing(tmp_path, catalogs):
    bad = tmp_path / "errata.csv"
    bad.write_text("tipo;nominativo\nbarca;Alfa 1\n", encoding="utf-8")  # found only while writing
    db = tmp_path / "station.db"
    with pytest.raises(RowsError):
        station_setup.create(db, _answers(units_csv=str(bad)), catalogs=catalogs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["errata.csv"]  # no store, no scratch, no lock


def test_the_answers_are_checked_before_anything_is_written(tmp_path, catalogs):
    with pytest.raises(UserError, match="PL01 è il codice predefinito"):
        station_setup.create(tmp_path / "a.db", _answers(station_code="PL01"), catalogs=catalogs)
    with pytest.raises(UserError, match="almeno 4 caratteri"):
        station_setup.create(tmp_path / "a.db", _answers(secret="12"), catalogs=catalogs)
    assert list(tmp_path.iterdir()) == []
    assert set(station_setup.problems(_answers(station_name="", corps="x" * 121, operator_name=""))) == {
        "station_name", "corps", "operator_name"}


def test_a_store_being_created_by_another_program_is_not_raced(tmp_path, catalogs):
    db = tmp_path / "station.db"
    with StoreLock(db), pytest.raises(StoreLockedError, match="già aperto da un altro programma"):
        station_setup.create(db, _answers(), catalogs=catalogs)
    assert not db.exists()


def test_apply_again_after_a_failure_finds_what_was_written(tmp_path, catalogs):
    """The wizard's store exists before its set-up: a run stopped half-way is run again."""
    bad = tmp_path / "errata.csv"
    bad.write_text("tipo;nominativo\nbarca;Bravo 1\n", encoding="utf-8")
    store = Store.open(tmp_path / "station.db", catalogs)
    try:
        answers = _answers(units=[{"kind": "car", "call_sign": "Alfa 1"}], units_csv=str(bad))
        with pytest.raises(RowsError):
            station_setup.apply(store, answers)
        assert "setup_done" not in store.meta.all()  # asked again at the next start
        answers.units_csv = ""
        station_setup.apply(store, answers)
        assert [op["name"] for op in store.people.operators()] == ["Anna Bianchi"]
        assert [u["call_sign"] for u in store.units.registry()] == ["Alfa 1"]
        assert store.meta.all()["setup_done"]
    finally:
        store.close()
