"""A real HTTP front on 127.0.0.1 before a real server that can be told to misbehave:
forward every request (``"pass"``), answer 500 (``"500"``), answer 200 with a body that
is not JSON (``"garbage"``), or answer a push with a well-formed JSON object whose figures
are nonsense (``"nonsense"``: the client's own code then fails, not its HTTP layer).
``missing``: paths answered 404 whatever the mode (a server older than them); ``seen``:
every request's method and path, in order."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

MODES = ("pass", "500", "garbage", "nonsense")


class FaultyFront:
    def __init__(self, target_url: str):
        self.target_url = target_url.rstrip("/")
        self.mode = "pass"
        self.requests = 0  # answered while misbehaving
        self.missing: set[str] = set()
        self.seen: list[tuple[str, str]] = []
        front = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args) -> None:  # quiet: the test reads its own assertions
                pass

            def _answer(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                mode = front.mode
                front.seen.append((self.command, self.path.split("?")[0]))
                if self.path.split("?")[0] in front.missing:
                    self._answer(404, b'{"detail": "Not Found"}')
                    return
                if mode != "pass":
                    front.requests += 1
                if mode == "500":
                    self._answer(500, b'{"detail": "errore interno simulato"}')
                elif mode == "garbage":
                    self._answer(200, b"<html>non sono JSON</html>", "text/html")
                elif mode == "nonsense" and self.path.endswith("/sync/push"):
                    self._answer(200, b'{"acked": [], "duplicates": "molti", "conflicts": 0}')
                elif mode == "nonsense" and self.path.endswith("/sync/push-pull"):
                    self._answer(200, b'{"push": {"acked": [], "duplicates": "molti", "conflicts": 0}, '
                                      b'"pull": {"changes": [], "next_cursor": 0, "has_more": false}}')
                else:
                    headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
                    with httpx.Client(timeout=20) as client:
                        r = client.request(self.command, front.target_url + self.path, content=body, headers=headers)
                    self._answer(r.status_code, r.content, r.headers.get("content-type", "application/json"))

            do_GET = do_POST = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> FaultyFront:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
