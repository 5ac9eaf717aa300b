"""The store owner merges the search index when idle, in slices, between calls."""

from __future__ import annotations

import time

from emergenza.store import Store, StoreOwner
from tests.support.factories import DUTY_OFFICER as OP


def _wait_until(condition, timeout_s: float = 30.0, every_s: float = 0.2) -> None:
    """Poll ``condition`` (never more often than ``every_s``, so the owner has quiet spells)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(every_s)


def _segments(store: Store) -> tuple[int, int]:
    """FTS segments of the two indexes (each catch-up adds one; merging joins them)."""
    return tuple(store.db.execute(f"SELECT count(DISTINCT segid) FROM {t}_idx").fetchone()[0]
                 for t in ("events_fts", "journal_fts"))


def _bulk_writes(store: Store, event_data) -> tuple[int, int]:
    """Five large commits, each indexed at once (many index pages each): merge work of many
    small slices."""
    for k in range(5):
        with store.transaction():
            for i in range(300):
                words = " ".join(f"w{k}x{i}y{j}" for j in range(40))
                store.events.create(event_data(description=f"Tamponamento {words}"), operator=OP)
        store.search.catch_up()
    return _segments(store)


def _open(tmp_path, catalogs, name, **kwargs) -> StoreOwner:
    return StoreOwner.open(tmp_path / name, catalogs=catalogs, station_code="BG01", **kwargs)


def test_an_idle_owner_merges_the_search_index(tmp_path, catalogs, event_data):
    quiet = _open(tmp_path, catalogs, "quiet.db", idle_after_s=None)  # no housekeeping
    owner = _open(tmp_path, catalogs, "idle.db", idle_after_s=0.05)  # the production step
    try:
        unmerged = quiet.call_blocking(_bulk_writes, event_data)
        written = owner.call_blocking(_bulk_writes, event_data)  # (the owner defers FTS5's crisis merges)
        _wait_until(lambda: all(a < b for a, b in zip(owner.call_blocking(_segments), written, strict=False)))
        assert quiet.call_blocking(_segments) == unmerged  # nothing merges these but idle time
        hits = owner.call_blocking(lambda s: s.search.find("w4x299y39"))
        assert len(hits) == 1
        for table in ("events_fts", "journal_fts"):  # raises if the index disagrees with its table
            owner.call_blocking(lambda s, t=table: s.db.execute(f"INSERT INTO {t}({t}) VALUES ('integrity-check')"))
    finally:
        owner.close()
        quiet.close()


def test_a_call_queued_during_housekeeping_waits_for_one_slice_only(tmp_path, catalogs, event_data):
    slices: list[int] = []  # one entry per slice of housekeeping
    seen: list[int] = []  # slices run when the probe was served
    probe_queued: list = []

    def probe(store: Store) -> None:
        seen.append(len(slices))

    def one_page_slices(store: Store) -> bool:
        slices.append(1)
        more = store.maintenance.idle_step(1)
        if not probe_queued:
            probe_queued.append(owner.submit(probe))  # queued while housekeeping is under way
        return more

    writer = _open(tmp_path, catalogs, "s.db", idle_after_s=None)
    written = writer.call_blocking(_bulk_writes, event_data)
    writer.close()
    owner = _open(tmp_path, catalogs, "s.db", idle_after_s=0.05, housekeeping=one_page_slices)
    try:
        _wait_until(lambda: bool(seen))
        probe_queued[0].result()
        assert seen == [1]  # served right after the slice that was running
        # Housekeeping was not finished for it: it resumes after the next quiet spell.
        _wait_until(lambda: len(slices) > 1)
        _wait_until(lambda: all(a < b for a, b in zip(owner.call_blocking(_segments), written, strict=False)))
    finally:
        owner.close()
