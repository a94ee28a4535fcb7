"""A school whose server is in service, with users, and real desktop-client sessions on it, for
the console's tests of Suivi des connexions, Licences utilisées and Sécurité.

``clients_service`` is a service of its own: nothing allow-listed and 3 failures suspend an
address, so that 127.0.0.1, where the tests' desktop clients come from, can be suspended.
Sessions are real logins on the client port (``pronote_client.protocol``, what
``pronote-client`` uses).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from bases_support import create_base, manager_client, start
from live_service import AccountSecrets, LiveService

from pronote_api.connections import ClientMode
from pronote_client.protocol import Connection, Credentials, ServerRefusal
from pronote_server.clients.users import add_user

PASSWORD = "Tn4!vrQz8#pLw2"
USERS = {
    "alice": ("edit_school",),
    "bruno": ("edit_timetable",),
    "chloe": ("edit_school",),
    "prof": ("edit_grades",),
    "cpe": ("edit_school_life",),
}


@dataclass
class School:
    service: LiveService
    secrets: AccountSecrets
    console: httpx.Client
    open: list[Connection] = field(default_factory=list)

    def login(
        self,
        user: str,
        workstation: str,
        mode: ClientMode = ClientMode.ADMINISTRATIVE,
        password: str = PASSWORD,
    ) -> Connection:
        connection = Connection(
            "127.0.0.1", int(self.service.ready["client_port"]), self.service.ca_pem
        )
        try:
            connection.login(
                Credentials(
                    uai=self.secrets.uai,
                    user=user,
                    password=password,
                    mode=mode,
                    workstation=workstation,
                )
            )
        except BaseException:
            connection.close()
            raise
        self.open.append(connection)
        return connection


def start_clients_service(base: Path) -> LiveService:
    live = LiveService(data_dir=base / "data", log_path=base / "service.out")
    live.init()
    config = json.loads((live.data_dir / "config.json").read_text())
    config["suspension"] = {
        "max_failures": 3,
        "window_seconds": 600,
        "suspension_seconds": 900,
        "allow_list": [],
    }
    (live.data_dir / "config.json").write_text(json.dumps(config))
    live.start()
    return live


def clients_service(tmp_path_factory: Any) -> Iterator[LiveService]:
    """The body of a module's ``service`` fixture (overriding the session's):
    ``service = pytest.fixture(scope="module", name="service")(clients_service)``."""
    live = start_clients_service(tmp_path_factory.mktemp("clients-service"))
    try:
        yield live
    finally:
        live.stop()


@contextmanager
def school_in_service(service: LiveService, directory: Path, **account: Any) -> Iterator[School]:
    """A new account, its base created and in service, :data:`USERS` added to it."""
    with manager_client(service, directory, **account) as (secrets, console):
        created = create_base(console)
        start(console)
        path = service.data_dir / "schools" / secrets.hosting_number / "bases"
        for identifier, rights in USERS.items():
            add_user(path / f"{created['id']}.sqlite", identifier, PASSWORD, list(rights))
        school = School(service, secrets, console)
        try:
            yield school
        finally:
            for connection in school.open:
                connection.close()


def told_at_heartbeat(connection: Connection, timeout: float = 10) -> str:
    """The refusal a client gets at its heartbeats (the listener learns of a disable at its
    next tick)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection.heartbeat()
        except ServerRefusal as refusal:
            return refusal.code
        time.sleep(0.2)
    raise AssertionError("the client was never told")


def suspend_localhost(school: School) -> None:
    """Three failed logins from 127.0.0.1: the address is suspended."""
    for _ in range(3):
        try:
            school.login("alice", "Poste 9", password="wrong-password")
        except ServerRefusal:
            continue
        raise AssertionError("a wrong password was accepted")
