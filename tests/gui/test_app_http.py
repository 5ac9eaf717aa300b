"""The app's one HTTP client builds its transport at the first request (not at start-up)."""

from __future__ import annotations

import asyncio

import httpx

from emergenza.app import HTTP_TIMEOUT_S, TransportOnFirstUse


def run(qtbot, coro):
    """On the session's qasync loop (the app's own kind of loop), until done."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=20000)
    return task.result()


def test_the_transport_is_built_at_the_first_request_and_talks_to_a_real_server(server, event_loop_qt, qtbot):
    transport = TransportOnFirstUse()

    async def scenario() -> tuple[int, dict]:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_S, transport=transport) as client:
            assert transport._transport is None  # nothing loaded while the window opens
            response = await client.get(f"{server.url}/v1/health")
            assert transport._transport is not None
            again = await client.get(f"{server.url}/v1/health")  # the same pool, reused
            return again.status_code, response.json()

    status, body = run(qtbot, scenario())
    assert status == 200 and body


def test_closing_an_unused_client_builds_nothing(event_loop_qt, qtbot):
    transport = TransportOnFirstUse()
    run(qtbot, httpx.AsyncClient(transport=transport).aclose())
    assert transport._transport is None
