from __future__ import annotations

import itertools
import uuid

from hypothesis import given
from hypothesis import strategies as st

from emergenza.domain.hlc import MAX_COUNTER, HybridLogicalClock, Timestamp, wall_ms_of
from emergenza.domain.ids import uuid7

walls = st.lists(st.integers(min_value=1_600_000_000_000, max_value=1_900_000_000_000), min_size=1, max_size=60)


@given(walls)
def test_local_stamps_strictly_increase_whatever_the_wall_clock_does(seq):
    it = iter(seq)
    clock = HybridLogicalClock("nodeA", now_ms=lambda: next(it))
    stamps = [clock.now() for _ in seq]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert [Timestamp.parse(s) for s in stamps] == sorted(Timestamp.parse(s) for s in stamps)


@given(walls, st.lists(st.tuples(st.integers(1_600_000_000_000, 1_900_000_000_000),
                                  st.integers(0, MAX_COUNTER)), min_size=1, max_size=30))
def test_observe_orders_after_every_seen_stamp(local_walls, remotes):
    it = itertools.cycle(local_walls)
    clock = HybridLogicalClock("nodeA", now_ms=lambda: next(it))
    last = clock.now()
    for wall, counter in remotes:
        remote = str(Timestamp(wall, counter, "nodeB"))
        got = clock.observe(remote)
        assert Timestamp.parse(got) > Timestamp.parse(remote)
        assert got > last
        last = clock.now()
        assert last > got and last > remote


def test_string_order_equals_clock_order_and_roundtrip():
    a = Timestamp(1_700_000_000_000, 5, "aa")
    b = Timestamp(1_700_000_000_000, 12, "aa")
    assert (str(a) < str(b)) and a < b
    assert Timestamp.parse(str(b)) == b and wall_ms_of(str(b)) == 1_700_000_000_000


def test_counter_overflow_moves_to_next_millisecond():
    clock = HybridLogicalClock("n", last=str(Timestamp(1_000_000_000_000, MAX_COUNTER, "n")),
                               now_ms=lambda: 1_000_000_000_000)
    assert Timestamp.parse(clock.now()) == Timestamp(1_000_000_000_001, 0, "n")


def test_clock_resumes_from_saved_last():
    saved = str(Timestamp(2_000_000_000_000, 3, "n"))
    clock = HybridLogicalClock("n", last=saved, now_ms=lambda: 1_000)
    assert clock.now() > saved


def test_uuid7_is_version_7_and_sorts_in_creation_order():
    ids = [uuid7() for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == 5000
    u = uuid.UUID(ids[0])
    assert u.version == 7 and u.variant == uuid.RFC_4122


@given(st.lists(st.integers(min_value=0, max_value=2**47), min_size=2, max_size=50))
def test_uuid7_monotonic_even_if_clock_goes_back(times):
    ids = [uuid7(t) for t in times]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
