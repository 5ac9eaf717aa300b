"""Sync failures, classified so the person reads what to do (Italian, translatable).

Each carries ``template``/``args_`` like :class:`emergenza.errors.UserError`, so the GUI
translates them (context "errors") before filling in the values.
"""

from __future__ import annotations

from ..domain.text import QT_TRANSLATE_NOOP
from ..errors import SyncError


class _SyncFailure(SyncError):
    transient = False  # worth retrying by itself, with backoff

    def __init__(self, template: str, *args: object):
        self.template = template
        self.args_ = args
        super().__init__(template.format(*args) if args else template)


class NotEnrolledError(_SyncFailure):
    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Postazione non registrata sul server regionale: eseguire prima «emergenza enroll»."))


class ServerUnreachableError(_SyncFailure):
    transient = True

    def __init__(self, url: str, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Server regionale non raggiungibile ({0}): {1}"),
                         url, detail or QT_TRANSLATE_NOOP("errors", "nessuna risposta"))


class AuthRefusedError(_SyncFailure):
    def __init__(self, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Il server regionale ha rifiutato la postazione ({0}): registrarla di nuovo."), detail)


class EnrollRefusedError(_SyncFailure):
    def __init__(self, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Registrazione rifiutata dal server: {0}"), detail)


class RequestRefusedError(_SyncFailure):
    def __init__(self, status: int, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Il server regionale ha rifiutato la richiesta ({0}): {1}"),
                         status, detail)


class ServerFailureError(_SyncFailure):
    transient = True

    def __init__(self, status: int, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Errore del server regionale ({0}): si riproverà più tardi. {1}"), status, detail)


class BadResponseError(_SyncFailure):
    transient = True

    def __init__(self, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Risposta non valida dal server regionale: {0}"), detail)
