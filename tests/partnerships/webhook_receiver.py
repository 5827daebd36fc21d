"""A real HTTP receiver for webhook tests: ``http.server`` in a thread on 127.0.0.1.

``receiver.answers`` is a list of status codes used one per request (then 200);
``receiver.requests`` holds what arrived, with the status it was answered."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hub.events import Event
from partnerships.webhooks import signing


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    answered: int

    def json(self) -> dict:
        import json

        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        return signing.verify(
            secret=secret,
            timestamp=self.headers.get(signing.TIMESTAMP_HEADER, ""),
            body=self.body,
            signatures=[self.headers.get(signing.SIGNATURE_HEADER, "")],
        )

    def previous_signed_with(self, secret: str) -> bool:
        return signing.verify(
            secret=secret,
            timestamp=self.headers.get(signing.TIMESTAMP_HEADER, ""),
            body=self.body,
            signatures=[self.headers.get(signing.PREVIOUS_SIGNATURE_HEADER, "")],
        )


@dataclass
class Receiver:
    host: str
    port: int
    answers: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/hook"

    def accepted(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if 200 <= r.answered < 300]


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver(host="127.0.0.1", port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                status = receiver.answers.pop(0) if receiver.answers else 200
                receiver.requests.append(Received(dict(self.headers.items()), body, status))
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server


def published_order(events: list[Event]) -> dict[str, list[str]]:
    """Event ids per object, in publishing order."""
    order: dict[str, list[str]] = {}
    for event in events:
        order.setdefault(str(event.object_uuid), []).append(str(event.id))
    return order


def received_order(requests: list[Received]) -> dict[str, list[str]]:
    order: dict[str, list[str]] = {}
    for request in requests:
        payload = request.json()
        order.setdefault(payload["object_id"], []).append(payload["id"])
    return order
