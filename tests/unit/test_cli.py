"""The store commands, run as a person runs them (subprocess)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from tests.support.cli import run_emergenza

KEYS = {"events", "active_events", "resources", "assignments", "journal_entries", "outbox_pending", "conflicts"}


def run(*args, timeout=300):
    return run_emergenza(*args, timeout=timeout)


def one_line_error(result):
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emergenza: "), result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", "--db", path, "--events", 600, "--seed", 7)
    assert result.returncode == 0, result.stderr
    assert "600 interventi" in result.stdout and "100%" in result.stderr
    return path


def test_status_json_has_the_promised_keys(demo_db):
    result = run("status", "--db", demo_db, "--json")
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 1
    info = json.loads(result.stdout)
    assert set(info) >= KEYS
    assert info["events"] == 600 and 30 <= info["active_events"] <= 80
    assert info["outbox_pending"] == 0 and info["conflicts"] == 0 and info["resources"] == 25
    assert info["station_code"] == "BG01" and info["demo"] is True and info["setup_done"] is True


def test_status_human_is_italian(demo_db):
    out = run("status", "--db", demo_db).stdout
    assert "Interventi: 600" in out and "Modifiche da inviare al server: 0" in out


def test_check_passes_on_demo_and_json(demo_db):
    result = run("check", "--db", demo_db, "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == {"ok": True, "problems": []}


def test_check_finds_tampering(demo_db, tmp_path):
    copy = tmp_path / "copy.db"
    src = sqlite3.connect(demo_db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.execute("UPDATE events SET description = 'modificato' WHERE rowid = 10")
    dst.commit()
    dst.close()
    result = run("check", "--db", copy)
    assert result.returncode == 1 and "contenuto modificato fuori da Emergenza" in result.stdout


def test_demo_refuses_existing_store_and_force_replaces_a_demo(demo_db, tmp_path):
    one_line_error(run("demo", "--db", demo_db, "--events", 10))
    target = tmp_path / "again.db"
    assert run("demo", "--db", target, "--events", 50, "--quiet").returncode == 0
    result = run("demo", "--db", target, "--events", 80, "--force", "--quiet", "--station", "MI02",
                 "--corps", "Polizia Locale di Milano")
    assert result.returncode == 0, result.stderr
    info = json.loads(run("status", "--db", target, "--json").stdout)
    assert info["events"] == 80 and info["station_code"] == "MI02"


def test_force_never_replaces_a_real_store(tmp_path):
    from emergenza.store import Store
    path = tmp_path / "real.db"
    s = Store.open(path)
    s.events.create({"type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Roma",
                    "description": "vero"}, operator="op")
    s.close()
    before = path.read_bytes()
    one_line_error(run("demo", "--db", path, "--events", 10, "--force"))
    assert path.read_bytes() == before


@pytest.mark.parametrize("args", [
    ("demo", "--db", "{tmp}/x.db", "--events", "molti"),
    ("demo", "--db", "{tmp}/x.db", "--events", "-5"),
    ("demo", "--db", "{tmp}/x.db", "--events", "20000000"),
    ("demo", "--db", "{tmp}/x.db", "--events", "10", "--station", "bg-01"),
    ("demo", "--db", "{tmp}/x.db", "--events", "10", "--corps", "  "),
    ("demo", "--db", "{tmp}/missing/dir/x.db", "--events", "10"),
    ("demo", "--events", "10"),
    ("status", "--db", "{tmp}/nope.db"),
    ("status", "--db", "{tmp}/text.db"),
    ("status", "--db", "{tmp}/other.db"),
    ("check", "--db", "{tmp}/nope.db"),
    ("check", "--db", "{tmp}/text.db"),
    ("check", "--db", "{tmp}/other.db"),
    ("check", "--db", "{tmp}"),
    ("frobnicate",),
])
def test_bad_input_exits_2_with_one_line(tmp_path, args):
    (tmp_path / "text.db").write_text("non sono un archivio\n")
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    one_line_error(run(*(a.format(tmp=tmp_path) for a in args)))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing partial written
    other = sqlite3.connect(tmp_path / "other.db")
    assert [r[0] for r in other.execute("SELECT name FROM sqlite_master")] == ["t"]
    other.close()


def test_python_dash_m_and_console_script_agree(demo_db):
    import shutil
    exe = shutil.which("emergenza", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe
    a = subprocess.run([exe, "status", "--db", str(demo_db), "--json"], capture_output=True, text=True)
    b = run("status", "--db", demo_db, "--json")
    assert a.returncode == b.returncode == 0
    assert json.loads(a.stdout)["events"] == json.loads(b.stdout)["events"]
