"""A night shift across the spring DST change, written through the store's normal path."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.factories import DUTY_OFFICER as OP
from tests.support.times import Clock

EVENT = {"type_code": "INC.DANNI", "municipality_istat": "016024", "address": "Via Roma 1",
         "description": "Tamponamento senza feriti.", "channel": "phone"}
STRIKE_REASON = "Annotazione inserita sull'intervento sbagliato"
CLOSE_NOTE = "Consegnato al turno successivo l'intervento di via Borgo Palazzo ancora aperto."


@dataclass
class Night:
    shift_id: str
    a: dict   # 28/03 22:00, Alfa 1, closed in the shift, with a struck note
    b: dict   # 29/03 01:30, Alfa 2, still open at the end of the shift
    c: dict   # 29/03 03:30 (after the change), an exercise
    d: dict   # 29/03 07:00, after the shift


def night_shift(store, clock: Clock) -> Night:
    clock.at("2026-03-28 19:50")
    op = store.people.add(OP, "supervisor")
    alfa1 = store.units.add({"kind": "patrol", "call_sign": "Alfa 1"}, operator=OP)
    alfa2 = store.units.add({"kind": "car", "call_sign": "Alfa 2"}, operator=OP)
    shift = store.people.start_shift(op["id"])

    clock.at("2026-03-28 22:00")
    a = store.events.create(EVENT, operator=OP)
    clock.add(3)
    asg = store.units.assign(a["id"], alfa1["id"], operator=OP)
    clock.add(2)
    store.units.advance(asg["id"], operator=OP)            # en route
    clock.add(10)
    store.units.advance(asg["id"], operator=OP)            # on scene
    clock.add(4)
    wrong = store.events.add_note(a["id"], "Richiamato il segnalante: nessuna risposta.", operator=OP)
    clock.add(1)
    store.events.strike_entry(wrong["id"], STRIKE_REASON, operator=OP)
    clock.add(20)
    store.events.change_status(a["id"], "closed", operator=OP, outcome="Constatazione amichevole.")

    clock.at("2026-03-29 01:30")
    b = store.events.create(EVENT | {"address": "Via Borgo Palazzo 10", "type_code": "LIT.LITE"}, operator=OP)
    clock.add(6)
    store.units.assign(b["id"], alfa2["id"], operator=OP)

    clock.at("2026-03-29 03:30")  # 02:xx does not exist this night
    c = store.events.create(EVENT | {"exercise": 1, "description": "Esercitazione: incidente simulato."},
                           operator=OP)

    clock.at("2026-03-29 06:00")
    store.people.end_shift(shift["id"], operator=OP, note=CLOSE_NOTE, allow_pending=True)

    clock.at("2026-03-29 07:00")
    d = store.events.create(EVENT | {"address": "Via Tasso 3"}, operator=OP)
    clock.at("2026-03-29 08:00")
    return Night(shift["id"], a, b, c, d)


def autumn_night(store, clock: Clock) -> list[dict]:
    """Two events at 02:30 local on 25/10/2026 (once in summer time, once in winter time)
    and one at 23:30 local, the 25th hour of that day."""
    out = []
    for utc_text in ("2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z", "2026-10-25T22:30:00.000Z"):
        out.append(store.events.create(EVENT | {"received_at": utc_text}, operator=OP))
    return out
