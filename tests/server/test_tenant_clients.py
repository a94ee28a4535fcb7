"""The desktop clients' port and the connections table, between schools of one service (issue 9).

Schools of the test session's service: two with their servers in service (A and B), one whose
server is stopped (S) and one without a base (N). The port tells nothing before the credentials:
an unknown school, an unknown user and a wrong password get the same answer after the same work,
whatever the server's state; and a school's connection versions move only with its own changes.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import STRONG_PASSWORD, create_base, manager_client, start
from live_service import AccountSecrets, LiveService
from store_access import count_failures

from pronote_api.connections import ClientMode
from pronote_client.protocol import Connection, Credentials, ServerRefusal
from pronote_server.clients import licences
from pronote_server.clients.users import add_user
from pronote_server.security import passwords

PASSWORD = "Tn4!vrQz8#pLw2"
WRONG = "Wrong-password-1"
UNKNOWN_UAI = "0690001B"  # well formed (its check letter is right), never an account here
SUPERADMIN = "admin.lycee"


@dataclass
class School:
    service: LiveService
    secrets: AccountSecrets
    console: httpx.Client
    base_file: Path | None

    @property
    def uai(self) -> str:
        return self.secrets.uai

    def page(self, since: int | None = None) -> dict[str, Any]:
        params = {} if since is None else {"since": since}
        response = self.console.get("/v1/connections", params=params)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def version(self) -> int:
        return int(self.page()["version"])

    def login(self, user: str, workstation: str) -> Connection:
        connection = _connect(self.service)
        try:
            connection.login(_credentials(self.uai, user, PASSWORD, workstation))
        except BaseException:
            connection.close()
            raise
        return connection


@dataclass
class Schools:
    a: School
    b: School
    stopped: School
    no_base: School


def _connect(service: LiveService) -> Connection:
    return Connection("127.0.0.1", int(service.ready["client_port"]), service.ca_pem)


def _credentials(uai: str, user: str, password: str, workstation: str = "Poste 1") -> Credentials:
    return Credentials(
        uai=uai,
        user=user,
        password=password,
        mode=ClientMode.ADMINISTRATIVE,
        workstation=workstation,
    )


def _school(
    stack: ExitStack, service: LiveService, directory: Path, users: tuple[str, ...], *, base: bool
) -> School:
    secrets, console = stack.enter_context(manager_client(service, directory))
    if not base:
        return School(service, secrets, console, None)
    created = create_base(console)
    start(console, SUPERADMIN)
    path = service.data_dir / "schools" / secrets.hosting_number / "bases"
    path = path / f"{created['id']}.sqlite"
    for user in users:
        add_user(path, user, PASSWORD, ["edit_school"])
    return School(service, secrets, console, path)


@pytest.fixture(scope="module")
def schools(service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Schools]:
    with ExitStack() as stack:
        root = tmp_path_factory.mktemp("tenant-clients")
        a = _school(stack, service, root / "a", ("alice", "anna"), base=True)
        b = _school(stack, service, root / "b", ("bruno", "berthe", "blaise"), base=True)
        stopped = _school(stack, service, root / "s", ("sacha",), base=True)
        assert stopped.console.post("/v1/server/stop").status_code == 200
        no_base = _school(stack, service, root / "n", (), base=False)
        yield Schools(a, b, stopped, no_base)


def _refusal(service: LiveService, credentials: Credentials) -> tuple[dict[str, Any], float]:
    """The login's answer (an error) and the seconds between sending it and reading the answer
    (the TLS handshake is done before, so that it is not in the figure)."""
    connection = _connect(service)
    try:
        started = time.perf_counter()
        try:
            connection.login(credentials)
        except ServerRefusal as refusal:
            return refusal.message, time.perf_counter() - started
        connection.logout()
        raise AssertionError(f"logged in with {credentials}")
    finally:
        connection.close()


# --- what the port answers ---------------------------------------------------------------------


def test_every_credential_failure_gets_one_answer_whatever_the_server_state(
    service: LiveService, schools: Schools
) -> None:
    a, stopped, no_base = schools.a, schools.stopped, schools.no_base
    failures = {
        "unknown school": _credentials(UNKNOWN_UAI, "alice", PASSWORD),
        "unknown user": _credentials(a.uai, "nobody", PASSWORD),
        "wrong password": _credentials(a.uai, "alice", WRONG),
        "superadministrator, wrong password": _credentials(a.uai, SUPERADMIN, WRONG),
        "stopped server, unknown user": _credentials(stopped.uai, "nobody", PASSWORD),
        "stopped server, wrong password": _credentials(stopped.uai, "sacha", WRONG),
        "stopped server, superadministrator": _credentials(stopped.uai, SUPERADMIN, WRONG),
        "school without a base": _credentials(no_base.uai, SUPERADMIN, STRONG_PASSWORD),
    }
    before = count_failures(service)
    answers = {case: _refusal(service, creds)[0] for case, creds in failures.items()}
    expected = answers["unknown school"]
    assert expected["code"] == "unknown_user_or_password"
    assert expected["message_fr"] == "Identifiant ou mot de passe incorrect."
    for case, answer in answers.items():
        assert answer == expected, case
    # Each counts as a failure of the address (the suspension rules see them all).
    assert count_failures(service) == before + len(failures)

    # Only the right password learns that the server is stopped, and it is no failure.
    for user, password in (("sacha", PASSWORD), (SUPERADMIN, STRONG_PASSWORD)):
        told, _ = _refusal(service, _credentials(stopped.uai, user, password))
        assert told["code"] == "server_stopped", user
        assert "arrêté" in told["message_fr"]
    assert count_failures(service) == before + len(failures)
    # And the right password on a school in service opens a session.
    session = a.login("alice", "Poste 1")
    try:
        assert session.welcome["type"] == "welcome"
    finally:
        session.logout()
        session.close()


def test_the_failures_take_the_same_time(service: LiveService, schools: Schools) -> None:
    """30 tries of each case, interleaved in a random order per round, the TLS handshake left
    out: load on the machine falls on every case alike, and a median ignores the odd stall.
    Before the fix an unknown school or a stopped server answered at once (no hash: a few
    milliseconds) and a wrong password after a scrypt hash (tens of milliseconds), a ratio of
    ten or more; now each costs one hash. Asserted: every median within 25 % of the others."""
    a, stopped = schools.a, schools.stopped
    cases = {
        "unknown school": _credentials(UNKNOWN_UAI, "alice", PASSWORD),
        "unknown user": _credentials(a.uai, "nobody", PASSWORD),
        "wrong password": _credentials(a.uai, "alice", WRONG),
        "stopped server, wrong password": _credentials(stopped.uai, "sacha", WRONG),
    }
    times: dict[str, list[float]] = {case: [] for case in cases}
    order = list(cases)
    shuffle = random.Random(9)
    for _ in range(30):
        shuffle.shuffle(order)
        for case in order:
            answer, seconds = _refusal(service, cases[case])
            assert answer["code"] == "unknown_user_or_password", case
            times[case].append(seconds)
    medians = {case: statistics.median(values) for case, values in times.items()}
    figures = ", ".join(f"{case}: {1000 * m:.1f} ms" for case, m in medians.items())
    print(f"median login answer: {figures}")
    assert max(medians.values()) <= 1.25 * min(medians.values()), figures


def test_each_check_costs_exactly_one_password_hash(
    schools: Schools, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reason the times agree, counted on the school's real base file: the password check
    of the login computes one scrypt hash whether the school, the user or the password is
    wrong (a timing figure varies with the machine's load; this count does not)."""
    path = schools.a.base_file
    assert path is not None
    passwords.dummy_hash()  # made once per process, at the listener's start in the service
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    cases = {
        "unknown school": (None, "alice", PASSWORD, False),
        "unknown user": (path, "nobody", PASSWORD, False),
        "wrong password": (path, "alice", WRONG, False),
        "right password": (path, "alice", PASSWORD, True),
    }
    for case, (base, user, password, allowed) in cases.items():
        calls.clear()
        found, _known = licences.base_user(base, user, password)
        assert (found is not None) is allowed, case
        assert len(calls) == 1, case


# --- the versions of the connections table -----------------------------------------------------


def test_a_schools_versions_move_only_with_its_own_changes(schools: Schools) -> None:
    a, b = schools.a, schools.b
    start_a, start_b = a.version(), b.version()
    held: list[Connection] = []
    try:
        b1 = b.login("bruno", "Poste B1")
        b2 = b.login("berthe", "Poste B2")
        held += [b1, b2]
        alice = a.login("alice", "Poste A1")
        held.append(alice)
        assert a.version() == start_a + 1
        b1.logout()
        b3 = b.login("blaise", "Poste B3")
        held.append(b3)
        b2_id = b2.welcome["session"]
        assert b.console.post(f"/v1/connections/{b2_id}/disable").status_code == 200
        # B's five changes (three logins, a logout, a disable) did not move A's number...
        assert a.version() == start_a + 1
        assert b.version() == start_b + 5
        delta = a.page(start_a)
        assert [s["id"] for s in delta["sessions"]] == [alice.welcome["session"]]
        assert delta["removed"] == []
        # ... and the listener tells B's disabled client, not A's.
        with pytest.raises(ServerRefusal) as told:
            for _ in range(40):
                b2.heartbeat()
                alice.heartbeat()
                time.sleep(0.1)
        assert told.value.code == "disconnected_by_administrator"
        alice.heartbeat()
        alice.logout()
        assert a.version() == start_a + 2
        assert a.page(start_a + 1)["removed"] == [alice.welcome["session"]]
        b3.logout()
    finally:
        for connection in held:
            connection.close()
