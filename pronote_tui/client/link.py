"""The link to the service's two listeners: one ``httpx.AsyncClient`` each (TLS from
:mod:`.tls`), the retries with growing pauses, and the connection state.

:class:`ConnectionState` is observable with :meth:`Link.subscribe`. When the service goes away
the state turns ``reconnecting`` while a request is retried, then ``offline`` while the link
probes in the background; when the service answers again it turns ``connected``.

httpx is imported when first needed (its import weighs on the console's start-up). Imports
:mod:`.errors`, :mod:`.tls`, :mod:`pronote_tui.config` and :mod:`pronote_api`; never Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Self

from pydantic import BaseModel

from pronote_api.catalogue import tr
from pronote_tui.client import tls
from pronote_tui.client.cache import Params
from pronote_tui.client.errors import ConsoleError, ServiceUnreachable, lang_of
from pronote_tui.client.tls import Listener
from pronote_tui.config import Profile

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 15.0
RETRIES = 3
BACKOFF_START = 0.25
BACKOFF_MAX = 4.0
PROBE_INTERVAL_MAX = 5.0
UPLOAD_GIVE_UP = 8
"""Failures in a row (without progress) after which an upload, a download or a job's wait
gives up."""


class ConnectionState(StrEnum):
    """``connected``: no known problem. ``reconnecting``: a call is retrying. ``offline``: the
    retries failed; the client probes in the background until the service answers."""

    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"

    def message(self, lang: str) -> str:
        return tr(f"connection.state.{self.value}", lang_of(lang))


class Sealed:
    """A request's headers and body, kept out of reprs.

    They may hold the password or the session token, and Textual prints every frame's locals
    when an application crashes: locals of this type show as ``<sealed request>``.
    """

    __slots__ = ("body", "headers")

    def __init__(self, body: bytes | None = None, **headers: str) -> None:
        self.body = body
        self.headers: dict[str, str] = {}
        if body is not None:
            self.headers["Content-Type"] = "application/json"
        self.headers.update(headers)

    @classmethod
    def of(cls, model: BaseModel) -> Sealed:
        return cls(model.model_dump_json().encode("utf-8"))

    def __repr__(self) -> str:
        return "<sealed request>"


class Backoff:
    """Growing pauses between attempts: ``start``, doubled each time up to :data:`BACKOFF_MAX`."""

    def __init__(self, start: float) -> None:
        self.start = start
        self.delay = start

    async def pause(self) -> None:
        await asyncio.sleep(self.delay)
        self.delay = min(self.delay * 2, BACKOFF_MAX)

    def reset(self) -> None:
        self.delay = self.start


class Link:
    """The connections to one hosting service's listeners (see the module docstring)."""

    def __init__(
        self,
        profile: Profile,
        *,
        retries: int = RETRIES,
        backoff: float = BACKOFF_START,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.profile = profile
        self.retries = retries
        self.backoff = backoff
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._clients: dict[Listener, httpx.AsyncClient] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._state = ConnectionState.CONNECTED
        self._subscribers: list[Callable[[ConnectionState], None]] = []
        self._probe: asyncio.Task[None] | None = None
        self._probe_listener: Listener = "enrol"
        self._transport = transport

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(server={self.profile.server_url!r}, state={self._state.value!r})"

    # --- state --------------------------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        return self._state

    def subscribe(self, callback: Callable[[ConnectionState], None]) -> Callable[[], None]:
        """Call ``callback(state)`` on each change of state; returns the unsubscribe function.

        Callbacks run in the event loop's thread, synchronously; keep them short (post a message).
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def _set_state(self, state: ConnectionState) -> None:
        if state == self._state:
            return
        self._state = state
        if state == ConnectionState.CONNECTED and self._probe is not None:
            if self._probe is not _current_task():
                self._probe.cancel()
            self._probe = None
        for callback in list(self._subscribers):
            try:
                callback(state)
            except Exception:
                log.exception("connection-state subscriber failed")

    # --- lifecycle ----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connections (the session stays open on the service until logout)."""
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._probe
            self._probe = None
        clients, self._clients = self._clients, {}
        same_loop = self._loop is _running_loop()
        for http in clients.values():
            if same_loop:
                with contextlib.suppress(Exception):
                    await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- connections --------------------------------------------------------------------------

    def _url(self, listener: Listener) -> str:
        if listener == "enrol":
            return self.profile.server_url
        if self.profile.api_url is None:
            raise ServiceUnreachable(self.profile.server_url, "connection.not_enrolled")
        return self.profile.api_url

    def _drop_clients(self, listener: Listener | None = None) -> None:
        # Called when what a client was built from changes (CA pinned, new certificate, new
        # address). Closing is best effort: the old client may belong to a finished loop.
        for name in (listener,) if listener else ("enrol", "api"):
            old = self._clients.pop(name, None)
            if old is not None and self._loop is _running_loop():
                task = asyncio.ensure_future(old.aclose())
                task.add_done_callback(lambda t: t.exception() if not t.cancelled() else None)

    def _http(self, listener: Listener) -> httpx.AsyncClient:
        import httpx

        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # httpx connections belong to the loop that opened them. The demo logs in under
            # asyncio.run() and the app runs under its own loop: start afresh there.
            self._clients = {}
            self._probe = None
            self._loop = loop
        http = self._clients.get(listener)
        if http is None:
            http = httpx.AsyncClient(
                base_url=self._url(listener),
                verify=tls.ssl_context(self.profile, listener),
                timeout=httpx.Timeout(self._read_timeout, connect=self._connect_timeout),
                headers={"Accept": "application/json", "User-Agent": "pronote-tui"},
                follow_redirects=False,
                transport=self._transport,
            )
            self._clients[listener] = http
        return http

    def _raise_if_tls(self, exc: BaseException, url: str, listener: Listener) -> None:
        failure = tls.tls_failure(exc, self.profile, url, listener)
        if failure is not None:
            raise failure from None

    async def _link_lost(self, listener: Listener, backoff: Backoff) -> None:
        """After an attempt the link broke: ``reconnecting``, a clean pool, then a pause."""
        self._set_state(ConnectionState.RECONNECTING)
        # A dead keep-alive connection stays in the pool otherwise; start from a clean one.
        self._drop_clients(listener)
        await backoff.pause()

    async def _send(
        self,
        listener: Listener,
        method: str,
        path: str,
        sealed: Sealed,
        params: Params | None,
        idempotent: bool,
    ) -> httpx.Response:
        """Send until an answer comes: a request that never left is sent again; one that may
        have reached the service only when ``idempotent``; :attr:`retries` at the most."""
        import httpx

        url = self._url(listener)
        backoff = Backoff(self.backoff)
        attempt = 0
        while True:
            http = self._http(listener)
            try:
                response = await http.request(
                    method, path, headers=sealed.headers, content=sealed.body, params=params
                )
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # The request never left: resending is safe whatever the method.
                self._raise_if_tls(exc, url, listener)
                timed_out = isinstance(exc, httpx.ConnectTimeout)
                retryable, dropped = True, False
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                self._raise_if_tls(exc, url, listener)
                timed_out = isinstance(exc, httpx.TimeoutException)
                retryable = idempotent
                dropped = isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError)
            else:
                self._set_state(ConnectionState.CONNECTED)
                return response
            if not retryable or attempt >= self.retries:
                if dropped and listener == "api" and await self._certificate_refused():
                    self._set_state(ConnectionState.CONNECTED)
                    raise tls.certificate_rejected()
                self._go_offline(listener)
                raise ServiceUnreachable(
                    url, "connection.timeout" if timed_out else "connection.unreachable"
                )
            attempt += 1
            await self._link_lost(listener, backoff)

    async def _certificate_refused(self) -> bool:
        """The API listener hung up on us: is it refusing our certificate?

        With TLS 1.3 a refused client certificate shows on the client as a connection closed
        without an answer, like a service going down. It is the certificate when the enrolment
        listener (same service, no client certificate) answers while a fresh connection to the
        API listener is dropped again.
        """
        import httpx

        self._drop_clients("api")
        try:
            answer = await self._http("enrol").get("/v1/info")
        except (httpx.HTTPError, ConsoleError):
            return False
        if answer.status_code >= 500:
            return False
        try:
            await self._http("api").get("/v1/info")
        except (httpx.RemoteProtocolError, httpx.ReadError):
            return True
        except (httpx.HTTPError, ConsoleError):
            return False
        return False

    def _go_offline(self, listener: Listener) -> None:
        self._set_state(ConnectionState.OFFLINE)
        self._probe_listener = listener
        if self._probe is None or self._probe.done():
            self._probe = asyncio.ensure_future(self._probe_until_back())

    async def _probe_until_back(self) -> None:
        """While offline, ask ``/v1/info`` with growing pauses until the service answers."""
        import ssl

        import httpx

        delay = max(self.backoff, 0.1)
        while self._state == ConnectionState.OFFLINE:
            await asyncio.sleep(delay)
            delay = min(delay * 2, PROBE_INTERVAL_MAX)
            listener = self._probe_listener
            try:
                http = self._http(listener)
                response = await http.get("/v1/info")
            except (httpx.HTTPError, ConsoleError, ssl.SSLError, OSError):
                self._drop_clients(listener)
                continue
            if response.status_code < 500:
                self._probe = None
                self._set_state(ConnectionState.CONNECTED)
                return


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None
