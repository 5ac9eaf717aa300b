"""Rows as SQLite will hand them back: column affinity applied in Python.

The apply path writes pulled rows in bulk and records each row's audit digest
without reading it back; the digest must equal ``row_digest`` of the row as SQLite
returns it. SQLite converts some values on the way in (column affinity: an int in a
REAL column comes back as a float, a bool is an int): ``RowShape.stored_form`` applies the
conversions we can predict exactly and reports the rest, which are then read back.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from hashlib import sha256
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

_STR_OR_NONE = frozenset({str, type(None)})
_EXACT_FLOAT_INT = 2 ** 53


def affinity(declared: str) -> str:
    """SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1)."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return "TEXT"
    if not t or "BLOB" in t:
        return "BLOB"
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return "REAL"
    return "NUMERIC"


def _integer(v: Any) -> Any:
    if v is None or type(v) is int:
        return v
    if type(v) is bool:
        return int(v)
    raise _Unpredictable


def _real(v: Any) -> Any:
    if v is None:
        return v
    if type(v) is float:
        if not math.isfinite(v):  # NaN is stored as NULL; infinities: not worth predicting
            raise _Unpredictable
        # A whole REAL is stored as an integer and read back as a float: -0.0 comes back 0.0.
        return v if v else 0.0
    if type(v) in (int, bool) and -_EXACT_FLOAT_INT < v < _EXACT_FLOAT_INT:
        return float(v)
    raise _Unpredictable


def _any(v: Any) -> Any:
    if v is None or type(v) in (str, int) or (type(v) is float and math.isfinite(v)):
        return v
    if type(v) is bool:
        return int(v)
    raise _Unpredictable


class _Unpredictable(Exception):
    pass


class RowShape:
    """Column order and converters of one table (names as in PRAGMA table_info)."""

    def __init__(self, names: list[str], declared: list[str]):
        self.names = names
        kinds = [affinity(d) for d in declared]
        text = [i for i, k in enumerate(kinds) if k == "TEXT"]
        # itemgetter of one index returns a bare value: keep a tuple in every case.
        self._text = itemgetter(*text) if len(text) > 1 else (lambda r, i=text: tuple(r[j] for j in i))
        convert: dict[str, Callable[[Any], Any]] = {"INTEGER": _integer, "REAL": _real, "BLOB": _any}
        # NUMERIC columns: conversions of text to numbers are not worth predicting.
        self._other = [(i, convert.get(k)) for i, k in enumerate(kinds) if k != "TEXT"]
        # The digest's JSON, written out: keys sorted, the '{"key":%s,...}' text made once,
        # each value encoded as the JSON encoder does for what stored_form leaves in its
        # column (TEXT: str or None; INTEGER, REAL: int, float or None). One expression per
        # column in one function made here: a loop over the values costs twice as much.
        by_name = sorted(range(len(names)), key=lambda i: names[i])
        template = "{" + ",".join(json.dumps(names[i], ensure_ascii=False).replace("%", "%%") + ":%s"
                                  for i in by_name) + "}"
        encoded = []
        for i in by_name:
            if kinds[i] == "TEXT":
                encoded.append(f'"null" if v[{i}] is None else enc(v[{i}])')
            elif kinds[i] in ("INTEGER", "REAL"):
                encoded.append(f'"null" if v[{i}] is None else repr(v[{i}])')
            else:
                encoded.append(f'enc(v[{i}]) if type(v[{i}]) is str else "null" if v[{i}] is None else repr(v[{i}])')
        source = ("def digest(v):\n    return sha256((template % (" + "".join(f"({e}), " for e in encoded)
                  + ")).encode()).hexdigest()\n")
        scope: dict[str, Any] = {"sha256": sha256, "enc": encode_basestring, "template": template}
        exec(source, scope)  # the text made above from the column list: nothing from outside
        self._digest: Callable[[list[Any]], str] = scope["digest"]

    def stored_form(self, values: list[Any]) -> bool:
        """Convert ``values`` (in column order) in place; False if SQLite's result
        cannot be predicted exactly (the caller reads that row back)."""
        if not set(map(type, self._text(values))) <= _STR_OR_NONE:
            return False
        try:
            for i, conv in self._other:
                if conv is None:
                    if values[i] is not None:
                        return False
                else:
                    values[i] = conv(values[i])
        except _Unpredictable:
            return False
        return True

    def digest(self, values: list[Any]) -> str:
        """``audit.row_digest`` of the row these values make, once ``stored_form`` accepted
        them (only None, str, int and finite floats left): the same text as the audit's
        JSON encoder (sort_keys, ensure_ascii=False, compact separators), three times as
        fast: one formatting of a prepared text, values encoded as that encoder does."""
        return self._digest(values)
