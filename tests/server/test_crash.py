"""The server process is SIGKILLed while stations push and pull, then restarted."""

from __future__ import annotations

import threading
import time

import httpx

from tests.support.server_data import event_fields, journal_fields, new_id, sql


def _push_until_acked(st, batch, stop_at: float) -> dict:
    while time.monotonic() < stop_at:
        try:
            r = st.client.post("/v1/sync/push", json={"changes": batch}, headers=st.auth, timeout=10)
        except httpx.TransportError:
            time.sleep(0.05)  # server down: retry the SAME batch, as the client engine does
            continue
        if r.status_code == 200:
            return r.json()
        assert r.status_code == 503, r.text  # database briefly unavailable is the only other answer
        time.sleep(0.05)
    raise AssertionError("batch never acknowledged")


def test_kill_mid_push_and_mid_pull(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    event = a.change("events", "e1", event_fields())
    batches = [[event]] + [[a.change("journal", new_id(), journal_fields("e1", f"nota {i}-{j}"))
                            for j in range(200)] for i in range(30)]
    acked: list[str] = []
    duplicates = 0
    done = threading.Event()

    def pusher():
        nonlocal duplicates
        stop_at = time.monotonic() + 120
        for batch in batches:
            result = _push_until_acked(a, batch, stop_at)
            assert result["acked"] == [c["change_id"] for c in batch]
            acked.extend(result["acked"])
            duplicates += result["duplicates"]
        done.set()

    thread = threading.Thread(target=pusher)
    thread.start()
    kills = 0
    try:
        while not done.is_set() and kills < 3:
            time.sleep(0.4)
            if done.is_set():
                break
            server.kill()
            kills += 1
            server.start()
    finally:
        thread.join(150)
    assert done.is_set() and kills >= 1
    expected = [c["change_id"] for batch in batches for c in batch]
    assert acked == expected
    stored = [r[0] for r in sql(server.db_url, "SELECT change_id FROM changes ORDER BY seq")]
    assert sorted(stored) == sorted(expected)  # nothing acked lost, nothing twice
    seqs = [r[0] for r in sql(server.db_url, "SELECT seq FROM changes ORDER BY seq")]
    assert seqs == list(range(1, len(expected) + 1))  # a killed push leaves no hole

    # Mid-pull: B pulls in small pages, the server dies between (or during) two pages.
    got, cursor, pages = [], 0, 0
    while True:
        try:
            page = b.pull(cursor, limit=250)
        except httpx.TransportError:
            server.start()
            continue
        got += page["changes"]
        cursor = page["next_cursor"]
        pages += 1
        if pages == 3:
            server.kill()
        if not page["has_more"]:
            break
    assert [c["change_id"] for c in got] == stored
