"""An observer's client (State police forces, Prefecture): enrolled with an observer's code,
its store pulls the shared events of every corps and refuses every write (audited)."""

from __future__ import annotations

import pytest

from emergenza.domain.errors import ObserverReadOnlyError, PermissionDeniedError
from emergenza.domain.roles import OBSERVER_ACTIONS, Action
from tests.support.factories import EVENT, OPERATOR
from tests.support.stations import Station

OTHER = "Polizia Locale di Seriate"


@pytest.fixture
def observer(tmp_path, catalogs, server):
    st = Station(tmp_path / "questura.db", catalogs, "PL01", "")
    st.enroll(server.url, server.add_observer("Questura di Bergamo", "PS")["code"])
    yield st
    st.close()


def test_an_observer_sees_the_shared_events_of_two_corps_and_writes_nothing(server, stations, observer):
    a, b = stations("A"), stations("B", corps=OTHER)
    shared_a = a.events.create(EVENT | {"sharing": "shared"}, operator=OPERATOR)
    a.events.create(EVENT | {"sharing": "reserved"}, operator=OPERATOR)
    shared_b = b.events.create(EVENT | {"sharing": "shared"}, operator=OPERATOR)
    unit = a.units.add({"kind": "patrol", "call_sign": "Alfa 1"}, operator=OPERATOR)
    a.units.assign(shared_a["id"], unit["id"], operator=OPERATOR)
    a.events.add_note(shared_a["id"], "Sul posto, traffico bloccato.", operator=OPERATOR)
    a.sync(), b.sync()

    assert observer.owner.call_blocking(lambda s: s.meta.observer) is True
    assert a.owner.call_blocking(lambda s: s.meta.observer) is False  # a station stays a station
    report = observer.sync()
    assert report.pulled > 0 and report.pending == 0
    numbers = {r[0] for r in observer.q("SELECT number FROM events")}
    assert numbers == {shared_a["number"], shared_b["number"]}  # both corps, nothing reserved
    assert observer.q("SELECT text FROM journal WHERE event_id = ? AND kind = 'note'",
                      [shared_a["id"]]) == [("Sul posto, traffico bloccato.",)]
    assert observer.q("SELECT call_sign FROM resources") == [("Alfa 1",)]

    audit_before = observer.q("SELECT count(*) FROM audit")[0][0]
    with pytest.raises(ObserverReadOnlyError) as refused:
        observer.events.create(EVENT, operator=OPERATOR)
    assert str(refused.value) == ("Postazione di sola consultazione (osservatore): non si possono fare "
                                  "modifiche.")
    with pytest.raises(PermissionDeniedError):
        observer.events.add_note(shared_b["id"], "nota", operator=OPERATOR)
    with pytest.raises(PermissionDeniedError):
        observer.units.add({"kind": "patrol", "call_sign": "Volante 1"}, operator=OPERATOR)
    assert observer.outbox.count() == 0
    assert observer.q("SELECT count(*) FROM audit")[0][0] == audit_before + 3  # each refusal audited
    assert observer.q("SELECT count(*) FROM events") == [(2,)]


def test_every_action_but_the_observers_is_refused_by_the_store(server, observer):
    def refusal(store, action):
        try:
            store.require(action)
        except ObserverReadOnlyError:
            return "observer"
        return None

    outcome = {action: observer.owner.call_blocking(refusal, action) for action in Action}
    assert {a for a, r in outcome.items() if r is None} == OBSERVER_ACTIONS
