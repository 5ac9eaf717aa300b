"""Reading a units file (CSV): a header row naming the columns, then one unit per row.

Columns: kind, call_sign, plate, radio_channel, notes (or their Italian names: tipo,
nominativo, targa, canale_radio, note); kind and call sign are required. The kind may be
written as stored (``car``) or as shown (``auto``). Comma or semicolon separated (Excel in
Italian writes semicolons), UTF-8 (with or without BOM) or Windows-1252.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..domain.enums import ResourceKind
from ..domain.errors import UserError
from ..domain.text import QT_TRANSLATE_NOOP

COLUMNS = ("kind", "call_sign", "plate", "radio_channel", "notes")
_ALIASES = {"tipo": "kind", "nominativo": "call_sign", "targa": "plate", "canale_radio": "radio_channel",
            "canale radio": "radio_channel", "canale": "radio_channel", "note": "notes"}
_KINDS = {**{k.value: k.value for k in ResourceKind}, **{k.label.casefold(): k.value for k in ResourceKind}}
MAX_ROWS = 5000


def read_source(source: str | Path) -> str:
    """A Path is read as a file; a str is the file's text."""
    if not isinstance(source, Path):
        return source
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Impossibile leggere il file {0}: {1}"),
                        source, exc.strerror or exc) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


Row = tuple[int, dict[str, str | None]]


def parse(text: str) -> tuple[list[Row], list[tuple[int, str]]]:
    """(line number, values) of every non-blank row, and the (line, problem) of rows that
    cannot be read (too many fields). A bad header, or no row at all, raises UserError."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Il file non contiene unità."))
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = _header(fields)
                continue
            if len(fields) > len(header):
                problems.append((line, QT_TRANSLATE_NOOP("errors", "troppi campi ({0}, attesi {1}).").format(
                    len(fields), len(header))))
                continue
            values = {name: (f.strip() or None) for name, f in zip(header, fields, strict=False)}
            kind = values.get("kind")
            if kind is not None:
                values["kind"] = _KINDS.get(kind.casefold(), kind)
            rows.append((line, values))
            if len(rows) > MAX_ROWS:
                raise UserError(QT_TRANSLATE_NOOP("errors", "Troppe righe: al massimo {0} unità per file."),
                                MAX_ROWS)
    except csv.Error as exc:
        problems.append((reader.line_num, str(exc)))
    if not rows and not problems:
        raise UserError(QT_TRANSLATE_NOOP("errors", "Il file non contiene unità."))
    return rows, problems


def _header(fields: list[str]) -> list[str]:
    names = [_ALIASES.get(f.strip().casefold(), f.strip().casefold()) for f in fields]
    unknown = [f.strip() for f, n in zip(fields, names, strict=True) if n not in COLUMNS]
    if unknown:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "Colonna sconosciuta nell'intestazione: «{0}» (colonne: {1})."), unknown[0], ", ".join(COLUMNS))
    if "kind" not in names or "call_sign" not in names:
        raise UserError(QT_TRANSLATE_NOOP(
            "errors", "La prima riga deve nominare le colonne, almeno kind e call_sign (colonne: {0})."),
            ", ".join(COLUMNS))
    if len(set(names)) != len(names):
        raise UserError(QT_TRANSLATE_NOOP("errors", "Colonna ripetuta nell'intestazione."))
    return names
