"""Telling the application which client certificate a connection presented.

uvicorn verifies the client certificate (``ssl_cert_reqs=CERT_REQUIRED``) but does not pass it
on: the ASGI scope only carries addresses. Sessions must be bound to the certificate, so this
protocol class (given to ``uvicorn.Config(http=...)``) reads the peer certificate once per TLS
connection, at ``connection_made`` (asyncio calls it after the handshake), and wraps the
application for that connection so that every request's scope carries
``scope["extensions"]["tls"]["client_cert_sha256"]``: the lower-case hex SHA-256 of the DER, the
same value the store keeps for each issued certificate. A connection without a certificate (the
enrolment listener) gets no such key.
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

TLS_EXTENSION = "tls"
CLIENT_CERT_KEY = "client_cert_sha256"


def client_fingerprint(transport: asyncio.BaseTransport) -> str | None:
    ssl_object = transport.get_extra_info("ssl_object")
    if not isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return hashlib.sha256(der).hexdigest() if der else None


class _WithClientCertificate:
    """ASGI wrapper adding the connection's certificate fingerprint to each HTTP scope."""

    def __init__(self, app: Any, fingerprint: str) -> None:
        self.app = app
        self.fingerprint = fingerprint

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            extensions = dict(scope.get("extensions") or {})
            extensions[TLS_EXTENSION] = {CLIENT_CERT_KEY: self.fingerprint}
            scope = {**scope, "extensions": extensions}
        await self.app(scope, receive, send)


class CertificateAwareH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        fingerprint = client_fingerprint(transport)
        if fingerprint is not None:
            # self.app is per protocol instance, and one instance serves one connection.
            self.app = _WithClientCertificate(self.app, fingerprint)

    def shutdown(self) -> None:
        """The service stops: an idle keep-alive connection is dropped at once. uvicorn closes it
        politely, and over TLS a polite close waits for the peer's close_notify, which an idle
        console never sends: every stop waited the whole graceful timeout (5 s) for nothing. A
        request under way still finishes (uvicorn's own handling)."""
        idle = self.cycle is None or self.cycle.response_complete
        super().shutdown()
        if idle:
            self.transport.abort()


def scope_client_fingerprint(scope: dict[str, Any]) -> str | None:
    tls = (scope.get("extensions") or {}).get(TLS_EXTENSION) or {}
    value = tls.get(CLIENT_CERT_KEY)
    return value if isinstance(value, str) else None
