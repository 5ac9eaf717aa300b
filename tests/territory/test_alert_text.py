"""Territory alerts are stored as their Italian template and parameters and put together
where they are shown: in Italian by default, in English under the English translator;
alerts stored before (finished Italian text) are read back into that form by migration 14."""

from __future__ import annotations

import json

from emergenza.domain.areas import PLATE_ALERT_TEXT, WATCH_ALERT_TEXT, alert_text
from emergenza.store import Store, database
from emergenza.store.schema import SCHEMA_VERSION
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.factories import event_data
from tests.support.old_stores import database_at

SQUARE = [[[(9.66, 45.69), (9.68, 45.69), (9.68, 45.70), (9.66, 45.70), (9.66, 45.69)]]]
GATE = {"name": "Varco Seriate", "kind": "gate", "lat": 45.695, "lon": 9.67, "owner_kind": "municipality",
        "owner_name": "Comune di Seriate"}
HITS = "varco;targa;ora;lista\nVarco Seriate;AB123CD;10/01/2026 10:00;rubato\n"



def _alerts(store: Store) -> dict[str, dict]:
    return {a["kind"]: a for a in store.areas.open_alerts()}


def _raise_both(store: Store) -> dict[str, dict]:
    store.areas.add({"name": "Movida «Centro»", "category": "movida", "shape": SQUARE, "watch_count": 1,
                     "watch_hours": 6}, operator=OP)
    store.events.create(event_data(lat=45.695, lon=9.67), operator=OP)
    store.cameras.add(GATE, operator=OP)
    store.cameras.import_hits(HITS, operator=OP)
    return _alerts(store)


def test_alerts_are_stored_untranslated_with_their_parameters(store):
    alerts = _raise_both(store)
    watch, plate = alerts["watch"], alerts["plate"]
    assert (watch["text"], json.loads(watch["params"])) == (WATCH_ALERT_TEXT, ["Movida «Centro»", 1, 6, 1])
    assert (plate["text"], json.loads(plate["params"])) == (
        PLATE_ALERT_TEXT, ["Varco Seriate", "AB123CD", {"enums": "veicolo rubato"}])
    assert alert_text(watch["text"], watch["params"]) == "Area «Movida «Centro»»: 1 interventi nelle ultime 6 ore " \
                                                         "(soglia 1)."
    assert alert_text(plate["text"], plate["params"]) == "Varco «Varco Seriate»: targa AB123CD (veicolo rubato)."


def test_the_english_interface_shows_alerts_in_english(store, english):
    from emergenza.gui.territory.menu import alert_line

    alerts = _raise_both(store)
    assert alert_line(alerts["watch"]) == "Area “Movida «Centro»”: 1 events in the last 6 hours (threshold 1)."
    assert alert_line(alerts["plate"]) == "Gate “Varco Seriate”: plate AB123CD (stolen vehicle)."
    # An alert stored as finished text (unreadable by the migration) is shown as it was stored.
    assert alert_line({"text": "Avviso libero.", "params": None}) == "Avviso libero."


def test_the_migration_reads_alerts_stored_as_italian_text(tmp_path, catalogs):
    path = tmp_path / "old.db"
    db = database_at(path, 13)
    old = [("w", "watch", "Area «Stazione FS»: 12 interventi nelle ultime 24 ore (soglia 10)."),
           ("p", "plate", "Varco «Varco Nord (SS42)»: targa AB123CD (senza assicurazione)."),
           ("x", "watch", "Testo di una versione ancora più vecchia.")]
    db.conn.executemany("INSERT INTO territory_alerts (id, kind, ref_id, text, at) VALUES (?, ?, 'r', ?, "
                        "'2026-01-10T10:00:00.000Z')", old)
    db.close()
    store = Store.open(path, catalogs)
    try:
        assert database.schema_version(store.db) == SCHEMA_VERSION
        rows = {r["id"]: r for r in store.db.query("SELECT * FROM territory_alerts")}
        assert json.loads(rows["w"]["params"]) == ["Stazione FS", "12", "24", "10"]
        assert json.loads(rows["p"]["params"]) == ["Varco Nord (SS42)", "AB123CD", {"enums": "senza assicurazione"}]
        assert (rows["w"]["text"], rows["p"]["text"]) == (WATCH_ALERT_TEXT, PLATE_ALERT_TEXT)
        for alert_id, _, text in old:  # the same Italian text as before, now from its parts
            assert alert_text(rows[alert_id]["text"], rows[alert_id]["params"]) == text
        assert rows["x"]["params"] is None
    finally:
        store.close()
