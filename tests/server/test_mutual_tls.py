"""The API listener requires a client certificate issued by the service's own CA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from live_service import LiveService
from server_support import enrol, key_pem, ssl_context


def _call_without_answer(client: httpx.Client) -> None:
    with pytest.raises(httpx.TransportError):
        client.get("/v1/info")


def test_the_api_refuses_a_connection_without_a_client_certificate(service: LiveService) -> None:
    with httpx.Client(base_url=service.api_url, verify=ssl_context(service.ca_pem)) as client:
        _call_without_answer(client)


def _foreign_certificate(directory: Path, common_name: str) -> tuple[Path, Path]:
    """A client certificate from a CA that is not the service's (same CN as a real account)."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pronote-server hosting CA")])
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = directory / "foreign.pem", directory / "foreign.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key_pem(key))
    return cert_path, key_path


def test_the_api_refuses_a_certificate_from_another_authority(
    service: LiveService, tmp_path: Path
) -> None:
    account = service.create_account()
    cert_path, key_path = _foreign_certificate(tmp_path, account.hosting_number)
    verify = ssl_context(service.ca_pem, cert_path, key_path)
    with httpx.Client(base_url=service.api_url, verify=verify) as client:
        _call_without_answer(client)


def test_an_enrolled_workstation_reaches_the_api(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    workstation = enrol(service, account, tmp_path)
    with workstation.client(service) as client:
        info = client.get("/v1/info")
        no_session = client.get("/v1/account")
    assert info.status_code == 200
    assert info.json()["ca_fingerprint_sha256"] == service.ca_fingerprint
    assert (no_session.status_code, no_session.json()["code"]) == (401, "session_required")


def test_the_api_does_not_offer_enrolment(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    workstation = enrol(service, account, tmp_path)
    with workstation.client(service) as client:
        response = client.post("/v1/enrol", json={})
    assert response.status_code in (404, 405)
    assert response.json()["code"] == "not_found"
