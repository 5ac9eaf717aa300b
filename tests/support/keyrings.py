"""Keyring backends for tests: a real ``keyring`` backend over a JSON file (the machines
here have no Secret Service), and one whose every write fails (a locked or broken store)."""

from __future__ import annotations

import json
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordSetError


class JsonFileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def _load(self) -> dict:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x1f{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x1f{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}\x1f{username}", None)
        self.path.write_text(json.dumps(data))


class RefusingKeyring(JsonFileKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("portachiavi bloccato")
