"""The station never writes what the server's door refuses: a note or a unit sent to another
corps' shared event leaves that event untouched, another corps' unit cannot be assigned."""

from __future__ import annotations

import pytest

from emergenza.domain.errors import UserError
from tests.support.factories import EVENT, OPERATOR

OTHER = "Polizia Locale di Seriate"


def _outbox_entities(st) -> list[tuple[str, str]]:
    return [(r["entity"], r["entity_id"]) for r in st.outbox.pending(1000)]


def test_help_on_a_shared_event_of_another_corps_changes_only_what_is_ours(server, stations):
    a, b = stations("A"), stations("B", corps=OTHER)
    ev = a.events.create(EVENT | {"sharing": "shared"}, operator=OPERATOR)
    b_unit = b.units.add({"kind": "patrol", "call_sign": "Seriate 1"}, operator=OPERATOR)
    a.sync(), b.sync(), a.sync()
    before = a.events.get(ev["id"])
    b.sync()
    b.outbox.ack([r["change_id"] for r in b.outbox.pending(1000)])  # nothing of theirs left unsent

    note = b.events.add_note(ev["id"], "Pattuglia di Seriate in zona, disponibile.", operator=OPERATOR)
    b.units.assign(ev["id"], b_unit["id"], operator=OPERATOR)

    sent = _outbox_entities(b)
    assert ("events", ev["id"]) not in sent  # no field of A's event: not even updated_at
    assert ("journal", note["id"]) in sent and ("resources", b_unit["id"]) in sent
    assert b.events.get(ev["id"]) == before  # nor locally: it would differ from everyone else
    report = b.sync()
    assert report.pending == 0
    a.sync()
    assert a.q("SELECT text FROM journal WHERE id = ?", [note["id"]]) == [(note["text"],)]
    assert a.q("SELECT count(*) FROM assignments WHERE event_id = ? AND resource_id = ?",
               [ev["id"], b_unit["id"]]) == [(1,)]
    after = a.events.get(ev["id"])
    assert {k: after[k] for k in ("status", "updated_at", "first_sent_at")} == \
           {k: before[k] for k in ("status", "updated_at", "first_sent_at")}
    assert "rifiutata" not in server.log_path.read_text()


def test_a_unit_of_another_corps_is_not_assigned(server, stations):
    a, b = stations("A"), stations("B", corps=OTHER)
    a_unit = a.units.add({"kind": "patrol", "call_sign": "Alfa 1"}, operator=OPERATOR)
    a.sync()
    b.sync()
    ev = b.events.create(EVENT, operator=OPERATOR)
    pending = b.outbox.count()
    with pytest.raises(UserError) as refused:
        b.units.assign(ev["id"], a_unit["id"], operator=OPERATOR)
    assert str(refused.value) == ("L'unità Alfa 1 appartiene a un altro comando (Polizia Locale di Bergamo): "
                                  "può assegnarla solo il suo comando.")
    assert b.outbox.count() == pending  # nothing written
    assert b.q("SELECT count(*) FROM assignments") == [(0,)]
    assert b.units.get(a_unit["id"])["status"] == a.units.get(a_unit["id"])["status"]
