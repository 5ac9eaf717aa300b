"""Local SQLite store (through sqlite-utils). Qt-free.

``Store`` is used by exactly one thread; ``StoreOwner`` gives the rest of the
application (GUI, sync) a non-blocking way to reach it.
"""

from .owner import StoreOwner
from .store import Store

__all__ = ["Store", "StoreOwner"]
