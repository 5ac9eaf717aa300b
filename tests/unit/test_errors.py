"""One message mechanism for every Emergenza error: an Italian template plus its
parameters; ``str()`` is the filled Italian text the CLI prints."""

from __future__ import annotations

import inspect

from emergenza.domain import errors
from emergenza.domain.errors import (
    EmergenzaError,
    EnvironmentFailure,
    FieldError,
    StoreError,
    StoreIntegrityError,
    SyncError,
    UnitBusyError,
    UserError,
    ValidationError,
)
from emergenza.sync import errors as sync_errors
from emergenza.sync.errors import BadResponseError, RequestRefusedError, ServerFailureError, ServerUnreachableError


def test_template_and_params_are_kept_and_str_is_the_filled_text():
    exc = StoreIntegrityError("l'archivio {0} è danneggiato: {1}", "a.db", "pagina 3")
    assert (exc.template, exc.params) == ("l'archivio {0} è danneggiato: {1}", ("a.db", "pagina 3"))
    assert str(exc) == "l'archivio a.db è danneggiato: pagina 3"
    assert isinstance(exc, StoreError) and isinstance(exc, EnvironmentFailure)


def test_without_params_the_template_is_the_message_as_it_is():
    exc = UserError("parentesi {graffe}")
    assert str(exc) == exc.template == "parentesi {graffe}" and exc.params == ()


def test_sync_failures_carry_template_params_and_whether_to_retry():
    exc = RequestRefusedError(409, "scrittura concorrente")
    assert exc.params == (409, "scrittura concorrente")
    assert str(exc) == exc.template.format(409, "scrittura concorrente")
    assert isinstance(exc, SyncError) and not exc.transient
    assert ServerFailureError(503).transient and ServerUnreachableError("u").transient
    assert BadResponseError("x").transient


def test_every_sync_failure_is_a_sync_error():
    kinds = [c for _, c in inspect.getmembers(sync_errors, inspect.isclass) if c.__module__ == sync_errors.__name__]
    assert len(kinds) >= 7 and all(issubclass(c, SyncError) for c in kinds)


def test_validation_and_unit_busy_keep_their_extras():
    exc = ValidationError([FieldError("text", "L'annotazione è vuota.")])
    assert exc.for_field("text") == ["L'annotazione è vuota."] and str(exc) == exc.template
    assert str(ValidationError([])) == "dati non validi"
    busy = UnitBusyError("L'unità {0} è già impegnata sull'intervento {1}.", "Alfa 1", "2025/7", event_number="2025/7")
    assert busy.params == ("Alfa 1", "2025/7") and busy.event_number == "2025/7"


def test_every_error_class_takes_a_template():
    for _, cls in inspect.getmembers(errors, inspect.isclass):
        own_signature = (ValidationError, errors.PermissionDeniedError, errors.RowsError)
        if issubclass(cls, EmergenzaError) and cls not in own_signature:
            exc = cls("modello {0}", 1)
            assert (str(exc), exc.params) == ("modello 1", (1,)), cls


def test_a_refusal_names_the_role_needed():
    exc = errors.PermissionDeniedError("close", "coordinatore")
    assert exc.params == ("coordinatore",) and "«coordinatore»" in str(exc) and exc.action == "close"
