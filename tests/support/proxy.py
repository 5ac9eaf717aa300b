"""A small TCP proxy on 127.0.0.1 that cuts connections at random (a bounded number
of times), to test that sync converges over a flaky link."""

from __future__ import annotations

import asyncio
import random
import socket
import threading


class FlakyProxy:
    def __init__(self, target_port: int, *, drop_probability: float = 0.3, max_drops: int = 12, seed: int = 7):
        self.target_port = target_port
        self.drop_probability = drop_probability
        self.max_drops = max_drops
        self.drops = 0
        self._rng = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="flaky-proxy", daemon=True)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._sock = sock

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(5)

    async def _serve(self) -> None:
        self._server = await asyncio.start_server(self._handle, sock=self._sock)

    def _should_drop(self) -> bool:
        if self.drops < self.max_drops and self._rng.random() < self.drop_probability:
            self.drops += 1
            return True
        return False

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_w.close()
            return

        async def pump(reader, writer) -> None:
            try:
                while data := await reader.read(16384):
                    if self._should_drop():
                        # Cut both sides mid-stream: a request or a response is lost halfway.
                        writer.write(data[: len(data) // 2])
                        raise ConnectionResetError
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                for w in (client_w, server_w):
                    w.close()

        await asyncio.gather(pump(client_r, server_w), pump(server_r, client_w))

    def stop(self) -> None:
        async def close():
            if self._server:
                self._server.close()
        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()
