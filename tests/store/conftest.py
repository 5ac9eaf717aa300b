"""Fixtures of the store suite: real SQLite files in tmp_path (``store``, ``catalogs`` come
from the top conftest; the top conftest also keeps the station key out of any keyring)."""
