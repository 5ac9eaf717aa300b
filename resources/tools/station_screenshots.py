"""Screenshots of the station windows for the README (offscreen, a small demo store):

    python resources/tools/station_screenshots.py [resources/screenshots]

Writes units_registry.png, unit_dialog.png, crew.png, operators.png, sign_in.png,
enroll.png, setup_operator.png, setup_units.png, catalogs.png, dispatch.png (the event
detail's "Collegamenti ed enti" tab), territory.png and sync_issues.png (non condivise,
in quarantena, in attesa). The demo operators sign in with
their PIN (store/demo_data.py DEMO_PIN), as the real ones do.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from emergenza.config import Paths
from emergenza.domain.roles import NOBODY
from emergenza.gui.catalogs.window import CatalogsWindow
from emergenza.gui.context import AppContext, DataSignals, Operator
from emergenza.gui.events.detail import EventDetail
from emergenza.gui.map.feed import MapFeed
from emergenza.gui.station.enroll_dialog import EnrollDialog
from emergenza.gui.station.operator_dialog import OperatorDialog, SignInMode
from emergenza.gui.station.operators_window import OperatorsWindow
from emergenza.gui.station.setup_wizard import SetupWizard
from emergenza.gui.sync.quarantine_view import QuarantineWindow
from emergenza.gui.tasks import TaskRunner
from emergenza.gui.territory.registry_window import TerritoryWindow
from emergenza.gui.units.crews_dialog import CrewDialog
from emergenza.gui.units.registry_dialog import UnitDialog
from emergenza.gui.units.registry_window import UnitsRegistryWindow
from emergenza.resources import default_catalogs
from emergenza.store import Store, StoreOwner, demo
from emergenza.store.demo_data import DEMO_PIN

# Bergamo: a park, the station square, two cameras and a gate (what a station would import).
PARK = [[[(9.6585, 45.7040), (9.6655, 45.7040), (9.6655, 45.7085), (9.6585, 45.7085), (9.6585, 45.7040)]]]
STATION = [[[(9.6735, 45.6895), (9.6785, 45.6895), (9.6785, 45.6925), (9.6735, 45.6925), (9.6735, 45.6895)]]]
CAMERAS = ("nome;tipo;lat;lon;direzione;proprietario;tipo_proprietario;stato;richiesta_filmati\n"
           "Varco Seriate Est;varco;45,6800;9,7200;verso Bergamo;Comune di Seriate;comune;funzionante;"
           "PEC protocollo@comune.seriate.bg.it\n"
           "Piazza Pontida;telecamera;45.6960;9.6680;;Bar Roma;privato;;telefono al titolare\n"
           "Stazione FS ingresso;telecamera;45.6905;9.6760;piazzale;RFI;privato;guasta;richiesta scritta a RFI\n")


def dispatch_example(store: Store) -> str:
    """A major event with two events under it and two agencies: returns the major's id."""
    active = [e for e in store.search.find("") if e["status"] in ("waiting", "assigned", "on_scene")][:3]
    major, *children = active
    for child in children:
        store.events.link(child["id"], major["id"], operator="Sala operativa")
    store.events.record_agency(major["id"], "VVF", "requested", operator="Sala operativa")
    store.events.record_agency(major["id"], "AREU", "informed", operator="Sala operativa")
    return major["id"]


def territory_example(store: Store) -> None:
    store.areas.add({"name": "Parco della Trucca", "category": "parco", "shape": PARK, "watch_count": 3,
                     "watch_hours": 6}, operator="Sala operativa")
    store.areas.add({"name": "Stazione FS", "category": "stazione", "shape": STATION, "sharing": "shared"},
                    operator="Sala operativa")
    store.cameras.import_csv(CAMERAS, operator="Sala operativa")


def sync_issues_example(store: Store) -> None:
    """One change the server refused (kept locally, non condivisa) and one received change in
    quarantine, through the store's own calls (as the sync writes them)."""
    pending = store.outbox.pending(2)
    store.outbox.ack([pending[0]["change_id"]], refused={
        pending[0]["change_id"]: "Intervento di un altro comando: questa postazione non può modificarlo."})
    with store.transaction():
        store.sync_issues.quarantine({"change_id": "0192f0c2-7c1e-7000-8000-00000000beef", "entity": "journal",
                                      "entity_id": "0192f0c2-7c1e-7000-8000-00000000cafe", "fields": {}},
                                     "Intervento a cui si riferisce non valido in questo archivio.")


def context(owner: StoreOwner, folder: Path) -> AppContext:
    return AppContext(owner=owner, catalogs=default_catalogs(), tasks=TaskRunner(), signals=DataSignals(),
                      settings=QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat),
                      paths=Paths(folder))


async def shoot(ctx: AppContext, widget: QWidget, target: Path, size: tuple[int, int] | None = None, *,
                keep: bool = False) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    for _ in range(20):  # let the background reads land
        await asyncio.sleep(0.05)
    while ctx.tasks.running:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    widget.grab().save(str(target), "PNG")
    print(target)
    if not keep:
        widget.close()


async def main(out: Path) -> None:
    folder = Path(tempfile.mkdtemp())
    db = folder / "demo.db"
    demo.generate(db, events=300)
    owner = StoreOwner(lambda: Store.open(db, default_catalogs()))
    ctx = context(owner, folder)
    admin = await owner.call(lambda s: next(o for o in s.people.operators() if o["role"] == "administrator"))
    await owner.call(Store.people.sign_in, admin["id"], DEMO_PIN)
    ctx.set_operator(Operator(admin["id"], admin["name"], admin["role"]))
    units = await owner.call(Store.units.registry)
    unit = next(u for u in units if u["active"])
    async with httpx.AsyncClient() as client:
        registry = UnitsRegistryWindow(ctx)
        await shoot(ctx, registry, out / "units_registry.png", (900, 480))
        await shoot(ctx, UnitDialog(ctx, unit), out / "unit_dialog.png")
        crew = CrewDialog(ctx, unit)
        crew.members.setPlainText("Mario Rossi; 1234\nLaura Verdi; 2201")
        await shoot(ctx, crew, out / "crew.png")
        await shoot(ctx, OperatorsWindow(ctx), out / "operators.png", (640, 380))
        await shoot(ctx, OperatorDialog(ctx, mode=SignInMode.STARTUP), out / "sign_in.png")
        enroll = EnrollDialog(ctx, client)
        enroll.server_url.setText("https://emergenza.regione.example")
        await shoot(ctx, enroll, out / "enroll.png")

        await shoot(ctx, CatalogsWindow(ctx), out / "catalogs.png", (900, 560))
        major = await owner.call(dispatch_example)
        detail = EventDetail(ctx)
        detail.show_event(major)
        detail.tabs.setCurrentWidget(detail.dispatch)
        await shoot(ctx, detail, out / "dispatch.png", (1000, 640))
        await owner.call(territory_example)
        feed = MapFeed(ctx)
        await shoot(ctx, TerritoryWindow(ctx, feed), out / "territory.png", (960, 560))
        await owner.call(sync_issues_example)
        issues = QuarantineWindow(ctx)
        issues.reload()
        await shoot(ctx, issues, out / "sync_issues.png", (860, 380))

        fresh_db = folder / "fresh.db"

        def open_fresh() -> Store:
            store = Store.open(fresh_db, default_catalogs())
            store.act_as(NOBODY)
            return store

        fresh_owner = StoreOwner(open_fresh)
        fresh = context(fresh_owner, folder)
        wizard = SetupWizard(fresh, client)
        wizard.show()
        await asyncio.sleep(0.3)
        wizard.station_page.station_name.setText("Centrale operativa Bergamo")
        wizard.station_page.station_code.setText("BG07")
        wizard.station_page.corps.setEditText("Polizia Locale di Bergamo")
        for page in (wizard.server_page, wizard.operator_page):
            wizard.next()
            await asyncio.sleep(0.1)
            assert wizard.currentPage() is page, wizard.currentPage()
        wizard.operator_page.operator_name.setText("Anna Bianchi")
        wizard.operator_page.secret.setText("2468")
        wizard.operator_page.secret_again.setText("2468")
        await shoot(fresh, wizard, out / "setup_operator.png", keep=True)
        wizard.next()
        await asyncio.sleep(0.1)
        for call_sign, kind in (("Alfa 1", "car"), ("Alfa 2", "car"), ("Moto 1", "motorbike")):
            wizard.units_page.add_unit(call_sign, kind)
        await shoot(fresh, wizard, out / "setup_units.png")
        fresh.tasks.cancel_all()
        fresh_owner.close()
    ctx.tasks.cancel_all()
    owner.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # each window is shot, then closed: the script ends by itself
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(main(target))
