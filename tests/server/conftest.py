"""Fixtures of the server suite: a REAL server process on 127.0.0.1 over a real database.

Every test runs twice: on a fresh SQLite file and on a fresh PostgreSQL database
(created through the admin URL ``EMERGENZA_PG_URL``, default
postgresql://postgres@127.0.0.1:5432/test, and dropped after the test).
"""

from __future__ import annotations

import pytest

from tests.support import postgres
from tests.support.servers import ServerProcess


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    with postgres.server_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def server(db_url, tmp_path):
    srv = ServerProcess(db_url, tmp_path / "server.log")
    srv.start()
    yield srv
    code = srv.close()
    log = srv.log_path.read_text()
    # A bug answers 500 and logs a traceback: no test may cause one.
    assert "Traceback" not in log, log[-4000:]
    assert code == 0, f"server did not stop cleanly on SIGTERM ({code})"
