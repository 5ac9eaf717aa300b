"""The station's secret key: in the OS credential store (``keyring``), or a 0600 key file.

One random 256-bit key belongs to the **folder** of a store (the data folder): the store,
its backups in ``backup/`` beside it and a copy restored there all use it. Two keys are
derived from it (HMAC-SHA256 with a label), so neither use can reveal the other:

- the SQLCipher key of an encrypted store (``database_key``);
- the key that seals secrets kept in the store's ``meta`` (the server token, sealed.py).

Where the key lives, in this order:

1. the OS credential store through ``keyring`` (Windows Credential Manager, macOS Keychain,
   the Secret Service of a Linux desktop session), entry ``Emergenza`` /
   ``archivio:<absolute folder>``;
2. where no keyring backend works (a headless Linux PC, a service account) the **fallback**:
   the file ``chiave-archivio.key`` in the folder, 0600 (store/private.py). It keeps the key
   off the store and its backups (a copied store or backup alone cannot be read), but NOT
   away from whoever can read the user's files (the same account, root, a stolen disk):
   they read the key file too. A disk encrypted by the OS is then the real protection.

A backup in ``backup/`` finds its key in the parent folder. Moving the data folder to a
new path loses the keyring entry (it is named by the path): decrypt first
(``emergenza decrypt``), or copy the fallback file with it.

``EMERGENZA_KEYRING=0`` skips the credential store (tests, portable installs): the file is used.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from . import private

log = logging.getLogger(__name__)

SERVICE = "Emergenza"
KEY_FILE_NAME = "chiave-archivio.key"
KEY_BYTES = 32
ENV_KEYRING = "EMERGENZA_KEYRING"

DATABASE_LABEL = b"emergenza/sqlcipher/v1"
SEAL_LABEL = b"emergenza/meta-seal/v1"


def _entry_name(folder: Path) -> str:
    return f"archivio:{folder}"


def _keyring():
    """The keyring module when it may be used, else None (missing, disabled, no backend)."""
    if os.environ.get(ENV_KEYRING, "1") == "0":
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency; a stripped install still works
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def _read_keyring(folder: Path) -> bytes | None:
    kr = _keyring()
    if kr is None:
        return None
    try:
        value = kr.get_password(SERVICE, _entry_name(folder))
    except Exception as exc:  # noqa: BLE001 - any backend failure means "not there": the file is tried
        log.warning("portachiavi del sistema non leggibile (%s): uso il file della chiave", exc)
        return None
    return _decode(value)


def _decode(text: str | None) -> bytes | None:
    if not text:
        return None
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def key_file(folder: Path) -> Path:
    return folder / KEY_FILE_NAME


def _read_file(folder: Path) -> bytes | None:
    try:
        return _decode(key_file(folder).read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError):
        return None


def _folder_of(path: str | Path) -> Path:
    return Path(path).expanduser().resolve().parent


BACKUP_FOLDER = "backup"  # the app's backups folder beside the store (backups.py)


def _candidates(path: str | Path) -> tuple[Path, ...]:
    """The store's folder; for a file in ``backup/``, also the folder of its store."""
    folder = _folder_of(path)
    return (folder, folder.parent) if folder.name == BACKUP_FOLDER else (folder,)


def find_master(path: str | Path) -> bytes | None:
    """The key of the store at ``path`` (its folder; a backup's: its store's folder)."""
    for candidate in _candidates(path):
        key = _read_keyring(candidate) or _read_file(candidate)
        if key:
            return key
    return None


def where(path: str | Path) -> str:
    """Where the key of this store is kept, for messages (Italian)."""
    for candidate in _candidates(path):
        if _read_keyring(candidate):
            return f"portachiavi del sistema ({SERVICE} / {_entry_name(candidate)})"
        if _read_file(candidate):
            return f"file {key_file(candidate)} (nessun portachiavi del sistema disponibile)"
    return "nessuna"


def ensure_master(path: str | Path) -> bytes:
    """The key of the store's folder, created (keyring, else the 0600 file) if there is none."""
    existing = find_master(path)
    if existing:
        return existing
    folder = _folder_of(path)
    key = secrets.token_bytes(KEY_BYTES)
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _entry_name(folder), key.hex())
            if _read_keyring(folder) == key:  # read back: a backend that silently drops it is no store
                log.debug("chiave dell'archivio creata nel portachiavi del sistema")
                return key
        except Exception as exc:  # noqa: BLE001 - any backend failure: fall back to the file
            log.warning("portachiavi del sistema non utilizzabile (%s): chiave in %s", exc, key_file(folder))
    _write_file(folder, key)
    log.debug("chiave dell'archivio creata nel file %s (0600)", key_file(folder))  # encrypt says where
    return key


def _write_file(folder: Path, key: bytes) -> None:
    """Written 0600 under a temporary name, flushed, renamed: never half a key."""
    target = key_file(folder)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    private.create_private(tmp)
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def derive(master: bytes, label: bytes) -> bytes:
    return hmac.new(master, label, hashlib.sha256).digest()


def database_key(path: str | Path) -> bytes | None:
    master = find_master(path)
    return derive(master, DATABASE_LABEL) if master else None


def seal_key(path: str | Path, *, create: bool = False) -> bytes | None:
    master = ensure_master(path) if create else find_master(path)
    return derive(master, SEAL_LABEL) if master else None
