"""A fresh station by command line only: ``emergenza init``, then everything the demo store
shows — operators, units (added and imported), events, reports, exports, backup, check —
as a real station with no app open would do it. Real processes, real store files."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from emergenza.store import Store
from tests.support.cli import run_emergenza
from tests.support.store_state import assert_one_line_refusal

CORPS = "Polizia Locale di Treviglio"
ADMIN_PIN = "s3greta!"


def _ok(*args: object, stdin: str | None = None, env: dict[str, str] | None = None) -> str:
    proc = run_emergenza(*args, stdin=stdin, env=env, timeout=120)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


def _json(*args: object) -> object:
    return json.loads(_ok(*args, "--json"))


def _init(db: Path | None, *extra: str, pin: str = ADMIN_PIN, env: dict[str, str] | None = None) -> str:
    return _ok("init", *(("--db", db) if db else ()), "--corps", CORPS, "--station-code", "bg07",
               "--admin", "  Anna   Bianchi ", "--password-stdin", *extra, stdin=f"{pin}\n", env=env)


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def test_a_station_set_up_and_run_by_command_line_only(tmp_path):
    db = tmp_path / "station.db"
    out = _init(db)
    assert out.strip() == f"Archivio creato: {db} — postazione BG07 ({CORPS}), amministratore Anna Bianchi."
    status = _json("status", "--db", db)
    assert (status["station_code"], status["corps"], status["station_name"], status["setup_done"], status["demo"],
            status["events"], status["resources"]) == ("BG07", CORPS, f"Sala operativa - {CORPS}", True, False, 0, 0)
    assert [(op["name"], op["role"], op["active"], op["has_password"]) for op in _json("operators", "list", "--db", db)
            ] == [("Anna Bianchi", "administrator", True, True)]

    # People: the amministratore's PIN is the one given on stdin; the others get theirs the same way.
    _ok("operators", "add", "--db", db, "Luca Verdi", "--role", "operatore", "--password-stdin", stdin="1234\n")
    _ok("operators", "add", "--db", db, "Giulia Rota", "--role", "responsabile", "--password-stdin", stdin="5678\n")
    people = {op["name"]: (op["role"], op["has_password"]) for op in _json("operators", "list", "--db", db)}
    assert people == {"Anna Bianchi": ("administrator", True), "Luca Verdi": ("operator", True),
                      "Giulia Rota": ("supervisor", True)}
    store = Store.open(db)
    try:
        admin = store.people.find("anna bianchi")
        assert store.people.sign_in(admin["id"], ADMIN_PIN)["role"] == "administrator"
    finally:
        store.close()

    # Units: one added, two imported (the CSV an office keeps, semicolons as Excel writes them).
    _ok("units", "add", "--db", db, "--kind", "auto", "--call-sign", "Alfa 1", "--plate", "YA123BC",
        "--radio", "Canale 1")
    sheet = tmp_path / "unita.csv"
    sheet.write_text("tipo;nominativo;targa;canale_radio;note\npattuglia;Alfa 2;;Canale 1;Turno notturno\n"
                     "moto;Moto 1;;Canale 2;\n", encoding="utf-8")
    assert _ok("units", "import", "--db", db, sheet).strip() == f"Importate 2 unità da {sheet}."
    _ok("units", "edit", "--db", db, "moto 1", "--plate", "AB12345")
    assert [(u["call_sign"], u["plate"]) for u in _json("units", "list", "--db", db)] == [
        ("Alfa 1", "YA123BC"), ("Alfa 2", None), ("Moto 1", "AB12345")]

    # Events: a training run through the normal write path (it needs a set-up store).
    _ok("exercise", "--db", db, "--events", "12", "--seed", "5", "--units", "--quiet")
    status = _json("status", "--db", db)
    assert status["events"] == 12 and status["assignments"] > 0 and status["outbox_pending"] > 0
    _ok("export", "csv", "--db", db, "--out", tmp_path / "e.csv", "--esercitazioni")
    numbers = [r[0] for r in _csv_rows(tmp_path / "e.csv")[1:]]
    year = numbers[0].split("-")[1]
    assert numbers == [f"BG07-{year}-{n:06d}" for n in range(1, 13)]

    # An alert from elsewhere: CAP out of this store, in again as a new event.
    _ok("export", "cap", "--db", db, "--event", numbers[1], "--out", tmp_path / "a.xml", "--riservati")
    _ok("export", "emsi", "--db", db, "--event", numbers[1], "--out", tmp_path / "a.json", "--riservati")
    assert "nuovo intervento BG07-" in _ok("import", "cap", "--db", db, tmp_path / "a.xml")
    assert _json("status", "--db", db)["events"] == 13

    # Reports of the day, with the station's identity in their heading.
    day = datetime.now(ZoneInfo("Europe/Rome")).date().isoformat()
    _ok("report", "brogliaccio", "--db", db, "--out", tmp_path / "b.csv", "--day", day, "--esercitazioni",
        "--operator", "Giulia Rota")
    heading = dict(r[:2] for r in _csv_rows(tmp_path / "b.csv")[:6] if len(r) >= 2)
    assert heading["Comando"] == CORPS and heading["Postazione"] == f"Sala operativa - {CORPS} (BG07)"
    _ok("report", "stats", "--db", db, "--out", tmp_path / "s.pdf", "--from", day, "--to", day, "--esercitazioni",
        "--operator", "Giulia Rota")
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")

    # Kept safe and intact.
    assert "copia di sicurezza scritta" in _ok("backup", "--db", db, "--to", tmp_path / "copie")
    assert _ok("check", "--db", db, "--offline").strip() == f"Archivio {db}: integro, catena di audit verificata."


def test_init_in_the_default_data_folder_of_a_fresh_station(tmp_path):
    home = tmp_path / "utente" / "Emergenza"  # not there yet: nothing was ever installed here
    env = {**os.environ, "EMERGENZA_HOME": str(home)}
    _init(None, env=env)
    assert (home / "emergenza.db").is_file()
    assert json.loads(_ok("status", "--db", home / "emergenza.db", "--json"))["station_code"] == "BG07"
    assert _ok("operators", "list", env=env).split("\t")[0] == "Anna Bianchi"  # the default store, no --db
    # Every command on the store takes the data folder's by default (status and check once asked for --db).
    assert json.loads(_ok("status", "--json", env=env))["station_code"] == "BG07"
    assert _ok("check", "--offline", env=env).strip().endswith("integro, catena di audit verificata.")


def test_an_encrypted_station_is_run_by_command_line_like_a_plain_one(tmp_path):
    """The station's commands once opened an encrypted store with the plain driver and
    called it "not an Emergenza store": units, operators, areas, cameras could not be managed."""
    home = tmp_path / "Emergenza"
    env = {**os.environ, "EMERGENZA_HOME": str(home)}
    _init(None, env=env)
    assert "cifrato" in _ok("encrypt", env=env)
    assert (home / "emergenza.db").read_bytes()[:16] != b"SQLite format 3\x00"
    assert "Unità aggiunta: Alfa 1 (auto)." in _ok("units", "add", "--kind", "auto", "--call-sign", "Alfa 1", env=env)
    assert _ok("units", "list", env=env).split("\t")[:2] == ["Alfa 1", "auto"]
    _ok("operators", "add", "Luca Verdi", "--role", "operatore", "--password-stdin", stdin="1234\n", env=env)
    assert {op["name"] for op in json.loads(_ok("operators", "list", "--json", env=env))} == {"Anna Bianchi",
                                                                                             "Luca Verdi"}
    assert _ok("areas", "list", env=env).strip() == "Nessuna area a rischio."
    assert json.loads(_ok("status", "--json", env=env))["resources"] == 1
    assert _ok("check", "--offline", env=env).strip().endswith("integro, catena di audit verificata.")
    assert "copia di sicurezza scritta" in _ok("backup", env=env)
    # Without its key it is nobody's store: one line, exit 2.
    (home / "chiave-archivio.key").rename(tmp_path / "altrove.key")
    assert_one_line_refusal(run_emergenza("units", "list", env=env), "non è un archivio di Emergenza")


BAD = [
    (("--station-code", "PL01"), ADMIN_PIN, "--station-code: PL01 è il codice predefinito"),
    (("--station-code", "1-A"), ADMIN_PIN, "--station-code: Il codice va da 2 a 8 lettere o cifre"),
    (("--corps", " "), ADMIN_PIN, "--corps: Indicare il comando"),
    (("--admin", ""), ADMIN_PIN, "--admin: Indicare il nome dell'operatore."),
    (("--admin", "x" * 121), ADMIN_PIN, "--admin: Nome troppo lungo"),
    (("--station-name", "x" * 121), ADMIN_PIN, "--station-name: Nome della postazione troppo lungo"),
    ((), "12", "password: Password o PIN troppo corto (almeno 4 caratteri)."),
    ((), "", "Nessuna password sullo standard input."),
    (("--password", "1234"), ADMIN_PIN, "argomenti non riconosciuti"),
]


@pytest.mark.parametrize(("args", "pin", "message"), BAD, ids=[m.split(":")[0][:30] for _a, _p, m in BAD])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, args, pin, message):
    db = tmp_path / "station.db"
    given = dict(zip(args[::2], args[1::2], strict=True))
    options = {"--corps": CORPS, "--station-code": "BG07", "--admin": "Anna Bianchi", **given}
    proc = run_emergenza("init", "--db", db, *(x for kv in options.items() for x in kv), "--password-stdin",
                         stdin=f"{pin}\n" if pin else "")
    assert_one_line_refusal(proc, message)
    assert list(tmp_path.iterdir()) == []  # no store, no scratch file, no lock left


def test_without_a_terminal_the_password_must_come_on_stdin(tmp_path):
    proc = run_emergenza("init", "--db", tmp_path / "station.db", "--corps", CORPS, "--station-code", "BG07",
                         "--admin", "Anna Bianchi", stdin="")
    assert_one_line_refusal(proc, "Nessun terminale da cui chiedere la password: usare --password-stdin.")
    assert list(tmp_path.iterdir()) == []


def test_several_problems_are_named_on_one_line(tmp_path):
    proc = run_emergenza("init", "--db", tmp_path / "s.db", "--corps", "", "--station-code", "PL01", "--admin", "",
                         "--password-stdin", stdin=f"{ADMIN_PIN}\n")
    assert_one_line_refusal(proc, "--station-code: PL01", "--corps: Indicare", "--admin: Indicare")


def test_an_existing_store_is_never_touched(tmp_path):
    db = tmp_path / "station.db"
    _init(db)
    before = db.read_bytes()
    proc = run_emergenza("init", "--db", db, "--corps", "Polizia Locale di Milano", "--station-code", "MI02",
                         "--admin", "Altro Nome", "--password-stdin", stdin="9999\n")
    assert_one_line_refusal(proc, f"{db} esiste già: non viene modificato")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["station.db"]
    # Not even a file that is not a store, nor a store the app made and left unset.
    other = tmp_path / "appunti.db"
    other.write_bytes(b"non un archivio")
    assert_one_line_refusal(run_emergenza("init", "--db", other, "--corps", CORPS, "--station-code", "BG07",
                                          "--admin", "Anna Bianchi", "--password-stdin", stdin="1234\n"),
                            "esiste già")
    assert other.read_bytes() == b"non un archivio"
    fresh = tmp_path / "aperto.db"
    Store.open(fresh).close()
    assert_one_line_refusal(run_emergenza("init", "--db", fresh, "--corps", CORPS, "--station-code", "BG07",
                                          "--admin", "Anna Bianchi", "--password-stdin", stdin="1234\n"),
                            "esiste già")
    conn = sqlite3.connect(fresh)
    try:
        assert conn.execute("SELECT count(*) FROM operators").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_missing_folder_is_named(tmp_path):
    proc = run_emergenza("init", "--db", tmp_path / "manca" / "station.db", "--corps", CORPS, "--station-code",
                         "BG07", "--admin", "Anna Bianchi", "--password-stdin", stdin="1234\n")
    assert_one_line_refusal(proc, f"La cartella {tmp_path / 'manca'} non esiste.")
    assert list(tmp_path.iterdir()) == []


def _converse(argv: list[str], answers: dict[bytes, bytes], timeout_s: float = 60) -> tuple[int, bytes]:
    """Run ``argv`` on a terminal (a pty; in a session of its own, so the only terminal it can
    ask is that one): answer each prompt as it appears; its exit code and everything shown."""
    import pty
    import select
    import subprocess
    import time

    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "emergenza", *argv], stdin=child_fd, stdout=child_fd,
                            stderr=child_fd, start_new_session=True)
    os.close(child_fd)
    shown, pending, deadline = b"", dict(answers), time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            if not select.select([main_fd], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(main_fd, 4096)
            except OSError:  # the child has gone and its side of the terminal with it
                break
            if not chunk:
                break
            shown += chunk
            for prompt in [p for p in pending if p in shown]:
                os.write(main_fd, pending.pop(prompt))
        else:
            proc.kill()
    finally:
        os.close(main_fd)
    return proc.wait(timeout=timeout_s), shown


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_on_a_terminal_the_password_is_asked_twice_without_echo(tmp_path):
    db = tmp_path / "station.db"
    argv = ["init", "--db", str(db), "--corps", CORPS, "--station-code", "BG07", "--admin", "Anna Bianchi"]
    code, shown = _converse(argv, {b"Password o PIN: ": b"s3greta!\n", b"Ripetere la password o il PIN: ": b"altra\n"})
    assert code == 2 and b"Le due password non coincidono" in shown and not db.exists()
    code, shown = _converse(argv, {b"Password o PIN: ": b"s3greta!\n",
                                   b"Ripetere la password o il PIN: ": b"s3greta!\n"})
    assert code == 0 and b"Archivio creato" in shown, shown
    assert b"s3greta!" not in shown  # typed, never echoed
    store = Store.open(db)
    try:
        assert store.people.sign_in(store.people.find("Anna Bianchi")["id"], "s3greta!")["name"] == "Anna Bianchi"
    finally:
        store.close()


def test_a_store_not_there_yet_points_to_init(tmp_path):
    """The gap a fresh station met: ``units`` on a store not created yet says how to create one."""
    proc = run_emergenza("units", "list", "--db", tmp_path / "nuova.db")
    assert_one_line_refusal(proc, f"Archivio non trovato: {tmp_path / 'nuova.db'}.", "«emergenza init»")
    assert list(tmp_path.iterdir()) == []


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    """`emergenza status | head -1`: the pipe closes before the command writes."""
    import subprocess

    home = tmp_path / "Emergenza"
    env = {**os.environ, "EMERGENZA_HOME": str(home)}
    _init(None, env=env)
    proc = subprocess.Popen([sys.executable, "-m", "emergenza", "status"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # long before the command has started, let alone printed
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "Exception ignored" not in err, err
