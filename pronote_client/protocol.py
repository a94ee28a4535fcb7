"""The desktop clients' protocol, client side: TLS, one JSON object per line.

:class:`Connection` is blocking (one session, ``pronote-client login``); :class:`AsyncConnection`
is for the swarm (hundreds of sessions in one process).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pronote_api.connections import ClientMode

MAX_LINE = 4096


class ServerRefusal(Exception):
    """An ``error`` message from the service (the connection is closed after it)."""

    def __init__(self, message: dict[str, Any]) -> None:
        super().__init__(str(message.get("code")))
        self.code = str(message.get("code"))
        self.message = message

    def text(self, lang: str) -> str:
        return str(self.message.get(f"message_{lang}") or self.code)


class ConnectionLost(Exception):
    """The service closed the connection without a word, or spoke nonsense."""


@dataclass(frozen=True)
class Credentials:
    uai: str
    user: str
    password: str
    mode: ClientMode
    workstation: str
    consultation: bool = False

    def login_message(self) -> dict[str, Any]:
        return {
            "type": "login",
            "protocol": 1,
            "uai": self.uai,
            "mode": self.mode.value,
            "user": self.user,
            "password": self.password,
            "workstation": self.workstation,
            "consultation": self.consultation,
        }


def tls_context(ca: Path) -> ssl.SSLContext:
    """Trust only the service's own authority (the CA of ``pronote-server info``)."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode("utf-8") + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    if not line.endswith(b"\n"):
        raise ConnectionLost
    try:
        message = json.loads(line)
    except ValueError:
        raise ConnectionLost from None
    if not isinstance(message, dict):
        raise ConnectionLost
    if message.get("type") == "error":
        raise ServerRefusal(message)
    return message


class Connection:
    """One blocking session."""

    def __init__(self, host: str, port: int, ca: Path, timeout: float = 15.0) -> None:
        raw = socket.create_connection((host, port), timeout=timeout)
        try:
            self.sock = tls_context(ca).wrap_socket(raw, server_hostname=host)
        except BaseException:
            raw.close()
            raise
        self.file = self.sock.makefile("rb")
        self.welcome: dict[str, Any] = {}

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        try:
            self.sock.sendall(encode(message))
            line = self.file.readline(MAX_LINE)
        except OSError as exc:
            raise ConnectionLost from exc
        return decode(line)

    def login(self, credentials: Credentials) -> dict[str, Any]:
        self.welcome = self.request(credentials.login_message())
        return self.welcome

    def heartbeat(self) -> None:
        self.request({"type": "heartbeat"})

    def logout(self) -> None:
        self.request({"type": "logout"})

    def close(self) -> None:
        for closing in (self.file.close, self.sock.close):
            with contextlib.suppress(OSError):
                closing()


class AsyncConnection:
    """One session on an asyncio loop (the swarm)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.welcome: dict[str, Any] = {}

    @classmethod
    async def open(cls, host: str, port: int, context: ssl.SSLContext) -> AsyncConnection:
        reader, writer = await asyncio.open_connection(
            host, port, ssl=context, server_hostname=host, limit=MAX_LINE
        )
        return cls(reader, writer)

    async def request(self, message: dict[str, Any]) -> dict[str, Any]:
        try:
            self.writer.write(encode(message))
            await self.writer.drain()
            line = await self.reader.readline()
        except (OSError, ValueError) as exc:
            raise ConnectionLost from exc
        return decode(line)

    async def login(self, credentials: Credentials) -> dict[str, Any]:
        self.welcome = await self.request(credentials.login_message())
        return self.welcome

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError, ssl.SSLError):
            await self.writer.wait_closed()
