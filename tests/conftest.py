"""Test set-up shared by every suite.

Qt runs offscreen. With qasync under pytest-qt there is ONE session-wide
``qasync.QEventLoop(qapp, already_running=True)``; tests never call ``loop.stop()``
(it breaks every later ``qtbot.wait*``), and a fresh loop per test crashed at teardown.
PySide6 is imported before qasync (``QT_API`` set too).

Conftest files only expose fixtures; what they wrap lives in ``tests/support``. The
imports stay inside the fixtures so that nothing is imported before the Qt environment.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# The station key in a 0600 file beside the store, never in the keyring of whoever runs the
# tests (a desktop has one; it must not fill up with test keys). Subprocesses inherit it.
os.environ["EMERGENZA_KEYRING"] = "0"

import pytest


@pytest.fixture(scope="session")
def event_loop_qt(qapp):
    """The single qasync loop of the test session, set as asyncio's current loop."""
    import asyncio

    import PySide6  # noqa: F401  - before qasync
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    # Not closed or stopped: the Qt application outlives it and later tests would break.


@pytest.fixture
def catalogs():
    from emergenza.resources import load_catalogs
    return load_catalogs()


@pytest.fixture
def store(tmp_path, catalogs):
    from tests.support.factories import open_store
    s = open_store(tmp_path / "station.db", catalogs)
    yield s
    s.close()


@pytest.fixture
def stores(tmp_path, catalogs):
    """``stores("a", "BG01", corps=...)`` -> an open Store file in the test's folder; all
    closed at the end."""
    from tests.support.factories import StoreFactory
    factory = StoreFactory(tmp_path, catalogs)
    yield factory
    factory.close_all()


@pytest.fixture
def server(tmp_path):
    """A real regional server process on SQLite (tests/server and tests/e2e have their own,
    on both backends)."""
    from tests.support.servers import ServerProcess

    srv = ServerProcess(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server.log")
    srv.start(log_level="warning")
    yield srv
    srv.close()


@pytest.fixture
def relay():
    """A server-less relay passing changes between stores (tests/support/relay.py)."""
    from tests.support.relay import Relay
    return Relay()


@pytest.fixture
def english(qapp):
    """The app's English translation installed for the test."""
    from emergenza.gui.i18n import install_translators

    installed = install_translators(qapp, "en")
    yield
    for t in installed:
        qapp.removeTranslator(t)
