"""A stopping service drops its idle keep-alive connections at once (issue 12): over TLS a polite
close waits for the peer's close_notify, which an idle console never sends, so every stop used to
wait uvicorn's whole graceful timeout. A request under way is still let finish."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest import mock

import uvicorn
from uvicorn.server import ServerState

from pronote_server.web.tls import CertificateAwareH11Protocol


async def _app(scope: Any, receive: Any, send: Any) -> None:  # pragma: no cover - never called
    raise AssertionError


def _connection() -> tuple[CertificateAwareH11Protocol, mock.Mock]:
    config = uvicorn.Config(_app, http=CertificateAwareH11Protocol)
    config.load()
    protocol = CertificateAwareH11Protocol(config, ServerState(), {}, asyncio.get_running_loop())
    transport = mock.Mock(spec=asyncio.Transport)
    transport.get_extra_info.return_value = None
    protocol.connection_made(transport)
    return protocol, transport


async def test_an_idle_connection_is_dropped_at_once() -> None:
    protocol, transport = _connection()
    protocol.shutdown()
    transport.abort.assert_called_once()


async def test_a_request_under_way_is_let_finish() -> None:
    protocol, transport = _connection()
    protocol.cycle = mock.Mock(response_complete=False, keep_alive=True)
    protocol.shutdown()
    transport.abort.assert_not_called()
    assert protocol.cycle.keep_alive is False  # it closes after its response
