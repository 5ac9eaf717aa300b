"""``emergenza exercise``: exercise events through the normal write path, on a set-up store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from emergenza.store import Store, StoreOwner
from emergenza.store.exercise import EXERCISE_OPERATOR, ExerciseSummary, run
from emergenza.store.meta import MetaKey
from tests.support.cli import run_emergenza
from tests.support.factories import OPERATOR, add_unit, open_store
from tests.support.paths import ROOT


def set_up_store(path: Path, catalogs) -> Path:
    """A store past the set-up wizard, with one real unit."""
    s = open_store(path, catalogs)
    s.meta.set(MetaKey.SETUP_DONE, "2026-11-29T08:00:00.000Z")
    add_unit(s, "Alfa 1", "patrol", operator=OPERATOR)
    s.close()
    return path


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def one_line_error(proc, words: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emergenza: ") and words in lines[0], proc.stderr


@pytest.fixture
def station(tmp_path, catalogs):
    return set_up_store(tmp_path / "station.db", catalogs)


def test_counts_flags_outbox_and_check(station):
    proc = run_emergenza("exercise", "--db", station, "--events", 60, "--seed", 7, "--units")
    assert proc.returncode == 0, proc.stderr
    assert "60 interventi" in proc.stdout and "4 unità di esercitazione aggiunte" in proc.stdout
    assert "esercitazione: 60/60 interventi" in proc.stderr  # progress on stderr
    assert rows(station, "SELECT count(*), sum(exercise) FROM events") == [(60, 60)]
    # every event, its journal and its assignments wait in the outbox, as real work does
    assert rows(station, "SELECT count(*) FROM events WHERE id NOT IN "
                         "(SELECT entity_id FROM outbox WHERE entity = 'events')") == [(0,)]
    assert rows(station, "SELECT count(*) FROM journal WHERE id NOT IN "
                         "(SELECT entity_id FROM outbox WHERE entity = 'journal')") == [(0,)]
    assert rows(station, "SELECT count(*) FROM audit WHERE operator = ?", (EXERCISE_OPERATOR,))[0][0] > 60 * 3
    check = run_emergenza("check", "--db", station)
    assert check.returncode == 0, check.stdout
    # ... and counted by the statistics at once (schema v20 leaves new events to the owner)
    assert rows(station, "SELECT count(*) FROM stats_events WHERE exercise = 1") == [(60,)]
    assert rows(station, "SELECT upto = (SELECT max(rowid) FROM events) FROM stats_marks") == [(1,)]


def test_the_stories_are_varied_and_realistic(station, catalogs):
    assert run_emergenza("exercise", "--db", station, "--events", 80, "--units", "--quiet").returncode == 0
    s = Store.open(station, catalogs)
    try:
        provinces = {catalogs.municipalities[r[0]].province_code
                     for r in s.db.execute("SELECT municipality_istat FROM events")}
        assert provinces == {"BG"}  # the corps' province (Bergamo)
        assert len({r[0] for r in s.db.execute("SELECT municipality_istat FROM events")}) > 5
        assert len({r[0] for r in s.db.execute("SELECT type_code FROM events")}) > 10
        sharing = dict(s.db.execute("SELECT sharing, count(*) FROM events GROUP BY sharing").fetchall())
        assert sharing.get("shared", 0) > 0 and sharing.get("reserved", 0) > 0
        statuses = dict(s.db.execute("SELECT status, count(*) FROM events GROUP BY status").fetchall())
        assert statuses.get("closed", 0) > 40
        assert sum(n for st, n in statuses.items() if st not in ("closed", "cancelled")) > 0  # some still open
        full = s.db.execute("SELECT count(*) FROM assignments WHERE status = 'cleared' AND sent_at IS NOT NULL "
                            "AND en_route_at IS NOT NULL AND on_scene_at IS NOT NULL").fetchone()[0]
        assert full > 40  # sent → en route → on scene → cleared
        assert s.db.execute("SELECT count(*) FROM journal WHERE kind = 'note'").fetchone()[0] > 10
        # only exercise units go out: the real one never
        assert s.db.execute("SELECT count(*) FROM assignments a JOIN resources r ON r.id = a.resource_id "
                            "WHERE r.call_sign = 'Alfa 1'").fetchone()[0] == 0
        # a second run finds the units still busy on the open events and frees them as it goes
        owner_free = run(s, events=10, seed=8)
        assert owner_free.assignments > 0 and owner_free.units_added == 0
    finally:
        s.close()


def test_the_same_seed_gives_the_same_calls(tmp_path, catalogs):
    def sequence(name: str, seed: int) -> list[tuple]:
        path = set_up_store(tmp_path / f"{name}.db", catalogs)
        proc = run_emergenza("exercise", "--db", path, "--events", 25, "--seed", seed, "--quiet")
        assert proc.returncode == 0, proc.stderr
        return rows(path, "SELECT type_code, municipality_istat, address, channel, sharing FROM events "
                          "ORDER BY number")

    first = sequence("a", 11)
    assert sequence("b", 11) == first
    assert sequence("c", 12) != first


def test_without_exercise_units_no_unit_is_sent(station):
    proc = run_emergenza("exercise", "--db", station, "--events", 15, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert rows(station, "SELECT count(*) FROM assignments") == [(0,)]
    assert rows(station, "SELECT count(*) FROM resources") == [(1,)]


@pytest.mark.parametrize("args, words", [
    (("--events", "0"), "Numero di interventi non valido"),
    (("--events", "-3"), "Numero di interventi non valido"),
    (("--events", "100001"), "Numero di interventi non valido"),
    (("--events", "molti"), "numero non valido"),
    (("--events", "5", "--seed", "x"), "numero non valido"),
])
def test_bad_numbers_exit_2_and_write_nothing(station, args, words):
    before = station.read_bytes()
    one_line_error(run_emergenza("exercise", "--db", station, *args), words)
    assert station.read_bytes() == before


def test_missing_unset_or_foreign_stores_are_refused(tmp_path, catalogs):
    one_line_error(run_emergenza("exercise", "--db", tmp_path / "nope.db", "--events", 3), "Archivio non trovato")
    fresh = tmp_path / "fresh.db"
    open_store(fresh, catalogs).close()  # never through the set-up wizard
    one_line_error(run_emergenza("exercise", "--db", fresh, "--events", 3), "non è ancora configurato")
    assert rows(fresh, "SELECT count(*) FROM events") == [(0,)]
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    one_line_error(run_emergenza("exercise", "--db", other, "--events", 3), "non è un archivio di Emergenza")
    assert rows(other, "SELECT name FROM sqlite_master") == [("t",)]


def test_refused_while_the_app_holds_the_store(station, catalogs):
    owner = StoreOwner.open(station, catalogs=catalogs, idle_after_s=None)
    try:
        one_line_error(run_emergenza("exercise", "--db", station, "--events", 3), "già aperto da un altro programma")
    finally:
        owner.close()
    assert rows(station, "SELECT count(*) FROM events") == [(0,)]


def test_an_interrupt_inside_an_event_leaves_the_events_before_it_whole(station, catalogs):
    s = Store.open(station, catalogs)
    summary = ExerciseSummary()
    calls = []

    def count(done: int, total: int) -> None:
        calls.append(done)

    original = s.events.add_note

    def add_note(event_id, text, *, operator):  # Ctrl+C in the middle of an event's story
        if len(calls) == 4:
            raise KeyboardInterrupt
        return original(event_id, text, operator=operator)

    s.events.add_note = add_note
    try:
        with pytest.raises(KeyboardInterrupt):
            run(s, events=50, seed=2, add_units=True, summary=summary, progress=count)
    finally:
        s.close()
    written = rows(station, "SELECT count(*) FROM events")[0][0]
    assert written == summary.events == len(calls) >= 4
    assert rows(station, "SELECT count(*) FROM events WHERE status NOT IN ('closed', 'cancelled')") == [(0,)]
    assert run_emergenza("check", "--db", station).returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_ctrl_c_exits_130_with_complete_events(station):
    proc = subprocess.Popen([sys.executable, "-m", "emergenza", "exercise", "--db", str(station), "--events",
                             "5000", "--units"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        first = proc.stderr.readline()  # the first progress line: events are being written
        assert first.startswith("esercitazione: "), first
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "esercitazione interrotta" in err and "Traceback" not in err
    written = rows(station, "SELECT count(*) FROM events")[0][0]
    assert f"{written} interventi scritti" in err
    assert rows(station, "SELECT count(*) FROM events WHERE status NOT IN ('closed', 'cancelled')") == [(0,)]
    assert run_emergenza("check", "--db", station).returncode == 0
