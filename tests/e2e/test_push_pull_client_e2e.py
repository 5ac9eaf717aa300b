"""The client pushes and pulls in ONE round trip (/v1/sync/push-pull) when it has both to
do, and falls back to the two calls on a server without it (404), through a real server."""

from __future__ import annotations

from emergenza.sync.protocol import PULL_PATH, PUSH_PATH, PUSH_PULL_PATH, SNAPSHOT_PATH
from tests.support.factories import EVENT, OPERATOR
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
