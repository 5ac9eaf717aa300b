"""The door's property on EVERY replica: whatever two corps push (valid changes bent at
random, poison values, other corps' ids, other replicas' clocks), each change is either
refused or applies cleanly on a receiving station of each corps — and where two replicas
both see a row, they hold the same row.

test_door_fuzz.py checks one receiver (corps A); this one adds a receiver of corps B, which
sees A's shared events but not its reserved ones (and its own corps' reserved ones), so a
change accepted for one audience and unusable by the other would show here. The change
generator and the world are test_door_fuzz's.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emergenza.server import accounts, syncstore
from emergenza.store import Store
from emergenza.sync.apply import apply_page
from tests.server.test_door_fuzz import CATALOGS, CORPS, World, _row_problems, a_change
from tests.support.relay import synced_rows


class Receiver:
    """A real station store of ``corps`` pulling everything it may see from the server."""

    def __init__(self, world: World, folder: Path, name: str, corps: str):
        made = accounts.add_station(world.engine, corps, name)
        enrolled = accounts.enroll(world.engine, made["code"], f"{ord(name) + 1000:016x}", None)
        self.who = accounts.authenticate(world.engine, enrolled["token"])
        self.store = Store.open(folder / f"{name}.db", CATALOGS, station_code=f"FZ{name}", corps=corps)
        self.cursor = 0

    def pull_and_apply(self, world: World) -> None:
        while True:
            page = syncstore.pull(world.engine, self.who, self.cursor, 200)
            changes = json.loads(page.to_json())["changes"]  # the page as it goes on the wire
            apply_page(self.store, changes, cursor=page.next_cursor)  # raises if one cannot be stored
            self.cursor = page.next_cursor
            if not page.has_more:
                return

    def hidden_events(self, world: World) -> set[str]:
        """Reserved events of the other corps: what this receiver may not see."""
        with world.engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql(
                "SELECT entity_id FROM entities WHERE entity = 'events' AND sharing = 'reserved' "
                "AND corps_id <> ?", (self.who.corps_id,))}


def _common_rows(one: Store, other: Store) -> dict[str, list]:
    """Rows present on both replicas, per table, as each holds them."""
    a, b = synced_rows(one), synced_rows(other)
    out = {}
    for table in a:
        ids = {r["id"] for r in a[table]} & {r["id"] for r in b[table]}
        out[table] = ([r for r in a[table] if r["id"] in ids], [r for r in b[table] if r["id"] in ids])
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_whatever_is_accepted_applies_on_every_replica_and_agrees(data):
    with tempfile.TemporaryDirectory() as tmp:
        world = World(Path(tmp))
        receivers = [Receiver(world, Path(tmp), "S", CORPS["A"]), Receiver(world, Path(tmp), "T", CORPS["B"])]
        try:
            for _ in range(data.draw(st.integers(1, 8), label="rounds")):
                actor, first = data.draw(a_change(world), label="change")
                batch = [first] + [c for a, c in (data.draw(a_change(world)) for _ in range(
                    data.draw(st.integers(0, 3)))) if a == actor]
                result = syncstore.push(world.engine, world.who[actor], json.loads(json.dumps(batch)), world.clock,
                                        CATALOGS)
                refused = {r["change_id"] for r in result.refused}
                for change in batch:
                    if change["change_id"] not in refused:
                        world.accepted[change["entity"]].append(change["entity_id"])
                for receiver in receivers:
                    receiver.pull_and_apply(world)
            for receiver in receivers:
                hidden = receiver.hidden_events(world)
                parked = receiver.store.db.execute("SELECT missing FROM sync_pending").fetchall()
                assert all(m.startswith("events:") and m[len("events:"):] in hidden for (m,) in parked), parked
                assert _row_problems(receiver.store) == []
                assert receiver.store.maintenance.verify_audit() == []
            for table, (mine, theirs) in _common_rows(receivers[0].store, receivers[1].store).items():
                assert mine == theirs, table
        finally:
            for receiver in receivers:
                receiver.store.close()
            world.close()
