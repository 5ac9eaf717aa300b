"""Where the station's key lives: the OS credential store when a keyring backend works,
else the 0600 file beside the store."""

from __future__ import annotations

import keyring
import pytest

from emergenza.store import conversion, encryption, keys
from tests.support.factories import open_store
from tests.support.keyrings import JsonFileKeyring, RefusingKeyring


@pytest.fixture
def use_keyring(monkeypatch):
    """Install a backend for this test (keyring's own API), and put the previous one back."""
    previous = keyring.get_keyring()
    monkeypatch.setenv(keys.ENV_KEYRING, "1")

    def install(backend):
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


@pytest.mark.skipif(not encryption.available(), reason="SQLCipher extra not installed")
def test_with_a_working_keyring_the_key_never_touches_the_disk(tmp_path, catalogs, use_keyring):
    backend = use_keyring(JsonFileKeyring(tmp_path / "portachiavi.json"))
    path = tmp_path / "dati" / "st.db"
    open_store(path, catalogs).close()
    done = conversion.encrypt(path)
    assert not keys.key_file(path.parent).exists()
    assert "portachiavi del sistema" in done.key_location
    stored = backend.get_password(keys.SERVICE, f"archivio:{path.parent.resolve()}")
    assert stored and bytes.fromhex(stored) == keys.find_master(path)
    open_store(path, catalogs).close()  # opens with the key from the keyring


def test_a_keyring_that_refuses_falls_back_to_the_file(tmp_path, use_keyring):
    use_keyring(RefusingKeyring(tmp_path / "portachiavi.json"))
    key = keys.ensure_master(tmp_path / "st.db")
    assert keys.key_file(tmp_path).read_text().strip() == key.hex()
    assert keys.find_master(tmp_path / "st.db") == key
    assert "file" in keys.where(tmp_path / "st.db")


def test_a_backup_finds_the_key_of_its_store(tmp_path):
    key = keys.ensure_master(tmp_path / "st.db")
    assert keys.find_master(tmp_path / "backup" / "st-20260101-000000-manuale.db") == key
    assert keys.find_master(tmp_path / "altrove" / "st.db") is None
