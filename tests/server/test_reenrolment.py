"""Enrolling a workstation again: its new certificate replaces the old one, which stops working at
once; other workstations, and other schools, keep theirs; the history says it all."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from live_service import AccountSecrets, LiveService
from server_support import (
    Workstation,
    enrol_body,
    enrol_client,
    key_pem,
    login,
    make_csr,
    plain,
)

from pronote_api.catalogue import tr


@dataclass
class Enrolled:
    workstation: Workstation
    serial: str


def _enrol(
    service: LiveService, account: AccountSecrets, directory: Path, name: str, **overrides: Any
) -> httpx.Response:
    csr_pem, key = make_csr(account.hosting_number)
    with enrol_client(service) as client:
        response = client.post(
            "/v1/enrol", json=enrol_body(account, csr_pem, workstation=name, **overrides)
        )
    if response.status_code == 200:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "key.pem").write_bytes(key_pem(key))
    return response


def enrol_as(service: LiveService, account: AccountSecrets, directory: Path, name: str) -> Enrolled:
    """Enrol a workstation called ``name``; its certificate and key are kept in ``directory``."""
    response = _enrol(service, account, directory, name)
    assert response.status_code == 200, response.text
    cert_pem = response.json()["certificate_pem"]
    cert_path = directory / "cert.pem"
    cert_path.write_text(cert_pem)
    der = x509.load_pem_x509_certificate(cert_pem.encode()).public_bytes(serialization.Encoding.DER)
    ws = Workstation(cert_path, directory / "key.pem", hashlib.sha256(der).hexdigest())
    return Enrolled(ws, str(response.json()["serial"]))


def _session(service: LiveService, ws: Workstation, account: AccountSecrets) -> httpx.Response:
    body = {"hosting_number": account.hosting_number, "password": plain(account.password)}
    with ws.client(service) as client:
        return client.post("/v1/session", json=body)


def _history(service: LiveService, ws: Workstation, account: AccountSecrets) -> list[Any]:
    with ws.client(service, login(service, ws, account)) as client:
        return list(client.get("/v1/history", params={"limit": 100}).json()["entries"])


def test_enrolling_a_workstation_again_revokes_its_old_certificate_only(
    service: LiveService, tmp_path: Path
) -> None:
    account = service.create_account()
    first = enrol_as(service, account, tmp_path / "one-old", "Poste 1")
    other = enrol_as(service, account, tmp_path / "two", "Poste 2")
    token = login(service, first.workstation, account)
    # The same invoice number again, for the same workstation: a new certificate ...
    again = enrol_as(service, account, tmp_path / "one-new", "Poste 1")
    assert again.serial != first.serial

    # ... and the old one is refused at once, for a new login as for the session it had opened.
    refused = _session(service, first.workstation, account)
    assert (refused.status_code, refused.json()["code"]) == (403, "certificate_unknown")
    with first.workstation.client(service, token) as client:
        stale = client.get("/v1/account")
    assert (stale.status_code, stale.json()["code"]) == (403, "certificate_unknown")
    assert stale.json()["message_fr"] == tr("error.certificate_unknown", "fr")
    # The other workstation's certificate and the new one work.
    assert _session(service, other.workstation, account).status_code == 200
    assert _session(service, again.workstation, account).status_code == 200

    entries = _history(service, again.workstation, account)
    certificates = [
        (e["action"], e["detail"].get("workstation"), e["detail"].get("serial"))
        for e in entries
        if e["action"].startswith("certificate.")
    ]
    assert certificates == [
        ("certificate.revoke", "Poste 1", first.serial),
        ("certificate.enrol", "Poste 1", again.serial),
        ("certificate.enrol", "Poste 2", other.serial),
        ("certificate.enrol", "Poste 1", first.serial),
    ]
    revoke = next(e for e in entries if e["action"] == "certificate.revoke")
    assert revoke["detail"]["replaced_by"] == again.serial
    installed = next(e for e in entries if e["action"] == "certificate.enrol")
    assert installed["detail"]["replaced"] == 1
    assert revoke["outcome"] == "success" and revoke["source"] == "127.0.0.1"
    # Historique words it in both languages.
    assert tr("history.certificate.revoke", "fr") == "Révocation du certificat d'un poste"
    assert tr("history.certificate.revoke", "en") == "Workstation certificate revoked"


def test_a_refused_enrolment_revokes_nothing(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    held = enrol_as(service, account, tmp_path / "held", "Poste 1")
    wrong_invoice = _enrol(service, account, tmp_path / "x", "Poste 1", invoice_number="1234567890")
    assert wrong_invoice.status_code == 403
    wrong_password = _enrol(service, account, tmp_path / "y", "Poste 1", password="Abcdefgh234567")
    assert wrong_password.status_code == 401
    assert _session(service, held.workstation, account).status_code == 200
    actions = [e["action"] for e in _history(service, held.workstation, account)]
    assert "certificate.revoke" not in actions


def test_another_school_enrolling_a_workstation_of_the_same_name_revokes_nothing(
    service: LiveService, tmp_path: Path
) -> None:
    mine, theirs = service.create_account(), service.create_account()
    held = enrol_as(service, mine, tmp_path / "mine", "Secrétariat")
    enrol_as(service, theirs, tmp_path / "theirs", "Secrétariat")
    assert _session(service, held.workstation, mine).status_code == 200
    entries = _history(service, held.workstation, mine)
    assert "certificate.revoke" not in [e["action"] for e in entries]
    assert theirs.hosting_number not in str(entries)
