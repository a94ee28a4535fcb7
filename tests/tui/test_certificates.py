"""The workstation's certificate: made here, stored 0600, and every way it can go wrong.

The service's own signing is exercised in ``test_client_enrolment.py`` against the real service;
here a small CA built in the test signs the requests, so that each fault (expired, not yet valid,
wrong key, foreign CA) can be produced on purpose.
"""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pronote_tui.certificates import (
    CertificateProblem,
    InstalledCertificate,
    InvalidCaCertificate,
    InvalidFingerprint,
    check_ca_certificate,
    check_certificate,
    fingerprint_sha256,
    format_fingerprint,
    generate_key,
    make_csr,
    normalise_fingerprint,
    store_certificate,
)
from pronote_tui.formatting import EN_MONTHS

NUMBER = "221222100001"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class TinyCa:
    def __init__(self, name: str = "Test CA") -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - timedelta(days=1))
            .not_valid_after(NOW + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()

    def sign(
        self, csr_pem: str, *, start: datetime = NOW - timedelta(minutes=5), days: int = 730
    ) -> str:
        csr = x509.load_pem_x509_csr(csr_pem.encode())
        cert = (
            x509.CertificateBuilder()
            .subject_name(csr.subject)
            .issuer_name(self.cert.subject)
            .public_key(csr.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        return cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def ca(tmp_path: Path) -> TinyCa:
    authority = TinyCa()
    (tmp_path / "ca.pem").write_text(authority.pem)
    return authority


def _install(tmp_path: Path, ca: TinyCa, number: str = NUMBER, **sign: object) -> None:
    key = generate_key()
    store_certificate(
        key,
        ca.sign(make_csr(key, number), **sign),
        tmp_path / "client.key",
        tmp_path / "client.crt",
    )  # type: ignore[arg-type]


def _check(tmp_path: Path, number: str | None = NUMBER, now: datetime = NOW) -> object:
    return check_certificate(
        tmp_path / "client.key",
        tmp_path / "client.crt",
        hosting_number=number,
        ca_path=tmp_path / "ca.pem",
        now=now,
    )


def test_the_request_names_the_hosting_number_and_carries_a_p256_key() -> None:
    key = generate_key()
    csr = x509.load_pem_x509_csr(make_csr(key, NUMBER).encode())
    assert csr.is_signature_valid
    assert csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == NUMBER
    public = csr.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1"


def test_a_stored_certificate_is_private_and_passes_the_checks(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca)
    for name in ("client.key", "client.crt"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    status = _check(tmp_path)
    assert isinstance(status, InstalledCertificate)
    assert status.hosting_number == NUMBER
    assert status.not_after > NOW


def test_missing(tmp_path: Path) -> None:
    status = _check(tmp_path)
    assert status == "certificate.missing"
    assert isinstance(status, CertificateProblem)
    assert "invoice number" in status.message("en")


def test_corrupt_certificate_file(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca)
    crt = tmp_path / "client.crt"
    crt.write_bytes(crt.read_bytes()[:200])
    status = _check(tmp_path)
    assert status == "certificate.corrupt"
    assert isinstance(status, CertificateProblem)
    assert status.message("fr") == (
        "Le certificat de ce poste est endommagé. Installez-en un nouveau."
    )


def test_corrupt_key_file(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca)
    (tmp_path / "client.key").write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n")
    assert _check(tmp_path) == "certificate.corrupt"


def test_unreadable(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca)
    # Something that exists and cannot be read as a file, whoever runs the test (root ignores
    # permission bits, so chmod 0 would not do).
    (tmp_path / "client.crt").unlink()
    (tmp_path / "client.crt").mkdir()
    assert _check(tmp_path) == "certificate.unreadable"


def test_expired_says_since_when(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca, days=30)
    status = _check(tmp_path, now=NOW + timedelta(days=31))
    assert status == "certificate.expired"
    assert isinstance(status, CertificateProblem)
    expiry = (NOW - timedelta(minutes=5) + timedelta(days=30)).date()
    assert status.message("en") == (
        f"This workstation's certificate expired on {expiry:%d} {EN_MONTHS[expiry.month - 1]}"
        f" {expiry.year}."
        " Install a new one."
    )
    assert f"{expiry:%d/%m/%Y}" in status.message("fr")


def test_not_yet_valid_points_at_the_clock(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca, start=NOW + timedelta(days=2))
    status = _check(tmp_path)
    assert status == "certificate.not_yet_valid"
    assert isinstance(status, CertificateProblem)
    assert "clock" in status.message("en")


def test_key_not_matching_the_certificate(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca)
    other = generate_key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "client.key").write_bytes(other)
    assert _check(tmp_path) == "certificate.key_mismatch"


def test_issued_for_another_hosting_number_names_it(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca, number="221222100002")
    status = _check(tmp_path, number=NUMBER)
    assert status == "certificate.other_number"
    assert isinstance(status, CertificateProblem)
    assert "221222100002" in status.message("fr")
    assert isinstance(_check(tmp_path, number=None), InstalledCertificate)


def test_issued_by_another_authority(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, TinyCa("Someone else"))
    assert _check(tmp_path) == "certificate.other_service"


def test_a_wrong_answer_never_replaces_a_working_pair(tmp_path: Path, ca: TinyCa) -> None:
    _install(tmp_path, ca)
    before = (tmp_path / "client.key").read_bytes(), (tmp_path / "client.crt").read_bytes()
    key = generate_key()
    foreign = ca.sign(make_csr(generate_key(), NUMBER))  # signed for another key
    with pytest.raises(ValueError):
        store_certificate(key, foreign, tmp_path / "client.key", tmp_path / "client.crt")
    after = (tmp_path / "client.key").read_bytes(), (tmp_path / "client.crt").read_bytes()
    assert after == before


def test_fingerprints_in_both_forms(ca: TinyCa) -> None:
    digest = fingerprint_sha256(ca.pem)
    assert len(digest) == 64 and digest == digest.lower()
    shown = format_fingerprint(digest)
    assert shown.count(":") == 31 and shown == shown.upper()
    assert normalise_fingerprint(shown) == digest
    assert normalise_fingerprint(" " + shown.lower().replace(":", " ") + "\n") == digest
    with pytest.raises(InvalidFingerprint):
        normalise_fingerprint("AB:CD")


def test_only_a_ca_certificate_can_be_pinned(tmp_path: Path, ca: TinyCa) -> None:
    assert check_ca_certificate(ca.pem) == fingerprint_sha256(ca.pem)
    leaf = ca.sign(make_csr(generate_key(), NUMBER))
    with pytest.raises(InvalidCaCertificate):
        check_ca_certificate(leaf)
    with pytest.raises(InvalidCaCertificate):
        check_ca_certificate("<html>not a certificate</html>")
    with pytest.raises(InvalidCaCertificate):  # the CA and one more
        check_ca_certificate(ca.pem + leaf)
