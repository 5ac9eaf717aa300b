"""Secrets kept in ``meta`` sealed with the station's key (AES-256-GCM), never in clear.

The server token is the one today (``MetaKey.TOKEN``). The key is keys.py's (credential
store, else the 0600 key file), derived for this use only; the store — and so any copy or
backup of it — holds ``sigillato:1:<base64 nonce+ciphertext>``, which opens only with it.
The entry's name is bound into the seal (associated data): a sealed value moved under
another key does not open.
"""

from __future__ import annotations

import base64
import logging
import os
from pathlib import Path

from . import keys

log = logging.getLogger(__name__)

PREFIX = "sigillato:1:"
NONCE_BYTES = 12


def is_sealed(value: str | None) -> bool:
    return bool(value) and value.startswith(PREFIX)  # type: ignore[union-attr]


def seal(store_path: str | Path, name: str, value: str) -> str:
    """``value`` sealed with the key of the store's folder (created if there is none)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # here: only enrolled stations pay the import

    key = keys.seal_key(store_path, create=True)
    assert key is not None
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, value.encode("utf-8"), name.encode("utf-8"))
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(store_path: str | Path, name: str, value: str) -> str | None:
    """The clear value, or None (logged) when the key is missing or does not open it."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = keys.seal_key(store_path)
    if key is None:
        log.warning("%s: sigillato, ma la chiave dell'archivio non si trova", name)
        return None
    try:
        raw = base64.b64decode(value[len(PREFIX):], validate=True)
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], name.encode("utf-8")).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        log.warning("%s: la chiave dell'archivio non apre il valore sigillato (%s)", name, type(exc).__name__)
        return None
