"""One caller, one key: the same phone number however it was typed.

"+39 333 1234567", "3331234567", "0039 333 1234567" and "+393331234567" are one caller.
The key keeps only the digits (and a "+" for a foreign country code), turns the "00"
international prefix into "+" and drops Italy's own country code, so an Italian number
is its national form (mobile 3…, landline 0…). Pure: the store indexes the same key
in SQL (``store/search.py`` ``PHONE_KEY_SQL``, checked against this one by the tests).
"""

from __future__ import annotations

# Separators a stored number may hold (domain.validation.PHONE_RE) and a person may type.
SEPARATORS = " ./-()\t"
ITALY = "39"
MIN_KEY_DIGITS = 5  # shorter than this is not a number worth looking up


def phone_key(text: str | None) -> str | None:
    """The comparable form of a phone number, or None when ``text`` holds no number."""
    if not text:
        return None
    raw = str(text).strip()
    for sep in SEPARATORS:
        raw = raw.replace(sep, "")
    if raw.startswith("+"):
        digits = raw[1:]
        international = True
    elif raw.startswith("00"):
        digits = raw[2:]
        international = True
    else:
        digits, international = raw, False
    if not digits.isdigit() or not digits.isascii():
        return None
    if international:
        if digits.startswith(ITALY):
            return digits[len(ITALY):] or None
        return "+" + digits
    return digits


def looks_like_phone(text: str | None) -> bool:
    """Whether what a person typed in a search box is a phone number (not words)."""
    key = phone_key(text)
    return key is not None and len(key.lstrip("+")) >= MIN_KEY_DIGITS


def same_caller(a: str | None, b: str | None) -> bool:
    ka, kb = phone_key(a), phone_key(b)
    return ka is not None and ka == kb
