"""Reports read back as a person reads them: PDF text through poppler's ``pdftotext``, CSV
through the csv module under the Excel-Italian dialect, Italian numbers as floats."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest


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
    """An Italian-formatted number (``1.234,5``) as a float."""
    return float(text.replace(".", "").replace(",", "."))
