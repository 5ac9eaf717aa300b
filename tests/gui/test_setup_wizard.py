"""First-run setup wizard: pages, inline validation, what it writes, enrollment (real server)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from emergenza.store import Store
from tests.support.net import free_port
from tests.support.signin import PIN, give_pin

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def _meta(store: Store) -> dict[str, str]:
    return store.meta.all()


@pytest.fixture
def wizard(ctx, qtbot, wait_tasks, http_client):
    from emergenza.gui.station.setup_wizard import SetupWizard

    w = SetupWizard(ctx, http_client)
    qtbot.addWidget(w)
    w.open()
    wait_tasks(ctx)  # meta prefill
    return w


def _next(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _fill_operator(wizard, name="Anna Bianchi", secret="s3greta!", again=None):
    page = wizard.operator_page
    page.operator_name.setText(name)
    page.secret.setText(secret)
    page.secret_again.setText(secret if again is None else again)


def _shown_errors(page) -> dict[str, str]:
    return {name: page.error(name) for name in page._errors if page.error(name)}


def _fill_station(wizard, name="Centrale operativa Bergamo", code="bg02", corps="Polizia Locale di Bergamo"):
    page = wizard.station_page
    page.station_name.setText(name)
    page.station_code.clear()
    page.station_code.textEdited.emit(code)  # as typed: upper-cased on the fly
    page.corps.setEditText(corps)


def test_needs_setup():
    from emergenza.gui.station.setup_wizard import needs_setup

    assert needs_setup({})
    assert needs_setup({"station_code": "BG01", "setup_done": ""})
    assert not needs_setup({"setup_done": "2026-11-24T10:00:00Z"})


def test_full_run_writes_meta_and_first_operator(ctx, wizard, qtbot, wait_tasks):
    from emergenza.gui.station.setup_wizard import needs_setup

    assert needs_setup(ctx.owner.call_blocking(_meta))
    station = wizard.station_page
    # Prefilled from what the store already knows.
    assert station.station_code.text() == "BG01"
    assert station.corps.currentText() == "Polizia Locale di Bergamo"

    _fill_station(wizard)
    assert station.station_code.text() == "BG02"
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.server_page
    _next(qtbot, wizard)  # no server: the app works without one
    assert wizard.currentPage() is wizard.operator_page
    assert wizard.operator_page.role_note.text() == "Ruolo: amministratore"  # the first one always is
    _fill_operator(wizard, "  Anna   Bianchi ")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.units_page
    units = wizard.units_page
    for call_sign in ("Bravo 1", "bravo 1", "Moto 2"):
        units.call_sign.setText(call_sign)
        qtbot.keyClick(units.call_sign, Qt.Key.Key_Return)  # Enter adds the unit typed
    assert [u["call_sign"] for u in units.units()] == ["Bravo 1", "Moto 2"]
    assert units.message.text() == "Unità da aggiungere: 2."
    assert units.list.count() == 2 and units.list.item(1).text() == "Moto 2 (auto)"
    with qtbot.waitSignal(wizard.setup_finished, timeout=10000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    wait_tasks(ctx)
    assert wizard.result() == QWizard.DialogCode.Accepted

    meta = ctx.owner.call_blocking(_meta)
    assert meta["station_name"] == "Centrale operativa Bergamo"
    assert meta["station_code"] == "BG02"
    assert meta["corps"] == "Polizia Locale di Bergamo"
    assert "server_url" not in meta
    assert not needs_setup(meta)
    ops = {op["name"]: (op["role"], op["has_secret"]) for op in ctx.owner.call_blocking(Store.people.operators)}
    assert ops["Anna Bianchi"] == ("administrator", 1)
    # Signed in through the store, on shift, and the units written in her name.
    assert (ctx.operator.name, ctx.operator.role) == ("Anna Bianchi", "administrator")
    assert ctx.owner.call_blocking(lambda s: s.actor.name) == "Anna Bianchi"
    assert ctx.owner.call_blocking(Store.people.current_shift)["operator_name"] == "Anna Bianchi"
    call_signs = {u["call_sign"] for u in ctx.owner.call_blocking(Store.units.overview)}
    assert {"Bravo 1", "Moto 2"} <= call_signs
    # The event numbers now use the station code chosen.
    ev = ctx.owner.call_blocking(Store.events.create, {"type_code": "INC", "municipality_istat": "016024",
                                                      "address": "Via Roma 1", "description": "prova"},
                                 operator="Anna Bianchi")
    assert ev["number"].startswith("BG02-")


def test_station_page_validation_in_italian(wizard, qtbot):
    page = wizard.station_page
    page.station_name.clear()
    page.station_code.setText("1-A")
    page.corps.setEditText("")
    _next(qtbot, wizard)
    assert wizard.currentPage() is page
    errors = _shown_errors(page)
    assert errors == {
        "station_name": "Indicare il nome della postazione.",
        "station_code": "Il codice va da 2 a 8 lettere o cifre e inizia con una lettera (es. BG01).",
        "corps": "Indicare il comando (es. Polizia Locale di Bergamo).",
    }
    _fill_station(wizard)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.server_page
    assert _shown_errors(page) == {}


def test_corps_suggestions_come_from_the_catalog(wizard):
    corps = wizard.station_page.corps
    items = [corps.itemText(i) for i in range(corps.count())]
    assert "Polizia Locale di Bergamo" in items and "Polizia Locale di Milano" in items
    assert len(items) > 1000


def test_server_page_validation_and_later_enrollment(ctx, wizard, qtbot, wait_tasks):
    _fill_station(wizard)
    _next(qtbot, wizard)
    page = wizard.server_page
    page.enroll_code.setText("ABCD-1234")
    _next(qtbot, wizard)
    assert _shown_errors(page) == {"server_url": "Per registrarsi indicare anche l'indirizzo del server."}
    page.server_url.setText("ftp://server")
    _next(qtbot, wizard)
    assert "Indirizzo non valido" in _shown_errors(page)["server_url"]
    assert wizard.currentPage() is page

    page.enroll_code.clear()
    page.server_url.setText("https://emergenza.regione.example/")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.operator_page
    assert "più tardi" in page.note.text() and "emergenza enroll" in page.note.text()
    _fill_operator(wizard, "Luca Verdi")
    _next(qtbot, wizard)
    with qtbot.waitSignal(wizard.setup_finished, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_tasks(ctx)
    meta = ctx.owner.call_blocking(_meta)
    assert meta["server_url"] == "https://emergenza.regione.example"
    assert "token" not in meta


def test_operator_page_validation(ctx, wizard, qtbot, wait_tasks):
    _fill_station(wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    page = wizard.operator_page
    _next(qtbot, wizard)
    assert wizard.isVisible() and wizard.currentPage() is page
    assert _shown_errors(page) == {"operator_name": "Indicare il nome dell'operatore.",
                                   "secret": "Indicare una password o un PIN."}
    _fill_operator(wizard, "Anna Bianchi", "123")
    _next(qtbot, wizard)
    assert _shown_errors(page) == {"secret": "Password o PIN troppo corto (almeno 4 caratteri)."}
    _fill_operator(wizard, "Anna Bianchi", "1234", again="1243")
    _next(qtbot, wizard)
    assert _shown_errors(page) == {"secret_again": "Le due password non coincidono."}
    page.secret_again.setText("1234")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.units_page
    assert "setup_done" not in ctx.owner.call_blocking(_meta)


def test_default_station_code_is_refused(wizard, qtbot):
    _fill_station(wizard, code="pl01")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.station_page
    assert _shown_errors(wizard.station_page) == {"station_code": (
        "PL01 è il codice predefinito, non quello di una postazione: indicare il codice assegnato a questa "
        "(es. BG01).")}


def test_existing_operator_is_not_duplicated(ctx, wizard, qtbot, wait_tasks):
    _fill_station(wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    give_pin(ctx.owner, ctx.owner.test_operator["id"])
    _fill_operator(wizard, "mario rossi", PIN)  # already in the store: signed in with his PIN
    _next(qtbot, wizard)
    with qtbot.waitSignal(wizard.setup_finished, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_tasks(ctx)
    names = [op["name"] for op in ctx.owner.call_blocking(Store.people.operators)]
    assert names == ["Mario Rossi"]
    assert ctx.operator.name == "Mario Rossi"


def test_enrollment_failure_is_shown_inline_then_skippable(ctx, wizard, qtbot, wait_tasks):
    _fill_station(wizard)
    _next(qtbot, wizard)
    page = wizard.server_page
    page.server_url.setText(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    page.enroll_code.setText("ABCD1234")
    _next(qtbot, wizard)
    wait_tasks(ctx, timeout=15000)
    assert wizard.currentPage() is page
    error = _shown_errors(page)["enroll_code"]
    assert error.startswith("Registrazione non riuscita:") and "più tardi" in error
    page.enroll_code.clear()
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.operator_page


@pytest.fixture
def regional_server(server):
    """The real regional server on 127.0.0.1 (SQLite), with one station to enroll."""
    return server.url, server.enrollment_code("Polizia Locale di Bergamo", "Sala BG")


def test_enrollment_against_the_real_server(ctx, wizard, qtbot, wait_tasks, regional_server):
    url, code = regional_server
    _fill_station(wizard)
    _next(qtbot, wizard)
    page = wizard.server_page
    page.server_url.setText(url)
    page.enroll_code.setText(code)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.operator_page, timeout=15000)
    assert page.enrolled_with == (url, code)
    _fill_operator(wizard, "Anna Bianchi")
    _next(qtbot, wizard)
    with qtbot.waitSignal(wizard.setup_finished, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_tasks(ctx)
    meta = ctx.owner.call_blocking(_meta)
    assert meta["server_url"] == url
    assert meta.get("token") and meta.get("station_id")


def test_units_from_a_csv_file_are_imported_at_the_end(ctx, wizard, qtbot, wait_tasks, tmp_path):
    csv = tmp_path / "unita.csv"
    csv.write_text("tipo;nominativo;targa\nauto;Delta 1;AB123CD\nmoto;Delta 2;\n", encoding="utf-8")
    _fill_station(wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _fill_operator(wizard)
    _next(qtbot, wizard)
    page = wizard.units_page
    chooser = page.choose_csv()
    assert chooser.isVisible()
    chooser.reject()
    page.set_csv(str(csv))
    assert page.message.text() == f"Alla fine saranno importate anche le unità di {csv}."
    with qtbot.waitSignal(wizard.setup_finished, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_tasks(ctx)
    units = {u["call_sign"]: u for u in ctx.owner.call_blocking(Store.units.overview)}
    assert units["Delta 1"]["plate"] == "AB123CD" and units["Delta 2"]["kind"] == "motorbike"


def test_the_wizard_sets_a_store_up_as_emergenza_init_does(tmp_path, catalogs):
    """One way to set a station up (store/setup.py): what the wizard writes and what
    ``emergenza init`` writes differ only in the shift the wizard opens for its amministratore."""
    import sqlite3

    from emergenza.domain.roles import NOBODY
    from emergenza.gui.station.setup_wizard import apply_setup
    from emergenza.store.setup import StationSetup
    from tests.support.cli import run_emergenza

    proc = run_emergenza("init", "--db", tmp_path / "cli.db", "--corps", "Polizia Locale di Bergamo",
                         "--station-code", "bg07", "--admin", "Anna Bianchi", "--station-name", "Centrale BG",
                         "--password-stdin", stdin=f"{PIN}\n")
    assert proc.returncode == 0, proc.stderr
    store = Store.open(tmp_path / "app.db", catalogs)  # as the app opens a new store: acting for nobody
    try:
        store.act_as(NOBODY)
        apply_setup(store, StationSetup("Centrale BG", "BG07", "Polizia Locale di Bergamo", "Anna Bianchi", PIN))
    finally:
        store.close()

    def written(name: str) -> dict[str, object]:
        conn = sqlite3.connect(tmp_path / name)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            return {"meta": {k: meta[k] for k in ("station_name", "station_code", "corps")},
                    "meta_keys": sorted(meta),
                    "operators": conn.execute("SELECT o.name, o.role, o.active, s.secret_hash IS NOT NULL "
                                              "FROM operators o JOIN operator_secrets s ON s.operator_id = o.id"
                                              ).fetchall(),
                    "audit": conn.execute("SELECT operator, action, entity FROM audit ORDER BY seq").fetchall()}
        finally:
            conn.close()

    by_cli, by_app = written("cli.db"), written("app.db")
    assert by_app["audit"][-1] == ("Anna Bianchi", "shift.start", "shifts")
    assert by_cli == {**by_app, "audit": by_app["audit"][:-1]}
    assert by_cli["operators"] == [("Anna Bianchi", "administrator", 1, 1)]
