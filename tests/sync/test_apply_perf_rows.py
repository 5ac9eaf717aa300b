"""The apply's audit digests are computed without reading rows back: they must equal
``row_digest`` of the row exactly as SQLite returns it, for every value it accepts."""

from __future__ import annotations

import math
import sqlite3

from hypothesis import example, given, settings
from hypothesis import strategies as st

from emergenza.store.audit import row_digest
from emergenza.sync.rows import RowShape, affinity

# One column of each affinity the synced tables use, plus an untyped (BLOB) one.
COLUMNS = [("id", "TEXT"), ("n", "INTEGER"), ("x", "REAL"), ("t", "TEXT"), ("b", ""), ("z", "TEXT NOT NULL")]

values = st.one_of(
    st.none(), st.booleans(), st.integers(-2 ** 63, 2 ** 63 - 1), st.integers(-10, 10),
    st.floats(allow_nan=True, allow_infinity=True), st.floats(-1e6, 1e6).map(lambda f: float(round(f))),
    st.text(max_size=20), st.sampled_from(["45", "4.5", " 7", "1e3", "città \"è\" \\ \u2028 \U0001F692", "\x00a"]),
    st.sampled_from([-0.0, 0.0, 2.0 ** 63, -(2.0 ** 63), 5e-324, 1e300, 2 ** 53 + 1, -(2 ** 53) - 1]),
)


def test_affinity_follows_sqlite_rules():
    assert [affinity(t) for t in ("INTEGER", "TEXT", "REAL", "", "BLOB", "VARCHAR(9)", "DOUBLE", "NUMERIC")] == [
        "INTEGER", "TEXT", "REAL", "BLOB", "BLOB", "TEXT", "REAL", "NUMERIC"]


@settings(max_examples=400, deadline=None)
@given(st.lists(values, min_size=5, max_size=5))
@example([None, -0.0, None, -0.0, "z"])  # a whole REAL is stored as an integer: the sign of zero goes
@example([True, 45, 2 ** 53 + 1, None, "z"])
@example([None, None, None, None, math.nan])
def test_predicted_digest_equals_the_digest_of_the_row_read_back(row_values):
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE r (" + ", ".join(f"{n} {t}" for n, t in COLUMNS) + ")")
    shape = RowShape([n for n, _ in COLUMNS], [t for _, t in COLUMNS])
    written = ["row-1", *row_values]
    if written[-1] is None or (isinstance(written[-1], float) and math.isnan(written[-1])):
        written[-1] = "x"  # NOT NULL column (SQLite stores NaN as NULL)
    predicted = list(written)
    accepted = shape.stored_form(predicted)
    conn.execute("INSERT INTO r VALUES (?, ?, ?, ?, ?, ?)", written)
    back = dict(conn.execute("SELECT * FROM r").fetchone())
    if accepted:
        assert [(type(v), v) for v in predicted] == [(type(v), v) for v in back.values()]
        assert shape.digest(predicted) == row_digest(back)
    # Writing the converted values stores the same row as writing the originals.
    if accepted:
        conn.execute("DELETE FROM r")
        conn.execute("INSERT INTO r VALUES (?, ?, ?, ?, ?, ?)", predicted)
        assert row_digest(dict(conn.execute("SELECT * FROM r").fetchone())) == row_digest(back)


def test_values_sqlite_would_convert_unpredictably_are_refused():
    shape = RowShape([n for n, _ in COLUMNS], [t for _, t in COLUMNS])
    assert shape.stored_form(["a", 1, 2.5, "t", None, "z"])
    for bad in (["a", "12", None, None, None, "z"],          # text in an INTEGER column
                ["a", 1.0, None, None, None, "z"],           # float in an INTEGER column
                ["a", None, "4.5", None, None, "z"],         # text in a REAL column
                ["a", None, math.nan, None, None, "z"],      # NaN is stored as NULL
                ["a", None, math.inf, None, None, "z"],
                ["a", None, None, 5, None, "z"],             # number in a TEXT column
                ["a", None, None, None, b"x", "z"]):
        assert not shape.stored_form(list(bad)), bad
