"""Test support shared by every suite and by the benchmarks (plain modules, no fixtures).

The conftest files only expose fixtures that wrap what lives here:

- ``paths``: the repository root;
- ``net``: ``free_port`` on 127.0.0.1;
- ``cli``: the ``emergenza`` and ``emergenza-server`` command lines run as real processes;
- ``factories``: operators, event input, units, stores and store owners on real SQLite files;
- ``times``: UTC and Europe/Rome readings of stored times, and a clock the test moves;
- ``report_files``: PDF text (poppler's ``pdftotext``) and Excel-Italian CSV read back;
- ``relay``: a server-less relay between stores and the snapshot that must converge;
- ``postgres``: throw-away PostgreSQL databases through ``EMERGENZA_PG_URL``;
- ``servers``: a real ``emergenza-server`` process and a station speaking its HTTP API;
- ``server_data``: raw SQL on the server's database and server-side change fields;
- ``stations``: a station PC (store behind its owner thread) syncing over real HTTP;
- ``proxy``: a TCP proxy that cuts connections, for the flaky-link tests;
- ``widgets``: Qt input helpers (imports PySide6: only for the GUI suite);
- ``tools``: the venv's development tools (lint-imports, ruff, mypy) run from the repository root.
"""
