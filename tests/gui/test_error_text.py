"""Every Emergenza error reaches the person in the interface's language: the GUI
translates the error's Italian template (context "errors") and fills in its parameters."""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from emergenza.domain.errors import SchemaTooNewError, StoreError, UserError
from emergenza.store import backup as store_backup
from emergenza.store import database
from emergenza.store.schema import SCHEMA_VERSION
from emergenza.sync.engine import classify
from emergenza.sync.errors import ServerUnreachableError

URL = "http://127.0.0.1:9/v1/sync/pull"



def _newer_store(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def test_sync_failure_is_shown_in_english(english):
    from emergenza.gui.i18n import error_text

    exc = classify(httpx.ConnectError("connection refused"), URL)
    assert isinstance(exc, ServerUnreachableError)
    assert str(exc) == f"Server regionale non raggiungibile ({URL}): ConnectError"  # the CLI's text
    assert error_text(exc) == f"Regional server unreachable ({URL}): ConnectError"
    # A marked parameter (the default detail) is translated too.
    assert error_text(ServerUnreachableError(URL)) == f"Regional server unreachable ({URL}): no answer"


def test_store_errors_are_shown_in_english(english, tmp_path):
    from emergenza.gui.i18n import error_text

    newer = tmp_path / "newer.db"
    _newer_store(newer)
    db = database.connect(newer)
    try:
        with pytest.raises(SchemaTooNewError) as too_new:
            database.migrate(db)
    finally:
        db.close()
    assert str(too_new.value).startswith(f"l'archivio ha schema {SCHEMA_VERSION + 1}, questa versione")
    assert error_text(too_new.value) == (f"the store has schema {SCHEMA_VERSION + 1}, this version of Emergenza "
                                         f"knows up to {SCHEMA_VERSION}: update the program")

    missing = tmp_path / "nessuna-copia.db"
    with pytest.raises(StoreError) as not_found:
        store_backup.restore(missing, tmp_path / "station.db")
    assert str(not_found.value) == f"copia di sicurezza non trovata: {missing}"
    assert error_text(not_found.value) == f"backup not found: {missing}"


def test_without_the_english_translator_the_italian_text_is_shown(qapp):
    from emergenza.gui.i18n import error_text

    exc = ServerUnreachableError(URL)
    assert error_text(exc) == str(exc) == f"Server regionale non raggiungibile ({URL}): nessuna risposta"


def test_unmarked_texts_and_broken_templates_fall_back_to_the_italian(english):
    from emergenza.gui.i18n import error_text

    assert error_text(UserError("testo non marcato {0}", "x")) == "testo non marcato x"
    assert error_text(UserError("parentesi {graffe} senza parametri")) == "parentesi {graffe} senza parametri"
    # An enum label passed as a parameter is shown in English.
    assert error_text(UserError("Passaggio di stato non consentito: da «{0}» a «{1}».", "nuovo", "chiuso")) \
        == "Status change not allowed: from “new” to “closed”."
