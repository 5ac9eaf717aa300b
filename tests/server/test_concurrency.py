"""Concurrent pushes through several server processes while another station keeps pulling:
the puller must end with every change exactly once (no seq ever skipped)."""

from __future__ import annotations

import threading

import httpx

from tests.support.server_data import event_fields, journal_fields, new_id, sql


def test_concurrent_pushes_never_hide_a_change_from_a_puller(server):
    server.stop()
    server.start(workers=2)
    pushers = [server.station("PL Bergamo", f"P{i}") for i in range(6)]
    reader = server.station("PL Bergamo", "R")
    finished = threading.Event()
    errors: list[str] = []

    events = {st.station_id: new_id() for st in pushers}
    for st in pushers:
        st.push([st.change("events", events[st.station_id], event_fields())])

    def push(st):
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for _ in range(15):
                batch = [st.change("journal", new_id(), journal_fields(events[st.station_id], "x"))
                         for _ in range(10)]
                r = client.post("/v1/sync/push", json={"changes": batch}, headers=st.auth)
                if r.status_code != 200 or r.json()["refused"]:
                    errors.append(r.text)

    threads = [threading.Thread(target=push, args=(st,)) for st in pushers]
    for t in threads:
        t.start()
    got, cursor = [], 0
    with httpx.Client(base_url=server.url, timeout=30) as client:
        while True:
            done = finished.is_set()
            page = client.get("/v1/sync/pull", params={"cursor": cursor, "limit": 37}, headers=reader.auth).json()
            got += [c["change_id"] for c in page["changes"]]
            cursor = page["next_cursor"]
            if done and not page["has_more"]:
                break
            if not any(t.is_alive() for t in threads):
                finished.set()
    for t in threads:
        t.join()
    assert errors == []
    stored = [r[0] for r in sql(server.db_url, "SELECT change_id FROM changes ORDER BY seq")]
    assert len(stored) == 6 + 6 * 15 * 10
    assert got == stored
