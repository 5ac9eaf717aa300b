"""Writing a rendered report: the format follows the file's suffix; all or nothing.

The bytes are rendered in memory first, then written to a temporary file in the target
folder, flushed to disk and renamed over the target: a reader never sees half a report,
and a failure leaves the previous file (if any) untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP
from . import document as d

FORMATS = (".pdf", ".csv")


def check_target(path: str | Path) -> Path:
    """The output path, or UserError (bad suffix, missing folder, a folder in its place)."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Il file di uscita deve finire in .pdf o .csv: {0}"), path)
    if path.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("errors", "{0} è una cartella, non un file."), path)
    if not path.parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("errors", "La cartella {0} non esiste."), path.parent)
    return path


def render(doc: d.Document, fmt: str) -> bytes:
    """``fmt``: "pdf" or "csv"."""
    if fmt == "pdf":
        from .render_pdf import render as render_pdf
        return render_pdf(doc)
    from .render_csv import render as render_csv
    from .render_csv import render_table
    if doc.kind == "export":
        return render_table(doc.tables()[0])
    return render_csv(doc)


def write_bytes(path: Path, data: bytes) -> Path:
    return write_chunks(path, [data])


def write_chunks(path: Path, chunks: Iterable[bytes]) -> Path:
    """Write the chunks to a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write(doc: d.Document, path: str | Path) -> Path:
    """Render ``doc`` as the suffix of ``path`` says and write it atomically."""
    target = check_target(path)
    return write_bytes(target, render(doc, target.suffix.lower().lstrip(".")))
