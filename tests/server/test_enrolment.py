"""First login from a workstation: /v1/enrol on the enrolment listener."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from live_service import LiveService, read_outbox
from server_support import enrol_body, enrol_client, make_csr


def test_info_and_ca_are_served_before_any_login(service: LiveService) -> None:
    with enrol_client(service) as client:
        info = client.get("/v1/info").json()
        ca = client.get("/v1/ca.pem")
    assert info["ca_fingerprint_sha256"] == service.ca_fingerprint
    assert info["api_port"] == int(service.api_url.rsplit(":", 1)[1])
    assert info["enrol_port"] == int(service.enrol_url.rsplit(":", 1)[1])
    # The clients' port really bound (the service runs with --client-port 0: any free one).
    assert info["client_port"] == service.ready["client_port"] > 0
    assert ca.headers["content-type"].startswith("text/plain")
    assert ca.text == service.ca_pem.read_text()


def test_enrolment_issues_a_client_certificate_for_the_hosting_number(
    service: LiveService,
) -> None:
    account = service.create_account()
    csr_pem, key = make_csr(account.hosting_number)
    with enrol_client(service) as client:
        response = client.post("/v1/enrol", json=enrol_body(account, csr_pem))
    assert response.status_code == 200, response.text
    body = response.json()
    cert = x509.load_pem_x509_certificate(body["certificate_pem"].encode())
    ca = x509.load_pem_x509_certificate(service.ca_pem.read_bytes())
    cert.verify_directly_issued_by(ca)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        account.hosting_number
    )
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in eku
    assert cert.public_key() == key.public_key()
    life = cert.not_valid_after_utc - datetime.now(UTC)
    assert timedelta(days=700) < life < timedelta(days=740)
    assert body["ca_pem"] == service.ca_pem.read_text()
    assert body["serial"] == format(cert.serial_number, "x")


def _refused(service: LiveService, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    with enrol_client(service) as client:
        response = client.post("/v1/enrol", json=body)
    return response.status_code, response.json()


def test_a_wrong_invoice_number_is_refused(service: LiveService) -> None:
    account = service.create_account()
    csr_pem, _ = make_csr(account.hosting_number)
    status, error = _refused(service, enrol_body(account, csr_pem, invoice_number="1234567890"))
    assert status == 403
    assert error["code"] == "invalid_invoice_number"
    assert error["field"] == "invoice_number"
    assert "facture" in error["message_fr"] and "invoice" in error["message_en"]


def test_the_licence_must_be_accepted(service: LiveService) -> None:
    account = service.create_account()
    csr_pem, _ = make_csr(account.hosting_number)
    status, error = _refused(service, enrol_body(account, csr_pem, licence_accepted=False))
    assert (status, error["code"]) == (403, "licence_not_accepted")


def test_a_wrong_password_and_an_unknown_number_get_the_same_answer(
    service: LiveService,
) -> None:
    account = service.create_account()
    csr_pem, _ = make_csr(account.hosting_number)
    wrong_password = _refused(service, enrol_body(account, csr_pem, password="Abcdefgh234567"))
    csr_other, _ = make_csr("999999999997")
    unknown = _refused(service, enrol_body(account, csr_other, hosting_number="999999999997"))
    assert wrong_password == unknown
    assert wrong_password[0] == 401 and wrong_password[1]["code"] == "invalid_credentials"


def test_a_request_that_is_not_a_csr_is_refused(service: LiveService) -> None:
    account = service.create_account()
    status, error = _refused(service, enrol_body(account, "-----BEGIN NONSENSE-----"))
    assert (status, error["code"], error["field"]) == (422, "invalid_csr", "csr_pem")
    assert error["params"]["reason"] == "csr.unreadable"


def test_a_csr_for_another_number_is_refused(service: LiveService) -> None:
    account = service.create_account()
    csr_pem, _ = make_csr("111111111111")
    status, error = _refused(service, enrol_body(account, csr_pem))
    assert (status, error["code"], error["params"]["reason"]) == (
        422,
        "invalid_csr",
        "csr.common_name",
    )


def test_a_csr_with_an_rsa_key_is_refused(service: LiveService) -> None:
    account = service.create_account()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csr_pem, _ = make_csr(account.hosting_number, rsa_key)  # type: ignore[arg-type]
    status, error = _refused(service, enrol_body(account, csr_pem))
    assert (status, error["params"]["reason"]) == (422, "csr.key_type")


def test_a_csr_with_a_broken_signature_is_refused(service: LiveService) -> None:
    account = service.create_account()
    csr_pem, _ = make_csr(account.hosting_number)
    der = bytearray(x509.load_pem_x509_csr(csr_pem.encode()).public_bytes(_der()))
    der[-3] ^= 0x01  # inside the signature
    import base64

    tampered = (
        "-----BEGIN CERTIFICATE REQUEST-----\n"
        + base64.encodebytes(bytes(der)).decode()
        + "-----END CERTIFICATE REQUEST-----\n"
    )
    status, error = _refused(service, enrol_body(account, tampered))
    assert status == 422
    assert error["params"]["reason"] in ("csr.signature", "csr.unreadable")


def _der() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def test_the_invoice_reminder_mails_the_manager_and_says_the_same_for_unknown_numbers(
    service: LiveService,
) -> None:
    account = service.create_account()
    before = len(read_outbox(service.outbox))
    with enrol_client(service) as client:
        known = client.post("/v1/invoice-reminder", json={"hosting_number": account.hosting_number})
        unknown = client.post("/v1/invoice-reminder", json={"hosting_number": "999999999996"})
    assert (known.status_code, known.json()) == (202, {"accepted": True})
    assert (unknown.status_code, unknown.json()) == (202, {"accepted": True})
    new = read_outbox(service.outbox)[before:]
    assert [(m.channel, m.account, m.kind) for m in new] == [
        ("email", account.hosting_number, "account.invoice")
    ]
    assert account.invoice_number.get_secret_value() in new[0].text
    assert account.manager_email in new[0].recipient


def test_the_enrolment_listener_does_not_serve_the_api(
    service: LiveService, tmp_path: Path
) -> None:
    with enrol_client(service) as client:
        response = client.get("/v1/account")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
