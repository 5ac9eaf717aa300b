"""Sign-in secrets (passwords or PINs): a slow, salted hash from the standard library, and
the growing wait after wrong attempts.

The stored form carries its own parameters ("scrypt$n$r$p$salt$hash", base64 parts), so
stronger parameters can be adopted later without invalidating the hashes already stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# scrypt with n=2^14, r=8: 16 MiB and some tens of milliseconds per hash (the figure
# OWASP gives for interactive sign-in); p=1.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
_MAXMEM = 64 * 1024 * 1024

# Wrong attempts allowed before a wait starts; then the wait doubles at every wrong
# attempt (2 s, 4 s, 8 s, …) up to MAX_WAIT_S. A PIN of 4 digits then takes weeks to guess.
FREE_ATTEMPTS = 3
FIRST_WAIT_S = 2
MAX_WAIT_S = 15 * 60


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=_MAXMEM, dklen=HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_secret(secret: str, stored: str | None) -> bool:
    """Whether ``secret`` matches the stored hash (False for no hash or an unknown form)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), maxmem=_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def wait_after(failures: int) -> int:
    """Seconds to wait before the next attempt after ``failures`` wrong ones in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS))
