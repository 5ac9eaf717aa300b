"""Sync failures, classified so the person reads what to do (Italian, translatable).

Each is a :class:`emergenza.domain.errors.SyncError` and, like every Emergenza error, carries
``template``/``params`` (context "errors"); ``transient`` says whether the engine retries.
"""

from __future__ import annotations

from ..domain.errors import SyncError
from ..domain.text import QT_TRANSLATE_NOOP


class NotEnrolledError(SyncError):
    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Postazione non registrata sul server regionale: eseguire prima «emergenza enroll»."))


class ServerUnreachableError(SyncError):
    transient = True

    def __init__(self, url: str, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Server regionale non raggiungibile ({0}): {1}"),
                         url, detail or QT_TRANSLATE_NOOP("errors", "nessuna risposta"))


class AuthRefusedError(SyncError):
    def __init__(self, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Il server regionale ha rifiutato la postazione ({0}): registrarla di nuovo."), detail)


class EnrollRefusedError(SyncError):
    def __init__(self, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Registrazione rifiutata dal server: {0}"), detail)


class RequestRefusedError(SyncError):
    def __init__(self, status: int, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Il server regionale ha rifiutato la richiesta ({0}): {1}"),
                         status, detail)


class ServerFailureError(SyncError):
    transient = True

    def __init__(self, status: int, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Errore del server regionale ({0}): si riproverà più tardi. {1}"), status, detail)


class BadResponseError(SyncError):
    transient = True

    def __init__(self, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Risposta non valida dal server regionale: {0}"), detail)


class UnexpectedSyncError(SyncError):
    """Anything else that broke a sync round (a bug): reported in one line, retried later."""
    transient = True

    def __init__(self, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP("errors", "Errore imprevisto durante la sincronizzazione: {0}"), detail)


class StationCodeTakenError(SyncError):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Il codice postazione {0} è già usato da un'altra postazione della regione: sceglierne un "
                      "altro (emergenza enroll --station-code CODICE). {1}"), code, detail)
