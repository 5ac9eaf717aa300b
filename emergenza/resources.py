"""Where the shipped resources live, and loading the catalogs from them.

Resolution order: ``$EMERGENZA_RESOURCES``; the PyInstaller bundle (``sys._MEIPASS``);
the ``resources/`` folder beside the package (source checkout or editable install).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

from .domain.catalogs import Catalogs
from .domain.territory import Territory


def resources_dir() -> Path:
    env = os.environ.get("EMERGENZA_RESOURCES")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def load_catalogs(root: Path | None = None) -> Catalogs:
    root = root or resources_dir()
    cat_dir = root / "catalogs"
    with (cat_dir / "municipalities_lombardia.csv").open(encoding="utf-8", newline="") as fh:
        municipalities = list(csv.DictReader(fh))
    return Catalogs.from_data(
        event_types=json.loads((cat_dir / "event_types.json").read_text(encoding="utf-8")),
        priorities=json.loads((cat_dir / "priorities.json").read_text(encoding="utf-8")),
        agencies=json.loads((cat_dir / "agencies.json").read_text(encoding="utf-8")),
        municipalities=municipalities,
    )


@lru_cache(maxsize=1)
def default_catalogs() -> Catalogs:
    """Catalogs from the default resources folder, read once per process (immutable)."""
    return load_catalogs()


def load_territory(root: Path | None = None) -> Territory:
    """Municipal and provincial boundaries (``map/lombardia.json.gz``, see ``domain.territory``)."""
    path = (root or resources_dir()) / "map" / "lombardia.json.gz"
    return Territory.from_document(json.loads(gzip.decompress(path.read_bytes())))
