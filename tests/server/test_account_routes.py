""" "Mon compte" through the API: card, contact (validated), notifications, credentials resend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_service import AccountSecrets, LiveService, latest_password, read_outbox
from server_support import enrol, login, plain


@pytest.fixture
def manager(service: LiveService, tmp_path: Path) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    account = service.create_account(
        client_reference="A12345",
        licence_expires="2028-08-31",
        editors=4,
        formula="50",
        sms_pronote=True,
        pronote_net=False,
    )
    ws = enrol(service, account, tmp_path)
    with ws.client(service, login(service, ws, account)) as client:
        yield account, client


def test_the_account_card_shows_what_the_provider_set(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    account, client = manager
    card = client.get("/v1/account").json()
    assert card["client_reference"] == "A12345"
    assert card["licence_expires_on"] == "2028-08-31"
    assert card["administrators_and_editors"] == 4
    assert card["formula"] == "50"
    assert card["options"]["sms_pronote"] is True
    assert card["options"]["pronote_net"] is False
    assert card["options"]["edt_connection"] is True
    assert card["school_name"] == account.school_name


def test_the_contact_is_updated_and_normalised(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    account, client = manager
    assert client.get("/v1/account/contact").json() == {
        "name": account.manager_name,
        "email": account.manager_email,
        "phone": account.manager_phone,
    }
    updated = client.put(
        "/v1/account/contact",
        json={"name": "Paul Durand", "email": "p.durand@Example.ORG", "phone": "06 98 76 54 32"},
    )
    assert updated.status_code == 200
    assert updated.json() == {
        "name": "Paul Durand",
        "email": "p.durand@example.org",
        "phone": "+33698765432",
    }
    assert client.get("/v1/account/contact").json() == updated.json()


@pytest.mark.parametrize(
    ("change", "code", "field", "reason"),
    [
        ({"phone": "12345"}, "invalid_phone", "phone", "validation.phone"),
        ({"email": "not-an-address"}, "invalid_email", "email", "validation.email"),
        ({"name": "  "}, "validation_error", "name", "validation.manager_name"),
    ],
)
def test_a_bad_contact_is_refused_with_the_reason_and_nothing_changes(
    manager: tuple[AccountSecrets, httpx.Client],
    change: dict[str, str],
    code: str,
    field: str,
    reason: str,
) -> None:
    _, client = manager
    before = client.get("/v1/account/contact").json()
    # A valid change beside the bad one must not be applied either.
    wanted = {**before, "name": "Quelqu'un d'autre", **change}
    response = client.put("/v1/account/contact", json=wanted)
    assert response.status_code == 422
    error = response.json()
    assert (error["code"], error["field"], error["params"]["reason"]) == (code, field, reason)
    assert error["message_fr"] and error["message_en"]
    assert client.get("/v1/account/contact").json() == before


def test_notification_preferences_are_kept(manager: tuple[AccountSecrets, httpx.Client]) -> None:
    _, client = manager
    prefs = client.get("/v1/account/notifications").json()
    assert set(prefs["channels"]) == {
        "backup_failed",
        "server_stopped",
        "address_suspended",
        "version_change",
        "licence_expiry",
    }
    assert set(prefs["channels"].values()) == {"email"}
    changed = client.put(
        "/v1/account/notifications",
        json={"channels": {"backup_failed": "sms", "version_change": "none"}},
    )
    assert changed.status_code == 200
    after = client.get("/v1/account/notifications").json()["channels"]
    assert after["backup_failed"] == "sms"
    assert after["version_change"] == "none"
    assert after["server_stopped"] == "email"
    refused = client.put(
        "/v1/account/notifications", json={"channels": {"backup_failed": "pigeon"}}
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "validation_error")
    assert client.get("/v1/account/notifications").json()["channels"] == after


def test_credentials_resend_retires_the_old_password_and_keeps_the_session(
    service: LiveService, manager: tuple[AccountSecrets, httpx.Client]
) -> None:
    account, client = manager
    before = len(read_outbox(service.outbox))
    response = client.post("/v1/account/credentials/resend")
    assert (response.status_code, response.json()) == (202, {"accepted": True})
    new = [m for m in read_outbox(service.outbox)[before:] if m.account == account.hosting_number]
    assert sorted((m.channel, m.kind) for m in new) == [
        ("email", "account.hosting_number"),
        ("sms", "account.password"),
    ]
    email = next(m for m in new if m.channel == "email")
    assert account.hosting_number in email.text
    new_password = latest_password(service.outbox, account.hosting_number)
    assert new_password != plain(account.password)
    assert client.get("/v1/account").status_code == 200  # the session stays open
    old = client.post(
        "/v1/session",
        json={"hosting_number": account.hosting_number, "password": plain(account.password)},
    )
    assert (old.status_code, old.json()["code"]) == (401, "invalid_credentials")
    fresh = client.post(
        "/v1/session",
        json={"hosting_number": account.hosting_number, "password": new_password},
    )
    assert fresh.status_code == 200
