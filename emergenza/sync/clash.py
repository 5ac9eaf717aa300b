"""A unit on two active events, decided ONCE and sent as a change (issue 9, item 4).

``merge.settle_unit`` decides from the set of a unit's assignments which one loses.
Stations of another corps may not see that whole set: an assignment on a reserved
event never reaches them, so on their own they would keep the loser active while
the owning corps cancels it, a permanently different status for the same row.

So the decision is made by ONE station, the one that created the losing assignment
(always of the unit's corps, the only corps the server lets change it, and one that
sees every assignment of its units), and written as an ordinary local change:
``status = cancelled`` with its outbox row and audit row, plus a journal line on the
losing event saying why. Everyone who can see the assignment receives it, and every
replica converges to the same status whatever it could see. Other stations that see
both assignments apply the same rule meanwhile (derived, ``sync_clash``), and agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.enums import AssignmentStatus, JournalKind
from ..domain.lifecycle import ASSIGNMENT_TIME_FIELD
from ..domain.text import QT_TRANSLATE_NOOP
from ..store import Store

CLASH_ACTION = "sync.unit_clash"
_CANCELLED = AssignmentStatus.CANCELLED
JOURNAL_TEXT = QT_TRANSLATE_NOOP("journal", "Unità {0}: annullata, già impegnata su un altro intervento.")


def decide(store: Store, assignment_ids: Iterable[str], *, operator: str) -> int:
    """Cancel, as this station's own change, each losing assignment it created.

    Runs inside the transaction of the page that found the clash. Returns how many."""
    done = 0
    for assignment_id in sorted(set(assignment_ids)):
        row = store.one("SELECT a.status, a.event_id, r.call_sign FROM assignments a "
                        "JOIN resources r ON r.id = a.resource_id WHERE a.id = ?", [assignment_id])
        if row is None:
            continue
        # The natural status kept aside by the derived rule is replaced by the decision.
        store.db.execute("DELETE FROM sync_clash WHERE assignment_id = ?", [assignment_id])
        store.changes.update("assignments", assignment_id,
                             {"status": _CANCELLED.value, ASSIGNMENT_TIME_FIELD[_CANCELLED]: store.now_iso()},
                             operator=operator, action=CLASH_ACTION)
        store.events.write_journal(row["event_id"], JOURNAL_TEXT.format(row["call_sign"]), operator=operator,
                                   kind=JournalKind.ASSIGNMENT)
        done += 1
    return done
