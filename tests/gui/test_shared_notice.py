"""The notice of shared events from other rooms, and the look-up of their numbers, when a
sync brings very many (a new station's first sync into a region with a long history)."""

from __future__ import annotations

from emergenza.gui.sync.shared_notice import SHOWN, SharedEventsNotice
from emergenza.gui.sync.sync_ui import _event_numbers
from tests.support.factories import EVENT, OPERATOR


def test_the_notice_keeps_each_number_once_and_names_the_first_ones(qtbot):
    from PySide6.QtWidgets import QWidget

    status_bar = QWidget()  # never shown: the notice is not a window of its own
    qtbot.addWidget(status_bar)
    notice = SharedEventsNotice(status_bar)
    notice.add(["BG01-1", "BG01-2", "BG01-1"])
    notice.add(["BG01-2", "MI02-7"])
    assert notice.numbers == ["BG01-1", "BG01-2", "MI02-7"]
    assert notice.label.full_text().endswith("BG01-1, BG01-2, MI02-7")
    many = [f"MI03-{n}" for n in range(100_000)]
    notice.add(many)  # a scan of the list per number took minutes here
    assert len(notice.numbers) == 3 + 100_000
    text = notice.label.full_text()
    assert text.endswith(" …") and "MI03-46 …" in text and "MI03-47" not in text
    assert text.count(",") == SHOWN - 1
    notice.acknowledge()
    assert notice.numbers == [] and notice.isHidden()


def test_numbers_of_more_ids_than_sqlite_takes_at_once(store):
    """300,000 ids in one statement were more parameters than SQLite allows (250,000 here)."""
    mine = store.events.create(EVENT, operator=OPERATOR)
    theirs = store.events.create(EVENT | {"description": "da un'altra sala"}, operator=OPERATOR)
    store.db.execute("UPDATE events SET origin = 'altra-sala' WHERE id = ?", [theirs["id"]])
    ids = [f"assente-{n}" for n in range(300_000)] + [mine["id"], theirs["id"]]
    assert _event_numbers(store, ids) == [theirs["number"]]  # another room's only
