"""The door, probed like an attacker with raw HTTP against a real server process (SQLite
and PostgreSQL): every refused change gets its reason, is never stored or sent to anyone,
and leaves the owner's data as it was; the rest of its batch is accepted."""

from __future__ import annotations

import json

from tests.support.server_data import T0, assignment_fields, event_fields, journal_fields, new_id, resource_fields, sql


def push_raw(st, changes: list[dict]) -> dict:
    """Pushed as ASCII JSON (a lone surrogate is legal JSON text, not encodable UTF-8)."""
    r = st.client.post("/v1/sync/push", content=json.dumps({"changes": changes}),
                       headers=st.auth | {"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    return r.json()


def refused(answer: dict) -> dict[str, str]:
    return {r["change_id"]: r["reason"] for r in answer["refused"]}


def state(server, entity: str, entity_id: str) -> dict:
    rows = sql(server.db_url, "SELECT state FROM entities WHERE entity = :e AND entity_id = :i",
               {"e": entity, "i": entity_id})
    return json.loads(rows[0][0]) if rows else {}


def stored_ids(server) -> set[str]:
    return {r[0] for r in sql(server.db_url, "SELECT change_id FROM changes")}


def pulled_ids(st) -> set[str]:
    return {c["change_id"] for c in st.pull_all()[0]}


def test_another_corps_changes_nothing_it_does_not_own(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Brescia", "B")
    b2 = server.station("PL Brescia", "B2")
    c = server.station("PL Como", "C")
    obs = server.station("", "Prefettura", observer=True)
    reserved, shared, unit, note, job = new_id(), new_id(), new_id(), new_id(), new_id()
    secret = {"caller_name": "Anna Bianchi", "caller_phone": "035 123456", "description": "Lite in famiglia"}
    setup = a.push([a.change("events", reserved, event_fields("reserved", **secret)),
                    a.change("events", shared, event_fields("shared")),
                    a.change("resources", unit, resource_fields("Alfa 1", a.corps)),
                    a.change("journal", note, journal_fields(shared, "prima nota")),
                    a.change("assignments", job, assignment_fields(shared, unit))])
    assert setup["refused"] == []
    before = {key: state(server, *key) for key in (("events", reserved), ("events", shared), ("resources", unit),
                                                   ("journal", note), ("assignments", job))}
    attacks = [
        b.change("events", reserved, {"sharing": "shared"}),                      # leak a reserved event
        b.change("events", shared, {"description": "scritto da Brescia"}),          # edit a shared one
        b.change("events", shared, {"status": "closed", "status_gen": 0, "status_rank": 4}),
        b.change("journal", new_id(), journal_fields(reserved, "nota infiltrata")),  # append to a reserved one
        b.change("resources", unit, {"call_sign": "Bravo 9"}),                      # rename another's unit
        b.change("resources", unit, {"status": "out_of_service"}),
        b.change("journal", note, {"struck_at": T0, "struck_by": "x", "strike_reason": "y"}),
        b.change("journal", note, {"text": "riscritta"}),
        b.change("assignments", job, {"status": "cleared", "cleared_at": T0}),
        b.change("assignments", new_id(), assignment_fields(shared, unit)),          # send another's unit
        b.change("events", new_id(), event_fields("shared", parent_id=reserved)),    # hang on a reserved one
    ]
    answer = b.push(attacks)
    reasons = refused(answer)
    assert set(reasons) == {c["change_id"] for c in attacks}
    assert answer["acked"] == [c["change_id"] for c in attacks]  # done with: the client drops them
    own = "il dato appartiene a un altro comando: può modificarlo solo il comando che lo ha creato"
    assert [reasons[c["change_id"]] for c in attacks] == [own] * 3 + [
        "event_id: intervento inesistente o riservato a un altro comando", own, own, own, own, own,
        "si possono assegnare solo le unità del proprio comando",
        "parent_id: intervento inesistente o riservato a un altro comando"]
    # Nothing stored, nothing sent: not to B's own corps, not to a third one, not to observers.
    assert not set(reasons) & stored_ids(server)
    for st in (b2, c, obs, a):
        assert not set(reasons) & pulled_ids(st)
    assert reserved not in {ch["entity_id"] for st in (b2, c, obs) for ch in st.pull_all()[0]}
    assert {key: state(server, *key) for key in before} == before

    # What the other corps may do: append to the shared event, use its own units on it,
    # and name a unit like one of another corps.
    own_unit, own_job, own_note = new_id(), new_id(), new_id()
    legit = [b.change("journal", own_note, journal_fields(shared, "nota da Brescia")),
             b.change("resources", own_unit, resource_fields("Alfa 1", b.corps)),
             b.change("assignments", own_job, assignment_fields(shared, own_unit))]
    assert b.push(legit)["refused"] == []
    got = pulled_ids(a)
    assert {ch["change_id"] for ch in legit} <= got
    # Its own assignment stays its own to move; the event's owner cannot move it.
    assert b.push([b.change("assignments", own_job, {"status": "on_scene", "on_scene_at": T0})])["refused"] == []
    assert refused(a.push([a.change("assignments", own_job, {"status": "cleared", "cleared_at": T0})])) != {}


def test_poison_values_are_refused_with_their_reason(server):
    a = server.station("PL Bergamo", "A")
    a2 = server.station("PL Bergamo", "A2")
    ev, unit, note = new_id(), new_id(), new_id()
    base = [a.change("events", ev, event_fields("shared", number="BG01-2026-000001")),
            a.change("resources", unit, resource_fields("Alfa 1", a.corps)),
            a.change("journal", note, journal_fields(ev))]
    assert a.push(base)["refused"] == []
    kept = {key: state(server, *key) for key in (("events", ev), ("resources", unit), ("journal", note))}
    probes = [  # (entity, id, fields, what the reason must say)
        ("events", ev, {"description": "lite \ud800 in strada"}, "description: il testo contiene caratteri non ammessi"),
        ("events", ev, {"address": "via Roma\x00 1"}, "address: il testo contiene caratteri non ammessi"),
        ("events", ev, {"status": "waiting", "status_gen": 10**30}, "status_gen: valore fuori intervallo"),
        ("events", ev, {"exercise": 10**30}, "exercise: tipo non valido (atteso 0 o 1)"),
        ("events", ev, {"lat": 1e300, "lon": 9.6}, "lat: valore fuori intervallo"),
        ("events", ev, {"exercise": True}, "exercise: tipo non valido"),
        ("events", ev, {"priority": 3}, "priority: tipo non valido (atteso testo)"),
        ("events", ev, {"lat": "45,6", "lon": 9.6}, "lat: tipo non valido (atteso numero)"),
        ("events", ev, {"description": None}, "description: valore obbligatorio"),
        ("events", ev, {"description": "   "}, "description: valore obbligatorio"),
        ("events", ev, {"description": "x" * 4001}, "description: testo troppo lungo (massimo 4000 caratteri)"),
        ("events", ev, {"address": "x" * 201}, "address: testo troppo lungo (massimo 200 caratteri)"),
        ("events", ev, {"status": "in_fiamme"}, "status: valore non ammesso: in_fiamme"),
        ("events", ev, {"channel": "fax"}, "channel: valore non ammesso: fax"),
        # A station's own type (well formed) passes; a malformed code does not (catalog settings).
        ("events", ev, {"type_code": "X Y!"}, "type_code: Tipologia sconosciuta."),
        ("events", ev, {"priority": "rosso vivo"}, "priority: Scegliere il codice di priorità."),
        ("events", ev, {"agencies": '[{"agency":"CC"}]'}, "agencies: Elenco degli enti avvisati non valido."),
        ("events", ev, {"agencies": '[{"agency":"XX","kind":"informed","at":"2026-01-01T08:00:00Z","by":"a"}]'},
         "agencies: Ente sconosciuto."),
        ("events", ev, {"municipality_istat": "099999"}, "Comune non presente nell'elenco ISTAT"),
        ("events", ev, {"updated_at": "ieri"}, "updated_at: formato non valido"),
        ("events", ev, {"updated_at": "2026-02-30T10:00:00.000Z"}, "updated_at: data o ora inesistente"),
        ("events", ev, {"number": "BG01-2026-000099"}, "number: non modificabile dopo la creazione"),
        ("events", ev, {"big": 1}, "campo sconosciuto: big"),
        ("events", ev, {"id": "altro"}, "campo sconosciuto: id"),
        ("events", ev, {}, "modifica senza campi"),
        ("events", ev, {"status_gen": 1}, "status_gen e status_rank vanno inviati con status"),
        ("events", ev, {"parent_id": ev}, "parent_id: un intervento non può essere principale di sé stesso"),
        ("events", ev, {"parent_id": new_id()}, "parent_id: intervento inesistente"),
        ("events", new_id(), event_fields(number=None), "creazione incompleta: mancano number"),
        ("events", new_id(), {"description": "solo questo"}, "creazione incompleta: mancano number, received_at"),
        ("events", new_id(), event_fields(number="BG01-2026-000001"), "numero di intervento già usato: BG01-2026-000001"),
        ("events", new_id(), event_fields(number="12-2026-1"), "number: formato non valido"),
        ("events", new_id(), event_fields(corps="PL Brescia"), "corps: deve essere il comando della postazione"),
        ("events", new_id(), event_fields(origin="0123456789abcdef"), "origin: deve essere l'archivio della postazione"),
        ("events", new_id(), event_fields(channel="nue112"), "nue_contact_id: Per una chiamata dal 112 NUE"),
        ("events", new_id(), event_fields(received_at="2026-11-24T10:00:00"), "received_at: formato non valido"),
        ("resources", new_id(), resource_fields(None, a.corps), "creazione incompleta: mancano call_sign"),
        ("resources", new_id(), resource_fields("alfa 1", a.corps), "nominativo già usato da un'altra unità del comando"),
        ("resources", new_id(), resource_fields("Alfa 2 ", a.corps), "call_sign: formato non valido"),
        ("resources", new_id(), resource_fields("Alfa 3", a.corps, kind="carro"), "kind: valore non ammesso: carro"),
        ("resources", unit, {"call_sign": None}, "call_sign: valore obbligatorio"),
        ("resources", new_id(), resource_fields("Alfa \udc00", a.corps), "call_sign: il testo contiene caratteri"),
        ("journal", new_id(), journal_fields("\ud800"), "event_id: il testo contiene caratteri non ammessi"),
        ("events", new_id(), event_fields(number="\ud800"), "number: il testo contiene caratteri non ammessi"),
        ("resources", unit, {"active": 2}, "active: tipo non valido"),
        ("resources", unit, {"corps": "PL Brescia"}, "corps: non modificabile dopo la creazione"),
        ("journal", new_id(), journal_fields(new_id()), "event_id: intervento inesistente"),
        ("journal", new_id(), journal_fields(ev, "x" * 4001), "Annotazione troppo lunga"),
        ("journal", new_id(), journal_fields(ev, kind="diario"), "kind: valore non ammesso: diario"),
        ("journal", note, {"struck_at": T0}, "barratura incompleta"),
        ("assignments", new_id(), assignment_fields(ev, new_id()), "resource_id: unità inesistente"),
        ("assignments", new_id(), assignment_fields(ev, unit, status="perso"), "status: valore non ammesso: perso"),
    ]
    batch = [a.change(entity, entity_id, fields) for entity, entity_id, fields, _ in probes]
    ok = a.change("journal", new_id(), journal_fields(ev, "valida, nello stesso lotto"))
    answer = push_raw(a, [*batch, ok])
    reasons = refused(answer)
    for change, (entity, _id, fields, expected) in zip(batch, probes, strict=False):
        assert expected in reasons.get(change["change_id"], ""), (entity, fields, reasons.get(change["change_id"]))
    assert ok["change_id"] not in reasons  # the rest of the batch is accepted
    assert not set(reasons) & stored_ids(server)
    assert pulled_ids(a2) == {c["change_id"] for c in base} | {ok["change_id"]}
    assert {key: state(server, *key) for key in kept} == kept


def test_journal_entries_are_written_once_and_struck_once(server):
    a = server.station("PL Bergamo", "A")
    a2 = server.station("PL Bergamo", "A2")
    ev, note = new_id(), new_id()
    old = a.hlc()
    a.push([a.change("events", ev, event_fields()), a.change("journal", note, journal_fields(ev, "testo vero"))])
    forged = [a.change("journal", note, {"text": "testo falso"}, hlc=old),  # an older stamp wins a write-once merge
              a.change("journal", note, {"author": "qualcun altro"}, hlc=old),
              a.change("journal", note, {"at": T0, "text": "testo falso", "author": "x", "event_id": ev,
                                         "automatic": 0, "kind": "note"}, hlc=old)]
    reasons = refused(a.push(forged))
    assert reasons[forged[0]["change_id"]] == "text: non modificabile dopo la creazione"
    assert reasons[forged[1]["change_id"]] == "author: non modificabile dopo la creazione"
    assert reasons[forged[2]["change_id"]].startswith("at: non modificabile dopo la creazione; text: ")
    first = a.change("journal", note, {"struck_at": T0, "struck_by": "rossi", "strike_reason": "errore"})
    assert a.push([first])["refused"] == []
    again = [a.change("journal", note, {"struck_at": T0, "struck_by": "verdi", "strike_reason": "altro"}, hlc=old),
             a.change("journal", note, {"struck_at": None, "struck_by": None, "strike_reason": None})]
    reasons = refused(a.push(again))
    assert reasons == {again[0]["change_id"]: "annotazione già barrata: resta la prima barratura",
                       again[1]["change_id"]: "un'annotazione non si può sbarrare"}
    entry = state(server, "journal", note)
    assert (entry["text"], entry["author"], entry["struck_by"], entry["strike_reason"]) == (
        "testo vero", "rossi", "rossi", "errore")
    pulled = [c for c in a2.pull_all()[0] if c["entity"] == "journal"]
    assert [c["change_id"] for c in pulled][1:] == [first["change_id"]]
    assert pulled[0]["fields"]["text"] == "testo vero"


def test_an_hlc_of_another_replica_is_refused(server):
    victim = server.station("PL Bergamo", "V")
    other = server.station("PL Bergamo", "O")
    ev = new_id()
    victim.push([victim.change("events", ev, event_fields())])
    cursor = victim.pull_all()[1]
    # O writes the field under V's node: V's own later loss would be "by the same replica",
    # hidden from V's Conflitti window.
    spoofed = other.change("events", ev, {"description": "versione di O"},
                           hlc=victim.hlc(ahead_ms=50))
    answer = other.push([spoofed])
    assert refused(answer) == {spoofed["change_id"]: f"hlc di un'altra postazione: il nodo deve essere {other.replica_id}"}
    assert answer["clamped"] == [] and spoofed["change_id"] not in stored_ids(server)
    assert victim.pull_all(cursor)[0] == []
    assert state(server, "events", ev)["description"] == "Incidente stradale"
    lost = victim.push([victim.change("events", ev, {"description": "versione di V"})])
    assert lost["refused"] == [] and sql(server.db_url, "SELECT count(*) FROM conflicts")[0][0] == 0


def test_numbers_and_call_signs_stay_unique_where_stations_need_them(server):
    a = server.station("PL Bergamo", "A")
    a2 = server.station("PL Bergamo", "A2")
    b = server.station("PL Brescia", "B")
    e1, e2, u1, u2, u3 = (new_id() for _ in range(5))
    assert a.push([a.change("events", e1, event_fields(number="BGA-2026-000001"))])["refused"] == []
    # The code BGA is now A's: nobody else numbers with it, and A cannot reuse a number.
    r = refused(b.push([bad := b.change("events", e2, event_fields(number="BGA-2026-000002"))]))
    assert r == {bad["change_id"]: "numero BGA-2026-000002: il codice BGA appartiene a un'altra postazione"}
    r = refused(a2.push([bad := a2.change("events", e2, event_fields(number="BGA-2026-000002"))]))
    assert r[bad["change_id"]].startswith("numero BGA-2026-000002: il codice BGA")
    r = refused(a.push([bad := a.change("events", e2, event_fields(number="BGA-2026-000001"))]))
    assert r == {bad["change_id"]: "numero di intervento già usato: BGA-2026-000001"}
    assert a.push([a.change("events", e2, event_fields(number="BGA-2026-000002"))])["refused"] == []
    # Call signs: unique per corps (case folded as the stations' NOCASE index), free across corps.
    assert a.push([a.change("resources", u1, resource_fields("Alfa 1", a.corps)),
                   a.change("resources", u2, resource_fields("Alfa 2", a.corps))])["refused"] == []
    assert b.push([b.change("resources", u3, resource_fields("ALFA 1", b.corps))])["refused"] == []
    r = refused(a2.push([bad := a2.change("resources", u2, {"call_sign": "ALFA 1"})]))
    assert r == {bad["change_id"]: "nominativo già usato da un'altra unità del comando: ALFA 1"}
    # A rename frees the old name in the same push.
    moves = [a2.change("resources", u1, {"call_sign": "Alfa 9"}), a2.change("resources", u2, {"call_sign": "alfa 1"})]
    assert a2.push(moves)["refused"] == []
    assert sorted(sql(server.db_url, "SELECT sign_key, resource_id FROM call_signs WHERE resource_id IN (:a, :b)",
                      {"a": u1, "b": u2})) == sorted([("alfa 9", u1), ("alfa 1", u2)])


def test_a_shared_child_of_a_reserved_parent_reaches_the_other_corps_with_its_reference(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Brescia", "B")
    parent, child, mine = new_id(), new_id(), new_id()
    a.push([a.change("events", parent, event_fields("reserved")),
            a.change("events", child, event_fields("shared", parent_id=parent))])
    got = b.pull_all()[0]
    assert [c["entity_id"] for c in got] == [child]
    assert got[0]["fields"]["parent_id"] == parent  # the reference travels; the parent does not
    # The other corps may hang its own events on a shared one only.
    assert b.push([b.change("events", mine, event_fields("shared", parent_id=child))])["refused"] == []
    r = refused(b.push([bad := b.change("events", new_id(), event_fields("shared", parent_id=parent))]))
    assert r == {bad["change_id"]: "parent_id: intervento inesistente o riservato a un altro comando"}


def test_a_base_later_than_the_server_version_is_capped(server):
    a = server.station("PL Bergamo", "A")
    a2 = server.station("PL Bergamo", "A2")
    ev = new_id()
    a.push([a.change("events", ev, event_fields())])
    written = a.hlc()
    a.push([a.change("events", ev, {"description": "di A"}, hlc=written)])
    cursor = a.pull_all()[1]
    future = a2.hlc(ahead_ms=50_000)  # claims to have seen a version nobody wrote yet
    edit = a2.change("events", ev, {"description": "di A2", "_base": {"description": future, "address": future}})
    assert a2.push([edit])["refused"] == []
    relayed = [c for c in a.pull_all(cursor)[0] if c["change_id"] == edit["change_id"]]
    created = sql(server.db_url, "SELECT hlc FROM changes WHERE entity_id = :i ORDER BY seq", {"i": ev})[0][0]
    assert relayed[0]["fields"]["_base"] == {"description": written, "address": created}


def test_observers_never_write(server):
    a = server.station("PL Bergamo", "A")
    obs = server.station("", "Carabinieri", observer=True)
    ev = new_id()
    a.push([a.change("events", ev, event_fields("shared"))])
    r = obs.push([obs.change("journal", new_id(), journal_fields(ev, "dai Carabinieri"))], expect=403)
    assert "sola lettura" in r["detail"]
    assert len(stored_ids(server)) == 1 and [c["entity"] for c in a.pull_all()[0]] == []
