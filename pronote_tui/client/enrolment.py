"""Enrolment and the session: first contact and the pinned CA, this workstation's certificate
(key made here, CSR signed by the service), the invoice-number reminder, login and logout.

The enrolment listener (server-authenticated TLS) answers ``/v1/info``, ``/v1/enrol`` and
``/v1/invoice-reminder``; the session opens on the API listener (mutual TLS). Secrets
(password, invoice number) are held as ``SecretStr`` and sent in :class:`.Sealed` bodies only.
Imports :mod:`.transport` and below.
"""

from __future__ import annotations

from pydantic import SecretStr

from pronote_api.errors import ErrorCode
from pronote_api.models import (
    EnrolRequest,
    EnrolResponse,
    HostingNumberRequest,
    LoginRequest,
    ServiceInfo,
    SessionInfo,
)
from pronote_api.validation import InvalidValue, check_hosting_number, check_invoice_number
from pronote_tui.certificates import (
    CertificateProblem,
    InstalledCertificate,
    generate_key,
    make_csr,
    store_certificate,
)
from pronote_tui.client import first_contact
from pronote_tui.client.errors import (
    ServiceUnreachable,
    SessionExpired,
    invalid_value,
    local_failure,
)
from pronote_tui.client.link import CONNECT_TIMEOUT, Sealed
from pronote_tui.client.tls import certificate_required
from pronote_tui.client.transport import Transport
from pronote_tui.config import api_url_for


def _secret(value: SecretStr | str) -> SecretStr:
    return value if isinstance(value, SecretStr) else SecretStr(value)


class EnrolmentCalls(Transport):
    # --- first contact ------------------------------------------------------------------------

    @staticmethod
    async def fetch_ca_unverified(
        server_url: str, *, timeout: float = CONNECT_TIMEOUT
    ) -> tuple[str, str]:
        """Fetch ``/v1/ca.pem`` WITHOUT verifying the service (nothing to verify with yet).

        Returns ``(pem, "AB:CD:...")``. Nothing is sent but the request line; the manager must
        compare the fingerprint with the provider's before :meth:`pin_ca`.
        """
        return await first_contact.fetch_ca_unverified(server_url, timeout=timeout)

    def pin_ca(self, pem: str) -> str:
        """Record ``pem`` as the service's CA (all later traffic verifies against it).

        Synchronous (a local file). Returns the hex fingerprint. Raises :class:`FirstContactFailed`
        if ``pem`` is not a CA certificate.
        """
        digest = first_contact.pin_ca(self.profile, pem)
        self._drop_clients()
        return digest

    # --- enrolment listener -------------------------------------------------------------------

    async def info(self) -> ServiceInfo:
        """The service's description (enrolment listener); learns the API listener's address."""
        info = await self._fetch(ServiceInfo, "GET", "/v1/info", listener="enrol", auth=False)
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
            raise invalid_value(exc, "invoice_number") from None
        if not licence_accepted:
            raise local_failure(
                ErrorCode.LICENCE_NOT_ACCEPTED, "error.licence_not_accepted", field="licence"
            )
        key = generate_key()
        response = await self._fetch(
            EnrolResponse,
            "POST",
            "/v1/enrol",
            listener="enrol",
            # Built inline, never held in a local: EnrolRequest's invoice number is a plain str.
            body=Sealed.of(
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
            "POST",
            "/v1/invoice-reminder",
            listener="enrol",
            body=Sealed.of(HostingNumberRequest(hosting_number=number)),
            auth=False,
        )

    # --- session ------------------------------------------------------------------------------

    async def login(self, hosting_number: str, password: SecretStr | str) -> SessionInfo:
        password = _secret(password)
        number = self._check_number(hosting_number)
        problem = self.certificate_problem(number)
        if problem is not None:
            raise certificate_required(problem)
        if self.profile.api_url is None:
            await self.info()
        session = await self._fetch(
            SessionInfo,
            "POST",
            "/v1/session",
            body=Sealed.of(LoginRequest(hosting_number=number, password=password)),
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
            await self._call("DELETE", "/v1/session")
        except (SessionExpired, ServiceUnreachable):
            pass
        finally:
            self._session = None
            self._etags.clear()

    def _check_number(self, hosting_number: str) -> str:
        try:
            return check_hosting_number(hosting_number)
        except InvalidValue as exc:
            raise invalid_value(exc, "hosting_number") from None
