"""The service's own certificate authority.

``init`` makes an EC P-256 CA and the listeners' TLS certificate; ``/v1/enrol`` signs the console
workstations' requests with the CA. The API listener trusts only this CA for client certificates,
so a certificate is both the proof that a workstation went through enrolment (hosting number,
password and invoice number) and the key its sessions are bound to.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from pronote_server.store.files import make_private_dir, write_private

CA_VALIDITY = timedelta(days=3650)
SERVER_VALIDITY = timedelta(days=825)
CLIENT_VALIDITY = timedelta(days=730)
# Clocks of workstations drift: a certificate valid from a few minutes ago is accepted at once.
BACKDATE = timedelta(minutes=5)
DEFAULT_SANS = ("localhost", "127.0.0.1", "::1")


class CsrRefused(ValueError):
    """A certificate request that the service will not sign; ``reason`` is a catalogue key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fingerprint_der(der: bytes) -> str:
    """Lower-case hex SHA-256 of a DER certificate (the form stored and sent on the wire)."""
    return hashlib.sha256(der).hexdigest()


def fingerprint(cert: x509.Certificate) -> str:
    return fingerprint_der(cert.public_bytes(serialization.Encoding.DER))


def group_fingerprint(hex_digest: str) -> str:
    """``ab12...`` -> ``AB:12:...``, the form shown to people for comparison."""
    upper = hex_digest.replace(":", "").upper()
    return ":".join(upper[i : i + 2] for i in range(0, len(upper), 2))


def _private_key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _leaf_key_usage(*, key_agreement: bool) -> x509.KeyUsage:
    """A leaf certificate's key usage: signing, and key agreement for the listeners' (ECDHE)."""
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=key_agreement,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _san(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


@dataclass(frozen=True)
class IssuedCertificate:
    pem: str
    serial: str
    fingerprint_sha256: str
    not_before: datetime
    not_after: datetime


class Authority:
    """The CA's certificate and key, loaded from the data directory."""

    def __init__(self, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> None:
        self.cert = cert
        self.key = key

    @classmethod
    def load(cls, cert_path: Path, key_path: Path) -> Authority:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("the CA key is not an EC key")
        return cls(cert, key)

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def fingerprint_sha256(self) -> str:
        return fingerprint(self.cert)

    def _builder(
        self,
        subject: x509.Name,
        public_key: ec.EllipticCurvePublicKey,
        now: datetime,
        life: timedelta,
    ) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.cert.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - BACKDATE)
            .not_valid_after(now + life)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    def issue_server(self, sans: list[str], now: datetime) -> tuple[x509.Certificate, bytes]:
        """The listeners' certificate and its private key (PEM)."""
        key = ec.generate_private_key(ec.SECP256R1())
        names = list(dict.fromkeys([*DEFAULT_SANS, *sans]))
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
        cert = (
            self._builder(subject, key.public_key(), now, SERVER_VALIDITY)
            .add_extension(x509.SubjectAlternativeName([_san(n) for n in names]), critical=False)
            .add_extension(_leaf_key_usage(key_agreement=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return cert, _private_key_pem(key)

    @staticmethod
    def check_console_csr(csr_pem: str, hosting_number: str) -> x509.CertificateSigningRequest:
        """The workstation's request if acceptable; raise :class:`CsrRefused` otherwise."""
        try:
            csr = x509.load_pem_x509_csr(csr_pem.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise CsrRefused("csr.unreadable") from exc
        if not csr.is_signature_valid:
            raise CsrRefused("csr.signature")
        public_key = csr.public_key()
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name not in (
            "secp256r1",
            "secp384r1",
        ):
            raise CsrRefused("csr.key_type")
        names = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        if len(names) != 1 or names[0].value != hosting_number:
            raise CsrRefused("csr.common_name")
        return csr

    def sign_console_csr(
        self, csr: x509.CertificateSigningRequest, hosting_number: str, now: datetime
    ) -> IssuedCertificate:
        """A client certificate for a request that passed :meth:`check_console_csr`. Only the
        public key is taken from the request: subject and extensions are the service's."""
        public_key = csr.public_key()
        if not isinstance(public_key, ec.EllipticCurvePublicKey):
            raise CsrRefused("csr.key_type")
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosting_number)])
        cert = (
            self._builder(subject, public_key, now, CLIENT_VALIDITY)
            .add_extension(_leaf_key_usage(key_agreement=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return IssuedCertificate(
            pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
            serial=format(cert.serial_number, "x"),
            fingerprint_sha256=fingerprint(cert),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
        )


def create_authority(
    ca_cert: Path,
    ca_key: Path,
    server_cert: Path,
    server_key: Path,
    *,
    sans: list[str],
    now: datetime,
) -> Authority:
    """Make the CA and the listeners' certificate; private keys are written 0600."""
    make_private_dir(ca_cert.parent)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pronote-server"),
            x509.NameAttribute(NameOID.COMMON_NAME, "pronote-server hosting CA"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    write_private(ca_key, _private_key_pem(key))
    write_private(ca_cert, cert.public_bytes(serialization.Encoding.PEM))
    authority = Authority(cert, key)
    server, server_key_pem = authority.issue_server(sans, now)
    write_private(server_key, server_key_pem)
    write_private(server_cert, server.public_bytes(serialization.Encoding.PEM))
    return authority
