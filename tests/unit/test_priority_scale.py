"""The board's urgency order follows the configurable priority scale of the catalog."""

from dataclasses import replace

from emergenza.store import Store


def _event(store, priority):
    return store.events.create({"type_code": "VIA.SOSTA", "municipality_istat": "016024", "priority": priority,
                               "address": "Via Roma 1", "description": "Auto in sosta sul passo carraio"},
                              operator="Test")


def test_board_orders_by_the_catalog_rank(tmp_path, catalogs):
    # Swap the ranks of white and red: the board must follow the catalog, not a fixed list.
    levels = dict(catalogs.priorities)
    levels["white"], levels["red"] = replace(levels["white"], rank=3), replace(levels["red"], rank=0)
    scale = replace(catalogs, priorities=levels)
    store = Store.open(tmp_path / "s.db", scale, station_code="BG01")
    try:
        red, white, green = _event(store, "red"), _event(store, "white"), _event(store, "green")
        assert store.board.ids() == [white["id"], green["id"], red["id"]]
        assert store.board.snapshot(None, None, False, 10, [])["ids"] == [white["id"], green["id"], red["id"]]
        assert store.board.sorted_ids(None, "priority", True) == [white["id"], green["id"], red["id"]]
    finally:
        store.close()
