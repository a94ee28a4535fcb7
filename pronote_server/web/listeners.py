"""Running the listeners in one process: two uvicorn servers (API, enrolment), a third for the web
Espaces when asked for (:mod:`pronote_server.web.espaces_app`) and the desktop clients' listener
(:mod:`pronote_server.clients.listener`) on pre-bound sockets.

Sockets are bound before uvicorn starts so that ``--port 0`` yields real port numbers that the
ready file and ``/v1/info`` can report. uvicorn installs its own signal handlers per server (each
one replacing the previous); they are disabled here and one handler stops both servers together.

Both servers say the same things about the process ("Started server process", "Shutting down",
...) through the one ``uvicorn.error`` logger, which printed every such line twice: those are
kept from the API server only (:class:`_OneProcessLog`, told apart by a context variable set in
each server's task); warnings and errors of either listener are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import os
import signal
import socket
import ssl
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from pronote_server.clients.listener import ClientListener
from pronote_server.espaces.cas import NoTicketInLogs
from pronote_server.espaces.publication import WebAddress
from pronote_server.runtime import Runtime
from pronote_server.store.files import write_private
from pronote_server.web.app import Listener, Ports, create_app
from pronote_server.web.espaces_app import create_espaces_app
from pronote_server.web.tls import CertificateAwareH11Protocol

log = logging.getLogger("pronote_server.listeners")

# SIGHUP too: the demo runs as a child of a console whose terminal may close.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


_LISTENER: contextvars.ContextVar[Listener | None] = contextvars.ContextVar(
    "pronote_listener", default=None
)


class _OneProcessLog(logging.Filter):
    """uvicorn's life-cycle lines (INFO on ``uvicorn.error``) from one server only."""

    def filter(self, record: logging.LogRecord) -> bool:
        listener = _LISTENER.get()
        return record.levelno >= logging.WARNING or listener in (None, Listener.API)


def _in_listener(listener: Listener, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    context = contextvars.copy_context()
    context.run(_LISTENER.set, listener)
    return asyncio.create_task(work, context=context)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass(frozen=True)
class Bound:
    api: socket.socket
    enrol: socket.socket
    client: socket.socket | None = None
    web: socket.socket | None = None
    web_plain: bool = False  # plain HTTP (only ever on 127.0.0.1: tests and the demo)

    @property
    def ports(self) -> Ports:
        scheme = "http" if self.web_plain else "https"
        web = self.web.getsockname() if self.web else None
        return Ports(
            api=self.api.getsockname()[1],
            enrol=self.enrol.getsockname()[1],
            client=self.client.getsockname()[1] if self.client else 0,
            web=web[1] if web else 0,
            web_scheme=scheme,
            web_url=base_url(web[0], web[1], scheme) if web else None,
        )


def _listen(family: socket.AddressFamily, host: str, port: int) -> socket.socket:
    """A listening TCP socket. Made with ``IPPROTO_TCP`` explicitly (``socket.create_server``
    leaves the protocol 0): asyncio sets ``TCP_NODELAY`` only on connections whose socket says
    TCP, and without it every answer written in two parts (headers, then body) waited for the
    client's delayed acknowledgement, 40 ms."""
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host, port))
        sock.listen(socket.SOMAXCONN)
    except OSError:
        sock.close()
        raise
    return sock


PLAIN_HTTP_HOSTS = ("127.0.0.1",)


class PlainHttpRefused(ValueError):
    """Plain HTTP for the web listener on another address than 127.0.0.1."""


def bind(
    host: str,
    api_port: int,
    enrol_port: int,
    client_port: int | None = None,
    web_port: int | None = None,
    *,
    web_plain: bool = False,
) -> Bound:
    """Bind the sockets (the clients' one unless ``client_port`` is None, the web one unless
    ``web_port`` is None); raises OSError (port in use, bad address) before anything starts, and
    :class:`PlainHttpRefused` for plain HTTP anywhere but on 127.0.0.1."""
    if web_plain and host not in PLAIN_HTTP_HOSTS:
        raise PlainHttpRefused(host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    bound: dict[str, socket.socket] = {}
    try:
        for name, port in (
            ("api", api_port),
            ("enrol", enrol_port),
            ("client", client_port),
            ("web", web_port),
        ):
            if port is not None:
                bound[name] = _listen(family, host, port)
    except OSError:
        for sock in bound.values():
            sock.close()
        raise
    return Bound(
        api=bound["api"],
        enrol=bound["enrol"],
        client=bound.get("client"),
        web=bound.get("web"),
        web_plain=web_plain and "web" in bound,
    )


def base_url(host: str, port: int, scheme: str = "https") -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port}"


def _config(runtime: Runtime, listener: Listener, ports: Ports) -> uvicorn.Config:
    data = runtime.data
    extra: dict[str, object] = {
        "ssl_certfile": str(data.server_cert),
        "ssl_keyfile": str(data.server_key),
    }
    if listener is Listener.API:
        extra.update(ssl_cert_reqs=ssl.CERT_REQUIRED, ssl_ca_certs=str(data.ca_cert))
    app: Any
    if listener is Listener.WEB:
        app = create_espaces_app(
            runtime, WebAddress(ports.web_scheme, ports.web, bound_url=ports.web_url)
        )
        if ports.web_scheme == "http":
            extra = {}
    else:
        app = create_app(runtime, listener, ports)
    return uvicorn.Config(
        app,
        http=CertificateAwareH11Protocol,
        lifespan="off",
        log_config=None,
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=5,
        **extra,  # type: ignore[arg-type]
    )


def ready_record(runtime: Runtime, host: str, ports: Ports) -> dict[str, object]:
    return {
        "pid": os.getpid(),
        "enrol_url": base_url(host, ports.enrol),
        "api_url": base_url(host, ports.api),
        "client_port": ports.client,
        "web_url": ports.web_url,
        "web_port": ports.web,
        "ca_pem_path": str(runtime.data.ca_cert),
        "ca_fingerprint_sha256": runtime.authority.fingerprint_sha256,
        "data_dir": str(runtime.data.root),
    }


async def serve(
    runtime: Runtime,
    bound: Bound,
    host: str,
    *,
    on_ready: Callable[[dict[str, object]], None],
) -> None:
    ports = bound.ports
    servers = [
        _Server(_config(runtime, Listener.API, ports)),
        _Server(_config(runtime, Listener.ENROLMENT, ports)),
    ]
    if bound.web is not None:
        servers.append(_Server(_config(runtime, Listener.WEB, ports)))

    def stop() -> None:
        for server in servers:
            server.should_exit = True

    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop)

    async def announce() -> None:
        while not all(server.started for server in servers):
            if any(server.should_exit for server in servers):
                return
            await asyncio.sleep(0.02)
        on_ready(ready_record(runtime, host, ports))

    clients = ClientListener(runtime, bound.client) if bound.client is not None else None
    if clients is not None:
        await clients.start()
    one_process_log = _OneProcessLog()
    uvicorn_log = logging.getLogger("uvicorn.error")
    uvicorn_log.addFilter(one_process_log)
    # The web listener's access lines hold the address a browser came back from CAS with.
    no_tickets = NoTicketInLogs()
    access_log = logging.getLogger("uvicorn.access")
    access_log.addFilter(no_tickets)
    tasks = [
        _in_listener(Listener.API, servers[0].serve(sockets=[bound.api])),
        _in_listener(Listener.ENROLMENT, servers[1].serve(sockets=[bound.enrol])),
    ]
    if bound.web is not None:
        tasks.append(_in_listener(Listener.WEB, servers[2].serve(sockets=[bound.web])))
    announcer = asyncio.create_task(announce())
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        # One listener ending (a stop signal, or a failure) ends the other too.
        stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        for task in done:
            task.result()
    finally:
        uvicorn_log.removeFilter(one_process_log)
        access_log.removeFilter(no_tickets)
        announcer.cancel()
        if clients is not None:
            # Stopping the service ends every desktop client's session, and tells the client.
            await clients.close()
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)


def write_ready_file(path: Path, record: dict[str, object]) -> None:
    write_private(path, json.dumps(record, indent=2) + "\n")
