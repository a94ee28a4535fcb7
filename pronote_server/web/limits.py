"""A cap on request bodies. Every body of this API is a small JSON document; without a cap a
client could make a worker hold an arbitrarily large body in memory before validation.

The one exception is an upload chunk (``PUT /v1/uploads/{id}`` on the API listener): up to
:data:`~pronote_api.school.UPLOAD_CHUNK_MAX` bytes, which its router streams to disk."""

from __future__ import annotations

import contextlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pronote_api.errors import ErrorCode
from pronote_api.school import UPLOAD_CHUNK_MAX
from pronote_server.errors import api_error
from pronote_server.web.errors import error_response

MAX_BODY_BYTES = 64 * 1024
CHUNK_PATH = re.compile(r"^/v1/uploads/[^/]+$")


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, *, chunks: bool = False) -> None:
        self.app = app
        self.limit = limit
        self.chunks = chunks

    def _limit(self, scope: Scope) -> int:
        if self.chunks and scope.get("method") == "PUT" and CHUNK_PATH.match(scope["path"]):
            return UPLOAD_CHUNK_MAX
        return self.limit

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        shown = f"{self._limit(scope) // 1024} KiB"
        response = error_response(413, api_error(ErrorCode.PAYLOAD_TOO_LARGE, limit=shown))
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await self._refuse(scope, receive, send)
                return
        received = 0
        too_large = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _TooLarge
            return message

        async def replacing_send(message: Message) -> None:
            # The framework may turn the exception into an answer of its own (a 400 "cannot
            # parse the body"): once the body was too large, whatever it says becomes the 413.
            nonlocal refused
            if not too_large:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(scope, receive, send)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counting_receive, replacing_send)
        if too_large and not refused:
            await self._refuse(scope, receive, send)
