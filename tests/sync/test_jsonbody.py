"""The station's decoder of server answers gives exactly what ``json.loads`` gives."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emergenza.sync import jsonbody
from emergenza.sync.protocol import ProtocolError, validate_pull_response

_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 63), max_value=2 ** 64 - 1)
    | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30)


def _same(a, b) -> bool:
    """Equal with the same types all the way down (1 and 1.0 differ, -0.0 and 0.0 differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return (a == b and math.copysign(1, a) == math.copysign(1, b)) or (math.isnan(a) and math.isnan(b))
    return a == b


@given(_values, st.booleans())
def test_any_value_decodes_as_the_standard_library(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert _same(jsonbody.loads(text), json.loads(text))


@pytest.mark.parametrize("text", [
    b'{"a": NaN, "b": Infinity, "c": -Infinity}',  # the standard library's extensions
    b'{"lone": "\\ud800", "pair": "\\ud83d\\ude00"}',  # a lone surrogate escape, a valid pair
    b'{"k": 1, "k": 2}',  # a repeated key: the last one
    '{"città": "Milano"}'.encode("utf-16"),  # not UTF-8: json.loads detects the encoding
    b'  [1, 2.5e3, -0.0, "x"]  ',
])
def test_texts_orjson_refuses_or_reads_differently(text):
    assert _same(jsonbody.loads(text), json.loads(text))


def test_an_integer_beyond_64_bits_is_a_float_and_a_cursor_of_it_is_refused():
    assert jsonbody.loads(b'[18446744073709551616]') == [float(2 ** 64)]
    page = jsonbody.loads(b'{"changes": [], "next_cursor": 123456789012345678901234567890, "has_more": false}')
    with pytest.raises(ProtocolError):
        validate_pull_response(page)


@pytest.mark.parametrize("text", [b"", b"{", b'{"a": 1,}', b"\xff\xfe\x00", b"[1] [2]"])
def test_not_json_is_a_value_error(text):
    with pytest.raises(ValueError):
        jsonbody.loads(text)
