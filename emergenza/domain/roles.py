"""Who may do what: the one table of actions and the least role each needs.

The store checks it (``StoreCore.require``) before every guarded write and audits a
refusal; the GUI reads it only to hide or disable what the signed-in role cannot do.
Roles are ordered: each one may do everything the roles below it may.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .enums import Role

ROLE_ORDER: tuple[Role, ...] = (Role.OPERATOR, Role.COORDINATOR, Role.SUPERVISOR, Role.ADMINISTRATOR)


class Action(StrEnum):
    # operatore
    INTAKE = "intake"                      # create and edit events
    NOTE = "note"                          # journal notes
    ASSIGN = "assign"                      # send a unit
    ADVANCE_UNIT = "advance_unit"          # en route, on scene, free, out of service
    # coordinatore
    CLOSE = "close"
    CANCEL = "cancel"
    REOPEN = "reopen"
    STRIKE = "strike"                      # strike a journal entry
    DIVERT = "divert"                      # move a busy unit to another event
    LINK = "link"                          # link events under a major event
    RESOLVE_CONFLICT = "resolve_conflict"
    # responsabile
    SHIFT_END_PENDING = "shift_end_pending"  # close a shift with unsent changes
    MANAGE_UNITS = "manage_units"
    MANAGE_TERRITORY = "manage_territory"  # at-risk areas, cameras and gates (issue 12)
    MANAGE_CREWS = "manage_crews"
    MANAGE_OPERATORS = "manage_operators"
    RUN_REPORTS = "run_reports"
    # amministratore
    SETTINGS = "settings"
    CATALOGS = "catalogs"
    ENROLL = "enroll"
    ENCRYPTION = "encryption"


LEAST_ROLE: dict[Action, Role] = {
    Action.INTAKE: Role.OPERATOR,
    Action.NOTE: Role.OPERATOR,
    Action.ASSIGN: Role.OPERATOR,
    Action.ADVANCE_UNIT: Role.OPERATOR,
    Action.CLOSE: Role.COORDINATOR,
    Action.CANCEL: Role.COORDINATOR,
    Action.REOPEN: Role.COORDINATOR,
    Action.STRIKE: Role.COORDINATOR,
    Action.DIVERT: Role.COORDINATOR,
    Action.LINK: Role.COORDINATOR,
    Action.RESOLVE_CONFLICT: Role.COORDINATOR,
    Action.SHIFT_END_PENDING: Role.SUPERVISOR,
    Action.MANAGE_UNITS: Role.SUPERVISOR,
    Action.MANAGE_TERRITORY: Role.SUPERVISOR,
    Action.MANAGE_CREWS: Role.SUPERVISOR,
    Action.MANAGE_OPERATORS: Role.SUPERVISOR,
    Action.RUN_REPORTS: Role.SUPERVISOR,
    Action.SETTINGS: Role.ADMINISTRATOR,
    Action.CATALOGS: Role.ADMINISTRATOR,
    Action.ENROLL: Role.ADMINISTRATOR,
    Action.ENCRYPTION: Role.ADMINISTRATOR,
}


class Duty(StrEnum):
    """Declared exceptions to the table: output an operation produces by itself, allowed to
    whoever performs that operation and never checked against an ``Action`` of its own.

    The shift-end report is part of closing the shift (written and kept beside the backups
    whoever closes it, an operatore too), not a report someone runs: running any report by
    hand, this one included, still needs ``Action.RUN_REPORTS``.
    """

    SHIFT_END_REPORT = "shift_end_report"   # by closing a shift (Fine turno or a handover)


# What an observer's client (enrolled with a read-only account: State police forces,
# Prefecture) may still do on its own store: read and print reports. Everything else is
# refused by the store and absent from the window, whatever the role signed in.
OBSERVER_ACTIONS: frozenset[Action] = frozenset({Action.RUN_REPORTS})


def required_role(action: Action) -> Role:
    return LEAST_ROLE[action]


def may(role: Role | str | None, action: Action) -> bool:
    """Whether ``role`` (None: nobody signed in) may perform ``action``."""
    if role is None:
        return False
    return ROLE_ORDER.index(Role(role)) >= ROLE_ORDER.index(LEAST_ROLE[action])


@dataclass(frozen=True)
class Actor:
    """Who the store is acting for: a signed-in operator, or the holder of the file.

    ``role`` None means nobody is signed in: every guarded action is refused.
    """

    name: str
    role: Role | None
    operator_id: str | None = None


# The command line and the tests act as whoever can open the store file (it is 0600 in
# a 0700 folder): the station's own administration, recorded under this name.
FILE_HOLDER = Actor(name="riga di comando", role=Role.ADMINISTRATOR)
NOBODY = Actor(name="", role=None)
