"""``emergenza demo`` never replaces a store that is set up, enrolled or holds data."""

from __future__ import annotations

from pathlib import Path

import pytest

from emergenza.store import Store
from emergenza.store.meta import MetaKey
from tests.support.cli import run_emergenza
from tests.support.factories import OPERATOR, event_data, open_store


def demo(path: Path, *extra: object):
    return run_emergenza("demo", "--db", path, "--events", 15, "--quiet", *extra)


def refused(proc, words: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emergenza: ") and words in lines[0], proc.stderr


def snapshot(path: Path) -> dict[str, str | None]:
    s = Store.open(path)
    try:
        return {"replica": s.replica_id, "token": s.meta.get(MetaKey.TOKEN),
                "events": str(s.maintenance.counts().events)}
    finally:
        s.close()


def enroll(path: Path) -> None:
    """What a successful enrollment leaves in meta (sync/engine.py)."""
    s = Store.open(path)
    try:
        s.meta.set_many({MetaKey.SERVER_URL: "https://regione.example", MetaKey.STATION_ID: "st-1",
                         MetaKey.TOKEN: "segreto", MetaKey.STATION_NAME: "Sala operativa"})
    finally:
        s.close()


@pytest.mark.parametrize("force", [False, True])
def test_an_enrolled_store_with_no_data_is_refused(tmp_path, catalogs, force):
    path = tmp_path / "station.db"
    open_store(path, catalogs).close()
    enroll(path)
    before = snapshot(path)
    refused(demo(path, *(["--force"] if force else [])), "collegato al server regionale")
    assert snapshot(path) == before  # enrollment and token kept


@pytest.mark.parametrize("force", [False, True])
def test_a_store_set_up_but_empty_is_refused(tmp_path, catalogs, force):
    path = tmp_path / "station.db"
    s = open_store(path, catalogs)
    s.meta.set(MetaKey.SETUP_DONE, "2026-11-29T10:00:00.000Z")
    s.close()
    before = snapshot(path)
    refused(demo(path, *(["--force"] if force else [])), "già configurato")
    assert snapshot(path) == before


@pytest.mark.parametrize("force", [False, True])
def test_a_store_holding_only_operators_or_units_is_refused(tmp_path, catalogs, force):
    path = tmp_path / "station.db"
    s = open_store(path, catalogs)
    s.people.add(OPERATOR, "operator")
    s.close()
    refused(demo(path, *(["--force"] if force else [])), "contiene dati (0 interventi, 0 unità, 1 operatori)")


def test_a_real_store_with_events_is_refused_even_with_force(tmp_path, catalogs):
    path = tmp_path / "station.db"
    s = open_store(path, catalogs)
    s.events.create(event_data(), operator=OPERATOR)
    s.close()
    before = path.read_bytes()
    refused(demo(path, "--force"), "contiene dati (1 interventi")
    assert path.read_bytes() == before


def test_an_enrolled_demo_store_is_refused_even_with_force(tmp_path):
    path = tmp_path / "demo.db"
    assert demo(path).returncode == 0
    enroll(path)
    refused(demo(path, "--force"), "collegato al server regionale")
    assert snapshot(path)["token"] == "segreto"


def test_a_demo_store_needs_force_and_is_then_replaced(tmp_path):
    path = tmp_path / "demo.db"
    assert demo(path).returncode == 0
    first = snapshot(path)
    refused(demo(path), "usare --force")
    proc = demo(path, "--force")
    assert proc.returncode == 0, proc.stderr
    assert snapshot(path)["replica"] != first["replica"]


def test_an_empty_store_never_set_up_may_become_a_demo(tmp_path, catalogs):
    path = tmp_path / "station.db"
    open_store(path, catalogs).close()  # e.g. the app opened once and closed at the wizard
    proc = demo(path)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(path)["events"] == "15"


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("appunti\n")
    refused(demo(path, "--force"), "non è un archivio di Emergenza")
    assert path.read_text() == "appunti\n"
