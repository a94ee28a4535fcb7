"""ConsoleClient's HTTP rules that the service cannot be made to show on demand.

The service does not send ETags yet (polling comes with a later issue) and cannot be made to drop
exactly one connection, so these rules are pinned with httpx's MockTransport standing in for the
network. Everything else about the client is tested against the real service
(``test_client_service.py``, ``test_client_reconnect.py``).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pronote_api.errors import ErrorCode
from pronote_tui.client import (
    ApiFailure,
    ConnectionState,
    ConsoleClient,
    ServiceUnreachable,
)
from pronote_tui.config import Paths, Profile

INFO = {
    "service": "pronote-server",
    "version": "0.1.0",
    "api_version": "v1",
    "api_port": 49301,
    "enrol_port": 49302,
    "ca_fingerprint_sha256": "00" * 32,
    "hosting_domain": "example.org",
}


def _ca_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=10))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _client(tmp_path: Path, handler: object, **kwargs: object) -> ConsoleClient:
    profile = Profile.for_server(Paths.resolve(tmp_path), "https://127.0.0.1:49302")
    client = ConsoleClient(
        profile,
        "fr",
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        backoff=0.01,
        **kwargs,  # type: ignore[arg-type]
    )
    client.pin_ca(_ca_pem())
    return client


async def test_a_second_get_sends_the_etag_and_a_304_returns_the_cached_answer(
    tmp_path: Path,
) -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, json=INFO, headers={"ETag": '"v1"'})

    client = _client(tmp_path, handler)
    first = await client.info()
    second = await client.info()
    await client.aclose()
    assert seen == [None, '"v1"']
    assert second == first and second.hosting_domain == "example.org"
    assert client.not_modified == 1


async def test_a_changed_resource_replaces_the_cached_answer(tmp_path: Path) -> None:
    versions = iter([("v1", "one.example"), ("v2", "two.example")])

    def handler(request: httpx.Request) -> httpx.Response:
        tag, domain = next(versions)
        return httpx.Response(200, json={**INFO, "hosting_domain": domain}, headers={"ETag": tag})

    client = _client(tmp_path, handler)
    assert (await client.info()).hosting_domain == "one.example"
    assert (await client.info()).hosting_domain == "two.example"
    await client.aclose()
    assert client.not_modified == 0


async def test_connection_errors_are_retried_and_the_state_follows(tmp_path: Path) -> None:
    failures = 2

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal failures
        if failures:
            failures -= 1
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=INFO)

    client = _client(tmp_path, handler, retries=3)
    states: list[ConnectionState] = []
    client.subscribe(states.append)
    info = await client.info()
    await client.aclose()
    assert info.api_port == 49301
    assert states == [ConnectionState.RECONNECTING, ConnectionState.CONNECTED]


async def test_after_the_retries_the_client_is_offline_with_a_sentence(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = _client(tmp_path, handler, retries=2)
    states: list[ConnectionState] = []
    client.subscribe(states.append)
    with pytest.raises(ServiceUnreachable) as caught:
        await client.info()
    await client.aclose()
    assert states == [ConnectionState.RECONNECTING, ConnectionState.OFFLINE]
    assert client.state == ConnectionState.OFFLINE
    assert caught.value.message("en").startswith(
        "The hosting service does not answer at https://127.0.0.1:49302."
    )
    assert caught.value.message("fr").startswith(
        "Le service d'hébergement ne répond pas à l'adresse https://127.0.0.1:49302."
    )


async def test_a_post_that_may_have_arrived_is_not_sent_twice(tmp_path: Path) -> None:
    posts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal posts
        posts += 1
        raise httpx.ReadError("connection lost", request=request)

    client = _client(tmp_path, handler, retries=3)
    with pytest.raises(ServiceUnreachable):
        await client.request_invoice_reminder("221222100001")
    await client.aclose()
    assert posts == 1


async def test_a_body_that_is_not_an_api_error_is_worded_not_dumped(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>Bad gateway</html>")

    client = _client(tmp_path, handler)
    with pytest.raises(ApiFailure) as caught:
        await client.info()
    await client.aclose()
    assert caught.value.code == ErrorCode.INTERNAL
    assert caught.value.message("en") == (
        "Unexpected answer from the service (HTTP status 502). Nothing was changed on this"
        " workstation."
    )
    assert "Bad gateway" not in caught.value.message("fr")


async def test_the_password_and_token_never_show_in_failures(tmp_path: Path) -> None:
    password = "Abcdefgh123456"
    bodies: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(
            401,
            json={
                "code": "invalid_credentials",
                "message_fr": "Numéro d'hébergement ou mot de passe incorrect.",
                "message_en": "Wrong hosting number or password.",
            },
        )

    client = _client(tmp_path, handler)
    with pytest.raises(ApiFailure) as caught:
        await client.enrol("221222100001", password, "1234567890", licence_accepted=True)
    await client.aclose()
    assert bodies and bodies[0]["password"] == password  # sent, in the TLS body only
    failure = caught.value
    for text in (str(failure), repr(failure), failure.message("fr"), failure.message("en")):
        assert password not in text and "1234567890" not in text


async def test_a_crash_report_with_locals_shows_no_secret(tmp_path: Path) -> None:
    """Textual prints every frame's locals when an app crashes: none may hold a secret."""
    from rich.console import Console
    from rich.traceback import Traceback

    password, invoice = "Abcdefgh123456", "1234567890"

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = _client(tmp_path, handler, retries=0)
    try:
        await client.enrol("221222100001", password, invoice, licence_accepted=True)
    except ServiceUnreachable as exc:
        failure: ServiceUnreachable = exc
    await client.aclose()
    # From the client's frames down (the test's own frame holds the plain values on purpose).
    inner = failure.__traceback__.tb_next if failure.__traceback__ else None
    with Path(os.devnull).open("w") as sink:
        console = Console(record=True, width=200, file=sink)
        console.print(
            Traceback.from_exception(type(failure), failure, inner, show_locals=True, width=200)
        )
    report = console.export_text()
    assert "enrol" in report and "sealed request" in report
    assert password not in report and invoice not in report


def test_first_contact_reads_chunked_answers() -> None:
    from pronote_tui.client.first_contact import dechunk

    assert dechunk(b"5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n") == b"hello world"
