"""ConsoleClient against the real service: first contact, enrolment, login, refusals, account.

Uses the shared ``service`` fixture (a real ``pronote-server`` on 127.0.0.1, real TLS) and
accounts created through the service's own CLI, with their secrets read from its outbox.
"""

from __future__ import annotations

import stat
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr

from pronote_api.catalogue import tr
from pronote_api.errors import ErrorCode
from pronote_api.models import ManagerContact, Outcome
from pronote_tui.certificates import format_fingerprint
from pronote_tui.client import (
    ApiFailure,
    ConnectionState,
    ConsoleClient,
    ServiceUnreachable,
    SessionExpired,
    UntrustedService,
)
from pronote_tui.config import Paths, Profile

WRONG_PASSWORD = "Wrongpassword1"


def _plain(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


async def _pinned(service: Any, config: Path) -> ConsoleClient:
    """A client that made first contact: CA fetched, compared, pinned; API address learned."""
    profile = Profile.for_server(Paths.resolve(config), service.enrol_url)
    pem, shown = await ConsoleClient.fetch_ca_unverified(service.enrol_url)
    assert shown == format_fingerprint(service.ca_fingerprint)
    client = ConsoleClient(profile, "fr", workstation="poste-test")
    client.pin_ca(pem)
    await client.info()
    return client


def _impostor_ca_pem() -> str:
    """A CA certificate that is not the service's (someone posing as the service)."""
    return _impostor_ca_pem_with(ec.generate_private_key(ec.SECP256R1()))


def _impostor_ca_pem_with(key: ec.EllipticCurvePrivateKey) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Impostor CA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


ClientFactory = Callable[[], Coroutine[Any, Any, ConsoleClient]]


@pytest.fixture
async def clients(service: Any, tmp_path: Path) -> AsyncIterator[ClientFactory]:
    made: list[ConsoleClient] = []

    async def make() -> ConsoleClient:
        client = await _pinned(service, tmp_path / f"console-{len(made)}")
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture(scope="module")
def account(service: Any) -> Any:
    return service.create_account()


# --- first contact ----------------------------------------------------------------------------


async def test_first_contact_pins_the_ca_and_learns_the_api_address(
    service: Any, tmp_path: Path
) -> None:
    paths = Paths.resolve(tmp_path)
    client = await _pinned(service, tmp_path)
    await client.aclose()
    assert client.profile.api_url == service.api_url
    # Saved: the next start finds the same service without asking anything.
    again = Profile.last_used(paths)
    assert again is not None
    assert (
        again.ca_pinned and again.ca_fingerprint == service.ca_fingerprint.replace(":", "").lower()
    )
    assert again.api_url == service.api_url
    assert again.ca_path.read_text() == Path(service.ca_pem).read_text()


async def test_a_service_without_the_pinned_ca_is_refused(service: Any, tmp_path: Path) -> None:
    profile = Profile.for_server(Paths.resolve(tmp_path), service.enrol_url)
    client = ConsoleClient(profile, "en")
    client.pin_ca(_impostor_ca_pem())
    with pytest.raises(UntrustedService) as caught:
        await client.info()
    await client.aclose()
    assert caught.value.message("en").startswith(
        f"The service at {profile.server_url} does not show the expected certificate"
    )


async def test_an_address_where_nothing_listens_is_unreachable_in_both_languages(
    tmp_path: Path,
) -> None:
    with pytest.raises(ServiceUnreachable) as caught:
        await ConsoleClient.fetch_ca_unverified("https://127.0.0.1:9")
    assert caught.value.message("fr") == tr(
        "connection.unreachable", "fr", url="https://127.0.0.1:9"
    )
    assert caught.value.message("en") == tr(
        "connection.unreachable", "en", url="https://127.0.0.1:9"
    )


# --- enrolment and login ----------------------------------------------------------------------


async def test_first_login_installs_the_certificate_then_logs_in(
    clients: ClientFactory, account: Any
) -> None:
    client = await clients()
    number = account.hosting_number
    assert client.certificate_problem(number) == "certificate.missing"

    installed = await client.enrol(
        number, _plain(account.password), _plain(account.invoice_number), licence_accepted=True
    )
    assert installed.hosting_number == number
    assert client.has_certificate(number)
    for path in (client.profile.key_path, client.profile.cert_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    session = await client.login(number, _plain(account.password))
    assert session.hosting_number == number
    assert session.uai == account.uai
    card = await client.account()
    assert card.hosting_number == number and card.uai == account.uai
    assert client.state == ConnectionState.CONNECTED
    assert client.profile.last_hosting_number == number


async def test_the_demo_account_shows_its_fixed_data(
    clients: ClientFactory, demo_account: Any
) -> None:
    client = await clients()
    password = _plain(demo_account.password)
    await client.enrol(
        "221222100001", password, _plain(demo_account.invoice_number), licence_accepted=True
    )
    session = await client.login("221222100001", password)
    assert session.school_name == "Lycée Charlemagne"
    card = await client.account()
    assert (card.client_reference, card.uai, card.administrators_and_editors) == (
        "91430",
        "0750655E",
        6,
    )
    contact = await client.contact()
    assert contact.name == "Samia Bounhar"


async def test_wrong_password_is_refused_with_the_same_sentence_as_an_unknown_number(
    clients: ClientFactory, account: Any
) -> None:
    client = await clients()
    number = account.hosting_number
    await client.enrol(
        number, _plain(account.password), _plain(account.invoice_number), licence_accepted=True
    )
    with pytest.raises(ApiFailure) as wrong:
        await client.login(number, WRONG_PASSWORD)
    assert wrong.value.code == ErrorCode.INVALID_CREDENTIALS
    assert wrong.value.message("fr") == "Numéro d'hébergement ou mot de passe incorrect."
    assert wrong.value.message("en") == "Wrong hosting number or password."
    assert client.session is None

    with pytest.raises(ApiFailure) as unknown:
        await client.enrol("999999999999", WRONG_PASSWORD, "1234567890", licence_accepted=True)
    assert unknown.value.code == ErrorCode.INVALID_CREDENTIALS
    assert unknown.value.message("fr") == wrong.value.message("fr")


async def test_wrong_invoice_number_installs_nothing(clients: ClientFactory, account: Any) -> None:
    client = await clients()
    invoice = _plain(account.invoice_number)
    wrong = ("0" if invoice[0] != "0" else "1") + invoice[1:]
    with pytest.raises(ApiFailure) as caught:
        await client.enrol(
            account.hosting_number, _plain(account.password), wrong, licence_accepted=True
        )
    assert caught.value.code == ErrorCode.INVALID_INVOICE_NUMBER
    assert caught.value.message("en") == (
        "This invoice number does not match your latest hosting invoice."
    )
    assert not client.profile.key_path.exists() and not client.profile.cert_path.exists()
    assert client.certificate_problem() == "certificate.missing"


async def test_malformed_numbers_are_refused_before_anything_is_sent(
    clients: ClientFactory,
) -> None:
    client = await clients()
    with pytest.raises(ApiFailure) as caught:
        await client.enrol("12345", "x" * 14, "1234567890", licence_accepted=True)
    assert caught.value.field == "hosting_number"
    assert caught.value.message("en") == "Value refused: the hosting number has 12 digits"
    with pytest.raises(ApiFailure) as invoice:
        await client.enrol("221222100001", "x" * 14, "12", licence_accepted=True)
    assert invoice.value.field == "invoice_number"
    with pytest.raises(ApiFailure) as licence:
        await client.enrol("221222100001", "x" * 14, "1234567890", licence_accepted=False)
    assert licence.value.code == ErrorCode.LICENCE_NOT_ACCEPTED


async def test_a_corrupt_certificate_is_reported_and_a_new_one_can_be_installed(
    clients: ClientFactory, account: Any
) -> None:
    client = await clients()
    number, password = account.hosting_number, _plain(account.password)
    await client.enrol(number, password, _plain(account.invoice_number), licence_accepted=True)
    cert = client.profile.cert_path
    cert.write_bytes(cert.read_bytes()[:150])

    problem = client.certificate_problem(number)
    assert problem == "certificate.corrupt"
    with pytest.raises(ApiFailure) as caught:
        await client.login(number, password)
    assert caught.value.certificate_problem
    assert caught.value.message("fr") == tr("certificate.corrupt", "fr")

    await client.enrol(number, password, _plain(account.invoice_number), licence_accepted=True)
    session = await client.login(number, password)
    assert session.hosting_number == number


async def test_a_certificate_for_another_number_is_reported_before_login(
    clients: ClientFactory, account: Any, service: Any
) -> None:
    other = service.create_account()
    client = await clients()
    await client.enrol(
        account.hosting_number,
        _plain(account.password),
        _plain(account.invoice_number),
        licence_accepted=True,
    )
    problem = client.certificate_problem(other.hosting_number)
    assert problem == "certificate.other_number"
    assert problem is not None and account.hosting_number in problem.message("en")
    with pytest.raises(ApiFailure) as caught:
        await client.login(other.hosting_number, _plain(other.password))
    assert caught.value.certificate_problem


# --- session ----------------------------------------------------------------------------------


async def _logged_in(clients: ClientFactory, account: Any) -> ConsoleClient:
    client = await clients()
    await client.enrol(
        account.hosting_number,
        _plain(account.password),
        _plain(account.invoice_number),
        licence_accepted=True,
    )
    await client.login(account.hosting_number, _plain(account.password))
    return client


async def test_a_session_ended_elsewhere_says_log_in_again(
    clients: ClientFactory, account: Any
) -> None:
    client = await _logged_in(clients, account)
    session = client.session
    assert session is not None
    # The same session, closed from another console: ours learns it at its next call.
    other = await clients()
    for name in ("ca_path", "key_path", "cert_path"):
        getattr(other.profile, name).write_bytes(getattr(client.profile, name).read_bytes())
    other.resume(session)
    await other.logout()

    with pytest.raises(SessionExpired) as caught:
        await client.account()
    assert client.session is None
    assert caught.value.code in (ErrorCode.SESSION_EXPIRED, ErrorCode.SESSION_REQUIRED)
    assert caught.value.message("en") in (
        tr("error.session_expired", "en"),
        tr("error.session_required", "en"),
    )


async def test_calls_without_a_session_are_refused_locally(clients: ClientFactory) -> None:
    client = await clients()
    with pytest.raises(SessionExpired) as caught:
        await client.account()
    assert caught.value.message("fr") == tr("connection.not_logged_in", "fr")


async def test_logout_ends_the_session_on_the_service(clients: ClientFactory, account: Any) -> None:
    client = await _logged_in(clients, account)
    session = client.session
    assert session is not None
    await client.logout()
    assert client.session is None
    client.resume(session)
    with pytest.raises(SessionExpired):
        await client.account()


# --- account ----------------------------------------------------------------------------------


async def test_contact_update_is_validated_and_saved(clients: ClientFactory, account: Any) -> None:
    client = await _logged_in(clients, account)
    before = await client.contact()
    with pytest.raises(ApiFailure) as caught:
        await client.update_contact(before.model_copy(update={"phone": "12"}))
    assert caught.value.code == ErrorCode.INVALID_PHONE
    assert caught.value.field == "phone"
    assert (await client.contact()) == before

    changed = ManagerContact(name="Jeanne Martin", email="j.martin@example.org", phone="0611223344")
    saved = await client.update_contact(changed)
    assert saved.phone == "+33611223344"
    assert (await client.contact()).name == "Jeanne Martin"


async def test_history_shows_the_login_newest_first(clients: ClientFactory, account: Any) -> None:
    client = await _logged_in(clients, account)
    page = await client.history(limit=20)
    assert page.entries, "the history is empty after a login"
    ats = [entry.at for entry in page.entries]
    assert ats == sorted(ats, reverse=True)
    assert any(e.action == "session.login" and e.outcome == Outcome.SUCCESS for e in page.entries)
    failures = await client.history(limit=20, outcome=Outcome.FAILURE)
    assert all(entry.outcome == Outcome.FAILURE for entry in failures.entries)


async def test_server_status_and_notifications(clients: ClientFactory, account: Any) -> None:
    client = await _logged_in(clients, account)
    status = await client.server_status()
    assert status.state.value in ("running", "stopped")
    prefs = await client.notifications()
    assert prefs.channels
    assert (await client.update_notifications(prefs)) == prefs


async def test_a_certificate_the_service_refuses_is_not_taken_for_an_outage(
    clients: ClientFactory, account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service hangs up on a certificate it did not sign: the console must say
    "install a new certificate", not "service unreachable" (the local checks are bypassed here
    to reach the service with such a certificate, as a clock far off would)."""
    import pronote_tui.client.tls as tls_module
    from pronote_tui.certificates import InstalledCertificate, generate_key, make_csr

    client = await clients()
    # A pair signed by another authority, where the workstation's certificate is kept.
    impostor_key = ec.generate_private_key(ec.SECP256R1())
    impostor = x509.load_pem_x509_certificate(_impostor_ca_pem_with(impostor_key).encode())
    key = generate_key()
    csr = x509.load_pem_x509_csr(make_csr(key, account.hosting_number).encode())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(impostor.subject)
        .public_key(csr.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .sign(impostor_key, hashes.SHA256())
    )
    client.profile.key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    client.profile.cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    monkeypatch.setattr(
        tls_module,
        "check_certificate",
        lambda *a, **k: InstalledCertificate(account.hosting_number, now, "0"),
    )

    with pytest.raises(ApiFailure) as caught:
        await client.login(account.hosting_number, _plain(account.password))
    assert caught.value.certificate_problem
    assert caught.value.message("en") == tr("connection.certificate_rejected", "en")
    assert client.state == ConnectionState.CONNECTED


# --- messages to the manager on record ---------------------------------------------------------


def _messages_for(outbox: Path, number: str) -> list[str]:
    """The texts of the outbox messages (e-mails and SMS) addressed about ``number``."""
    import email
    import json
    from email.policy import default

    texts: list[str] = []
    for path in sorted(Path(outbox).rglob("*")):
        if path.name.endswith(".sms.json"):
            data = json.loads(path.read_text())
            if data.get("account") == number:
                texts.append(str(data.get("text", "")))
        elif path.name.endswith(".eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=default)
            if message.get("X-Pronote-Account") == number:
                body = message.get_body(preferencelist=("plain",))
                texts.append(body.get_content() if body is not None else "")
    return texts


async def test_invoice_reminder_goes_to_the_manager_and_reveals_nothing(
    clients: ClientFactory, service: Any
) -> None:
    fresh = service.create_account()
    client = await clients()
    before = len(_messages_for(service.outbox, fresh.hosting_number))
    await client.request_invoice_reminder(fresh.hosting_number)
    after = _messages_for(service.outbox, fresh.hosting_number)
    assert len(after) == before + 1
    assert _plain(fresh.invoice_number) in after[-1]
    # An unknown number gets the very same (empty) answer.
    await client.request_invoice_reminder("999999999998")


async def test_resending_credentials_keeps_the_session_and_retires_the_old_password(
    clients: ClientFactory, service: Any
) -> None:
    import re

    fresh = service.create_account()
    client = await _logged_in(clients, fresh)
    before = len(_messages_for(service.outbox, fresh.hosting_number))
    await client.resend_credentials()
    assert (await client.account()).hosting_number == fresh.hosting_number  # still logged in
    new_messages = _messages_for(service.outbox, fresh.hosting_number)[before:]
    passwords = [m for t in new_messages for m in re.findall(r"\b[A-Za-z0-9]{14}\b", t)]
    assert passwords, "no new password was sent"

    with pytest.raises(ApiFailure) as caught:
        await client.login(fresh.hosting_number, _plain(fresh.password))
    assert caught.value.code == ErrorCode.INVALID_CREDENTIALS
    session = await client.login(fresh.hosting_number, passwords[-1])
    assert session.hosting_number == fresh.hosting_number
