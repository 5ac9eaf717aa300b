"""Fixtures of the reports suite: real stores (the demo generator and the store's own write
path, with a controlled clock), PDF text through poppler's ``pdftotext``, CSV read back
with the csv module under the Excel-Italian dialect.

Expected figures are always computed here independently (plain SQL, Python's zoneinfo),
never by the code under test.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROME = ZoneInfo("Europe/Rome")
ROOT_DIR = Path(__file__).resolve().parents[2]
# The demo history ends here and covers the 60 days before: the spring DST change
# (29/03/2026, 02:00 -> 03:00) falls inside it.
DEMO_NOW = datetime(2026, 4, 20, 10, 0, tzinfo=UTC)
CORPS = "Polizia Locale di Bergamo"
OP = "Sara Pesenti"


def pdf_text(data: bytes | Path) -> str:
    """The text of a PDF as poppler extracts it (layout kept, so table rows stay on a line)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext (poppler-utils) is needed by the reports suite")
    raw = data.read_bytes() if isinstance(data, Path) else data
    assert raw.startswith(b"%PDF-")
    out = subprocess.run([exe, "-layout", "-enc", "UTF-8", "-", "-"], input=raw, capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def read_csv(data: bytes | Path) -> list[list[str]]:
    """Rows as Excel (Italian) reads them: UTF-8 with BOM, ';' separated."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV without UTF-8 BOM"
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text or not text.strip()
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))


def csv_block(rows: list[list[str]], title: str) -> list[list[str]]:
    """The table introduced by a row whose first cell is ``title`` (header + rows, up to the blank row)."""
    for i, row in enumerate(rows):
        if row == [title]:
            out = []
            for r in rows[i + 1:]:
                if not any(r):
                    break
                out.append(r)
            return out
    raise AssertionError(f"no CSV block {title!r} in {[r[0] for r in rows if r][:60]}")


def it_number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def utc(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def local(text: str) -> datetime:
    """Europe/Rome time (for wall-clock parts; subtract ``utc()`` values: Python subtracts
    two datetimes with the same tzinfo on their wall clocks, ignoring a DST change)."""
    return utc(text).astimezone(ROME)


def run_cli(*args, module: str = "emergenza", timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    """A 6,000-event demo store (Bergamo), history up to DEMO_NOW, read-only for the tests."""
    from emergenza.store.demo import generate

    path = tmp_path_factory.mktemp("reports") / "demo.db"
    generate(path, events=6000, seed=11, now=DEMO_NOW)
    return path


@pytest.fixture
def demo_conn(demo_path):
    conn = sqlite3.connect(f"file:{demo_path}?mode=ro", uri=True)
    yield conn
    conn.close()


@pytest.fixture
def demo_source(demo_path):
    from emergenza.reports.source import StationSource
    src = StationSource.open(demo_path, now=lambda: DEMO_NOW)
    yield src
    src.close()


class Clock:
    """The store's clock, moved by the test."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, text: str) -> Clock:
        """Set to a local (Europe/Rome) time ``YYYY-MM-DD HH:MM``."""
        self.now = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ROME).astimezone(UTC)
        return self

    def add(self, minutes: float) -> Clock:
        self.now += timedelta(minutes=minutes)
        return self


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 28, 20, 0, tzinfo=UTC))


@pytest.fixture
def station(tmp_path, catalogs, clock):
    """A store written through its normal write path, on the test's clock."""
    from emergenza.store import Store
    store = Store.open(tmp_path / "station.db", catalogs, station_code="BG01", corps=CORPS, now=clock)
    yield store
    store.close()
