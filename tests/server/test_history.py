"""The history: newest first, paged and filtered, and never a secret anywhere but the outbox."""

from __future__ import annotations

from pathlib import Path

from live_service import LiveService, latest_password
from server_support import enrol, enrol_body, enrol_client, login, make_csr, plain


def test_history_lists_the_accounts_actions_newest_first(
    service: LiveService, tmp_path: Path
) -> None:
    account = service.create_account()
    csr_pem, _ = make_csr(account.hosting_number)
    with enrol_client(service) as client:
        client.post("/v1/enrol", json=enrol_body(account, csr_pem, invoice_number="1111111111"))
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    with ws.client(service, token) as client:
        client.put(
            "/v1/account/contact",
            json={"name": "Paul Durand", "email": "p@example.org", "phone": "0698765432"},
        )
        client.post("/v1/account/credentials/resend")
        page = client.get("/v1/history").json()
        actions = [(e["action"], e["outcome"]) for e in page["entries"]]
        assert actions == [
            ("credentials.resend", "success"),
            ("contact.update", "success"),
            ("session.login", "success"),
            ("certificate.enrol", "success"),
            ("certificate.enrol", "failure"),
            ("account.create", "success"),
        ]
        entries = page["entries"]
        assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
        assert entries[-1]["actor"] == "provider" and entries[-1]["source"] is None
        assert entries[0]["actor"] == account.hosting_number
        assert entries[0]["source"] == "127.0.0.1"
        assert entries[1]["detail"] == {"fields": "name,email,phone"}
        assert entries[3]["detail"]["workstation"] == "poste-test"
        assert page["next_before"] is None

        first = client.get("/v1/history", params={"limit": 2}).json()
        assert [e["action"] for e in first["entries"]] == ["credentials.resend", "contact.update"]
        rest = client.get(
            "/v1/history", params={"limit": 10, "before": first["next_before"]}
        ).json()
        assert [e["action"] for e in rest["entries"]] == [a for a, _ in actions[2:]]

        failures = client.get("/v1/history", params={"outcome": "failure"}).json()
        assert [e["action"] for e in failures["entries"]] == ["certificate.enrol"]
        logins = client.get("/v1/history", params={"action": "session.login"}).json()
        assert len(logins["entries"]) == 1


def test_history_is_per_account(service: LiveService, tmp_path: Path) -> None:
    one, other = service.create_account(), service.create_account()
    ws = enrol(service, one, tmp_path)
    with ws.client(service, login(service, ws, one)) as client:
        entries = client.get("/v1/history").json()["entries"]
    assert {e["actor"] for e in entries} <= {one.hosting_number, "provider"}
    assert other.hosting_number not in str(entries)


def _files_containing(root: Path, needle: bytes) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and needle in p.read_bytes()
    )


def test_secrets_exist_only_in_the_outbox(service: LiveService, tmp_path: Path) -> None:
    """After a whole round (creation, failed and good enrolment and login, resend), the
    password, the invoice number and the session token appear nowhere under the service's
    directory (store, WAL, logs, its console output) except in outbox messages."""
    account = service.create_account()
    with enrol_client(service) as client:
        csr_pem, _ = make_csr(account.hosting_number)
        client.post("/v1/enrol", json=enrol_body(account, csr_pem, password="Wrong234567abc"))
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    with ws.client(service, token) as client:
        client.post(
            "/v1/session", json={"hosting_number": account.hosting_number, "password": "x" * 14}
        )
        client.put("/v1/account/contact", json={"name": plain(account.password), "email": "x"})
        client.post("/v1/account/credentials/resend")
        history = client.get("/v1/history").json()
    new_password = latest_password(service.outbox, account.hosting_number)
    root = service.data_dir.parent  # the data directory and the service's console output
    for secret in (plain(account.password), new_password, plain(account.invoice_number)):
        found = _files_containing(root, secret.encode())
        assert found, "the outbox should hold the secret"
        assert all(name.startswith("data/outbox/") for name in found), found
        assert secret not in str(history)
    assert _files_containing(root, token.encode()) == []


def test_history_answers_304_to_the_etag_of_an_unchanged_page(
    service: LiveService, tmp_path: Path
) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    with ws.client(service, login(service, ws, account)) as client:
        first = client.get("/v1/history")
        etag = first.headers["etag"]
        again = client.get("/v1/history", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        client.post("/v1/account/credentials/resend")
        changed = client.get("/v1/history", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag
        assert changed.json()["entries"][0]["action"] == "credentials.resend"
