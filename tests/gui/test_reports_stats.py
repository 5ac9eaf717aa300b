"""The statistics window on a store written through its normal path: the figures shown are
``reports.statistics.compute``'s, requests coalesce, the models pass Qt's tester, the charts
paint, export writes a PDF and an Excel-Italian CSV, the print preview renders to a PDF printer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QAbstractItemModelTester

from emergenza.reports import projection, statistics
from emergenza.reports.formats import pdf_text
from emergenza.reports.localtime import local
from emergenza.reports.source import StationSource
from emergenza.reports.statistics import StatsQuery
from emergenza.store import Store
from tests.support.report_files import csv_block, read_csv
from tests.support.report_files import pdf_text as pdf_to_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture(autouse=True)
def responsabile_on_shift(ctx):
    """Reports need the role responsabile (Action.RUN_REPORTS): the operator on shift has it."""
    from emergenza.gui.context import Operator

    ctx.operator = Operator(ctx.operator.id, ctx.operator.name, "supervisor")

OP = "Mario Rossi"


def today() -> date:
    return local(datetime.now(UTC)).date()


@pytest.fixture
def seeded(gui_owner, make_event, unit_ids, catalogs):
    """Five events of the last hour: a closed red one with a unit cleared, a green one with a
    unit on scene, a cancelled white one elsewhere, one still new, and an exercise."""
    seriate = catalogs.search_municipalities("Seriate")[0].istat
    call = gui_owner.call_blocking

    a = make_event(type_code="INC.FERITI", channel="phone", ago_s=50 * 60)
    asg = call(Store.units.assign, a["id"], unit_ids["Alfa 1"], operator=OP)
    for _step in range(3):  # en route, on scene, free
        call(Store.units.advance, asg["id"], operator=OP)
    call(Store.events.change_status, a["id"], "closed", operator=OP, outcome="Soccorsi i feriti.")

    b = make_event(type_code="INC.DANNI", channel="nue112", nue_contact_id="NUE-2026-000123", ago_s=40 * 60)
    asg = call(Store.units.assign, b["id"], unit_ids["Alfa 2"], operator=OP)
    call(Store.units.advance, asg["id"], operator=OP)
    call(Store.units.advance, asg["id"], operator=OP)

    c = make_event(type_code="VIA.SOSTA", channel="radio", municipality_istat=seriate, ago_s=30 * 60)
    call(Store.events.change_status, c["id"], "cancelled", operator=OP, note="Segnalazione duplicata.")
    make_event(type_code="VIA.OSTACOLO", channel="phone", ago_s=20 * 60)
    make_event(type_code="INC.FERITI", channel="phone", ago_s=10 * 60, exercise=1)
    return {"seriate": seriate}


def expected(gui_owner, query: StatsQuery) -> statistics.Statistics:
    return gui_owner.call_blocking(lambda store: statistics.compute(StationSource.from_store(store), query))


@pytest.fixture
def window(ctx, qtbot, wait_tasks):
    from emergenza.gui.reports.stats_window import StatisticsWindow

    w = StatisticsWindow(ctx)
    qtbot.addWidget(w)
    yield w
    w.close()
    wait_tasks(ctx)


def recent_period(window, qtbot) -> StatsQuery:
    """Yesterday and today: the seeded events whatever the hour the test runs at."""
    with qtbot.waitSignal(window.computed, timeout=10000):
        window.filters.set_period(today() - timedelta(days=1), today())
    return window.shown_query


def shown_counts(model) -> list[tuple[str, int]]:
    return model.counts()


def assert_same_figures(shown: statistics.Statistics, want: statistics.Statistics) -> None:
    """Equal, but for the time units are engaged "up to now": computed a moment later, a
    unit still on an event has been engaged a little longer in ``want``."""
    for name in ("query", "total", "closed", "cancelled", "still_open", "by_type", "by_priority",
                 "by_municipality", "by_channel", "by_hour", "by_weekday", "response"):
        assert getattr(shown, name) == getattr(want, name), name
    assert [(u.call_sign, u.assignments) for u in shown.units] == [(u.call_sign, u.assignments) for u in want.units]
    for a, b in zip(shown.units, want.units, strict=False):
        assert a.busy_s <= b.busy_s


def test_default_period_is_the_current_month(ctx, qtbot):
    from emergenza.gui.reports.stats_filters import StatsFilters

    filters = StatsFilters(ctx, today=date(2024, 2, 17))
    qtbot.addWidget(filters)
    q = filters.query()
    assert (q.date_from, q.date_to) == (date(2024, 2, 1), date(2024, 2, 29))
    assert not q.include_exercises and q.type_code is q.priority is q.municipality_istat is q.channel is None
    filters.preset.setCurrentIndex(filters.preset.findData("last_month"))
    assert (filters.query().date_from, filters.query().date_to) == (date(2024, 1, 1), date(2024, 1, 31))
    filters.preset.setCurrentIndex(filters.preset.findData("last_year"))
    assert (filters.query().date_from, filters.query().date_to) == (date(2023, 1, 1), date(2023, 12, 31))


def test_the_window_has_the_owner_project_new_events_before_it_reads(window, seeded, gui_owner, qtbot):
    """Schema v20: the events just written wait for the owner to project them into the
    statistics projection (between calls, when idle); a request has it project them first, so
    the worker reads the projection, whole."""
    assert gui_owner.call_blocking(Store.maintenance.statistics_behind) > 0
    window.show()
    query = recent_period(window, qtbot)
    assert gui_owner.call_blocking(Store.maintenance.statistics_behind) == 0
    assert gui_owner.call_blocking(lambda store: projection.available(StationSource.from_store(store)))
    assert_same_figures(window.statistics, expected(gui_owner, query))


def test_the_window_shows_what_compute_gives(window, seeded, gui_owner, qtbot):
    testers = [QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal) for m in (
        window.by_type.model, window.by_priority.model, window.by_municipality.model, window.by_channel.model,
        window.hours_model, window.weekdays_model, window.response_model, window.units_model)]
    window.show()
    query = recent_period(window, qtbot)
    want = expected(gui_owner, query)
    assert want.total == 4 and want.closed == 1 and want.cancelled == 1  # the exercise is left out
    assert_same_figures(window.statistics, want)
    assert window.total_labels["total"].text() == "4"
    assert window.total_labels["still_open"].text() == pdf_text(want.still_open, "int")
    assert shown_counts(window.by_type.model) == want.by_type
    assert shown_counts(window.by_priority.model) == want.by_priority
    assert shown_counts(window.by_municipality.model) == want.by_municipality
    assert shown_counts(window.by_channel.model) == want.by_channel
    assert [n for _h, n in shown_counts(window.hours_model)] == want.by_hour
    assert [n for _d, n in shown_counts(window.weekdays_model)] == want.by_weekday
    assert window.hour_chart.data.values == want.by_hour
    response = [window.response_model.row_values(r) for r in range(3)]
    assert [(r[1], r[2], r[3]) for r in response] == [(s.count, s.median_s, s.p90_s) for _l, s in want.response.items()]
    assert want.response.to_sent.count == 2 and want.response.on_scene.count == 1
    st = window.statistics
    units = [window.units_model.row_values(r) for r in range(window.units_model.rowCount())]
    assert units == [[u.call_sign, u.assignments, u.busy_s, u.utilisation_pct] for u in st.units]
    assert {u.call_sign: u.assignments for u in st.units} == {"Agente 7": 0, "Alfa 1": 1, "Alfa 2": 1, "Moto 1": 0}
    # The total row of a breakdown sums it up, in bold.
    model = window.by_type.model
    total_row = model.rowCount() - 1
    assert model.index(total_row, 1).data() == "4" and model.index(total_row, 0).data().startswith("Total")
    assert len(testers) == 8


def test_filters_recompute_and_exercises_can_be_included(window, seeded, gui_owner, qtbot):
    window.show()
    recent_period(window, qtbot)
    with qtbot.waitSignal(window.computed, timeout=10000):
        window.filters.type_filter.setCurrentIndex(window.filters.type_filter.findData("INC"))
    assert window.shown_query.type_code == "INC"
    assert_same_figures(window.statistics, expected(gui_owner, window.shown_query))
    assert window.statistics.total == 2  # INC.FERITI and INC.DANNI: a type counts its sub-types
    with qtbot.waitSignal(window.computed, timeout=10000):
        window.filters.exercises.setChecked(True)
    assert window.statistics.total == 3 == expected(gui_owner, window.shown_query).total
    with qtbot.waitSignal(window.computed, timeout=10000):
        window.filters.type_filter.setCurrentIndex(0)
        window.filters.municipality_filter.setText("Seriate")
        window.filters.municipality_filter.editingFinished.emit()
    assert window.shown_query.municipality_istat == seeded["seriate"]
    assert window.statistics.total == 1 and window.statistics.cancelled == 1


def test_a_newer_request_supersedes_the_one_computing(window, seeded, gui_owner, qtbot, wait_tasks, ctx):
    window.show()
    recent_period(window, qtbot)
    shown = []
    window.computed.connect(shown.append)
    window.filters.priority_filter.blockSignals(True)
    window.filters.priority_filter.setCurrentIndex(window.filters.priority_filter.findData("red"))
    window.refresh()
    assert window.busy and window.busy_bar.isVisibleTo(window)
    assert not window.print_button.isEnabled()  # nothing to print but the figures shown
    window.filters.priority_filter.setCurrentIndex(window.filters.priority_filter.findData("green"))
    window.refresh()  # while the first computes: it is kept for later, the first is never shown
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)
    wait_tasks(ctx)
    assert [s.query.priority for s in shown] == ["green"]
    assert_same_figures(window.statistics, expected(gui_owner, window.shown_query))
    assert not window.busy_bar.isVisibleTo(window) and window.print_button.isEnabled()


def test_a_bad_period_is_said_and_nothing_is_computed(window, qtbot, ctx):
    window.show()
    qtbot.waitUntil(lambda: window.statistics is not None, timeout=10000)
    before = window.statistics
    window.filters.date_from.setDate(window.filters.date_to.date().addDays(1))
    window.refresh()
    assert not window.busy
    assert window.message.text() == "La data finale precede quella iniziale."
    window.filters.date_from.setDate(window.filters.date_to.date())
    window.filters.municipality_filter.setText("Atlantide")
    window.refresh()
    assert window.message.text() == "Comune non trovato in Lombardia: Atlantide"
    assert window.statistics is before


def _has_colour(image: QImage, colour: QColor) -> bool:
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y) == colour:
                return True
    return False


@pytest.mark.parametrize("horizontal, kind", [(True, "int"), (False, "int"), (True, "duration")])
def test_charts_paint_bars_and_an_empty_chart_says_so(qtbot, horizontal, kind):
    from emergenza.gui.reports.charts import BAR_COLOUR, BarChartWidget

    chart = BarChartWidget(horizontal=horizontal, kind=kind, title="Prova")
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.set_data([f"voce {i}" for i in range(30)], [float(i * 60) for i in range(30)])
    assert _has_colour(chart.grab().toImage(), BAR_COLOUR)
    described = chart.accessibleDescription()
    if horizontal:  # a ranked list shows its head (the table beside it has every row)
        assert "voce 19" in described and "voce 20" not in described
    else:  # a time axis is never cut
        assert "voce 29" in described
    chart.set_data(["a", "b"], [0, 0])
    assert not _has_colour(chart.grab().toImage(), BAR_COLOUR)
    chart.set_data([], [])
    chart.resize(2, 2)  # no room at all: nothing drawn, no warning
    chart.grab()


def test_export_writes_a_pdf_with_the_headings_and_an_excel_italian_csv(window, seeded, qtbot, tmp_path):
    window.show()
    recent_period(window, qtbot)
    st = window.statistics
    with qtbot.waitSignal(window.runner.finished, timeout=20000):
        assert window.export(tmp_path / "statistiche.pdf")
    text = pdf_to_text(tmp_path / "statistiche.pdf")
    for heading in ("Statistiche degli interventi", "Polizia Locale di Bergamo", "Riepilogo", "Per tipologia",
                    "Per codice di priorità", "Per ora del giorno", "Tempi di risposta", "Impiego delle unità",
                    "Pagina 1 di"):
        assert heading in text
    assert "Generato il" in text and "da Mario Rossi" in text
    assert "Rapporto scritto" in window.message.text()
    with qtbot.waitSignal(window.runner.finished, timeout=20000):
        assert window.export(tmp_path / "statistiche.csv")
    rows = read_csv(tmp_path / "statistiche.csv")
    assert rows[0] == ["Rapporto", "Statistiche degli interventi"]
    summary = csv_block(rows, "Riepilogo")
    assert ["Interventi", str(st.total)] in summary
    types = csv_block(rows, "Per tipologia")
    assert types[0] == ["Tipologia", "Interventi", "Quota (%)"]
    assert [(r[0], int(r[1])) for r in types[1:-1]] == st.by_type


def test_print_preview_renders_the_same_pages_to_a_pdf_printer(window, seeded, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    window.show()
    recent_period(window, qtbot)
    with qtbot.waitSignal(window.runner.finished, timeout=20000):
        assert window.print_preview()
    preview = window.preview
    assert isinstance(preview, QPrintPreviewDialog) and preview.isVisible() and not preview.isModal()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "stampa.pdf"))
    preview.paintRequested.emit(printer)  # what its Print button does, to a PDF instead of paper
    text = pdf_to_text(tmp_path / "stampa.pdf")
    pages = text.count("\f") or 1
    for heading in ("Statistiche degli interventi", "Per tipologia", "Tempi di risposta", "Impiego delle unità",
                    "Sala operativa"):
        assert heading in text
    assert f"Pagina 1 di {pages}" in text and f"Pagina {pages} di {pages}" in text
    preview.close()


def test_closing_the_window_while_it_computes_is_harmless(ctx, qtbot, wait_tasks, caplog):
    import logging

    from PySide6.QtCore import QCoreApplication, QEvent, Qt

    from emergenza.gui.reports.stats_window import StatisticsWindow

    w = StatisticsWindow(ctx)
    w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    w.show()
    assert w.busy  # showing it started the computation
    w.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # deleted before the result
    with caplog.at_level(logging.ERROR):
        wait_tasks(ctx)
        qtbot.wait(50)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_save_during_a_statistics_refresh_does_not_wait_for_it(ctx, seeded, window, qtbot, monkeypatch, gui_owner):
    """The computation runs off the owner thread: while it is under way (held here, as a year
    on a large store would be), the owner serves an operator's save at once."""
    import threading

    from emergenza.gui.reports import stats_window
    from tests.support.factories import OPERATOR, numbered_event_data

    entered, release = threading.Event(), threading.Event()
    threads: list[int] = []
    real = stats_window.compute_statistics

    def held(src, query):
        threads.append(threading.get_ident())
        entered.set()
        release.wait()
        return real(src, query)

    monkeypatch.setattr(stats_window, "compute_statistics", held)
    window.show()
    qtbot.waitUntil(entered.is_set, timeout=10000)
    assert window.busy
    try:
        # While the statistics are being computed, the owner thread takes a save and answers.
        saved = gui_owner.submit(Store.events.create, numbered_event_data(99), operator=OPERATOR)
        event = saved.result(timeout=30)  # a guard against a hang, not a measure
        assert event["number"]
        assert gui_owner.call_blocking(lambda _store: threading.get_ident()) not in threads
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.statistics is not None and not window.busy, timeout=10000)
