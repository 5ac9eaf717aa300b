"""The operators window's table: name, role, whether they have a password, active or not."""

from __future__ import annotations

from typing import Any

from ...domain.enums import Role
from ..widgets.labels import code_label
from ..widgets.registry_list import RegistryListModel


def has_password(row: dict[str, Any]) -> bool:
    return bool(row.get("has_secret"))


class OperatorsModel(RegistryListModel):
    COLUMN_KEYS = ("name", "role", "password", "active")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = [self.tr("Nome"), self.tr("Ruolo"), self.tr("Password"), self.tr("Stato")]

    def ordered(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (not r.get("active", 1), str(r["name"]).casefold()))

    def operator(self, row: int) -> dict[str, Any] | None:
        return self.entry(row)

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "role":
            return code_label(Role, row.get("role"))
        if key == "password":
            return self.tr("impostata") if has_password(row) else self.tr("manca")
        if key == "active":
            return self.tr("attivo") if row.get("active", 1) else self.tr("disattivato")
        return str(row.get(key) or "")
