"""The exception tree of Emergenza.

    EmergenzaError                  base of everything we raise on purpose
    ├── UserError                   the person's input is wrong: show the message, change nothing
    │   ├── ValidationError         field-level errors (``.errors``: list of FieldError)
    │   ├── RowsError               rows of an imported file (``.rows``: line, message); nothing imported
    │   ├── TransitionError         a lifecycle step that is not allowed
    │   ├── UnitBusyError           the unit is already on another active event
    │   ├── NotFoundError           the id/number named does not exist
    │   ├── PermissionDeniedError   the signed-in role may not do this (audited)
    │   └── SignInRefusedError      wrong password/PIN, or still waiting after wrong ones
    ├── EnvironmentFailure          the machine's fault: disk, file, network, server
    │   ├── StoreError              the local database cannot be opened/used
    │   │   ├── StoreIntegrityError the file is damaged or the audit chain is broken
    │   │   └── SchemaTooNewError   the file was written by a newer Emergenza
    │   └── SyncError               the regional server cannot be reached or refused us
    │                               (the kinds: emergenza.sync.errors)
    └── (anything else is a bug: it is logged with its traceback)

One message mechanism for all of them: each carries ``template``, the untranslated
Italian text with ``{0}``-style slots (marked ``QT_TRANSLATE_NOOP("errors", ...)`` where
it is written, so lupdate collects it), and ``params``, the values for the slots.
``str(exc)`` is the filled Italian text (what the CLI prints); the GUI translates the
template first (``emergenza.gui.i18n.error_text``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import QT_TRANSLATE_NOOP


class EmergenzaError(Exception):
    """Base class of every error Emergenza raises on purpose.

    ``template``: untranslated Italian text with ``{0}``-style slots; ``params``: their
    values. Without params the template is the message as it is (braces included).
    """

    def __init__(self, template: str, *params: object):
        self.template = template
        self.params = params
        super().__init__(template.format(*params) if params else template)


class UserError(EmergenzaError):
    """Wrong input: report it to the person, nothing was written."""


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str  # marked for context "validation"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(UserError):
    """Field-level errors; the GUI shows each message (context "validation") by its field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors)
                         or QT_TRANSLATE_NOOP("errors", "dati non validi"))

    def for_field(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]


class RowsError(UserError):
    """Bad rows of an imported file, by line number; nothing of the file was imported."""

    ROW = QT_TRANSLATE_NOOP("errors", "riga {0}: {1}")

    def __init__(self, rows: list[tuple[int, str]]):
        self.rows = list(rows)
        super().__init__(QT_TRANSLATE_NOOP("errors", "Nessuna unità importata. {0}"),
                         "; ".join(self.ROW.format(line, message) for line, message in self.rows))


class PermissionDeniedError(UserError):
    """The acting role may not perform the action; the refusal is in the audit trail."""

    def __init__(self, action: str, required_role_label: str):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Operazione non consentita: serve il ruolo «{0}» o superiore."),
                         required_role_label)
        self.action = action


class ObserverReadOnlyError(PermissionDeniedError):
    """The store is an observer's read-only board: no write, whatever the role."""

    TEMPLATE = QT_TRANSLATE_NOOP("errors", "Postazione di sola consultazione (osservatore): non si possono fare "
                                           "modifiche.")

    def __init__(self, template: str = TEMPLATE, *params: object, action: str = ""):
        UserError.__init__(self, template, *params)
        self.action = action


class SignInRefusedError(UserError):
    """Sign-in refused (audited). ``wait_s``: seconds before the next attempt is accepted."""

    def __init__(self, template: str, *params: object, wait_s: int = 0):
        super().__init__(template, *params)
        self.wait_s = wait_s


class TransitionError(UserError):
    """A status change that the lifecycle does not allow."""


class UnitBusyError(UserError):
    """The unit already has an active assignment on another event."""

    def __init__(self, template: str, *params: object, event_number: str | None = None):
        super().__init__(template, *params)
        self.event_number = event_number


class NotFoundError(UserError):
    pass


class EnvironmentFailure(EmergenzaError):
    """The environment failed (disk, file, network): not the person's fault."""


class StoreError(EnvironmentFailure):
    pass


class StoreIntegrityError(StoreError):
    pass


class SchemaTooNewError(StoreError):
    pass


class SyncError(EnvironmentFailure):
    """A sync that failed; the kinds are in :mod:`emergenza.sync.errors`."""

    transient = False  # worth retrying by itself, with backoff
