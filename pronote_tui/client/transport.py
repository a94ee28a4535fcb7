"""The one way the typed calls talk to the service: :class:`Transport`.

On the :class:`.Link` (connections, retries, connection state) it adds the session token, the
ETag cache (:mod:`.cache`), the reading of answers into models and the mapping of refusals
(:func:`.errors.refusal_of`). Every typed call (the other modules of this package) goes through
:meth:`Transport._fetch` or :meth:`Transport._call`; sessions live in the service's store, so
they survive its restart. Imports :mod:`.link` and below; never Textual.
"""

from __future__ import annotations

import socket
from collections import Counter
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, Unpack

from pydantic import BaseModel, ValidationError

from pronote_api.catalogue import Lang
from pronote_api.errors import ErrorCode
from pronote_api.models import SessionInfo
from pronote_tui.certificates import CertificateProblem, InstalledCertificate
from pronote_tui.client import tls
from pronote_tui.client.cache import EtagCache, Params
from pronote_tui.client.errors import (
    ApiFailure,
    SessionExpired,
    lang_of,
    local_failure,
    refusal_of,
    unexpected_answer,
)
from pronote_tui.client.link import (
    BACKOFF_START,
    CONNECT_TIMEOUT,
    READ_TIMEOUT,
    RETRIES,
    Link,
    Sealed,
)
from pronote_tui.client.tls import Listener
from pronote_tui.config import Profile

if TYPE_CHECKING:
    import httpx

M = TypeVar("M", bound=BaseModel)


class CallOptions(TypedDict, total=False):
    """How :meth:`Transport._call` makes a request (all but the answer's model)."""

    listener: Listener
    body: Sealed | None
    params: Params | None
    auth: bool
    idempotent: bool | None
    forgets: str | None


class Transport(Link):
    """The calls' side of the connection to one hosting service (see the module docstring)."""

    def __init__(
        self,
        profile: Profile,
        lang: str = "fr",
        *,
        retries: int = RETRIES,
        backoff: float = BACKOFF_START,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        workstation: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            profile,
            retries=retries,
            backoff=backoff,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            transport=transport,
        )
        self.lang: Lang = lang_of(lang)
        self.workstation = workstation or socket.gethostname()[:128] or "console"
        self._session: SessionInfo | None = None
        self._etags = EtagCache()

    @property
    def not_modified(self) -> int:
        """How many GETs the service answered 304 (the cached model was returned)."""
        return self._etags.not_modified

    @property
    def not_modified_by_path(self) -> Counter[str]:
        return self._etags.not_modified_by_path

    @property
    def session(self) -> SessionInfo | None:
        """The current session (its token is a SecretStr), or None when logged out."""
        return self._session

    @property
    def logged_in(self) -> bool:
        return self._session is not None

    # --- certificate --------------------------------------------------------------------------

    def certificate_status(
        self, hosting_number: str | None = None
    ) -> InstalledCertificate | CertificateProblem:
        return tls.certificate_status(self.profile, hosting_number)

    def certificate_problem(self, hosting_number: str | None = None) -> CertificateProblem | None:
        """None when the stored certificate is usable (for ``hosting_number`` if given).

        Else the problem: a ``str`` holding the catalogue key (``certificate.missing``,
        ``.corrupt``, ``.expired``, ``.other_number`` ...) with ``.params`` and
        ``.message(lang)``. Synchronous (local files only).
        """
        status = self.certificate_status(hosting_number)
        return status if isinstance(status, CertificateProblem) else None

    def has_certificate(self, hosting_number: str | None = None) -> bool:
        """Synchronous."""
        return self.certificate_problem(hosting_number) is None

    # --- calls --------------------------------------------------------------------------------

    async def _fetch(
        self,
        model: type[M],
        method: str,
        path: str,
        **options: Unpack[CallOptions],
    ) -> M:
        """A call whose answer is a ``model``; see :meth:`_call`."""
        result = await self._call(method, path, model=model, **options)
        assert isinstance(result, model)
        return result

    async def _call(
        self,
        method: str,
        path: str,
        *,
        listener: Listener = "api",
        body: Sealed | None = None,
        params: Params | None = None,
        model: type[M] | None = None,
        auth: bool = True,
        idempotent: bool | None = None,
        forgets: str | None = None,
    ) -> Any:
        """One request, retried as :meth:`_send` does; the answer read as ``model`` (None
        without one). A GET with a model is conditional (ETag); a write that succeeds forgets
        the answers kept for its path, and for ``forgets`` too."""
        if idempotent is None:
            idempotent = method in ("GET", "PUT", "DELETE", "HEAD")
        sealed = body or Sealed()
        if auth:
            self._authorise(sealed)
        cache_key = None
        if method == "GET" and model is not None:
            cache_key = self._etags.key(listener, path, params)
            etag = self._etags.etag(cache_key)
            if etag is not None:
                sealed.headers["If-None-Match"] = etag

        response = await self._send(listener, method, path, sealed, params, idempotent)

        if response.status_code == 304 and cache_key is not None:
            cached = self._etags.not_modified_answer(cache_key, path)
            if cached is not None:
                return cached
        if not response.is_success:
            raise self._refusal(response)
        if model is None:
            return None
        try:
            result = model.model_validate_json(response.content)
        except ValidationError:
            raise unexpected_answer(response.status_code) from None
        if cache_key is not None:
            self._etags.remember(cache_key, response.headers.get("ETag"), result)
        elif method in ("PUT", "POST", "DELETE"):
            self._etags.forget(listener, path)
        if forgets is not None:
            self._etags.forget(listener, forgets)
        return result

    def _authorise(self, sealed: Sealed) -> None:
        if self._session is None:
            raise local_failure(ErrorCode.SESSION_REQUIRED, "connection.not_logged_in")
        sealed.headers["Authorization"] = f"Bearer {self._session.token.get_secret_value()}"

    def _refusal(self, response: httpx.Response) -> ApiFailure:
        """The failure an unsuccessful answer stands for; one that ends the session ends it."""
        failure = refusal_of(response.status_code, response.content)
        if isinstance(failure, SessionExpired):
            self._session = None
        return failure
