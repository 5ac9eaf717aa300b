"""TEMPORARY import path, removed with the call-site renames: ``from emergenza.store import Store``."""

from .events import FIELD_LABELS
from .facade import Store
from .meta import DEFAULT_STATION_CODE
from .queries import EventFilter

__all__ = ["DEFAULT_STATION_CODE", "FIELD_LABELS", "EventFilter", "Store"]
