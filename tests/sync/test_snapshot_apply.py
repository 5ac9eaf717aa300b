"""The bulk path of a snapshot page (sync/snapshot_apply.py) on real store files: values
SQLite converts on the way in, fields it does not know, the whole state with its id, and
an apply that compares with the general one. (Pages from a real server: tests/e2e/
test_snapshot_bulk_e2e.py.)"""

from __future__ import annotations

from emergenza.domain.ids import uuid7
from emergenza.sync.apply import apply_page
from emergenza.sync.snapshot_apply import SnapshotPage
from tests.support.factories import EVENT, OPERATOR
from tests.support.relay import synced_rows


def _template(stores) -> tuple[dict, dict, str]:
    """The fields of one real event and of its journal entry, as a station sends them."""
    a = stores("a", "BGA")
    a.events.create(EVENT | {"description": "Evento di prova"}, operator=OPERATOR)
    rows = {r["entity"]: r for r in a.outbox.pending(10)}
    return rows["events"]["fields"], rows["journal"]["fields"], rows["events"]["hlc"]


def _page(event: dict, journal: dict, hlc: str, n: int, **over) -> list[dict]:
    out = []
    for i in range(n):
        eid = uuid7()
        out.append({"change_id": uuid7(), "entity": "events", "entity_id": eid, "hlc": hlc, "origin": "server",
                    "fields": event | {"number": f"BGX-2026-{i + 1:05d}"} | over})
        out.append({"change_id": uuid7(), "entity": "journal", "entity_id": uuid7(), "hlc": hlc, "origin": "server",
                    "fields": journal | {"event_id": eid}})
    return out


def _bulk(store, changes: list[dict]) -> int:
    with store.transaction():
        page = SnapshotPage(store)
        page.run(changes)
        return page.written


def test_values_sqlite_converts_are_read_back_for_the_audit(stores):
    """An int in a TEXT column is stored as text, an int in a REAL column as a float, a
    bool as 0/1: the audit digest is of the row as stored (``emergenza check`` clean)."""
    event, journal, hlc = _template(stores)
    changes = _page(event, journal, hlc, 3, address=12, lat=45, lon=9.5, exercise=True)
    bulk, general = stores("bulk", "BGB"), stores("general", "BGC")
    assert _bulk(bulk, changes) == 6
    with general.transaction():
        apply_page(general, changes)
    assert synced_rows(bulk) == synced_rows(general)
    row = bulk.db.execute("SELECT address, lat, exercise FROM events LIMIT 1").fetchone()
    assert row == ("12", 45.0, 1)
    assert bulk.maintenance.verify_audit() == []


def test_the_whole_state_with_its_id_and_unknown_fields_is_stored_as_ours(stores):
    """The server sends an entity made at one version as its stored state (its "id"
    included); a field of a newer program is not ours to store. Both as the general apply."""
    event, journal, hlc = _template(stores)
    changes = _page(event, journal, hlc, 2, future_field="x")
    for c in changes:
        c["fields"] = c["fields"] | {"id": c["entity_id"]}
    bulk, general = stores("bulk", "BGB"), stores("general", "BGC")
    assert _bulk(bulk, changes) == 4
    with general.transaction():
        apply_page(general, changes)
    assert synced_rows(bulk) == synced_rows(general)
    assert {r["_versions"] for r in synced_rows(bulk)["events"]} == {"{}"}
    assert bulk.maintenance.verify_audit() == []
    assert len(bulk.search.find("prova")) == 2


def test_rows_already_here_are_merged_the_general_way(stores):
    """A station that worked before its first sync, or a page applied again: the rows it
    holds are merged (a later version wins), the new ones written in bulk."""
    event, journal, hlc = _template(stores)
    first = _page(event, journal, hlc, 2)
    store = stores("s", "BGB")
    assert _bulk(store, first) == 4
    later = hlc.replace(hlc.split("-", 1)[0], str(int(hlc.split("-", 1)[0]) + 1000), 1)
    edit = {"change_id": uuid7(), "entity": "events", "entity_id": first[0]["entity_id"], "hlc": later,
            "origin": "server", "fields": {"address": "via Verdi 3"}}
    assert _bulk(store, [edit, *_page(event, journal, hlc, 1, number="BGX-2026-09999")]) == 2
    assert store.db.execute("SELECT address FROM events WHERE id = ?", [edit["entity_id"]]).fetchone() == (
        "via Verdi 3",)
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 3
    assert store.maintenance.verify_audit() == []



def test_a_big_page_writes_its_audit_rows_in_chunks_and_the_chain_goes_on(stores):
    """600 audit rows in one go (multi-row INSERTs, chunks of 500): every row, its digest
    and the chain verify, and the next ordinary write chains on from the last of them."""
    event, journal, hlc = _template(stores)
    changes = _page(event, journal, hlc, 300)
    bulk, general = stores("bulk", "BGB"), stores("general", "BGC")
    before = bulk.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert _bulk(bulk, changes) == 600
    with general.transaction():
        apply_page(general, changes)
    assert synced_rows(bulk) == synced_rows(general)
    assert bulk.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before + 600
    bulk.events.create(EVENT | {"description": "Dopo la prima sincronizzazione"}, operator=OPERATOR)
    assert bulk.maintenance.verify_audit() == []
