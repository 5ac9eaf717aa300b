"""backup / restore / backups commands on real store files and real processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from emergenza.cli import main
from emergenza.store import Store
from tests.support.factories import call_signs


def test_backup_modify_restore_gives_the_data_back(station_db, capsys, catalogs):
    assert main(["backup", "--db", str(station_db)]) == 0
    out = capsys.readouterr().out
    backups = sorted((station_db.parent / "backup").glob("emergenza-*-manuale.db"))
    assert len(backups) == 1 and str(backups[0].name) in out

    s = Store.open(station_db, catalogs)
    s.units.add({"kind": "motorbike", "call_sign": "Moto 9"}, operator="Mario Rossi")
    s.close()
    assert call_signs(station_db) == ["Alfa 1", "Alfa 2", "Moto 9"]

    assert main(["restore", "--db", str(station_db), "--from", str(backups[0])]) == 0
    out = capsys.readouterr().out
    assert "ripristinato" in out
    assert call_signs(station_db) == ["Alfa 1", "Alfa 2"]
    kept = list(station_db.parent.glob("emergenza.before-restore-*.db"))
    assert len(kept) == 1
    assert call_signs(kept[0]) == ["Alfa 1", "Alfa 2", "Moto 9"]  # the replaced data is not lost


def test_backup_to_folder_and_global_db_option(station_db, tmp_path, capsys):
    dest = tmp_path / "chiavetta"
    assert main(["--db", str(station_db), "backup", "--to", str(dest)]) == 0
    (copy,) = dest.glob("emergenza-*.db")
    assert call_signs(copy) == ["Alfa 1", "Alfa 2"]
    assert main(["backups", "--db", str(station_db), "--dir", str(dest)]) == 0
    assert copy.name in capsys.readouterr().out


def test_backups_lists_newest_first(station_db, capsys):
    folder = station_db.parent / "backup"
    folder.mkdir()
    for name in ("emergenza-20260101-080000-giornaliero.db", "emergenza-20260102-080000-fineturno.db",
                 "altro-20260103-080000-manuale.db"):
        (folder / name).write_bytes(b"x")
    assert main(["backups", "--db", str(station_db)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("02/01/2026 08:00:00") and "fine turno" in lines[0]
    assert lines[1].startswith("01/01/2026 08:00:00") and "giornaliera" in lines[1]


def test_bad_paths_exit_2_with_one_line(station_db, tmp_path, run_cli):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    cases = [
        ["backup", "--db", str(tmp_path / "missing.db")],
        ["backup", "--db", str(junk)],
        ["backup", "--db", str(station_db), "--to", str(junk)],
        ["restore", "--db", str(station_db), "--from", str(tmp_path / "missing.db")],
        ["restore", "--db", str(station_db), "--from", str(junk)],
        ["restore", "--db", str(station_db), "--from", str(station_db)],
        ["restore", "--db", str(tmp_path / "nodir" / "x.db"), "--from", str(station_db)],
        ["backups", "--db", str(station_db), "--dir", str(tmp_path / "missing")],
        ["restore", "--db", str(station_db)],  # --from is required
    ]
    for args in cases:
        proc = run_cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, (args, proc.stderr)
        assert proc.stderr.startswith("emergenza: "), proc.stderr
        assert "Traceback" not in proc.stderr
    assert call_signs(station_db) == ["Alfa 1", "Alfa 2"]  # nothing was touched
    assert not list(tmp_path.rglob("*.before-restore-*"))


def test_restore_refused_while_the_store_is_open_elsewhere(station_db, run_cli, capsys):
    assert main(["backup", "--db", str(station_db)]) == 0
    capsys.readouterr()
    (copy,) = (station_db.parent / "backup").glob("*.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from emergenza.store import Store
            s = Store.open({str(station_db)!r})
            s.units.overview()
            print("open", flush=True)
            sys.stdin.readline()
            s.close()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        proc = run_cli("restore", "--db", str(station_db), "--from", str(copy))
        assert proc.returncode == 2
        assert "in uso" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
        assert not list(station_db.parent.glob("*.before-restore-*"))
        # A backup, instead, is fine while the app is running.
        proc = run_cli("backup", "--db", str(station_db))
        assert proc.returncode == 0, proc.stderr
    finally:
        holder.communicate("\n", timeout=30)
    proc = run_cli("restore", "--db", str(station_db), "--from", str(copy))
    assert proc.returncode == 0, proc.stderr


def test_restore_onto_a_new_machine_creates_the_store(station_db, tmp_path, capsys):
    assert main(["backup", "--db", str(station_db), "--to", str(tmp_path / "usb")]) == 0
    (copy,) = (tmp_path / "usb").glob("*.db")
    target = tmp_path / "nuovo" / "emergenza.db"
    target.parent.mkdir()
    assert main(["restore", "--db", str(target), "--from", str(copy)]) == 0
    assert call_signs(target) == ["Alfa 1", "Alfa 2"]
