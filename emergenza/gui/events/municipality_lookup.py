"""A municipality typed in the event fields → its ISTAT code."""

from __future__ import annotations

from ...domain.catalogs import fold
from ..widgets.labels import municipality_label


class MunicipalityLookup:
    """The label as listed ("Bergamo (BG)"), or a name that fits one municipality only
    (accents and case ignored)."""

    def __init__(self, catalogs) -> None:
        self.by_label = {municipality_label(catalogs, istat): istat for istat in catalogs.municipalities}
        self._by_fold: dict[str, list[str]] = {}
        for istat, m in catalogs.municipalities.items():
            self._by_fold.setdefault(fold(m.name), []).append(istat)

    def resolve(self, text: str) -> str | None:
        text = text.strip()
        if text in self.by_label:
            return self.by_label[text]
        name = text.rsplit(" (", 1)[0] if text.endswith(")") else text
        found = self._by_fold.get(fold(name), [])
        return found[0] if len(found) == 1 else None
