"""Local SQLite store (through sqlite-utils). Qt-free.

``Store`` is used by exactly one thread; ``StoreOwner`` gives the rest of the
application (GUI, sync) a non-blocking way to reach it. Import both from here.
"""

from .facade import Store
from .owner import StoreOwner

__all__ = ["Store", "StoreOwner"]
