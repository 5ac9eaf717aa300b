"""The exception tree of Emergenza.

    EmergenzaError                  base of everything we raise on purpose
    ├── UserError                   the person's input is wrong: show the message, change nothing
    │   ├── ValidationError         field-level errors (``.errors``: list of FieldError)
    │   ├── TransitionError         a lifecycle step that is not allowed
    │   ├── UnitBusyError           the unit is already on another active event
    │   └── NotFoundError           the id/number named does not exist
    ├── EnvironmentError_           the machine's fault: disk, file, network, server
    │   ├── StoreError              the local database cannot be opened/used
    │   │   ├── IntegrityError_     the file is damaged or the audit chain is broken
    │   │   └── SchemaTooNewError   the file was written by a newer Emergenza
    │   └── SyncError               the regional server cannot be reached or refused us
    └── (anything else is a bug: it is logged with its traceback)

Messages are Italian because they reach the operator; the GUI translates them
through Qt's translator (context "errors"), the CLI prints them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass


class EmergenzaError(Exception):
    """Base class of every error Emergenza raises on purpose."""


class UserError(EmergenzaError):
    """Wrong input: report it to the person, nothing was written.

    ``template`` is the untranslated Italian text with ``{0}``-style slots, kept so the
    GUI can translate it (context "errors") before filling in ``args``.
    """

    def __init__(self, template: str, *args: object):
        self.template = template
        self.args_ = args
        super().__init__(template.format(*args) if args else template)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(UserError):
    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors) or "dati non validi")
        self.template = str(self)

    def for_field(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]


class TransitionError(UserError):
    """A status change that the lifecycle does not allow."""


class UnitBusyError(UserError):
    """The unit already has an active assignment on another event."""

    def __init__(self, template: str, *args: object, event_number: str | None = None):
        super().__init__(template, *args)
        self.event_number = event_number


class NotFoundError(UserError):
    pass


class EnvironmentError_(EmergenzaError):
    """The environment failed (disk, file, network): not the person's fault."""


class StoreError(EnvironmentError_):
    pass


class IntegrityError_(StoreError):
    pass


class SchemaTooNewError(StoreError):
    pass


class SyncError(EnvironmentError_):
    pass
