"""Three stations loaded with ``emergenza exercise`` data sync through a link that cuts
40 % of its connections mid-stream, and converge: the same rows everywhere, nothing left
to send, nothing waiting (issue 9, tests)."""

from __future__ import annotations

import pytest

from emergenza.domain.errors import SyncError
from emergenza.store import exercise
from tests.support.proxy import FlakyProxy

EVENTS_PER_STATION = 25


def _exercise(station, seed: int, *, units: bool) -> int:
    summary = station.owner.call_blocking(
        lambda s: exercise.run(s, events=EVENTS_PER_STATION, seed=seed, add_units=units))
    return summary.events


def _sync_through(station, proxy: FlakyProxy, tries: int = 60):
    """One full sync, retried while the link keeps cutting it (as the app's loop does)."""
    for _ in range(tries):
        try:
            report = station.sync(proxy.url, push_batch=50, pull_limit=50, attempts=2, retry_base_s=0.01)
        except SyncError as exc:
            assert exc.transient, exc  # a cut link is transient; anything else is a bug
            continue
        if report.pending == 0:
            return report
    pytest.fail("sync never got through the link")


def test_three_stations_with_exercises_converge_through_a_link_that_cuts_40_percent(server, stations):
    a, b, c = stations("A"), stations("B"), stations("C")
    assert _exercise(a, 1, units=True) == EVENTS_PER_STATION  # the exercise units are A's …
    a.sync(), b.sync(), c.sync()                               # … and every station of the corps sends them
    _exercise(b, 2, units=False)
    _exercise(c, 3, units=False)
    _exercise(a, 4, units=False)
    written = sum(st.outbox.count() for st in (a, b, c))
    assert written > 3 * EVENTS_PER_STATION

    proxy = FlakyProxy(server.port, drop_probability=0.4, max_drops=80, seed=11)
    proxy.start()
    try:
        for _ in range(3):  # enough rounds for every change to reach every station
            for st in (a, b, c):
                _sync_through(st, proxy)
    finally:
        proxy.stop()
    assert proxy.drops > 10  # the link really failed, many times

    first = a.snapshot()
    assert len(first["events"]) == 4 * EVENTS_PER_STATION
    for st in (a, b, c):
        assert st.snapshot() == first
        assert st.outbox.count() == 0
        assert st.q("SELECT count(*) FROM sync_pending") == [(0,)]
        assert st.maintenance.verify_audit() == []
    assert a.open_conflicts() == b.open_conflicts() == c.open_conflicts()
