"""After the last unit on an event is freed: ask (Sì/No) whether to close the event.

Only for a role that may close, only if the event is still active and no unit is left
on it. Sì closes it with an automatic outcome the operator may edit afterwards in the
detail's "Esito" field; No (or Esc) leaves it open. Shown with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ...domain.enums import EventStatus
from ...domain.roles import Action
from ...store import Store
from ..operations import Change, ReadOp, WriteOp
from ..widgets.confirm import ask_yes_no

# Stored as written (Italian, like the other automatic journal texts).
AUTOMATIC_OUTCOME = "Concluso: nessuna unità più impegnata."


def _left_without_units(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event if it is still active and no unit is on it any more, else None."""
    event = store.events.get(event_id)
    if EventStatus(event["status"]).is_active and store.units.active_on_event(event_id) == 0:
        return event
    return None


def offer_close(parent: QWidget, ctx, event_id: str, *, on_closed: Callable[[], None] | None = None) -> None:
    """Check in the background, then ask; nothing happens for a role that may not close."""
    if not ctx.may(Action.CLOSE):
        return

    def ask(event: dict[str, Any] | None) -> None:
        if event is None:
            return
        text = QCoreApplication.translate(
            "ClosePrompt", "Nessuna unità è più impegnata sull'intervento {0}. Chiuderlo?").format(event["number"])

        def answered(yes: bool) -> None:
            if yes:
                WriteOp(ctx, Change.EVENTS | Change.UNITS | Change.JOURNAL, Store.events.change_status, event_id,
                        EventStatus.CLOSED.value, operator=ctx.operator_name, outcome=AUTOMATIC_OUTCOME).on_done(
                    lambda _ev: on_closed() if on_closed else None).run("close_prompt.close")

        ask_yes_no(parent, QCoreApplication.translate("ClosePrompt", "Chiudere l'intervento?"), text, answered,
                   object_name="confirm_close_freed")

    ReadOp(ctx, _left_without_units, event_id).on_done(ask).run("close_prompt.check")
