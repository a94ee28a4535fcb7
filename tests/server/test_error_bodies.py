"""Error bodies: always an ApiError, never the input echoed back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from live_service import LiveService
from server_support import enrol, enrol_client, login

SECRET = "Zq8Kv3Np7Rt2Wx"

ERROR_KEYS = {"code", "message_fr", "message_en", "field", "params"}


def test_a_validation_error_names_the_field_but_never_echoes_the_value(
    service: LiveService,
) -> None:
    bodies = [
        {"hosting_number": 123, "password": SECRET},  # wrong type beside a secret
        {"password": SECRET, "extra": SECRET},  # missing and unexpected fields
        {"hosting_number": "1", "password": [SECRET], "invoice_number": SECRET},
    ]
    with enrol_client(service) as client:
        for body in bodies:
            response = client.post("/v1/enrol", json=body)
            assert response.status_code == 422
            assert set(response.json()) == ERROR_KEYS
            assert response.json()["code"] == "validation_error"
            assert SECRET not in response.text
        raw = client.post(
            "/v1/enrol",
            content=b'{"password": "' + SECRET.encode() + b'"',
            headers={"content-type": "application/json"},
        )
    assert raw.status_code == 422 and SECRET not in raw.text
    assert raw.json()["params"]["reason"] == "validation.json"


def test_a_too_long_field_says_the_limit(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    with ws.client(service, login(service, ws, account)) as client:
        response = client.put(
            "/v1/account/contact",
            json={"name": SECRET * 20, "email": "a@example.org", "phone": "0612345678"},
        )
    error = response.json()
    assert (response.status_code, error["field"], error["params"]) == (
        422,
        "name",
        {"reason": "validation.too_long", "max": 120},
    )
    assert "120" in error["message_fr"] and "120" in error["message_en"]
    assert SECRET not in response.text


def test_unknown_routes_and_methods_answer_with_an_api_error(service: LiveService) -> None:
    with enrol_client(service) as client:
        missing = client.get("/v1/nothing-here")
        method = client.delete("/v1/info")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert (method.status_code, method.json()["code"]) == (405, "not_found")
    assert set(missing.json()) == ERROR_KEYS


def test_large_answers_are_compressed(service: LiveService, tmp_path: Path) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    with ws.client(service, token) as client:
        for _ in range(10):
            client.put("/v1/account/notifications", json={"channels": {"backup_failed": "sms"}})
        response = client.get("/v1/history", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert len(response.json()["entries"]) >= 12


def test_an_unexpected_failure_is_a_500_with_a_reference_and_no_detail(
    service: LiveService, tmp_path: Path
) -> None:
    """A corrupt row makes the account card fail inside the service: the console gets a
    reference, the log gets the same reference, and neither gets the row's content."""
    from sqlalchemy import update

    from pronote_server.store.config import DataDir
    from pronote_server.store.database import make_engine
    from pronote_server.store.tables import Account

    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    engine = make_engine(DataDir(service.data_dir).load_config().db_url)
    with engine.begin() as connection:
        connection.execute(
            update(Account)
            .where(Account.hosting_number == account.hosting_number)
            .values(options={"leaked": SECRET})
        )
    engine.dispose()
    with ws.client(service, token) as client:
        response = client.get("/v1/account")
        still_fine = client.get("/v1/account/contact")
    error = response.json()
    assert (response.status_code, error["code"]) == (500, "internal")
    ref = error["params"]["ref"]
    assert ref in error["message_fr"] and ref in error["message_en"]
    assert SECRET not in response.text and "Traceback" not in response.text
    assert still_fine.status_code == 200
    log = (service.data_dir / "logs" / "service.log").read_text()
    assert f"ref={ref}" in log
    assert SECRET not in log
    assert SECRET not in service.log_path.read_text()


def test_an_oversized_body_is_refused_before_it_is_read(service: LiveService) -> None:
    big = {"hosting_number": "1" * 12, "password": "x" * 100_000}
    with enrol_client(service) as client:
        declared = client.post("/v1/enrol", json=big)

        def chunks() -> Iterator[bytes]:
            yield b'{"hosting_number": "' + b"1" * 40_000
            yield b"1" * 40_000 + b'"}'

        chunked = client.post(
            "/v1/enrol", content=chunks(), headers={"content-type": "application/json"}
        )
    for response in (declared, chunked):
        error = response.json()
        assert (response.status_code, error["code"]) == (413, "payload_too_large")
        assert "64 KiB" in error["message_en"]


def test_the_openapi_document_describes_each_listener(service: LiveService, tmp_path: Path) -> None:
    with enrol_client(service) as client:
        enrol_paths = set(client.get("/openapi.json").json()["paths"])
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    with ws.client(service) as client:
        api_paths = set(client.get("/openapi.json").json()["paths"])
    assert enrol_paths == {"/v1/info", "/v1/ca.pem", "/v1/enrol", "/v1/invoice-reminder"}
    assert api_paths == {
        "/v1/info",
        "/v1/session",
        "/v1/account",
        "/v1/account/contact",
        "/v1/account/notifications",
        "/v1/account/credentials/resend",
        "/v1/history",
        "/v1/server/status",
        "/v1/server/start",
        "/v1/server/stop",
        "/v1/bases",
        "/v1/bases/{base_id}/open",
        "/v1/bases/load",
        "/v1/bases/current/annexes",
        "/v1/bases/current/users",
        "/v1/bases/prepare-next-year",
        "/v1/uploads",
        "/v1/uploads/{upload_id}",
        "/v1/jobs/{job_id}",
        "/v1/connections",
        "/v1/connections/{session_id}/disable",
        "/v1/licences",
        "/v1/licences/reserved",
        "/v1/security",
        "/v1/security/unblock",
        "/v1/snapshots",
        "/v1/snapshots/import",
        "/v1/snapshots/{snapshot_id}/verify",
        "/v1/snapshots/{snapshot_id}/restore-preview",
        "/v1/snapshots/{snapshot_id}/restore",
        "/v1/snapshots/{snapshot_id}/file",
        "/v1/recovery",
        "/v1/recovery/categories",
        "/v1/calendar",
        "/v1/publication",
        "/v1/publication/publish",
        "/v1/publication/stop",
        "/v1/publication/settings",
        "/v1/publication/ents",
    }
