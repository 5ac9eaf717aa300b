"""``emergenza areas`` and ``emergenza cameras`` as real processes: exit codes, one Italian
line on bad input, nothing half-imported."""

from __future__ import annotations

import json

from emergenza.store import Store
from tests.support.cli import run_emergenza
from tests.support.factories import event_data, open_store

SQUARE = [[9.66, 45.69], [9.68, 45.69], [9.68, 45.70], [9.66, 45.70], [9.66, 45.69]]


def _feature(name, coords=SQUARE, **props):
    return {"type": "Feature", "properties": {"nome": name, **props},
            "geometry": {"type": "Polygon", "coordinates": [coords]}}


def _store(tmp_path, catalogs):
    path = tmp_path / "s.db"
    s = open_store(path, catalogs)
    s.events.create(event_data(lat=45.695, lon=9.67), operator="Rossi")
    s.close()
    return path


def _count(path, table):
    s = Store.open(path)
    try:
        return s.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        s.close()


def test_areas_import_list_export(tmp_path, catalogs):
    path = _store(tmp_path, catalogs)
    src = tmp_path / "aree.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        _feature("Stazione FS", categoria="stazione"), _feature("Parco", [[9.0, 45.0], [9.01, 45.0], [9.01, 45.01],
                                                                           [9.0, 45.0]])]}), encoding="utf-8")
    done = run_emergenza("areas", "import", src, "--db", path, "--category", "parco")
    assert done.returncode == 0, done.stderr
    assert "Aree importate: 2." in done.stdout
    listed = run_emergenza("areas", "list", "--db", path, "--json")
    rows = sorted((json.loads(line) for line in listed.stdout.splitlines()), key=lambda r: r["nome"])
    assert [(r["nome"], r["categoria"], r["interventi"]) for r in rows] == [("Parco", "parco", 0),
                                                                           ("Stazione FS", "stazione", 1)]
    out = tmp_path / "export.geojson"
    assert run_emergenza("areas", "export", "--db", path, "--out", out).returncode == 0
    assert sorted(f["properties"]["nome"] for f in json.loads(out.read_text())["features"]) == ["Parco", "Stazione FS"]


def test_areas_import_bad_file_writes_nothing(tmp_path, catalogs):
    path = _store(tmp_path, catalogs)
    src = tmp_path / "aree.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        _feature("Buona"), _feature("Invertita", [[45.69, 9.66], [45.69, 9.68], [45.7, 9.68], [45.69, 9.66]]),
        {"type": "Feature", "properties": {"nome": "Punto"}, "geometry": {"type": "Point", "coordinates": [9, 45]}}]}))
    bad = run_emergenza("areas", "import", src, "--db", path)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert "Elemento 2 («Invertita»)" in bad.stderr and "Elemento 3 («Punto»)" in bad.stderr
    assert _count(path, "risk_areas") == 0 and _count(path, "outbox") == 2  # the event's own rows only
    for args in (("areas", "import", tmp_path / "manca.geojson", "--db", path),
                 ("areas", "import", src, "--db", path, "--category", "spiaggia"),
                 ("areas", "list", "--db", tmp_path / "nessuno.db")):
        proc = run_emergenza(*args)
        assert proc.returncode == 2 and proc.stderr.startswith("emergenza: ") and proc.stderr.count("\n") == 1


def test_cameras_import_list_and_hits(tmp_path, catalogs):
    path = _store(tmp_path, catalogs)
    registry = tmp_path / "telecamere.csv"
    registry.write_text("\ufeffnome;tipo;lat;lon;proprietario;tipo_proprietario\n"
                        "Varco A;varco;45,68;9,72;Comune di Seriate;comune\n"
                        "Cam B;telecamera;45,69;9,67;;\n"
                        "Cam C;telecamera;abc;9,67;;\n", encoding="utf-8")
    bad = run_emergenza("cameras", "import", registry, "--db", path)
    assert bad.returncode == 2 and "riga 4" in bad.stderr and bad.stderr.count("\n") == 1
    assert _count(path, "cameras") == 0
    registry.write_text("\n".join(registry.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    done = run_emergenza("cameras", "import", registry, "--db", path)
    assert done.returncode == 0 and "Telecamere importate: 2." in done.stdout
    gates = run_emergenza("cameras", "list", "--db", path, "--kind", "gate", "--json")
    assert [json.loads(line)["name"] for line in gates.stdout.splitlines()] == ["Varco A"]
    hits = tmp_path / "segnalazioni.csv"
    hits.write_text("varco;targa;ora;lista\nVarco A;AB123CD;10/01/2026 10:00;ricercato\n"
                    "Varco Z;AB123CD;10/01/2026 10:00;ricercato\n", encoding="utf-8")
    bad = run_emergenza("cameras", "hits", hits, "--db", path)
    assert bad.returncode == 2 and "riga 3: varco sconosciuto: Varco Z" in bad.stderr
    assert _count(path, "plate_hits") == 0
    hits.write_text("varco;targa;ora;lista\nVarco A;AB123CD;10/01/2026 10:00;ricercato\n", encoding="utf-8")
    done = run_emergenza("cameras", "hits", hits, "--db", path)
    assert done.returncode == 0 and "AB123CD" in done.stdout
    assert _count(path, "territory_alerts") == 1
    assert run_emergenza("check", "--db", path).returncode == 0
