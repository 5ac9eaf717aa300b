"""The store owner keeps WAL checkpoints and FTS merges out of the operator's commits, and
still bounds the WAL and the search index during a long busy period (between calls); the
WAL file keeps its size between checkpoints, so commits write over blocks it already has.
Since schema v18 a commit does not write the search index at all: the index gets its
segments when it catches up (``Store.search.catch_up``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from emergenza.store import Store, StoreOwner
from emergenza.store.maintenance import (
    CRISIS_MERGE,
    INDEX_AT_QUEUED,
    MERGE_AT_LEVEL_SEGMENTS,
    WAL_KEEP_LIMITS,
    fts_levels,
)
from tests.support.factories import DUTY_OFFICER as OP
from tests.support.factories import event_data

BUSY = 3600.0  # idle housekeeping never starts during these tests: only between_calls runs


def _open(path: Path, catalogs, **kwargs) -> StoreOwner:
    return StoreOwner.open(path, catalogs=catalogs, station_code="BG01", **kwargs)


def _file_digest(path: Path) -> str:
    """The main database file's bytes: in WAL mode only a checkpoint writes them."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wal_bytes(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def _log_bytes_in_file(path: Path) -> int:
    """The WAL in use, counted from the file itself: the frames from the start whose salts
    are the header's (frames left from before the last restart carry older salts)."""
    data = Path(f"{path}-wal").read_bytes()
    if len(data) < 32:
        return 0
    page = int.from_bytes(data[8:12], "big")
    salts, frames, offset = data[16:24], 0, 32
    while offset + 24 + page <= len(data) and data[offset + 8:offset + 16] == salts:
        frames, offset = frames + 1, offset + 24 + page
    return 32 + frames * (24 + page) if frames else 0


def _commit_watched(store: Store, n: int) -> dict:
    """One intake, noting whether the database file or the search index's segments changed
    inside it (a new segment: indexing; fewer: a merge)."""
    path = Path(store.path)
    before, segments = _file_digest(path), store.maintenance.search_segments()
    store.events.create(event_data(address=f"Via Roma {n}", description=f"Segnalazione numero {n}"), operator=OP)
    after = store.maintenance.search_segments()
    return {"checkpointed": _file_digest(path) != before, "indexed": after != segments,
            "merged": any(after[t] < segments[t] for t in after)}


def _create_indexed(store: Store, **data) -> None:
    """An intake, then the index caught up with it: one new segment per index, as each commit
    added before schema v18 (how a store's index gets crowded)."""
    store.events.create(event_data(**data), operator=OP)
    store.search.catch_up()


def test_no_checkpoint_or_merge_runs_inside_a_commit_of_the_owner(tmp_path, catalogs):
    # Without the owner's housekeeping SQLite checkpoints inside the commit that crosses
    # 1000 WAL pages: the watch sees it. The search index is never written by a commit,
    # owner or not (v18: its rows are indexed later).
    plain = _open(tmp_path / "plain.db", catalogs, idle_after_s=None)
    try:
        seen = [plain.call_blocking(_commit_watched, n) for n in range(120)]
        assert plain.call_blocking(Store.search.queued) == 240  # each event and its journal entry
    finally:
        plain.close()
    assert any(s["checkpointed"] for s in seen)
    assert not any(s["indexed"] or s["merged"] for s in seen)

    path = tmp_path / "owned.db"
    owner = _open(path, catalogs, idle_after_s=BUSY, wal_limit_bytes=256 * 1024)
    digests = set()
    try:
        seen = []
        for n in range(120):
            seen.append(owner.call_blocking(_commit_watched, n))
            digests.add(owner.call_blocking(lambda s: _file_digest(Path(s.path))))
    finally:
        owner.close()
    assert not any(s["checkpointed"] for s in seen)
    assert not any(s["indexed"] or s["merged"] for s in seen)
    assert len(digests) > 3  # checkpoints did run: between the calls


def test_an_index_left_crowded_by_a_writer_without_owner_is_merged_before_the_first_call(tmp_path, catalogs):
    path = tmp_path / "crowded.db"
    _open(path, catalogs, idle_after_s=BUSY).close()  # the owner's crisismerge setting, kept in the file
    plain = Store.open(path, catalogs, station_code="BG01")
    try:
        # One segment a catch-up and index, nobody merging: one short of FTS5's crisis merge.
        for n in range(CRISIS_MERGE - 1 - plain.maintenance.crowded_level()):
            _create_indexed(plain, address=f"Via Parini {n}")
        assert plain.maintenance.crowded_level() == CRISIS_MERGE - 1
    finally:
        plain.close()
    owner = _open(path, catalogs, idle_after_s=BUSY)
    try:
        first = owner.call_blocking(_commit_watched, 0)
        assert owner.call_blocking(Store.maintenance.crowded_level) < MERGE_AT_LEVEL_SEGMENTS
    finally:
        owner.close()
    assert not first["merged"] and not first["indexed"]


def test_a_long_busy_period_keeps_the_wal_and_the_index_bounded(tmp_path, catalogs):
    path = tmp_path / "busy.db"
    limit = 256 * 1024
    owner = _open(path, catalogs, idle_after_s=BUSY, wal_limit_bytes=limit)
    try:
        wal, files, segments, growth, queued = [], [], [], [], []
        for n in range(150):
            before = wal[-1] if wal else 0
            owner.call_blocking(Store.events.create, event_data(address=f"Via Po {n}"), operator=OP)
            # The owner's work after a write runs before it takes the next call: once this
            # read is answered, the checkpoint the write called for (if any) is done.
            segments.append(owner.call_blocking(Store.maintenance.crowded_level))
            queued.append(owner.call_blocking(Store.search.queued))
            wal.append(owner.call_blocking(Store.maintenance.wal_log_bytes))
            assert wal[-1] == _log_bytes_in_file(path)
            files.append(_wal_bytes(path))
            growth.append(max(0, wal[-1] - before))
        written = owner.call_blocking(lambda s: s.db.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        owner.close()
    assert sum(growth) > 4 * limit  # the busy period wrote several WAL limits' worth
    assert max(wal) < limit + 2 * max(growth)  # the WAL restarted each time it passed the limit
    # ... and its file kept its size (what opening the store wrote, or the limit and a commit):
    # later commits wrote over the blocks the first ones added.
    assert max(files) <= max(files[0], limit + 2 * max(growth))
    assert max(files) <= WAL_KEEP_LIMITS * limit
    assert files[-1] == max(files)
    assert max(segments) < MERGE_AT_LEVEL_SEGMENTS + 1  # far from FTS5's crisis merge
    # Two rows left to index an intake, more than the mark in all: the search index caught up between
    # calls, so the queue a search indexes first stayed short.
    assert max(queued) < INDEX_AT_QUEUED <= 2 * 150
    assert written == 150
    assert not Path(f"{path}-wal").exists()  # a clean close still leaves no WAL behind


def _wal_salts(path: Path) -> bytes:
    """The WAL header's salts: new ones each time the WAL restarts."""
    with open(f"{path}-wal", "rb") as fh:
        return fh.read(24)[16:24]


def test_the_wal_restarts_between_calls_never_inside_an_operators_commit(tmp_path, catalogs):
    path = tmp_path / "restarts.db"
    owner = _open(path, catalogs, idle_after_s=BUSY, wal_limit_bytes=128 * 1024)

    def create_watched(store: Store, n: int) -> bool:
        before = _wal_salts(path)
        store.events.create(event_data(address=f"Via Leopardi {n}"), operator=OP)
        return _wal_salts(path) != before

    try:
        owner.call_blocking(Store.events.create, event_data(), operator=OP)
        salts, restarted_inside = {_wal_salts(path)}, []
        for n in range(60):
            restarted_inside.append(owner.call_blocking(create_watched, n))
            salts.add(owner.call_blocking(lambda s: _wal_salts(path)))
    finally:
        owner.close()
    assert len(salts) > 3  # the WAL restarted several times: between the calls
    assert not any(restarted_inside)


def test_after_idle_housekeeping_the_next_commit_does_not_restart_the_wal(tmp_path, catalogs):
    import time
    path = tmp_path / "idle.db"
    owner = _open(path, catalogs, idle_after_s=0.05)

    def create_watched(store: Store, n: int) -> tuple[bool, int]:
        before = _wal_salts(path)
        store.events.create(event_data(address=f"Via Foscolo {n}"), operator=OP)
        return _wal_salts(path) != before, store.maintenance.wal_log_bytes()

    try:
        for n in range(3):
            restarted, log = owner.call_blocking(create_watched, n)
            assert not restarted
            # Quiet: the owner checkpoints and restarts the WAL (its log: one frame).
            deadline = time.monotonic() + 30
            while owner.call_blocking(Store.maintenance.wal_log_bytes) >= log:
                assert time.monotonic() < deadline, "no idle checkpoint"
                time.sleep(0.2)
            salts = _wal_salts(path)
            time.sleep(0.3)  # further idle slices leave the restarted WAL alone
            assert _wal_salts(path) == salts
    finally:
        owner.close()


def test_a_wal_swollen_behind_a_reader_is_cut_back_when_it_restarts(tmp_path, catalogs):
    import sqlite3
    path = tmp_path / "swollen.db"
    limit = 64 * 1024
    owner = _open(path, catalogs, idle_after_s=BUSY, wal_limit_bytes=limit)
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        owner.call_blocking(Store.events.create, event_data(), operator=OP)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM events").fetchone()  # the WAL cannot restart under it
        for n in range(40):
            owner.call_blocking(Store.events.create, event_data(address=f"Via Tasso {n}"), operator=OP)
        assert _wal_bytes(path) > 2 * WAL_KEEP_LIMITS * limit
        reader.execute("COMMIT")
        assert owner.call_blocking(Store.maintenance.checkpoint) is True
        owner.call_blocking(Store.events.create, event_data(address="Via Ariosto 1"), operator=OP)
        # The commit that restarted the WAL cut its file back to the kept size (or its own end).
        assert _wal_bytes(path) <= max(WAL_KEEP_LIMITS * limit, owner.call_blocking(Store.maintenance.wal_log_bytes))
        assert owner.call_blocking(Store.maintenance.wal_log_bytes) == _log_bytes_in_file(path)
    finally:
        reader.close()
        owner.close()


def test_a_checkpoint_never_runs_inside_a_transaction(store):
    store.events.create(event_data(), operator=OP)
    path = Path(store.path)
    before = _file_digest(path)
    with store.transaction():
        store.events.create(event_data(address="Via Dante 3"), operator=OP)
        assert store.maintenance.checkpoint() is False
        store.maintenance.between_calls(wal_limit=1)
        assert _file_digest(path) == before
    assert store.maintenance.checkpoint() is True
    assert _file_digest(path) != before
    # The WAL restarts with the next write (its file kept for it to write over).
    size, log = _wal_bytes(path), store.maintenance.wal_log_bytes()
    store.events.create(event_data(address="Via Dante 5"), operator=OP)
    assert 0 < store.maintenance.wal_log_bytes() < log
    assert store.maintenance.wal_log_bytes() == _log_bytes_in_file(path)
    assert _wal_bytes(path) == size


def test_a_reader_on_an_old_snapshot_keeps_the_wal_until_it_is_done(tmp_path, catalogs):
    """A checkpoint with another connection reading copies what it can, leaves the WAL (the
    reader still needs it) and puts the busy timeout back."""
    import sqlite3
    path = tmp_path / "shared.db"
    owner = _open(path, catalogs, idle_after_s=BUSY)
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        owner.call_blocking(Store.events.create, event_data(), operator=OP)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM events").fetchone()  # holds its snapshot
        owner.call_blocking(Store.events.create, event_data(address="Via Verdi 2"), operator=OP)
        assert owner.call_blocking(Store.maintenance.checkpoint) is False
        reader.execute("COMMIT")
        assert owner.call_blocking(Store.maintenance.checkpoint) is True
        assert owner.call_blocking(lambda s: s.db.execute("PRAGMA busy_timeout").fetchone()[0]) == 5000
    finally:
        reader.close()
        owner.close()


def test_the_index_structure_is_read_as_fts5_counts_it(store):
    for n in range(20):  # one segment per catch-up and index; FTS5 merges 16 of a level itself
        _create_indexed(store, address=f"Via Manzoni {n}", description=f"parola{n}")
    for table in ("events_fts", "journal_fts"):
        levels = fts_levels(store.db.conn, table)
        assert sum(levels) == store.db.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0]
        assert len(levels) >= 2  # the crisis merge (16 by default) moved sixteen of them one level up
    store.maintenance.merge_search(1000)
    assert store.maintenance.search_segments() == {
        t: store.db.execute(f"SELECT count(DISTINCT segid) FROM {t}_idx").fetchone()[0]
        for t in ("events_fts", "journal_fts")}



def test_a_level_far_from_the_crisis_is_left_to_the_slices_after_the_first_call(tmp_path, catalogs):
    """Opening does not merge a level of a dozen segments (0.2 s at every start at 1,000,000
    events): the merges between calls take it down once calls come."""
    from emergenza.store.maintenance import SETTLE_FROM_SEGMENTS

    path = tmp_path / "busy.db"
    _open(path, catalogs, idle_after_s=BUSY).close()  # the owner's crisismerge setting, kept in the file
    plain = Store.open(path, catalogs, station_code="BG01")
    try:
        n = 0
        while plain.maintenance.crowded_level() < MERGE_AT_LEVEL_SEGMENTS + 2:
            _create_indexed(plain, address=f"Via Parini {n}")
            n += 1
        level = plain.maintenance.crowded_level()
        assert MERGE_AT_LEVEL_SEGMENTS < level < SETTLE_FROM_SEGMENTS
        plain.maintenance.take_over_housekeeping()
        plain.maintenance.settle_search()
        assert plain.maintenance.crowded_level() == level  # nothing merged at the start
        plain.maintenance.between_calls()
        assert plain.maintenance.crowded_level() < level  # the first slice after a call
    finally:
        plain.close()
