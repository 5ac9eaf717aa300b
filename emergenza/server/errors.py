"""Every failure of a request becomes a JSON ``{"detail": "<Italian message>"}``.

Bad input is always a 4xx; a database that is down is a 503; anything else is a bug,
logged with its traceback and answered with a generic 500.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..domain.text import QT_TRANSLATE_NOOP as N_
from ..sync.protocol import MAX_CHANGES_PER_PUSH
from .accounts import AuthError

log = logging.getLogger(__name__)


class AsciiJSONResponse(JSONResponse):
    """JSON that any client can decode: ASCII-escaped (a lone surrogate someone pushed
    cannot break the encoding) and never NaN."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> AsciiJSONResponse:
    return AsciiJSONResponse({"detail": message}, status_code=status, headers=headers)


_TYPE_MESSAGES = {
    "missing": N_("errors", "campo obbligatorio mancante"),
    "extra_forbidden": N_("errors", "campo non previsto"),
    "json_invalid": N_("errors", "JSON non valido"),
    "json_type": N_("errors", "JSON non valido"),
    "string_pattern_mismatch": N_("errors", "formato non valido"),
    "string_too_long": N_("errors", "testo troppo lungo"),
    "string_too_short": N_("errors", "testo troppo corto"),
    "too_long": N_("errors", "troppi elementi"),
    "too_short": N_("errors", "troppo pochi elementi"),
    "literal_error": N_("errors", "valore non ammesso"),
    "dict_type": N_("errors", "atteso un oggetto JSON"),
    "model_type": N_("errors", "atteso un oggetto JSON"),
    "model_attributes_type": N_("errors", "atteso un oggetto JSON"),
    "list_type": N_("errors", "attesa una lista"),
    "string_type": N_("errors", "atteso un testo"),
    "int_type": N_("errors", "atteso un numero intero"),
    "int_parsing": N_("errors", "atteso un numero intero"),
    "int_parsing_size": N_("errors", "numero troppo grande"),
    "greater_than_equal": N_("errors", "valore troppo piccolo"),
    "less_than_equal": N_("errors", "valore troppo grande"),
    "finite_number": N_("errors", "numero non finito"),
    "value_error": N_("errors", "testo non valido"),
}


def _where(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "header", "path")]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text


def validation_message(errors: list[dict]) -> str:
    described = []
    for err in errors[:3]:
        what = _TYPE_MESSAGES.get(err.get("type", ""))
        if what is None:
            # Union of scalar types (fields values): say what is allowed rather than list each miss.
            what = N_("errors", "valore non ammesso (solo testo, numero, vero/falso o null)") \
                if "fields" in err.get("loc", ()) else N_("errors", "valore non valido")
        elif err.get("type") == "value_error" and tuple(err.get("loc", ()))[-1:] == ("fields",):
            what = N_("errors", "valore non ammesso: solo «_base» può essere un oggetto")
        where = _where(tuple(err.get("loc", ())))
        described.append(f"{where}: {what}" if where else what)
    more = len(errors) - 3
    suffix = f" (e altri {more} errori)" if more > 0 else ""
    return N_("errors", "richiesta non valida") + ": " + "; ".join(dict.fromkeys(described)) + suffix


_STATUS_MESSAGES = {
    400: N_("errors", "richiesta non valida"),
    401: N_("errors", "autenticazione richiesta"),
    403: N_("errors", "operazione non consentita"),
    404: N_("errors", "risorsa non trovata"),
    405: N_("errors", "metodo non consentito per questo indirizzo"),
    413: N_("errors", "richiesta troppo grande"),
    415: N_("errors", "il corpo della richiesta deve essere JSON"),
}


# Details FastAPI writes itself, in English (a body its JSON parser failed on: nested too deep).
_FRAMEWORK_DETAILS = ("There was an error parsing the body",)


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _on_invalid(_request: Request, exc: RequestValidationError):
        errors = list(exc.errors())
        for err in errors:
            if err.get("type") == "too_long" and tuple(err.get("loc", ())) == ("body", "changes"):
                return error(413, N_("errors", "troppe modifiche in un lotto: al massimo {0}")
                             .format(MAX_CHANGES_PER_PUSH))
        # Unicode errors inside the framework's JSON parsing arrive here as json_invalid too.
        return error(422, validation_message(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(_request: Request, exc: StarletteHTTPException):
        # The framework's own exceptions carry the English reason phrase (or a sentence of
        # its own): replace it.
        english = (HTTPStatus(exc.status_code).phrase, *_FRAMEWORK_DETAILS)
        own = isinstance(exc.detail, str) and exc.detail not in english
        detail = exc.detail if own else _STATUS_MESSAGES.get(exc.status_code, N_("errors", "richiesta non valida"))
        return error(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(AuthError)
    async def _on_auth(_request: Request, exc: AuthError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error(exc.status, exc.message, headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)  # every pooled connection busy for too long
    async def _on_db_down(_request: Request, exc: Exception):
        log.error("database unavailable: %s", exc)
        return error(503, N_("errors", "database del server non disponibile: riprovare più tardi"),
                     headers={"Retry-After": "5"})

    @app.exception_handler(IntegrityError)
    async def _on_integrity(_request: Request, exc: IntegrityError):
        log.warning("write conflict: %s", exc)
        return error(409, N_("errors", "scrittura concorrente sugli stessi dati: riprovare"))

    @app.exception_handler(Exception)
    async def _on_bug(_request: Request, exc: Exception):
        log.exception("unexpected error", exc_info=exc)
        return error(500, N_("errors", "errore interno del server"))
