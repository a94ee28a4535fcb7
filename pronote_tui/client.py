"""The console's one connection to the hosting service. Screens ask it; they never build URLs.

:class:`ConsoleClient` owns one ``httpx.AsyncClient`` per listener of the service:

* the **enrolment listener** (``profile.server_url``): server-authenticated TLS against the CA
  pinned at first contact; ``/v1/info``, ``/v1/enrol``, ``/v1/invoice-reminder``;
* the **API listener** (``profile.api_url``, learned from ``/v1/info``): mutual TLS with this
  workstation's certificate; the session and everything after it.

Failures come out typed, each with ``.message(lang)`` from the catalogue:

* :class:`ApiFailure` the service refused (its ``ApiError`` body, or one the console made for a
  refusal it detected first, such as a missing certificate); :class:`SessionExpired` is the
  subclass for "log in again";
* :class:`ServiceUnreachable` the service could not be reached after the retries;
  :class:`UntrustedService` (a subclass) the service did not prove it holds the pinned CA.

The connection state (:class:`ConnectionState`) is observable with :meth:`ConsoleClient.subscribe`.
When the service goes away the client turns ``reconnecting`` while it retries, then ``offline``
and keeps probing in the background; when the service answers again it turns ``connected`` and
calls work again with the same session (sessions live in the service's store, so they survive a
restart of the service).

No secret (password, invoice number, token, private key) is put in an exception's text, a repr
or a log line.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import socket
import ssl
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr, ValidationError

from pronote_api.catalogue import Lang, tr
from pronote_api.connections import (
    ClientSession,
    ConnectionsPage,
    LicenceUsage,
    ReservedLicences,
    SecurityState,
    UnblockRequest,
)
from pronote_api.errors import ApiError, ErrorCode
from pronote_api.models import (
    AccountCard,
    EnrolRequest,
    EnrolResponse,
    HistoryPage,
    HostingNumberRequest,
    LoginRequest,
    ManagerContact,
    NotificationPrefs,
    Outcome,
    ServerStatus,
    ServiceInfo,
    SessionInfo,
)
from pronote_api.school import (
    UPLOAD_CHUNK_MAX,
    BaseList,
    BaseSummary,
    CreateBaseRequest,
    Job,
    JobState,
    PrepareNextYearRequest,
    StartRequest,
    SuperadminDefinition,
    TimeGrid,
    UploadCreate,
    UploadKind,
    UploadRef,
    UploadStatus,
)
from pronote_api.snapshots import (
    RecoveryRequest,
    RecoveryTree,
    RestorePreview,
    Snapshot,
    SnapshotKind,
    SnapshotList,
    TakeSnapshotRequest,
    VersionChangeChoice,
    VersionChangePlan,
)
from pronote_api.validation import InvalidValue, check_hosting_number, check_invoice_number
from pronote_tui.certificates import (
    CertificateProblem,
    InstalledCertificate,
    InvalidCaCertificate,
    check_certificate,
    fingerprint_sha256,
    format_fingerprint,
    generate_key,
    load_ca_certificate,
    make_csr,
    store_certificate,
)
from pronote_tui.config import Profile, api_url_for, normalise_server_url, write_file_atomic

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
Listener = Literal["enrol", "api"]

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 15.0
RETRIES = 3
BACKOFF_START = 0.25
BACKOFF_MAX = 4.0
PROBE_INTERVAL_MAX = 5.0
JOB_POLL_INTERVAL = 0.5
UPLOAD_GIVE_UP = 8
"""Failures in a row (without progress) after which an upload or a job's wait gives up."""

_SESSION_ERRORS = {ErrorCode.SESSION_EXPIRED, ErrorCode.SESSION_REQUIRED}
# A chunk refused for these is sent again from where the service stands.
_RESUMABLE = {ErrorCode.UPLOAD_OFFSET_MISMATCH}
# TLS alerts a server sends when it refuses the client certificate.
_CERT_REFUSED_MARKERS = (
    "CERTIFICATE_REQUIRED",
    "CERTIFICATE_UNKNOWN",
    "BAD_CERTIFICATE",
    "UNKNOWN_CA",
    "CERTIFICATE_EXPIRED",
    "CERTIFICATE_REVOKED",
    "ACCESS_DENIED",
)


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "fr"


class ConnectionState(StrEnum):
    """``connected``: no known problem. ``reconnecting``: a call is retrying. ``offline``: the
    retries failed; the client probes in the background until the service answers."""

    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"

    def message(self, lang: str) -> str:
        return tr(f"connection.state.{self.value}", _lang(lang))


# --- failures ---------------------------------------------------------------------------------


class ConsoleError(Exception):
    """Base of the connection layer's failures: a catalogue key and its (non-secret) params."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return tr(self.key, _lang(lang), **self.params)

    def __str__(self) -> str:
        return self.message("en")


class ServiceUnreachable(ConsoleError):
    """The service did not answer (refused, timed out, connection lost) after the retries."""

    def __init__(self, url: str, key: str = "connection.unreachable") -> None:
        super().__init__(key, url=url)
        self.url = url


class UntrustedService(ServiceUnreachable):
    """TLS verification against the pinned CA failed: nothing was sent, retrying will not help.

    ``folder`` is the service's profile folder, whose removal starts a new first contact.
    """

    def __init__(self, url: str, folder: str) -> None:
        ConsoleError.__init__(self, "connection.untrusted", url=url, folder=folder)
        self.url = url
        self.folder = folder


class FirstContactFailed(ConsoleError):
    """First contact fetched something that is not the service's CA certificate."""


class ApiFailure(ConsoleError):
    """The service refused the request; ``error`` is its :class:`ApiError` body."""

    def __init__(self, error: ApiError, status: int = 0) -> None:
        super().__init__(f"error.{error.code.value}")
        self.error = error
        self.status = status

    @property
    def code(self) -> ErrorCode:
        return self.error.code

    @property
    def field(self) -> str | None:
        return self.error.field

    @property
    def certificate_problem(self) -> bool:
        """True when installing a new certificate is the way out."""
        return self.error.code in {
            ErrorCode.CERTIFICATE_REQUIRED,
            ErrorCode.CERTIFICATE_UNKNOWN,
            ErrorCode.CERTIFICATE_MISMATCH,
        }

    def message(self, lang: str) -> str:
        # The service words its refusals with the same catalogue; its text carries the params
        # it filled in (e.g. a suspension's end). Our own catalogue is the fallback.
        text = self.error.message_en if _lang(lang) == "en" else self.error.message_fr
        if text:
            return text
        try:
            return tr(self.key, _lang(lang), **self.error.params)
        except (KeyError, IndexError):
            return tr("connection.unexpected_answer", _lang(lang), status=self.status)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.error.code.value!r}, status={self.status})"


class SessionExpired(ApiFailure):
    """The session token is no longer valid: the manager must log in again."""


def local_failure(
    code: ErrorCode,
    key: str,
    *,
    field: str | None = None,
    status: int = 0,
    params: Mapping[str, object] | None = None,
) -> ApiFailure:
    """An :class:`ApiFailure` for a refusal the console detects before asking the service."""
    params = params or {}
    error = ApiError(
        code=code,
        message_fr=tr(key, "fr", **params),
        message_en=tr(key, "en", **params),
        field=field,
    )
    cls = SessionExpired if code in _SESSION_ERRORS else ApiFailure
    return cls(error, status)


def _invalid(exc: InvalidValue, field: str) -> ApiFailure:
    def reason(lang: Lang) -> str:
        return tr(exc.reason, lang, **exc.params)

    error = ApiError(
        code=exc.code,
        message_fr=tr(f"error.{exc.code.value}", "fr", reason=reason("fr")),
        message_en=tr(f"error.{exc.code.value}", "en", reason=reason("en")),
        field=field,
    )
    return ApiFailure(error, 0)


def _secret(value: SecretStr | str) -> SecretStr:
    return value if isinstance(value, SecretStr) else SecretStr(value)


class _Sealed:
    """A request's headers and body, kept out of reprs.

    They may hold the password or the session token, and Textual prints every frame's locals
    when an application crashes: locals of this type show as ``<sealed request>``.
    """

    __slots__ = ("body", "headers")

    def __init__(self, body: bytes | None = None) -> None:
        self.body = body
        self.headers: dict[str, str] = {}
        if body is not None:
            self.headers["Content-Type"] = "application/json"

    @classmethod
    def of(cls, model: BaseModel) -> _Sealed:
        return cls(model.model_dump_json().encode("utf-8"))

    def __repr__(self) -> str:
        return "<sealed request>"


def _ssl_error(exc: BaseException) -> ssl.SSLError | None:
    """The TLS error at the root of an httpx failure, if there is one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return current
        current = current.__cause__ or current.__context__
    return None


# --- the client -------------------------------------------------------------------------------


class ConsoleClient:
    """The console's connection to one hosting service (see the module docstring)."""

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
        self.profile = profile
        self.lang: Lang = _lang(lang)
        self.retries = retries
        self.backoff = backoff
        self.workstation = workstation or socket.gethostname()[:128] or "console"
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._clients: dict[Listener, httpx.AsyncClient] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: SessionInfo | None = None
        self._state = ConnectionState.CONNECTED
        self._subscribers: list[Callable[[ConnectionState], None]] = []
        self._etags: dict[tuple[Listener, str], tuple[str, BaseModel]] = {}
        self._probe: asyncio.Task[None] | None = None
        self._probe_listener: Listener = "enrol"
        self._transport = transport
        self.not_modified = 0
        self.not_modified_by_path: Counter[str] = Counter()  # the same, per path
        """How many GETs the service answered 304 (the cached model was returned)."""

    def __repr__(self) -> str:
        return f"ConsoleClient(server={self.profile.server_url!r}, state={self._state.value!r})"

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

    @property
    def session(self) -> SessionInfo | None:
        """The current session (its token is a SecretStr), or None when logged out."""
        return self._session

    @property
    def logged_in(self) -> bool:
        return self._session is not None

    # --- first contact ------------------------------------------------------------------------

    @staticmethod
    async def fetch_ca_unverified(
        server_url: str, *, timeout: float = CONNECT_TIMEOUT
    ) -> tuple[str, str]:
        """Fetch ``/v1/ca.pem`` WITHOUT verifying the service (nothing to verify with yet).

        Returns ``(pem, "AB:CD:...")``. Nothing is sent but the request line; the manager must
        compare the fingerprint with the provider's before :meth:`pin_ca`.
        """
        url = normalise_server_url(server_url)
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        # The standard library rather than httpx: this runs before the interface opens, and
        # httpx's import is a noticeable share of the console's start-up time.
        try:
            status, body = await _plain_get(url, "/v1/ca.pem", ctx, timeout)
        except TimeoutError:
            raise ServiceUnreachable(url, "connection.timeout") from None
        except OSError:
            raise ServiceUnreachable(url) from None
        except ValueError:  # something answered, but not HTTP
            raise FirstContactFailed("connection.not_a_service", url=url) from None
        if status != 200:
            raise FirstContactFailed("connection.not_a_service", url=url)
        pem = body.decode("ascii", "replace")
        try:
            return pem, format_fingerprint(fingerprint_sha256(pem))
        except InvalidCaCertificate:
            raise FirstContactFailed("firstcontact.not_a_ca") from None

    def pin_ca(self, pem: str) -> str:
        """Record ``pem`` as the service's CA (all later traffic verifies against it).

        Synchronous (a local file). Returns the hex fingerprint. Raises :class:`FirstContactFailed`
        if ``pem`` is not a CA certificate.
        """
        try:
            load_ca_certificate(pem)
            digest = fingerprint_sha256(pem)
        except InvalidCaCertificate:
            raise FirstContactFailed("firstcontact.not_a_ca") from None
        self.profile.directory.mkdir(parents=True, exist_ok=True)
        write_file_atomic(self.profile.ca_path, pem)
        self.profile.ca_fingerprint = digest
        self.profile.save()
        self._drop_clients()
        return digest

    # --- certificate --------------------------------------------------------------------------

    def certificate_status(
        self, hosting_number: str | None = None
    ) -> InstalledCertificate | CertificateProblem:
        return check_certificate(
            self.profile.key_path,
            self.profile.cert_path,
            hosting_number=hosting_number,
            ca_path=self.profile.ca_path if self.profile.ca_pinned else None,
        )

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

    # --- enrolment listener -------------------------------------------------------------------

    async def info(self) -> ServiceInfo:
        """The service's description (enrolment listener); learns the API listener's address."""
        info = await self._fetch(ServiceInfo, "enrol", "GET", "/v1/info", auth=False)
        api_url = api_url_for(self.profile.server_url, info.api_port)
        if api_url != self.profile.api_url:
            self.profile.api_url = api_url
            self._drop_clients("api")
            if self.profile.ca_pinned:
                self.profile.save()
        return info

    async def enrol(
        self,
        hosting_number: str,
        password: SecretStr | str,
        invoice_number: SecretStr | str,
        licence_accepted: bool,
        workstation: str | None = None,
    ) -> InstalledCertificate:
        """Install this workstation's certificate (first login): key made here, CSR signed there.

        The stored key and certificate are replaced only once the service has signed the new one.
        """
        # Secrets are rebound as SecretStr at once: Textual prints the locals of every frame
        # when an application crashes, and these frames would be among them.
        password = _secret(password)
        invoice_number = _secret(invoice_number)
        number = self._check_number(hosting_number)
        try:
            invoice_number = SecretStr(check_invoice_number(invoice_number.get_secret_value()))
        except InvalidValue as exc:
            raise _invalid(exc, "invoice_number") from None
        if not licence_accepted:
            raise local_failure(
                ErrorCode.LICENCE_NOT_ACCEPTED, "error.licence_not_accepted", field="licence"
            )
        key = generate_key()
        response = await self._fetch(
            EnrolResponse,
            "enrol",
            "POST",
            "/v1/enrol",
            # Built inline, never held in a local: EnrolRequest's invoice number is a plain str.
            body=_Sealed.of(
                EnrolRequest(
                    hosting_number=number,
                    password=password,
                    invoice_number=invoice_number.get_secret_value(),
                    licence_accepted=True,
                    csr_pem=make_csr(key, number),
                    workstation=(workstation or self.workstation)[:128],
                )
            ),
            auth=False,
        )
        try:
            store_certificate(
                key, response.certificate_pem, self.profile.key_path, self.profile.cert_path
            )
        except ValueError:
            raise local_failure(
                ErrorCode.INTERNAL, "connection.unexpected_answer", params={"status": 200}
            ) from None
        self.profile.last_hosting_number = number
        self.profile.save()
        self._drop_clients("api")
        self._etags.clear()
        status = self.certificate_status(number)
        if isinstance(status, CertificateProblem):
            raise local_failure(ErrorCode.CERTIFICATE_UNKNOWN, status, params=status.params)
        if self.profile.api_url is None:
            await self.info()
        return status

    async def request_invoice_reminder(self, hosting_number: str) -> None:
        """Ask the service to send the last invoice number to the manager on record."""
        number = self._check_number(hosting_number)
        await self._call(
            "enrol",
            "POST",
            "/v1/invoice-reminder",
            body=_Sealed.of(HostingNumberRequest(hosting_number=number)),
            auth=False,
        )

    # --- session ------------------------------------------------------------------------------

    async def login(self, hosting_number: str, password: SecretStr | str) -> SessionInfo:
        password = _secret(password)
        number = self._check_number(hosting_number)
        problem = self.certificate_problem(number)
        if problem is not None:
            raise local_failure(ErrorCode.CERTIFICATE_REQUIRED, problem, params=problem.params)
        if self.profile.api_url is None:
            await self.info()
        session = await self._fetch(
            SessionInfo,
            "api",
            "POST",
            "/v1/session",
            body=_Sealed.of(LoginRequest(hosting_number=number, password=password)),
            auth=False,
            # A login that never reached the service is safe to resend; one that may have is
            # not retried (each failure counts towards the address's suspension).
            idempotent=False,
        )
        self._session = session
        self._etags.clear()
        if self.profile.last_hosting_number != number:
            self.profile.last_hosting_number = number
            self.profile.save()
        return session

    def resume(self, session: SessionInfo) -> None:
        """Use a session obtained earlier (the demo logs in before the app starts)."""
        self._session = session

    async def logout(self) -> None:
        """End the session on the service; locally it ends whatever the service answers."""
        if self._session is None:
            return
        try:
            await self._call("api", "DELETE", "/v1/session")
        except (SessionExpired, ServiceUnreachable):
            pass
        finally:
            self._session = None
            self._etags.clear()

    # --- account ------------------------------------------------------------------------------

    async def account(self) -> AccountCard:
        return await self._fetch(AccountCard, "api", "GET", "/v1/account")

    async def contact(self) -> ManagerContact:
        return await self._fetch(ManagerContact, "api", "GET", "/v1/account/contact")

    async def update_contact(self, contact: ManagerContact) -> ManagerContact:
        return await self._fetch(
            ManagerContact, "api", "PUT", "/v1/account/contact", body=_Sealed.of(contact)
        )

    async def notifications(self) -> NotificationPrefs:
        return await self._fetch(NotificationPrefs, "api", "GET", "/v1/account/notifications")

    async def update_notifications(self, prefs: NotificationPrefs) -> NotificationPrefs:
        return await self._fetch(
            NotificationPrefs, "api", "PUT", "/v1/account/notifications", body=_Sealed.of(prefs)
        )

    async def resend_credentials(self) -> None:
        """New password by SMS and the hosting number by e-mail; this session stays valid."""
        await self._call("api", "POST", "/v1/account/credentials/resend", idempotent=False)

    async def history(
        self,
        limit: int = 50,
        before: int | None = None,
        action: str | None = None,
        outcome: Outcome | str | None = None,
    ) -> HistoryPage:
        """A page of the history, newest first; pass ``page.next_before`` as ``before``."""
        params: dict[str, str | int] = {"limit": limit}
        if before is not None:
            params["before"] = before
        if action:
            params["action"] = action
        if outcome:
            params["outcome"] = str(Outcome(outcome).value)
        return await self._fetch(HistoryPage, "api", "GET", "/v1/history", params=params)

    async def server_status(self) -> ServerStatus:
        return await self._fetch(ServerStatus, "api", "GET", "/v1/server/status")

    # --- the school server's clients (pronote_api.connections) --------------------------------

    async def connections(self, since: int | None = None) -> ConnectionsPage:
        """Suivi des connexions: the whole table (``since`` None), else what changed after
        version ``since``. Conditional: a poll that finds nothing changed gets 304 and the page
        kept from the previous answer (same version: applying it again changes nothing)."""
        keep = f"/v1/connections?since={since}" if since is not None else "/v1/connections?"
        # One remembered page: those of older versions will not be asked for again.
        for key in [k for k in self._etags if k[1].startswith("/v1/connections?")]:
            if key[1] != keep:
                del self._etags[key]
        params: dict[str, str | int] = {} if since is None else {"since": since}
        return await self._fetch(ConnectionsPage, "api", "GET", "/v1/connections", params=params)

    async def disable_client(self, session_id: str) -> ClientSession:
        """Désactiver un client: its session ends, its client is told at its next heartbeat."""
        return await self._fetch(
            ClientSession, "api", "POST", f"/v1/connections/{session_id}/disable"
        )

    async def licences(self) -> LicenceUsage:
        return await self._fetch(LicenceUsage, "api", "GET", "/v1/licences")

    async def set_reserved_licences(self, count: int) -> LicenceUsage:
        """Licences réservées pour les administrateurs (0 .. the editing licences)."""
        body = _Sealed.of(ReservedLicences(reserved_for_administrators=count))
        usage = await self._fetch(LicenceUsage, "api", "PUT", "/v1/licences/reserved", body=body)
        self._forget_etags("api", "/v1/licences")
        return usage

    async def security(self) -> SecurityState:
        return await self._fetch(SecurityState, "api", "GET", "/v1/security")

    async def unblock(self, address: str | None = None) -> SecurityState:
        """Lift the suspension of ``address``, or of every address (None)."""
        body = _Sealed.of(UnblockRequest(address=address))
        state = await self._fetch(SecurityState, "api", "POST", "/v1/security/unblock", body=body)
        self._forget_etags("api", "/v1/security")
        return state

    # --- the school base (pronote_api.school) -------------------------------------------------

    async def start_server(self, superadmin: SuperadminDefinition | None = None) -> ServerStatus:
        """Mettre en service; the first start of a base needs its superadministrator."""
        status = await self._fetch(
            ServerStatus,
            "api",
            "POST",
            "/v1/server/start",
            body=_Sealed.of(StartRequest(superadmin=superadmin)),
        )
        self._forget_etags("api", "/v1/server/status")
        return status

    async def stop_server(self) -> ServerStatus:
        """Arrêter le serveur: clients and Espaces are disconnected."""
        status = await self._fetch(ServerStatus, "api", "POST", "/v1/server/stop")
        self._forget_etags("api", "/v1/server/status")
        return status

    async def bases(self) -> BaseList:
        """The base in service, those previously in service and those uploaded."""
        return await self._fetch(BaseList, "api", "GET", "/v1/bases")

    async def create_base(self, request: CreateBaseRequest) -> BaseSummary:
        """Créer une base (server stopped): a new empty base with this time grid, made current."""
        return await self._fetch(BaseSummary, "api", "POST", "/v1/bases", body=_Sealed.of(request))

    async def open_base(self, base_id: str) -> BaseSummary:
        """Ouvrir cette base (server stopped): it becomes the current base."""
        return await self._fetch(BaseSummary, "api", "POST", f"/v1/bases/{base_id}/open")

    async def load_base(self, upload_id: str) -> Job:
        """Charger une base from a completed ``.HNOT`` upload (server stopped): a job."""
        return await self._job_from("/v1/bases/load", upload_id)

    async def attach_annexes(self, upload_id: str) -> Job:
        """Compléter la base hébergée with an annex file (.HDOCJOINTS, .HPHOTOS, .HCOURRIERS)."""
        return await self._job_from("/v1/bases/current/annexes", upload_id)

    async def import_users(self, upload_id: str) -> Job:
        """Récupérer les utilisateurs from a ``.profils`` upload."""
        return await self._job_from("/v1/bases/current/users", upload_id)

    async def prepare_next_year(self, time_grid: TimeGrid | None = None) -> Job:
        """Préparer l'année suivante: archive this year, a new empty base for the next one."""
        request = PrepareNextYearRequest(time_grid=time_grid)
        return await self._fetch(
            Job, "api", "POST", "/v1/bases/prepare-next-year", body=_Sealed.of(request)
        )

    async def _job_from(self, path: str, upload_id: str) -> Job:
        return await self._fetch(
            Job, "api", "POST", path, body=_Sealed.of(UploadRef(upload_id=upload_id))
        )

    async def job(self, job_id: str) -> Job:
        return await self._fetch(Job, "api", "GET", f"/v1/jobs/{job_id}")

    async def wait_job(
        self,
        job: Job,
        progress_cb: Callable[[Job], None] | None = None,
        *,
        interval: float = JOB_POLL_INTERVAL,
    ) -> Job:
        """Poll ``job`` until it has ended; ``progress_cb`` sees each state. A service that goes
        away meanwhile is waited for (the job goes on there) up to :data:`UPLOAD_GIVE_UP`
        failed polls in a row."""
        failures = 0
        while True:
            if progress_cb is not None:
                progress_cb(job)
            if job.state != JobState.RUNNING:
                return job
            await asyncio.sleep(interval)
            try:
                job = await self.job(job.id)
            except ServiceUnreachable:
                failures += 1
                if failures >= UPLOAD_GIVE_UP:
                    raise
                continue
            failures = 0

    # --- uploads --------------------------------------------------------------------------

    async def create_upload(self, request: UploadCreate) -> UploadStatus:
        return await self._fetch(
            UploadStatus, "api", "POST", "/v1/uploads", body=_Sealed.of(request)
        )

    async def upload_status(self, upload_id: str) -> UploadStatus:
        return await self._fetch(UploadStatus, "api", "GET", f"/v1/uploads/{upload_id}")

    async def delete_upload(self, upload_id: str) -> None:
        await self._call("api", "DELETE", f"/v1/uploads/{upload_id}")

    async def send_chunk(self, upload_id: str, start: int, data: bytes, total: int) -> UploadStatus:
        """One ``PUT`` of raw bytes at ``start``; not retried here (see :meth:`upload_file`)."""
        sealed = _Sealed(data)
        sealed.headers["Content-Type"] = "application/octet-stream"
        end = start + len(data) - 1
        sealed.headers["Content-Range"] = f"bytes {start}-{end}/{total}"
        result = await self._call(
            "api",
            "PUT",
            f"/v1/uploads/{upload_id}",
            body=sealed,
            model=UploadStatus,
            idempotent=False,
        )
        assert isinstance(result, UploadStatus)
        return result

    async def upload_file(
        self,
        path: Path,
        kind: UploadKind,
        progress_cb: Callable[[UploadProgress], None] | None = None,
        *,
        chunk_size: int = UPLOAD_CHUNK_MAX,
    ) -> UploadStatus:
        """Send the file at ``path`` in chunks; returns the completed upload.

        The sha256 is computed first, streamed (the service checks it at the end). The file is
        read one chunk at a time, never whole. When the link drops or a chunk times out, the
        client asks the service how much it holds (``GET /v1/uploads/{id}``) and goes on from
        there, never from zero, with growing pauses; it gives up after
        :data:`UPLOAD_GIVE_UP` failures in a row without progress.
        """
        chunk_size = max(1, min(chunk_size, UPLOAD_CHUNK_MAX))
        size = path.stat().st_size
        progress = UploadProgress(phase="hashing", done=0, total=size)
        report = progress_cb or (lambda _p: None)
        report(progress)

        def hashed(done: int) -> None:
            progress.done = done
            report(progress)

        digest = await _sha256_of(path, hashed)
        status = await self.create_upload(
            UploadCreate(kind=kind, filename=path.name[:255], size=size, sha256=digest)
        )
        progress.phase = "sending"
        progress.upload_id = status.id
        progress.done = status.received
        report(progress)
        started = time.monotonic()
        sent = 0
        failures = 0
        delay = self.backoff
        with path.open("rb") as source:
            while not status.complete:
                start = status.received
                data = await asyncio.to_thread(_read_at, source, start, chunk_size)
                if not data:  # the file shrank since it was hashed: the service will say so
                    status = await self.upload_status(status.id)
                    break
                try:
                    status = await self.send_chunk(status.id, start, data, size)
                except (ServiceUnreachable, ApiFailure) as exc:
                    if isinstance(exc, ApiFailure) and exc.code not in _RESUMABLE:
                        raise
                    failures += 1
                    if failures >= UPLOAD_GIVE_UP:
                        raise
                    progress.resumes += 1
                    report(progress)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, BACKOFF_MAX)
                    status = await self._resume_point(status, failures)
                    progress.done = status.received
                    report(progress)
                    continue
                failures = 0
                delay = self.backoff
                sent += len(data)
                progress.done = status.received
                elapsed = time.monotonic() - started
                progress.rate = sent / elapsed if elapsed > 0 else 0.0
                report(progress)
        progress.phase = "done"
        report(progress)
        return status

    async def _resume_point(self, status: UploadStatus, failures: int) -> UploadStatus:
        """Where to go on from: what the service holds (it may have kept the last chunk)."""
        while True:
            try:
                return await self.upload_status(status.id)
            except ServiceUnreachable:
                failures += 1
                if failures >= UPLOAD_GIVE_UP:
                    raise

    # --- backups, archives, recovery, calendar (pronote_api.snapshots) -----------------------

    async def snapshots(self) -> SnapshotList:
        """Sauvegardes and archives, newest first; polled (ETag/304)."""
        return await self._fetch(SnapshotList, "api", "GET", "/v1/snapshots")

    async def take_snapshot(self, kind: SnapshotKind = SnapshotKind.BACKUP) -> Job:
        """A backup (or an archive) now: a job."""
        job = await self._fetch(
            Job, "api", "POST", "/v1/snapshots", body=_Sealed.of(TakeSnapshotRequest(kind=kind))
        )
        self._forget_etags("api", "/v1/snapshots")
        return job

    async def verify_snapshot(self, snapshot_id: str) -> Job:
        """Read the snapshot whole again (checksums, integrity): a job; ``result.ok``."""
        job = await self._fetch(Job, "api", "POST", f"/v1/snapshots/{snapshot_id}/verify")
        self._forget_etags("api", "/v1/snapshots")
        return job

    async def restore_preview(self, snapshot_id: str) -> RestorePreview:
        """What restoring ``snapshot_id`` replaces, and the work since its date that is lost."""
        return await self._fetch(
            RestorePreview, "api", "GET", f"/v1/snapshots/{snapshot_id}/restore-preview"
        )

    async def restore_snapshot(self, snapshot_id: str) -> Job:
        """Ouvrir cette archive (server stopped): a job; ``result.before_restore_id``."""
        job = await self._fetch(Job, "api", "POST", f"/v1/snapshots/{snapshot_id}/restore")
        self._forget_etags("api", "/v1/snapshots")
        return job

    async def import_snapshot(self, upload_id: str) -> Job:
        """An archive from elsewhere, from a completed upload of kind ``archive``: a job."""
        job = await self._job_from("/v1/snapshots/import", upload_id)
        self._forget_etags("api", "/v1/snapshots")
        return job

    async def recovery_categories(self) -> RecoveryTree:
        return await self._fetch(RecoveryTree, "api", "GET", "/v1/recovery/categories")

    async def recover(self, request: RecoveryRequest) -> Job:
        """Récupérer les données d'une base (and the users): a job; its result is a
        :class:`~pronote_api.snapshots.RecoveryReport`."""
        return await self._fetch(Job, "api", "POST", "/v1/recovery", body=_Sealed.of(request))

    async def calendar(self) -> VersionChangePlan:
        return await self._fetch(VersionChangePlan, "api", "GET", "/v1/calendar")

    async def set_calendar(self, choice: VersionChangeChoice) -> VersionChangePlan:
        plan = await self._fetch(
            VersionChangePlan, "api", "PUT", "/v1/calendar", body=_Sealed.of(choice)
        )
        self._forget_etags("api", "/v1/calendar")
        return plan

    async def download_snapshot(
        self,
        snapshot: Snapshot,
        target: Path,
        progress_cb: Callable[[DownloadProgress], None] | None = None,
    ) -> Path:
        """Save the snapshot's file at ``target``.

        The bytes go to ``target`` + ``.part``, appended as they come; a cut link (or a
        ``.part`` left by an earlier attempt) goes on from what the file holds with
        ``Range: bytes=N-``, after growing pauses, and gives up after :data:`UPLOAD_GIVE_UP`
        failures in a row without progress (the ``.part`` is kept for a later attempt). At the
        end the whole file's SHA-256 is compared with ``X-Content-SHA256``; a mismatch deletes
        the ``.part`` (``archive.download.checksum``). Only then is it renamed to ``target``.
        """
        import httpx

        part = target.with_name(target.name + PART_SUFFIX)
        progress = DownloadProgress(done=0, total=snapshot.size_bytes)
        report = progress_cb or (lambda _p: None)
        expected = snapshot.sha256
        failures = 0
        delay = self.backoff
        started = time.monotonic()
        fetched = 0
        path = f"/v1/snapshots/{snapshot.id}/file"
        while True:
            have = part.stat().st_size if part.exists() else 0
            progress.done = have
            report(progress)
            if have >= progress.total > 0:
                break
            if self._session is None:
                raise local_failure(ErrorCode.SESSION_REQUIRED, "connection.not_logged_in")
            sealed = _Sealed()
            sealed.headers["Authorization"] = f"Bearer {self._session.token.get_secret_value()}"
            sealed.headers["Accept"] = "application/octet-stream"
            if have:
                sealed.headers["Range"] = f"bytes={have}-"
            try:
                http = self._http("api")
                async with http.stream("GET", path, headers=sealed.headers) as response:
                    if response.status_code not in (200, 206):
                        await response.aread()
                        raise self._failure(response)
                    self._set_state(ConnectionState.CONNECTED)
                    expected = response.headers.get("X-Content-SHA256", expected)
                    mode = "ab" if response.status_code == 206 else "wb"
                    with part.open(mode) as sink:
                        async for block in response.aiter_bytes(DOWNLOAD_BLOCK):
                            await asyncio.to_thread(sink.write, block)
                            fetched += len(block)
                            progress.done = sink.tell()
                            elapsed = time.monotonic() - started
                            progress.rate = fetched / elapsed if elapsed > 0 else 0.0
                            report(progress)
                            failures = 0
                    if progress.done < progress.total:
                        raise httpx.ReadError("answer shorter than the file")
            except (httpx.TransportError, httpx.DecodingError) as exc:
                self._raise_if_tls(exc, self._url("api"), "api")
                failures += 1
                if failures >= UPLOAD_GIVE_UP:
                    self._go_offline("api")
                    raise ServiceUnreachable(self._url("api")) from None
                progress.resumes += 1
                report(progress)
                self._set_state(ConnectionState.RECONNECTING)
                self._drop_clients("api")
                await asyncio.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)
                continue
            break
        progress.phase = "checking"
        report(progress)
        digest = await _sha256_of(part, lambda _done: None)
        if digest != expected:
            part.unlink(missing_ok=True)
            raise local_failure(ErrorCode.SNAPSHOT_CORRUPT, "archive.download.checksum")
        part.replace(target)
        progress.phase = "done"
        report(progress)
        return target

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

    async def __aenter__(self) -> ConsoleClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- machinery ----------------------------------------------------------------------------

    def _check_number(self, hosting_number: str) -> str:
        try:
            return check_hosting_number(hosting_number)
        except InvalidValue as exc:
            raise _invalid(exc, "hosting_number") from None

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
                verify=self._ssl_context(listener),
                timeout=httpx.Timeout(self._read_timeout, connect=self._connect_timeout),
                headers={"Accept": "application/json", "User-Agent": "pronote-tui"},
                follow_redirects=False,
                transport=self._transport,
            )
            self._clients[listener] = http
        return http

    def _ssl_context(self, listener: Listener) -> ssl.SSLContext:
        if not self.profile.ca_pinned:
            raise UntrustedService(self.profile.server_url, str(self.profile.directory))
        ctx = ssl.create_default_context(cafile=str(self.profile.ca_path))
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if listener == "api":
            problem = self.certificate_problem()
            if problem is not None:
                raise local_failure(ErrorCode.CERTIFICATE_REQUIRED, problem, params=problem.params)
            try:
                ctx.load_cert_chain(str(self.profile.cert_path), str(self.profile.key_path))
            except (ssl.SSLError, OSError):
                raise local_failure(ErrorCode.CERTIFICATE_REQUIRED, "certificate.corrupt") from None
        return ctx

    async def _fetch(
        self,
        model: type[M],
        listener: Listener,
        method: str,
        path: str,
        *,
        body: _Sealed | None = None,
        params: dict[str, str | int] | None = None,
        auth: bool = True,
        idempotent: bool | None = None,
    ) -> M:
        result = await self._call(
            listener,
            method,
            path,
            body=body,
            params=params,
            model=model,
            auth=auth,
            idempotent=idempotent,
        )
        assert isinstance(result, model)
        return result

    async def _call(
        self,
        listener: Listener,
        method: str,
        path: str,
        *,
        body: _Sealed | None = None,
        params: dict[str, str | int] | None = None,
        model: type[M] | None = None,
        auth: bool = True,
        idempotent: bool | None = None,
    ) -> Any:
        if idempotent is None:
            idempotent = method in ("GET", "PUT", "DELETE", "HEAD")
        sealed = body or _Sealed()
        if auth:
            if self._session is None:
                raise local_failure(ErrorCode.SESSION_REQUIRED, "connection.not_logged_in")
            sealed.headers["Authorization"] = f"Bearer {self._session.token.get_secret_value()}"
        cache_key: tuple[Listener, str] | None = None
        if method == "GET" and model is not None:
            query = "&".join(f"{k}={v}" for k, v in sorted((params or {}).items()))
            cache_key = (listener, f"{path}?{query}")
            cached = self._etags.get(cache_key)
            if cached is not None:
                sealed.headers["If-None-Match"] = cached[0]

        response = await self._send(listener, method, path, sealed, params, idempotent)

        if response.status_code == 304 and cache_key is not None and cache_key in self._etags:
            self.not_modified += 1
            self.not_modified_by_path[path] += 1
            return self._etags[cache_key][1]
        if response.is_success:
            if model is None:
                return None
            try:
                result = model.model_validate_json(response.content)
            except ValidationError:
                raise local_failure(
                    ErrorCode.INTERNAL,
                    "connection.unexpected_answer",
                    status=response.status_code,
                    params={"status": response.status_code},
                ) from None
            etag = response.headers.get("ETag")
            if cache_key is not None:
                if etag:
                    self._etags[cache_key] = (etag, result)
                else:
                    self._etags.pop(cache_key, None)
            elif method in ("PUT", "POST", "DELETE"):
                self._forget_etags(listener, path)
            return result
        raise self._failure(response)

    def _forget_etags(self, listener: Listener, path: str) -> None:
        for key in [k for k in self._etags if k[0] == listener and k[1].startswith(path + "?")]:
            del self._etags[key]

    def _failure(self, response: httpx.Response) -> ApiFailure:
        status = response.status_code
        try:
            error = ApiError.model_validate_json(response.content)
        except ValidationError:
            return local_failure(
                ErrorCode.INTERNAL,
                "connection.unexpected_answer",
                status=status,
                params={"status": status},
            )
        if error.code in _SESSION_ERRORS:
            self._session = None
            return SessionExpired(error, status)
        return ApiFailure(error, status)

    async def _send(
        self,
        listener: Listener,
        method: str,
        path: str,
        sealed: _Sealed,
        params: dict[str, str | int] | None,
        idempotent: bool,
    ) -> httpx.Response:
        import httpx

        url = self._url(listener)
        delay = self.backoff
        attempt = 0
        dropped = False
        while True:
            http = self._http(listener)
            try:
                response = await http.request(
                    method, path, headers=sealed.headers, content=sealed.body, params=params
                )
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # The request never left: resending is safe whatever the method.
                self._raise_if_tls(exc, url, listener)
                failure: ServiceUnreachable = ServiceUnreachable(
                    url,
                    "connection.timeout"
                    if isinstance(exc, httpx.ConnectTimeout)
                    else "connection.unreachable",
                )
                retryable = True
                dropped = False
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                self._raise_if_tls(exc, url, listener)
                dropped = isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError)
                failure = ServiceUnreachable(
                    url,
                    "connection.timeout"
                    if isinstance(exc, httpx.TimeoutException)
                    else "connection.unreachable",
                )
                retryable = idempotent
            else:
                self._set_state(ConnectionState.CONNECTED)
                return response
            if not retryable or attempt >= self.retries:
                if dropped and listener == "api" and await self._certificate_refused():
                    self._set_state(ConnectionState.CONNECTED)
                    raise local_failure(
                        ErrorCode.CERTIFICATE_UNKNOWN, "connection.certificate_rejected"
                    )
                self._go_offline(listener)
                raise failure
            attempt += 1
            self._set_state(ConnectionState.RECONNECTING)
            # A dead keep-alive connection stays in the pool otherwise; start from a clean one.
            self._drop_clients(listener)
            await asyncio.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)

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

    def _raise_if_tls(self, exc: httpx.HTTPError, url: str, listener: Listener) -> None:
        err = _ssl_error(exc)
        if err is None:
            return
        text = f"{getattr(err, 'reason', '')} {err}".upper()
        if isinstance(err, ssl.SSLCertVerificationError):
            raise UntrustedService(url, str(self.profile.directory)) from None
        if listener == "api" and any(marker in text for marker in _CERT_REFUSED_MARKERS):
            raise local_failure(
                ErrorCode.CERTIFICATE_UNKNOWN, "connection.certificate_rejected"
            ) from None

    def _go_offline(self, listener: Listener) -> None:
        self._set_state(ConnectionState.OFFLINE)
        self._probe_listener = listener
        if self._probe is None or self._probe.done():
            self._probe = asyncio.ensure_future(self._probe_until_back())

    async def _probe_until_back(self) -> None:
        """While offline, ask ``/v1/info`` with growing pauses until the service answers."""
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


MAX_PLAIN_BODY = 1 << 20
HASH_BLOCK = 1 << 20


@dataclass
class UploadProgress:
    """What :meth:`ConsoleClient.upload_file` reports: ``phase`` is ``hashing`` (the sha256 is
    being computed), ``sending`` or ``done``; ``done``/``total`` in bytes; ``rate`` in bytes per
    second over this call's sending; ``resumes``: how many times it went on after a failure;
    ``upload_id`` once the service has registered the upload (to abandon it)."""

    phase: str
    done: int
    total: int
    rate: float = 0.0
    resumes: int = 0
    upload_id: str | None = None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


PART_SUFFIX = ".part"
DOWNLOAD_BLOCK = 1 << 16


@dataclass
class DownloadProgress:
    """What :meth:`ConsoleClient.download_snapshot` reports: ``phase`` is ``receiving``,
    ``checking`` (the sha256 of what was received) or ``done``; ``done``/``total`` in bytes;
    ``resumes``: how many times the link dropped and the download went on."""

    done: int
    total: int
    phase: str = "receiving"
    rate: float = 0.0
    resumes: int = 0

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


async def _sha256_of(path: Path, progress: Callable[[int], None]) -> str:
    """The file's sha256, read block by block in a thread (the interface keeps answering)."""
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as source:
        while True:
            block = await asyncio.to_thread(source.read, HASH_BLOCK)
            if not block:
                return digest.hexdigest()
            digest.update(block)
            done += len(block)
            progress(done)


def _read_at(source: BinaryIO, offset: int, size: int) -> bytes:
    source.seek(offset)
    return source.read(size)


async def _plain_get(
    base_url: str, path: str, ctx: ssl.SSLContext, timeout: float
) -> tuple[int, bytes]:
    """One HTTPS GET with asyncio streams: ``(status, body)``. For first contact only."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "", parts.port or 443
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, ssl=ctx), timeout=timeout
    )
    try:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: pronote-tui\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n"
        )
        writer.write(request.encode("ascii"))
        await writer.drain()
        raw = b""
        async with asyncio.timeout(READ_TIMEOUT):
            while len(raw) <= MAX_PLAIN_BODY:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                raw += chunk
    finally:
        writer.close()
        with contextlib.suppress(OSError, ssl.SSLError):
            await writer.wait_closed()
    head, sep, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status_line = lines[0].split(" ", 2)
    if not sep or len(status_line) < 2 or not status_line[0].startswith("HTTP/"):
        raise ValueError("not an HTTP answer")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(body)
    elif "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return int(status_line[1]), body


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return out


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
