"""A TCP relay between the console and the service that can cut the link mid-transfer.

TLS passes through it untouched (it only copies bytes), so the console talks to the real
service exactly as over a network whose link drops: the connection is closed in the middle of
a request, with part of it sent.
"""

from __future__ import annotations

import asyncio
import contextlib


class CuttingRelay:
    """Relays 127.0.0.1:``port`` to ``target``. ``cut_after(n)``: once ``n`` more bytes went
    towards the service, every open connection is cut (once); later connections pass."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.cuts = 0
        self.upstream_bytes = 0
        self._budget: int | None = None
        self._down_budget: int | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def cut_after(self, n: int) -> None:
        self._budget = n

    def cut_downstream_after(self, n: int) -> None:
        """Once ``n`` more bytes came back from the service (a download), cut (once)."""
        self._down_budget = n

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        self._cut_all()

    def _cut_all(self) -> None:
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(
            self._pipe(reader, up_writer, upstream=True),
            self._pipe(up_reader, writer, upstream=False),
            return_exceptions=True,
        )
        for w in (writer, up_writer):
            self._writers.discard(w)
            with contextlib.suppress(Exception):
                w.close()

    def _spend(self, upstream: bool, left: int | None) -> None:
        if upstream:
            self._budget = left
        else:
            self._down_budget = left

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, upstream: bool
    ) -> None:
        while True:
            data = await reader.read(65536)
            if not data:
                with contextlib.suppress(Exception):
                    writer.write_eof()
                return
            if upstream:
                self.upstream_bytes += len(data)
            budget = self._budget if upstream else self._down_budget
            if budget is not None:
                if len(data) >= budget:
                    writer.write(data[:budget])
                    await writer.drain()
                    self._spend(upstream, None)
                    self.cuts += 1
                    self._cut_all()
                    return
                self._spend(upstream, budget - len(data))
            writer.write(data)
            await writer.drain()
