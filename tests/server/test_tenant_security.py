"""The walls between schools at the doors (issue 9): a suspension is for an address and a school,
what spans schools is the provider's (``pronote-server security``), and the invoice reminder
cannot be used to flood a school.

One service for the module with two schools, A and B, each with its console workstation, its
base in service and its superadministrator (who logs in at the desktop clients' port). Nothing
is allow-listed and 3 failures suspend an address, so the loopback addresses 127.0.0.x, from
which each test speaks, can be suspended; each test uses addresses of its own. The attacker
holds only school A's certificate and session, as in the audit.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import STRONG_PASSWORD, create_base, history_actions, start
from live_service import AccountSecrets, LiveService, read_outbox
from server_support import Workstation, enrol, enrol_body, make_csr, plain, ssl_context
from sqlalchemy import update
from store_access import update_rows

from pronote_client.protocol import tls_context
from pronote_server.store.tables import Suspension

SUPERADMIN = "admin.lycee"
PER_ACCOUNT = 2
PER_ADDRESS = 4
UNKNOWN_NUMBER = "999999999993"


@dataclass
class School:
    secrets: AccountSecrets
    ws: Workstation

    @property
    def number(self) -> str:
        return self.secrets.hosting_number


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    base = tmp_path_factory.mktemp("walls")
    service = LiveService(data_dir=base / "data", log_path=base / "service.out")
    service.init()
    config = json.loads((service.data_dir / "config.json").read_text())
    config["suspension"] = {
        "max_failures": 3,
        "window_seconds": 600,
        "suspension_seconds": 600,
        "allow_list": [],
    }
    config["invoice_reminder"] = {
        "per_account": PER_ACCOUNT,
        "per_address": PER_ADDRESS,
        "window_seconds": 3600,
    }
    (service.data_dir / "config.json").write_text(json.dumps(config))
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture(autouse=True)
def _no_suspension_left_behind(svc: LiveService) -> Iterator[None]:
    """Whatever a test's outcome, the next one starts with no address suspended."""
    yield
    now = datetime.now(UTC)
    update_rows(svc, update(Suspension).where(Suspension.lifted_at.is_(None)).values(lifted_at=now))


def _school(svc: LiveService, directory: Path) -> School:
    secrets = svc.create_account(editors=4)
    school = School(secrets, enrol(svc, secrets, directory))
    with console(svc, school) as client:
        create_base(client)
        start(client, SUPERADMIN)
    return school


@pytest.fixture(scope="module")
def schools(svc: LiveService, tmp_path_factory: pytest.TempPathFactory) -> tuple[School, School]:
    directory = tmp_path_factory.mktemp("workstations")
    return _school(svc, directory / "a"), _school(svc, directory / "b")


# --- speaking from an address -------------------------------------------------------------------


def api(svc: LiveService, ws: Workstation, address: str, token: str | None = None) -> httpx.Client:
    """The API listener, with ``ws``'s certificate, from ``address``."""
    context = ssl_context(svc.ca_pem, ws.cert_path, ws.key_path)
    return httpx.Client(
        base_url=svc.api_url,
        transport=httpx.HTTPTransport(verify=context, local_address=address),
        headers={"Authorization": f"Bearer {token}"} if token else {},
        timeout=30,
    )


def enrolment(svc: LiveService, address: str) -> httpx.Client:
    return httpx.Client(
        base_url=svc.enrol_url,
        transport=httpx.HTTPTransport(verify=ssl_context(svc.ca_pem), local_address=address),
        timeout=30,
    )


def login(
    svc: LiveService, ws: Workstation, school: School, address: str, password: str | None = None
) -> httpx.Response:
    body = {
        "hosting_number": school.number,
        "password": password or plain(school.secrets.password),
    }
    with api(svc, ws, address) as client:
        return client.post("/v1/session", json=body)


def console(svc: LiveService, school: School, address: str = "127.0.0.1") -> httpx.Client:
    """The school's own console, logged in from ``address``."""
    response = login(svc, school.ws, school, address)
    assert response.status_code == 200, response.text
    return api(svc, school.ws, address, str(response.json()["token"]))


def enrol_from(
    svc: LiveService, account: AccountSecrets, address: str, password: str | None = None
) -> httpx.Response:
    """An enrolment from ``address``, of a workstation of its own (enrolling the module's
    workstation again would revoke its certificate)."""
    csr_pem, _key = make_csr(account.hosting_number)
    overrides = {"workstation": "poste-essai"}
    if password:
        overrides["password"] = password
    with enrolment(svc, address) as client:
        return client.post("/v1/enrol", json=enrol_body(account, csr_pem, **overrides))


def desktop(
    svc: LiveService, school: School, address: str, password: str = STRONG_PASSWORD
) -> dict[str, Any]:
    """One login at the desktop clients' port from ``address``: the service's first answer (a
    session opened is closed again at once)."""
    port = int(svc.ready["client_port"])
    raw = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(address, 0))
    with tls_context(svc.ca_pem).wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        stream = tls.makefile("rwb")
        login_message = {
            "type": "login",
            "protocol": 1,
            "uai": school.secrets.uai,
            "mode": "administrative",
            "user": SUPERADMIN,
            "password": password,
            "workstation": "Poste 1",
            "consultation": False,
        }
        stream.write(json.dumps(login_message).encode() + b"\n")
        stream.flush()
        answer = dict(json.loads(stream.readline()))
        if answer["type"] == "welcome":
            stream.write(b'{"type":"logout"}\n')
            stream.flush()
            assert json.loads(stream.readline())["type"] == "bye"
        return answer


def code(response: httpx.Response) -> str | None:
    return response.json().get("code") if response.status_code >= 400 else None


def suspend_at_console(svc: LiveService, ws: Workstation, target: School, address: str) -> None:
    """Three wrong passwords for ``target`` at the console's door, with ``ws``'s certificate."""
    for _ in range(3):
        assert code(login(svc, ws, target, address, password="Wrong234567abc")) == (
            "invalid_credentials"
        )


def security_cli(svc: LiveService, *args: str) -> tuple[int, str, str]:
    if args and args[0] == "--lang":
        result = svc.cli("--lang", args[1], "security", *args[2:])
    else:
        result = svc.cli("security", *args)
    return result.returncode, result.stdout, result.stderr


def provider_unblocks(client: httpx.Client, address: str) -> list[dict[str, Any]]:
    return [
        e["detail"]
        for e in history_actions(client)
        if (e["action"], e["actor"], e["detail"].get("address"))
        == ("security.unblock", "provider", address)
    ]


# --- suspensions: one school's, never another's -------------------------------------------------


def test_a_school_can_neither_see_nor_lift_the_suspension_that_protects_another(
    svc: LiveService, schools: tuple[School, School]
) -> None:
    a, b = schools
    attacker = "127.0.0.9"
    with console(svc, a) as a_console, console(svc, b) as b_console:
        before = a_console.get("/v1/security")
        # A's certificate, B's number: the audit's guessing of B's password.
        suspend_at_console(svc, a.ws, b, attacker)
        # The fourth guess, even the right one, does not reach B's password check.
        assert code(login(svc, a.ws, b, attacker)) == "address_suspended"

        # A's tab is as it was (nor does its ETag move); A cannot lift what it does not see.
        after = a_console.get("/v1/security")
        assert after.json() == before.json() == {**before.json(), "suspended": []}
        assert after.headers["etag"] == before.headers["etag"]
        missing = a_console.post("/v1/security/unblock", json={"address": attacker})
        assert (missing.status_code, code(missing)) == (404, "not_found")
        everything = a_console.post("/v1/security/unblock", json={})
        assert everything.status_code == 200 and everything.json()["suspended"] == []
        assert history_actions(a_console)[0]["detail"]["count"] == 0
        assert a_console.get("/v1/account").status_code == 200  # A's session goes on working

        # Whatever A did, the address stays suspended for B, at B's door with B's own
        # certificate and password too.
        assert code(login(svc, b.ws, b, attacker)) == "address_suspended"
        mine = b_console.get("/v1/security").json()["suspended"]
        assert [(s["address"], s["door"], s["failures"]) for s in mine] == [
            (attacker, "console", 3)
        ]
        lifted = b_console.post("/v1/security/unblock", json={"address": attacker})
        assert lifted.status_code == 200 and lifted.json()["suspended"] == []
    assert login(svc, b.ws, b, attacker).status_code == 200


def test_every_door_of_the_school_refuses_an_address_suspended_for_it(
    svc: LiveService, schools: tuple[School, School]
) -> None:
    _a, b = schools
    address = "127.0.0.10"
    for _ in range(3):  # wrong passwords of B's superadministrator at the clients' port
        answer = desktop(svc, b, address, password="not-the-password-1")
        assert answer["code"] == "unknown_user_or_password"
    assert desktop(svc, b, address)["code"] == "address_suspended"
    refused = enrol_from(svc, b.secrets, address)
    assert (refused.status_code, code(refused)) == (403, "address_suspended")
    assert "suspendue jusqu'à" in refused.json()["message_fr"]
    assert code(login(svc, b.ws, b, address)) == "address_suspended"
    with console(svc, b) as b_console:
        mine = b_console.get("/v1/security").json()["suspended"]
        assert [(s["address"], s["door"]) for s in mine] == [(address, "client")]
        assert b_console.post("/v1/security/unblock", json={}).status_code == 200
    assert desktop(svc, b, address)["type"] == "welcome"


def test_the_other_school_s_doors_stay_open_to_that_address(
    svc: LiveService, schools: tuple[School, School]
) -> None:
    """Nothing A's users meet tells them that B's doors are under attack from their address (a
    shared school network, say): A's doors answer them as always."""
    a, b = schools
    shared = "127.0.0.11"
    suspend_at_console(svc, a.ws, b, shared)
    assert code(login(svc, b.ws, b, shared)) == "address_suspended"
    assert login(svc, a.ws, a, shared).status_code == 200
    assert enrol_from(svc, a.secrets, shared).status_code == 200
    assert desktop(svc, a, shared)["type"] == "welcome"
    # A's own failures from there count for A alone: two more do not suspend it for A.
    for _ in range(2):
        assert code(login(svc, a.ws, a, shared, password="Wrong234567abc")) == (
            "invalid_credentials"
        )
    assert login(svc, a.ws, a, shared).status_code == 200
    assert code(enrol_from(svc, b.secrets, shared)) == "address_suspended"


def test_failures_naming_no_school_suspend_the_address_everywhere_until_the_provider_lifts_it(
    svc: LiveService, schools: tuple[School, School]
) -> None:
    a, b = schools
    address = "127.0.0.12"
    csr_pem, _key = make_csr(UNKNOWN_NUMBER)
    body = enrol_body(b.secrets, csr_pem, hosting_number=UNKNOWN_NUMBER)
    with enrolment(svc, address) as client:
        for _ in range(3):
            assert code(client.post("/v1/enrol", json=body)) == "invalid_credentials"
    # Refused at every school's doors ...
    assert code(login(svc, a.ws, a, address)) == "address_suspended"
    assert code(enrol_from(svc, b.secrets, address)) == "address_suspended"
    assert desktop(svc, b, address)["code"] == "address_suspended"
    # ... shown to no school, lifted by none.
    for school in (a, b):
        with console(svc, school) as own:
            assert own.get("/v1/security").json()["suspended"] == []
            assert own.post("/v1/security/unblock", json={"address": address}).status_code == 404
    assert code(login(svc, a.ws, a, address)) == "address_suspended"

    status, out, _ = security_cli(svc, "list")
    assert status == 0
    line = next(item for item in out.splitlines() if item.startswith(address))
    assert "tous les établissements (niveau hébergeur)" in line
    assert "3 échecs (accès : Inscription d'un poste)" in line
    status, _, err = security_cli(svc, "unblock", address, "--school", b.number)
    assert status == 2
    assert f"{address} n'est pas suspendue pour {b.number} {b.secrets.school_name}" in err
    status, out, _ = security_cli(svc, "--lang", "en", "unblock", address, "--everywhere")
    assert (status, out) == (0, f"{address} unblocked for every school (provider level).\n")
    assert login(svc, a.ws, a, address).status_code == 200
    assert desktop(svc, b, address)["type"] == "welcome"


def test_the_provider_lists_and_lifts_one_school_s_suspension_or_all(
    svc: LiveService, schools: tuple[School, School]
) -> None:
    a, b = schools
    address = "127.0.0.13"
    suspend_at_console(svc, a.ws, a, address)
    suspend_at_console(svc, a.ws, b, address)
    a_label = f"{a.number} {a.secrets.school_name}"
    b_label = f"{b.number} {b.secrets.school_name}"

    status, out, _ = security_cli(svc, "--lang", "en", "list")
    assert status == 0
    mine = [line for line in out.splitlines() if line.startswith(address)]
    assert len(mine) == 2
    assert a_label in mine[0] and b_label in mine[1]
    assert all("after 3 failures (door: Hosting console)" in line for line in mine)
    status, out, _ = security_cli(svc, "list", "--school", a.number)
    shown = [line for line in out.splitlines() if line.startswith(address)]
    assert len(shown) == 1 and a_label in shown[0] and "suspendue du" in shown[0]

    status, out, _ = security_cli(svc, "unblock", address, "--school", a.number)
    assert (status, out) == (0, f"{address} débloquée pour {a_label}.\n")
    assert login(svc, a.ws, a, address).status_code == 200
    assert code(login(svc, b.ws, b, address)) == "address_suspended"
    with console(svc, a) as a_console:
        assert provider_unblocks(a_console, address) == [
            {"address": address, "all": False, "count": 1}
        ]
    with console(svc, b) as b_console:
        assert provider_unblocks(b_console, address) == []

    status, out, _ = security_cli(svc, "unblock", address, "--everywhere")
    assert (status, out) == (0, f"{address} débloquée pour {b_label}.\n")
    assert login(svc, b.ws, b, address).status_code == 200
    status, _, err = security_cli(svc, "unblock", address, "--everywhere")
    assert status == 2
    assert err == f"Erreur : {address} n'est suspendue pour aucun établissement\n"
    status, _, err = security_cli(svc, "list", "--school", UNKNOWN_NUMBER)
    assert status == 2 and UNKNOWN_NUMBER in err


# --- the invoice reminder -----------------------------------------------------------------------


def remind(svc: LiveService, number: str, address: str) -> httpx.Response:
    with enrolment(svc, address) as client:
        return client.post("/v1/invoice-reminder", json={"hosting_number": number})


def reminders(svc: LiveService, number: str) -> int:
    return sum(
        1 for m in read_outbox(svc.outbox) if m.account == number and m.kind == "account.invoice"
    )


def _same(response: httpx.Response) -> tuple[int, bytes, tuple[tuple[str, str], ...]]:
    """What the requester sees of an answer (the date aside)."""
    headers = tuple(sorted((k, v) for k, v in response.headers.items() if k.lower() != "date"))
    return response.status_code, response.content, headers


def test_a_flood_of_reminders_mails_the_school_a_few_times_and_always_answers_the_same(
    svc: LiveService, tmp_path: Path
) -> None:
    school = svc.create_account()
    before = reminders(svc, school.hosting_number)
    answers = []
    for n in range(12):  # from three addresses, within what each address may ask
        address = f"127.0.0.{30 + n % 3}"
        answers.append(remind(svc, school.hosting_number, address))
    answers.append(remind(svc, UNKNOWN_NUMBER, "127.0.0.34"))
    assert {_same(answer) for answer in answers} == {_same(answers[0])}
    assert _same(answers[0])[:2] == (202, b'{"accepted":true}')
    assert reminders(svc, school.hosting_number) == before + PER_ACCOUNT

    # The store holds the count, not the process: a restarted service still refuses.
    svc.restart()
    assert _same(remind(svc, school.hosting_number, "127.0.0.35")) == _same(answers[0])
    assert reminders(svc, school.hosting_number) == before + PER_ACCOUNT

    ws = enrol(svc, school, tmp_path)
    response = login(svc, ws, School(school, ws), "127.0.0.1")
    token = str(response.json()["token"])
    with api(svc, ws, "127.0.0.1", token) as manager:
        entries = [e for e in history_actions(manager) if e["action"] == "invoice.reminder"]
    # One line per reminder sent, one for the window's refusals with their count.
    assert [(e["outcome"], e["detail"]) for e in entries] == [
        ("failure", {"reason": "throttled", "refused": 13 - PER_ACCOUNT, "limit": PER_ACCOUNT}),
        ("success", {}),
        ("success", {}),
    ]


def test_one_address_is_heard_a_few_times_whatever_the_numbers(svc: LiveService) -> None:
    school = svc.create_account()
    before = reminders(svc, school.hosting_number)
    address = "127.0.0.40"
    for n in range(PER_ADDRESS):
        assert remind(svc, f"99999999990{n}", address).status_code == 202
    refused = remind(svc, school.hosting_number, address)
    assert _same(refused)[:2] == (202, b'{"accepted":true}')
    assert reminders(svc, school.hosting_number) == before
    # From elsewhere the school's own request goes through.
    assert remind(svc, school.hosting_number, "127.0.0.41").status_code == 202
    assert reminders(svc, school.hosting_number) == before + 1


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def backend_args(request: pytest.FixtureRequest) -> list[str]:
    if request.param == "sqlite":
        return []
    from sqlalchemy import text

    from pronote_server.store.database import make_engine

    url = str(request.getfixturevalue("postgresql_url"))
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return ["--db", url.replace("+psycopg", "")]


def test_the_walls_hold_on_either_store_and_a_new_window_begins_afresh(
    backend_args: list[str], tmp_path: Path
) -> None:
    from sqlalchemy import select

    from pronote_server.store.clock import OFFSET_FILE_ENV
    from pronote_server.store.config import DataDir
    from pronote_server.store.database import make_engine
    from pronote_server.store.tables import ReminderThrottle

    clock_file = tmp_path / "clock-offset"
    live = LiveService(
        data_dir=tmp_path / "data",
        log_path=tmp_path / "service.out",
        env={OFFSET_FILE_ENV: str(clock_file)},
    )
    live.init(*backend_args)
    config = json.loads((live.data_dir / "config.json").read_text())
    config["suspension"] = {"max_failures": 3, "allow_list": []}
    config["invoice_reminder"] = {"per_account": PER_ACCOUNT, "window_seconds": 3600}
    (live.data_dir / "config.json").write_text(json.dumps(config))
    live.start()
    try:
        a = live.create_account()
        for n in range(4):
            remind(live, a.hosting_number, f"127.0.0.{50 + n}")
        remind(live, UNKNOWN_NUMBER, "127.0.0.54")
        assert reminders(live, a.hosting_number) == PER_ACCOUNT
        # Failures at the school's enrolment door suspend the address there.
        for _ in range(3):
            assert code(enrol_from(live, a, "127.0.0.55", password="Wrong234567abc")) == (
                "invalid_credentials"
            )
        assert code(enrol_from(live, a, "127.0.0.55")) == "address_suspended"
        status, out, _ = security_cli(live, "list")
        assert status == 0 and f"127.0.0.55  {a.hosting_number} " in out

        clock_file.write_text(str(3 * 3600))  # two windows later
        remind(live, a.hosting_number, "127.0.0.56")
        assert reminders(live, a.hosting_number) == PER_ACCOUNT + 1
        assert enrol_from(live, a, "127.0.0.55").status_code == 200  # the suspension ran out
        engine = make_engine(DataDir(live.data_dir).load_config().db_url)
        try:
            with engine.connect() as connection:
                kept = set(connection.scalars(select(ReminderThrottle.subject)))
        finally:
            engine.dispose()
        assert UNKNOWN_NUMBER not in kept and a.hosting_number in kept  # old windows are forgotten
    finally:
        live.stop()
