"""This workstation's client certificate: made here, signed by the service, checked before use.

The private key (EC P-256) is generated on the workstation and never leaves it: the service
only sees a certificate signing request whose common name is the hosting number. Key and
certificate are stored 0600 under the service's profile folder.

:func:`check_certificate` says what is wrong with the stored pair as a catalogue key (with its
parameters), so the console can explain it and offer to install a new certificate.
"""

from __future__ import annotations

import hashlib
import re
import ssl
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pronote_tui.host import write_file_atomic

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

# cryptography is imported inside the functions: the console's start-up (the login screen)
# needs none of it, and its import is a measurable share of that time.

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class InvalidFingerprint(ValueError):
    """Not a SHA-256 fingerprint (catalogue: ``firstcontact.bad_fingerprint``)."""


class InvalidCaCertificate(ValueError):
    """The service sent something that is not a CA certificate (``firstcontact.not_a_ca``)."""


class CertificateProblem(str):
    """What is wrong with the stored certificate.

    The string itself is the catalogue key (``certificate.missing``, ``certificate.expired`` ...),
    so it compares and matches like one; ``params`` fills the message's placeholders.
    """

    params: dict[str, str]

    def __new__(cls, key: str, params: dict[str, str] | None = None) -> CertificateProblem:
        problem = super().__new__(cls, key)
        problem.params = dict(params or {})
        return problem

    @property
    def key(self) -> str:
        return str(self)

    def message(self, lang: str) -> str:
        from pronote_api.catalogue import Lang, tr
        from pronote_tui.formatting import format_date

        reader: Lang = "en" if lang == "en" else "fr"
        params = dict(self.params)
        if "date" in params:  # kept ISO, written as the reader reads a date
            params["date"] = format_date(date.fromisoformat(params["date"]), reader)
        return tr(self.key, reader, **params)

    def __repr__(self) -> str:
        return f"CertificateProblem({self.key!r}, {self.params!r})"


# --- fingerprints -----------------------------------------------------------------------------


def fingerprint_sha256(cert_pem: str | bytes) -> str:
    """Lower-case hex SHA-256 of the certificate's DER (as ``pronote-server info`` prints it)."""
    text = cert_pem.decode("ascii", "replace") if isinstance(cert_pem, bytes) else cert_pem
    try:
        der = ssl.PEM_cert_to_DER_cert(text.strip())
    except ValueError:
        raise InvalidCaCertificate("not a PEM certificate") from None
    return hashlib.sha256(der).hexdigest()


def format_fingerprint(hex_digest: str) -> str:
    """``AB:CD:...``: the grouped form people compare by eye."""
    digest = normalise_fingerprint(hex_digest)
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2)).upper()


def normalise_fingerprint(text: str) -> str:
    """Lower-case hex without separators; accepts ``AB:CD:..``, spaces, upper or lower case."""
    digest = re.sub(r"[\s:]", "", text).lower()
    if not _HEX64.fullmatch(digest):
        raise InvalidFingerprint(text)
    return digest


def check_ca_certificate(pem: str | bytes) -> str:
    """The hex SHA-256 fingerprint of a CA certificate sent by the service; anything else (not
    one PEM certificate, or one that may not sign others) raises :class:`InvalidCaCertificate`.

    With the standard library's OpenSSL (``X509_check_ca`` through ``cert_store_stats``), not
    cryptography: a workstation's first start pins the CA before the login screen is drawn."""
    text = pem.decode("ascii", "replace") if isinstance(pem, bytes) else pem
    digest = fingerprint_sha256(text)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_verify_locations(cadata=text)
    except (ssl.SSLError, ValueError):
        raise InvalidCaCertificate("not a PEM certificate") from None
    stats = context.cert_store_stats()
    if stats.get("x509") != 1:
        raise InvalidCaCertificate("not exactly one certificate")
    if stats.get("x509_ca") != 1:
        raise InvalidCaCertificate("not a CA")
    return digest


# --- making a key and its request -------------------------------------------------------------


def generate_key() -> ec.EllipticCurvePrivateKey:
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def make_csr(key: ec.EllipticCurvePrivateKey, hosting_number: str) -> str:
    """A PKCS#10 request, CN = hosting number, signed with ``key`` (PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosting_number)])
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def store_certificate(
    key: ec.EllipticCurvePrivateKey, cert_pem: str, key_path: Path, cert_path: Path
) -> x509.Certificate:
    """Write the key and the certificate the service signed, both 0600, each atomically.

    The certificate is checked against the key first, so a wrong answer never replaces a
    working pair.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
    if not _same_public_key(cert, key):
        raise ValueError("the certificate does not match the key generated for it")
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Key first: a certificate without its key would be unusable, a key without a new
    # certificate is just the state before enrolment (reported as key_mismatch, fixable).
    write_file_atomic(key_path, key_pem, private=True)
    write_file_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM), private=True)
    return cert


# --- checking the stored pair -----------------------------------------------------------------


@dataclass(frozen=True)
class InstalledCertificate:
    """A certificate that passed every check."""

    hosting_number: str
    not_after: datetime
    serial: str


def check_certificate(
    key_path: Path,
    cert_path: Path,
    *,
    hosting_number: str | None = None,
    ca_path: Path | None = None,
    now: datetime | None = None,
) -> InstalledCertificate | CertificateProblem:
    """Load and check the stored key and certificate.

    Problems, in the order a person can act on them: missing, unreadable, corrupt, not issued by
    the pinned CA, not yet valid, expired, key not matching, issued for another hosting number.
    """
    when = now or datetime.now(UTC)
    if not cert_path.exists() or not key_path.exists():
        return CertificateProblem("certificate.missing")
    # Imported past the first check: a workstation without a certificate (the login screen of
    # a first start) does not pay for cryptography's import.
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        cert_raw = cert_path.read_bytes()
        key_raw = key_path.read_bytes()
    except OSError:
        return CertificateProblem("certificate.unreadable")
    try:
        cert = x509.load_pem_x509_certificate(cert_raw)
        key = serialization.load_pem_private_key(key_raw, password=None)
    except (ValueError, TypeError):
        return CertificateProblem("certificate.corrupt")
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return CertificateProblem("certificate.corrupt")
    if ca_path is not None and not _issued_by(cert, ca_path):
        return CertificateProblem("certificate.other_service")
    if when < cert.not_valid_before_utc:
        return CertificateProblem(
            "certificate.not_yet_valid", {"date": cert.not_valid_before_utc.date().isoformat()}
        )
    if when >= cert.not_valid_after_utc:
        return CertificateProblem(
            "certificate.expired", {"date": cert.not_valid_after_utc.date().isoformat()}
        )
    if not _same_public_key(cert, key):
        return CertificateProblem("certificate.key_mismatch")
    number = certificate_hosting_number(cert)
    if number is None:
        return CertificateProblem("certificate.corrupt")
    if hosting_number is not None and number != hosting_number:
        return CertificateProblem("certificate.other_number", {"number": number})
    return InstalledCertificate(
        hosting_number=number,
        not_after=cert.not_valid_after_utc,
        serial=format(cert.serial_number, "x"),
    )


def certificate_hosting_number(cert: x509.Certificate) -> str | None:
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not names:
        return None
    value = names[0].value
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _same_public_key(cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> bool:
    from cryptography.hazmat.primitives import serialization

    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    enc = serialization.Encoding.DER
    return bool(cert.public_key().public_bytes(enc, fmt) == key.public_key().public_bytes(enc, fmt))


def _issued_by(cert: x509.Certificate, ca_path: Path) -> bool:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    try:
        ca = x509.load_pem_x509_certificate(ca_path.read_bytes())
        cert.verify_directly_issued_by(ca)
    except (OSError, ValueError, TypeError, InvalidSignature):
        return False
    return True
