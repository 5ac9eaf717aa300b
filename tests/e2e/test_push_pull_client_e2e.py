"""The client pushes and pulls in ONE round trip (/v1/sync/push-pull) when it has both to
do, and falls back to the two calls on a server without it (404), through a real server."""

from __future__ import annotations

from emergenza.sync.protocol import PULL_PATH, PUSH_PATH, PUSH_PULL_PATH, SNAPSHOT_PATH
from tests.support.factories import CORPS, EVENT, OPERATOR
from tests.support.faulty_front import FaultyFront


def _sync_through(st, front):
    report = st.sync(url=front.url)
    assert report.pending == 0
    return report


def test_push_and_pull_in_one_round_trip(server, stations):
    a, b = stations("A"), stations("B")
    front = FaultyFront(server.url).start()
    try:
        a.sync()
        b.sync()
        a.events.create(EVENT | {"description": "da A"}, operator=OPERATOR)
        a.sync()
        b.events.create(EVENT | {"description": "da B"}, operator=OPERATOR)
        front.seen.clear()
        report = _sync_through(b, front)
        posts = [p for m, p in front.seen if m == "POST" and p != "/v1/sync/anchor"]
        assert posts == [PUSH_PULL_PATH]
        assert ("GET", PULL_PATH) not in front.seen and ("POST", PUSH_PATH) not in front.seen
        assert report.pushed == 2 and report.pulled == 2  # an event and its journal entry each way
        assert b.q("SELECT count(*) FROM events") == [(2,)]
    finally:
        front.stop()


def test_older_server_without_push_pull_gets_two_calls(server, stations):
    a, b = stations("A"), stations("B")
    front = FaultyFront(server.url).start()
    front.missing = {PUSH_PULL_PATH, SNAPSHOT_PATH}
    try:
        a.events.create(EVENT | {"description": "da A"}, operator=OPERATOR)
        a.sync()
        b.events.create(EVENT | {"description": "da B"}, operator=OPERATOR)
        _sync_through(b, front)  # cursor 0: no snapshot on this server, the whole stream
        b.events.create(EVENT | {"description": "ancora da B"}, operator=OPERATOR)
        a.events.create(EVENT | {"description": "ancora da A"}, operator=OPERATOR)
        a.sync()
        front.seen.clear()
        report = _sync_through(b, front)
        assert ("POST", PUSH_PULL_PATH) in front.seen  # tried once, 404
        assert ("POST", PUSH_PATH) in front.seen and ("GET", PULL_PATH) in front.seen
        assert report.pushed == 2 and report.pulled == 2  # an event and its journal entry each way
        assert a.sync().pending == 0
        assert b.snapshot() == a.snapshot()
    finally:
        front.stop()


def test_many_batches_reach_the_server_in_outbox_order_the_last_with_the_pull(server, stations):
    """More than one batch: plain pushes, each read and acknowledged while the server
    stores the next (SyncEngine._push_ahead), in the outbox's order; the short last
    batch goes with the pull in one round trip."""
    a, b = stations("A"), stations("B")
    a.sync()
    b.sync()
    b.events.create(EVENT | {"description": "da B"}, operator=OPERATOR)
    b.sync()
    for i in range(26):  # an event and its journal entry each: 52 changes, batches of 10
        a.events.create(EVENT | {"description": f"Evento {i}"}, operator=OPERATOR)
    sent = [cid for (cid,) in a.q("SELECT change_id FROM outbox ORDER BY seq")]
    assert len(sent) == 52
    front = FaultyFront(server.url).start()
    try:
        pushes = []
        report = a.sync(url=front.url, push_batch=10,
                        progress=lambda phase, done, total: pushes.append(done) if phase == "push" else None)
        posts = [p for m, p in front.seen if m == "POST" and p != "/v1/sync/anchor"]
    finally:
        front.stop()
    assert posts == [PUSH_PATH] * 5 + [PUSH_PULL_PATH]
    assert pushes == [10, 20, 30, 40, 50, 52]
    assert report.pushed == 52 and report.pulled == 2 and a.outbox.count() == 0
    watcher = server.station(CORPS, "Osservatore")
    stored, _cursor = watcher.pull_all()
    origin = a.owner.call_blocking(lambda s: s.replica_id)
    assert [c["change_id"] for c in stored if c["origin"] == origin] == sent
    b.sync()
    assert b.snapshot() == a.snapshot()


def test_a_batch_refused_in_the_middle_leaves_the_others_pushed(server, stations):
    """A change the server refuses in one batch of several: recorded as not shared, the
    batches before and after it pushed whole."""
    a = stations("A")
    a.sync()
    for i in range(15):
        a.events.create(EVENT | {"description": f"Evento {i}"}, operator=OPERATOR)
    # A change this station may not make: it claims another station's origin in an event.
    a.owner.call_blocking(lambda s: s.db.execute(
        "UPDATE outbox SET fields = json_set(fields, '$.origin', 'ffffffffffffffff') "
        "WHERE seq = (SELECT seq FROM outbox WHERE entity = 'events' ORDER BY seq LIMIT 1 OFFSET 6)"))
    report = a.sync(push_batch=4)
    # The event, and its journal entry (its event is unknown to the server).
    assert report.refused == 2 and report.pushed == 28 and a.outbox.count() == 0
    assert a.q("SELECT entity FROM sync_refused ORDER BY entity") == [("events",), ("journal",)]
