"""Helpers of the service tests: a workstation's key and CSR, enrolment, mutual-TLS clients."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_csr(common_name: str, key: ec.EllipticCurvePrivateKey | None = None) -> tuple[str, Any]:
    key = key or make_key()
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .sign(key, hashes.SHA256())
    )
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii"), key


def key_pem(key: Any) -> bytes:
    return bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def plain(value: object) -> str:
    getter = getattr(value, "get_secret_value", None)
    return str(getter()) if getter else str(value)


def enrol_body(account: Any, csr_pem: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hosting_number": account.hosting_number,
        "password": plain(account.password),
        "invoice_number": plain(account.invoice_number),
        "licence_accepted": True,
        "csr_pem": csr_pem,
        "workstation": "poste-test",
    }
    body.update(overrides)
    return body


def enrol_client(service: Any) -> httpx.Client:
    """A client of the enrolment listener, trusting only the service's CA."""
    return httpx.Client(base_url=service.enrol_url, verify=ssl_context(service.ca_pem), timeout=30)


def ssl_context(ca_pem: Path, cert: Path | None = None, key: Path | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(ca_pem))
    if cert is not None:
        context.load_cert_chain(str(cert), str(key) if key else None)
    return context


@dataclass
class Workstation:
    """A console workstation holding a certificate issued by the service."""

    cert_path: Path
    key_path: Path
    fingerprint: str

    def client(self, service: Any, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(
            base_url=service.api_url,
            verify=ssl_context(service.ca_pem, self.cert_path, self.key_path),
            headers=headers,
            timeout=30,
        )


def enrol(service: Any, account: Any, directory: Path, name: str = "ws") -> Workstation:
    """Go through /v1/enrol and keep the certificate and key in ``directory``."""
    import hashlib

    csr_pem, key = make_csr(account.hosting_number)
    with enrol_client(service) as client:
        # One live certificate per workstation name: each ``name`` is a workstation of its own.
        workstation = "poste-test" if name == "ws" else f"poste-{name}"
        response = client.post(
            "/v1/enrol", json=enrol_body(account, csr_pem, workstation=workstation)
        )
    assert response.status_code == 200, response.text
    cert_pem = response.json()["certificate_pem"]
    directory.mkdir(parents=True, exist_ok=True)
    cert_path = directory / f"{name}.pem"
    key_path = directory / f"{name}.key"
    cert_path.write_text(cert_pem)
    key_path.write_bytes(key_pem(key))
    der = x509.load_pem_x509_certificate(cert_pem.encode()).public_bytes(serialization.Encoding.DER)
    return Workstation(cert_path, key_path, hashlib.sha256(der).hexdigest())


def login(service: Any, ws: Workstation, account: Any) -> str:
    with ws.client(service) as client:
        response = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": plain(account.password)},
        )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])
