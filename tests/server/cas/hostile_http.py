"""A tiny HTTP server of the tests' own, on 127.0.0.1, that answers a CAS validation the ways a
broken or hostile CAS server could: garbage, too much, an XML bomb, slowly ... Each behaviour is
a path prefix: ``url("laughs")`` is a CAS server URL whose ``/p3/serviceValidate`` answers a
billion laughs. Every request's path is recorded, so a test can tell that none was made."""

from __future__ import annotations

import gzip
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NS = 'xmlns:cas="http://www.yale.edu/tp/cas"'


def success(user: str = "lea.martin", attributes: str = "") -> bytes:
    return (
        f"<cas:serviceResponse {NS}><cas:authenticationSuccess><cas:user>{user}</cas:user>"
        f"<cas:attributes>{attributes}</cas:attributes>"
        "</cas:authenticationSuccess></cas:serviceResponse>"
    ).encode()


def failure(code: str) -> bytes:
    return (
        f'<cas:serviceResponse {NS}><cas:authenticationFailure code="{code}">'
        "words of the server</cas:authenticationFailure></cas:serviceResponse>"
    ).encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess>
<cas:user>&lol9;</cas:user></cas:authenticationSuccess></cas:serviceResponse>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess>
<cas:user>&xxe;</cas:user></cas:authenticationSuccess></cas:serviceResponse>
"""

BIG = success(attributes="<cas:filler>" + "x" * (200 * 1024) + "</cas:filler>")

# name -> (status, extra headers, body)
CANNED: dict[str, tuple[int, dict[str, str], bytes]] = {
    "success": (200, {}, success(attributes="<cas:sn>Martin</cas:sn><cas:sn>Roux</cas:sn>")),
    "garbage": (200, {"Content-Type": "text/xml"}, os.urandom(2048)),
    "cas1": (200, {"Content-Type": "text/plain"}, b"yes\nlea.martin\n"),
    "html": (200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html><body>ENT</body></html>"),
    "big": (200, {}, BIG),
    "laughs": (200, {}, BILLION_LAUGHS),
    "xxe": (200, {}, EXTERNAL_ENTITY),
    "namespace": (
        200,
        {},
        b'<cas:serviceResponse xmlns:cas="http://example.org/not-cas"><cas:authenticationSuccess>'
        b"<cas:user>lea.martin</cas:user></cas:authenticationSuccess></cas:serviceResponse>",
    ),
    "no-user": (
        200,
        {},
        f"<cas:serviceResponse {NS}><cas:authenticationSuccess>"
        "</cas:authenticationSuccess></cas:serviceResponse>".encode(),
    ),
    "markup-user": (200, {}, success(user="<cas:b>lea</cas:b>")),
    "long-user": (200, {}, success(user="u" * 300)),
    "control-user": (200, {}, success(user="lea&#9;martin")),
    "two-answers": (
        200,
        {},
        f'<cas:serviceResponse {NS}><cas:authenticationFailure code="INVALID_TICKET">'
        "no</cas:authenticationFailure><cas:authenticationSuccess><cas:user>lea.martin"
        "</cas:user></cas:authenticationSuccess></cas:serviceResponse>".encode(),
    ),
    "internal": (200, {}, failure("INTERNAL_ERROR")),
    "unknown-code": (200, {}, failure("SOMETHING_ELSE")),
    "bad-code": (200, {}, failure("not a code")),
    "error500": (500, {"Content-Type": "text/html"}, b"<h1>Server Error</h1>"),
    "redirect": (302, {"Location": "/success/p3/serviceValidate"}, b""),
    "gzip": (200, {"Content-Encoding": "gzip"}, gzip.compress(success())),
}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up early (as the CAS client should) is no error here


class HostileServer:
    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                owner.requests.append(self.path)
                name = self.path.lstrip("/").split("/", 1)[0]
                behaviour = BEHAVIOURS.get(name)
                if behaviour is not None:
                    behaviour(self)
                    return
                status, headers, body = CANNED.get(name, (404, {}, b"not here"))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _chunked_big(handler: BaseHTTPRequestHandler) -> None:
    """200 KiB with no Content-Length: only counting what arrives can stop it."""
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<!-- " + b"y" * 8000 + b" -->"
    try:
        for _ in range(25):
            handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass  # the client stopped reading, as it should


def _trickle(handler: BaseHTTPRequestHandler) -> None:
    """A byte every 0.2 s: each read is quick, the whole answer never comes."""
    handler.send_response(200)
    handler.send_header("Content-Length", "4000")
    handler.end_headers()
    try:
        for _ in range(100):  # bounded: 20 s at most
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass


def _slow(handler: BaseHTTPRequestHandler) -> None:
    """Nothing for 3 s, then an answer: past a read timeout of 1 s."""
    time.sleep(3)
    body = success()
    try:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    except OSError:
        pass


BEHAVIOURS: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
    "big-chunked": _chunked_big,
    "trickle": _trickle,
    "slow": _slow,
}


@contextmanager
def silent_port() -> Iterator[int]:
    """A port where a socket listens and never answers (connections wait in its backlog)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


@contextmanager
def not_http_port() -> Iterator[int]:
    """A port whose server answers every connection with bytes that are not HTTP."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.recv(4096)
                    conn.sendall(b"\x00\x01\x02 SSH-2.0-not-http \xff\xfe\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def closed_port() -> int:
    """A port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
