"""Logging in on the API listener: POST/DELETE /v1/session, bearer tokens."""

from __future__ import annotations

from pathlib import Path

from live_service import LiveService
from server_support import enrol, login, plain
from store_access import auth_failures, count_failures


def test_login_opens_a_session_for_the_account(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    with ws.client(service) as client:
        response = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": plain(account.password)},
        )
        assert response.status_code == 200, response.text
        session = response.json()
        client.headers["Authorization"] = f"Bearer {session['token']}"
        card = client.get("/v1/account").json()
    assert session["hosting_number"] == account.hosting_number
    assert session["school_name"] == account.school_name
    assert session["uai"] == account.uai
    assert len(session["token"]) >= 40
    assert card["hosting_number"] == account.hosting_number
    assert card["uai"] == account.uai


def test_a_wrong_password_and_an_unknown_number_get_the_same_answer(
    service: LiveService, tmp_path: Path
) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    before = count_failures(service)
    with ws.client(service) as client:
        wrong = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": "Abcdefgh234567"},
        )
        unknown = client.post(
            "/v1/session",
            json={"hosting_number": "999999999995", "password": plain(account.password)},
        )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    failures = auth_failures(service)[before:]
    assert [(ip, door) for ip, door, _ in failures] == [("127.0.0.1", "console")] * 2


def test_enrolment_failures_are_counted_at_the_enrolment_door(
    service: LiveService, tmp_path: Path
) -> None:
    from server_support import enrol_body, enrol_client, make_csr

    account = service.create_account()
    before = count_failures(service)
    csr_pem, _ = make_csr(account.hosting_number)
    with enrol_client(service) as client:
        client.post("/v1/enrol", json=enrol_body(account, csr_pem, password="Abcdefgh234567"))
        client.post("/v1/enrol", json=enrol_body(account, csr_pem, invoice_number="1111111111"))
    failures = auth_failures(service)[before:]
    assert [(door, reason) for _, door, reason in failures] == [
        ("enrolment", "wrong_password"),
        ("enrolment", "wrong_invoice"),
    ]


def test_a_certificate_of_one_account_cannot_log_into_another(
    service: LiveService, tmp_path: Path
) -> None:
    first, second = service.create_account(), service.create_account()
    ws_first = enrol(service, first, tmp_path)
    with ws_first.client(service) as client:
        response = client.post(
            "/v1/session",
            json={"hosting_number": second.hosting_number, "password": plain(second.password)},
        )
    assert (response.status_code, response.json()["code"]) == (403, "certificate_mismatch")


def test_a_token_only_works_with_the_certificate_it_was_opened_with(
    service: LiveService, tmp_path: Path
) -> None:
    account = service.create_account()
    ws_one = enrol(service, account, tmp_path, "one")
    ws_two = enrol(service, account, tmp_path, "two")
    token = login(service, ws_one, account)
    with ws_two.client(service, token) as client:
        stolen = client.get("/v1/account")
    with ws_one.client(service, token) as client:
        own = client.get("/v1/account")
    assert (stolen.status_code, stolen.json()["code"]) == (401, "session_required")
    assert own.status_code == 200


def test_logout_ends_the_session(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    with ws.client(service, token) as client:
        assert client.delete("/v1/session").status_code == 204
        after = client.get("/v1/account")
    assert (after.status_code, after.json()["code"]) == (401, "session_required")


def test_a_made_up_token_is_refused_and_counted(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    before = count_failures(service)
    with ws.client(service, "not-a-real-token") as client:
        response = client.get("/v1/history")
    assert (response.status_code, response.json()["code"]) == (401, "session_required")
    assert response.headers["www-authenticate"] == "Bearer"
    assert [r for _, _, r in auth_failures(service)[before:]] == ["bad_token"]


def test_server_status_is_stopped_until_bases_exist(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    with ws.client(service, token) as client:
        status = client.get("/v1/server/status").json()
    assert status == {
        "state": "stopped",
        "base_id": None,
        "base_name": None,
        "school_year": None,
        "superadmin_defined": False,
    }


def test_a_revoked_certificate_is_refused_and_counted(service: LiveService, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import update
    from store_access import update_rows

    from pronote_server.store.tables import Certificate

    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    update_rows(
        service,
        update(Certificate)
        .where(Certificate.fingerprint_sha256 == ws.fingerprint)
        .values(revoked_at=datetime.now(UTC)),
    )
    before = count_failures(service)
    with ws.client(service, token) as client:
        with_session = client.get("/v1/account")
        new_login = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": plain(account.password)},
        )
    for response in (with_session, new_login):
        assert (response.status_code, response.json()["code"]) == (403, "certificate_unknown")
    assert [r for _, _, r in auth_failures(service)[before:]] == ["certificate_unknown"] * 2


def test_a_disabled_account_can_neither_log_in_nor_keep_its_session(
    service: LiveService, tmp_path: Path
) -> None:
    from sqlalchemy import update
    from store_access import update_rows

    from pronote_server.store.tables import Account

    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    update_rows(
        service,
        update(Account)
        .where(Account.hosting_number == account.hosting_number)
        .values(disabled=True),
    )
    with ws.client(service, token) as client:
        session = client.get("/v1/account")
        again = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": plain(account.password)},
        )
        wrong = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": "Abcdefgh234567"},
        )
    assert (session.status_code, session.json()["code"]) == (403, "account_disabled")
    assert (again.status_code, again.json()["code"]) == (403, "account_disabled")
    # Without the password nothing tells that the account is disabled.
    assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_credentials")
