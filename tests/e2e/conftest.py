"""End-to-end fixtures: a REAL server process on 127.0.0.1 (SQLite file or a fresh
PostgreSQL database) and real station stores syncing with it over HTTP."""

from __future__ import annotations

import os

import pytest

from tests.support import postgres
from tests.support.factories import CORPS
from tests.support.servers import ServerProcess
from tests.support.stations import enrolled_stations


@pytest.fixture(scope="session")
def pg_database():
    """One fresh PostgreSQL database per session, for the server under test."""
    name = f"emergenza_e2e_{os.getpid()}"
    yield postgres.create_database(name, replace=True)
    postgres.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.db'}"
    else:
        url = request.getfixturevalue("pg_database")
        postgres.reset_schema(url)
    srv = ServerProcess(url, tmp_path / "server.log")
    srv.start(log_level="warning")
    yield srv
    srv.close()


@pytest.fixture
def stations(tmp_path, catalogs, server):
    """``stations("A", corps="BG")`` -> an enrolled Station on the test server."""
    with enrolled_stations(server, tmp_path, catalogs, CORPS) as make:
        yield make
