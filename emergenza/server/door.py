"""The door of a push: which changes a station may make, judged before anything is
sequenced (the model is CouchDB's ``validate_doc_update``). A refused change gets an
Italian reason in the push answer; it is never stored, sequenced or sent to anyone,
and the rest of the batch goes on.

Every synced entity belongs to the corps of the station that created it (recorded in
``entities.corps_id`` by its first accepted change). Rule table (also in README):

========== ==================================== ==========================================
entity     create                               update
========== ==================================== ==========================================
events     any station; ``parent_id`` names an  the owner corps only
           event the station can see
resources  any station (a unit of its corps)    the owner corps only
assignments a unit of the station's own corps   the owner corps only (= the unit's corps)
           on an event the station can see
           (its corps' own or a shared one)
journal    any station that can see the event   never its content; the owner corps may
           (append only)                        strike it once (the first strike stays)
========== ==================================== ==========================================

A station "can see" an event of its own corps, or a shared one. Besides ownership: the
field rules of :mod:`emergenza.domain.wire_rules` (types, limits, required fields,
write-once fields), a state that stays valid for the domain validation, HLCs stamped
by the sender's own replica, ``corps``/``origin`` fields naming the sender, event
numbers unique in the region and made with the sender's station code (a code belongs
to the station that registered it, or else to the first that used it), call signs
unique per corps, and ``_base`` versions no later than what the server holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_

from ..domain import wire_rules as rules
from ..domain.catalogs import Catalogs
from ..domain.text import QT_TRANSLATE_NOOP as N_
from . import tables
from .accounts import Principal, now_ms
from .db import in_list, insert_rows, list_param

NOT_OWNER = N_("errors", "il dato appartiene a un altro comando: può modificarlo solo il comando che lo ha creato")
HLC_NOT_OWN = N_("errors", "hlc di un'altra postazione: il nodo deve essere {0}")
EVENT_UNSEEN = N_("errors", "{0}: intervento inesistente o riservato a un altro comando")
OWN_PARENT = N_("errors", "parent_id: un intervento non può essere principale di sé stesso")
UNIT_UNKNOWN = N_("errors", "resource_id: unità inesistente")
UNIT_FOREIGN = N_("errors", "si possono assegnare solo le unità del proprio comando")
WRONG_CORPS = N_("errors", "corps: deve essere il comando della postazione («{0}»)")
WRONG_ORIGIN = N_("errors", "origin: deve essere l'archivio della postazione ({0})")
NUMBER_TAKEN = N_("errors", "numero di intervento già usato: {0}")
NUMBER_CODE = N_("errors", "numero {0}: il codice {1} appartiene a un'altra postazione")
SIGN_TAKEN = N_("errors", "nominativo già usato da un'altra unità del comando: {0}")
ALREADY_STRUCK = N_("errors", "annotazione già barrata: resta la prima barratura")
UNSTRIKE = N_("errors", "un'annotazione non si può sbarrare")
INVALID = N_("errors", "dati non validi: {0}")
NOT_APPLICABLE = N_("errors", "modifica non applicabile: {0}")


def hlc_problem(who: Principal, hlc: str) -> str | None:
    """An HLC must be stamped by the sender's own replica: another node would let it pass
    its writes off as the victim's (and hide the victim's losses from its conflicts)."""
    node = hlc.split("-", 2)[2] if hlc.count("-") >= 2 else ""
    return None if node == who.replica_id else HLC_NOT_OWN.format(who.replica_id)


def references(changes: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """(entity, id) of every parent the changes name: load them with the changes' own."""
    out = set()
    for change in changes:
        fields = change["fields"]
        for name, target in rules.REFERENCES.get(change["entity"], ()):
            value = fields.get(name)
            if isinstance(value, str) and rules.ID_RE.match(value):  # others are refused unread
                out.add((target, value))
    return out


def _visible(who: Principal, event: Any) -> bool:
    return event.corps_id == who.corps_id or event.sharing == "shared"


class Door:
    """The checks of one group of pushes, in order, over the entities the group loaded
    (``cache``: (entity, id) -> syncstore entity with ``corps_id``, ``sharing``,
    ``state``, ``versions``; it evolves as the group's changes are accepted)."""

    def __init__(self, conn: Connection, catalogs: Catalogs, cache: dict[tuple[str, str], Any]):
        self.conn = conn
        # Stations define their own event types and priority levels: well-formed codes pass.
        self.catalogs = catalogs.for_region()
        self.cache = cache
        self.numbers: dict[str, str] = {}   # number -> event id: taken
        self.codes: dict[str, str] = {}     # station code -> station id
        self.signs: dict[tuple[int, str], str] = {}  # (corps id, folded call sign) -> resource id
        self._stored_signs: dict[tuple[int, str], str] = {}
        self._new_numbers: list[tuple] = []  # rows of event_numbers to insert
        self._new_codes: list[tuple] = []  # rows of station_codes to insert
        self._code_of: dict[str, str | None] = {}  # event number -> its station code (read once)

    # ------------------------------------------------------------------ loading
    def preload(self, changes: list[dict[str, Any]]) -> None:
        """Read the taken numbers, codes and call signs the changes could collide with."""
        numbers, keys = set(), set()
        sign_rule = rules.FIELD_RULES["resources"]["call_sign"]
        for change in changes:
            fields, entity = change["fields"], change["entity"]
            # Only values the field rules accept: others are refused before any look-up
            # (and a lone surrogate cannot even be sent to the database).
            if entity == "events" and self._station_code(fields.get("number")):
                numbers.add(fields["number"])
            elif entity == "resources":
                if rules.check_value("call_sign", sign_rule, fields.get("call_sign")) is None and \
                        fields.get("call_sign") is not None:
                    keys.add(rules.call_sign_key(fields["call_sign"]))
                known = self.cache.get(("resources", change["entity_id"]))
                if known is not None and isinstance(known.state.get("call_sign"), str):
                    keys.add(rules.call_sign_key(known.state["call_sign"]))
        codes = {self._code_of[number] for number in numbers}
        # Each look-up is one statement with its values as one parameter, however many.
        conn, any_of = self.conn, in_list(self.conn)
        if numbers:
            self.numbers.update(conn.exec_driver_sql(
                f"SELECT number, event_id FROM event_numbers WHERE number {any_of}",
                (list_param(conn, sorted(numbers)),)).all())
        if codes:
            self.codes.update(conn.exec_driver_sql(f"SELECT code, station_id FROM station_codes WHERE code {any_of}",
                                                   (list_param(conn, sorted(codes)),)).all())
        if keys:
            for corps_id, key, resource_id in conn.exec_driver_sql(
                    f"SELECT corps_id, sign_key, resource_id FROM call_signs WHERE sign_key {any_of}",
                    (list_param(conn, sorted(keys)),)):
                self.signs[(corps_id, key)] = resource_id
        self._stored_signs = dict(self.signs)

    def _station_code(self, number: Any) -> str | None:
        if not isinstance(number, str):
            return None
        code = self._code_of.get(number, "")
        if code == "":
            code = self._code_of[number] = rules.station_code_of(number)
        return code

    # ------------------------------------------------------------------- checks
    def admit(self, who: Principal, change: dict[str, Any], ent: Any) -> str | None:
        """The reason to refuse a change before merging it (None: go on). May cap the
        change's ``_base`` in place (see :meth:`_cap_bases`)."""
        entity, fields = change["entity"], change["fields"]
        creating = ent is None
        if not creating and ent.corps_id != who.corps_id:
            return NOT_OWNER
        problems = rules.check_fields(entity, fields, creating=creating)
        if problems:
            return rules.describe(problems)
        if creating:
            return self._admit_creation(who, change)
        if entity == "events" and fields.get("parent_id") is not None:
            return self._parent_problem(who, change["entity_id"], fields["parent_id"])
        if entity == "journal" and "struck_at" in fields:
            if fields["struck_at"] is None:
                return UNSTRIKE
            if ent.state.get("struck_at") is not None:
                return ALREADY_STRUCK
        if rules.BASE_KEY in fields:
            self._cap_bases(change, ent)
        return None

    def _admit_creation(self, who: Principal, change: dict[str, Any]) -> str | None:
        entity, fields = change["entity"], change["fields"]
        if fields.get("corps") not in (None, who.corps):
            return WRONG_CORPS.format(who.corps)
        if entity == "events":
            if fields.get("origin") not in (None, who.replica_id):
                return WRONG_ORIGIN.format(who.replica_id)
            if fields.get("parent_id") is not None:
                problem = self._parent_problem(who, change["entity_id"], fields["parent_id"])
                if problem:
                    return problem
            number = fields["number"]
            code = self._station_code(number)
            if self.codes.get(code, who.station_id) != who.station_id:
                return NUMBER_CODE.format(number, code)
            if number in self.numbers:
                return NUMBER_TAKEN.format(number)
        elif entity in ("assignments", "journal"):
            event = self.cache.get(("events", fields["event_id"]))
            if event is None or not _visible(who, event):
                return EVENT_UNSEEN.format("event_id")
            if entity == "assignments":
                unit = self.cache.get(("resources", fields["resource_id"]))
                if unit is None:
                    return UNIT_UNKNOWN
                if unit.corps_id != who.corps_id:
                    return UNIT_FOREIGN
        return None

    def _parent_problem(self, who: Principal, event_id: str, parent_id: str) -> str | None:
        if parent_id == event_id:
            return OWN_PARENT
        parent = self.cache.get(("events", parent_id))
        return None if parent is not None and _visible(who, parent) else EVENT_UNSEEN.format("parent_id")

    @staticmethod
    def _cap_bases(change: dict[str, Any], ent: Any) -> None:
        """A base says "my writer had seen this version": it cannot be later than the
        version the server holds (the writer saw nothing newer), else a station could
        claim to have seen a concurrent write and hide it from its author's conflicts.
        Capped, not refused: an honest station whose own stamps the server clamped sends
        the unclamped ones, which are exactly what the cap restores."""
        versions = ent.versions
        plain = [v for k, v in versions.items() if not k.startswith("^")]
        created = min(plain) if plain else None
        base = change["fields"][rules.BASE_KEY]
        capped = {}
        for name, seen in base.items():
            bound = versions.get(name) or created
            if bound is not None:
                capped[name] = min(seen, bound)
        if capped != base:
            change["fields"] = {**change["fields"], rules.BASE_KEY: capped}

    def admit_outcome(self, who: Principal, change: dict[str, Any], ent: Any, after: dict[str, Any]) -> str | None:
        """The reason to refuse a change given the state it leads to (None: accept)."""
        entity, fields = change["entity"], change["fields"]
        before = ent.state if ent is not None else None
        if before is None or not rules.VALIDATED_FIELDS[entity].isdisjoint(fields):
            new = rules.state_problems(entity, after, self.catalogs)
            if new and before is not None:
                new -= rules.state_problems(entity, before, self.catalogs)
            if new:
                return INVALID.format("; ".join(sorted(new)[:3]))
        if entity == "resources":
            sign = after.get("call_sign")
            if before is None or sign != before.get("call_sign"):
                holder = self.signs.get((who.corps_id, rules.call_sign_key(sign)))
                if holder is not None and holder != change["entity_id"]:
                    return SIGN_TAKEN.format(sign)
        return None

    # ------------------------------------------------------------------ accepted
    def accept(self, who: Principal, change: dict[str, Any], ent: Any, after: dict[str, Any]) -> None:
        """Record what an accepted change takes (numbers, codes, call signs)."""
        entity, entity_id = change["entity"], change["entity_id"]
        if entity == "events" and ent is None:
            number = after["number"]
            self.numbers[number] = entity_id
            self._new_numbers.append((number, entity_id))
            code = self._station_code(number)
            if code not in self.codes:
                self.codes[code] = who.station_id
                self._new_codes.append((code, who.station_id, 0, now_ms()))
        elif entity == "resources":
            corps = ent.corps_id if ent is not None else who.corps_id
            old = ent.state.get("call_sign") if ent is not None else None
            if old == after.get("call_sign"):
                return
            if isinstance(old, str) and self.signs.get((corps, rules.call_sign_key(old))) == entity_id:
                del self.signs[(corps, rules.call_sign_key(old))]
            self.signs[(corps, rules.call_sign_key(after["call_sign"]))] = entity_id

    def write(self) -> None:
        """Store what the accepted changes took, in the group's transaction."""
        insert_rows(self.conn, "event_numbers", ("number", "event_id"), self._new_numbers)
        insert_rows(self.conn, "station_codes", ("code", "station_id", "registered", "created_at"), self._new_codes)
        k = tables.call_signs
        gone = [key for key in self._stored_signs if key not in self.signs]
        for corps_id, key in gone:
            self.conn.execute(k.delete().where(and_(k.c.corps_id == corps_id, k.c.sign_key == key)))
        moved = [(key, rid) for key, rid in self.signs.items() if key in self._stored_signs
                 and self._stored_signs[key] != rid]
        for (corps_id, key), rid in moved:
            self.conn.execute(k.update().where(and_(k.c.corps_id == corps_id, k.c.sign_key == key))
                              .values(resource_id=rid))
        new = [(c, key, rid) for (c, key), rid in self.signs.items() if (c, key) not in self._stored_signs]
        insert_rows(self.conn, "call_signs", ("corps_id", "sign_key", "resource_id"), new)
