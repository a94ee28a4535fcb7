"""Real ``pronote-client`` processes against the real service on 127.0.0.1.

One service for the module, configured the way a test needs it: heartbeats every second, a session
silent for 5 s expires, 3 failures suspend an address and nothing is allow-listed (so 127.0.0.1,
where every client here comes from, can be suspended). Time moves through the service's clock
offset file, never by waiting out an expiry.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import STRONG_PASSWORD, create_base, history_actions, manager_client, start
from live_service import AccountSecrets, LiveService, start_demo
from server_support import enrol, login

from pronote_server.clients.sessions import DISABLED_LINGER
from pronote_server.clients.users import add_user
from pronote_server.store.clock import OFFSET_FILE_ENV

pytestmark = pytest.mark.e2e

USER_PASSWORD = "Tn4!vrQz8#pLw2"
SUPERADMIN = "admin.lycee"
USERS = {
    "modif.un": ("edit_school",),
    "modif.deux": ("edit_timetable",),
    "chef": ("manage_users", "edit_school"),
    "prof": ("edit_grades",),
    "lecteur": ("view_only",),
}


@dataclass
class School:
    service: LiveService
    secrets: AccountSecrets
    console: httpx.Client
    clock_file: Path

    @property
    def port(self) -> int:
        return int(self.service.ready["client_port"])

    def move_clock(self, seconds: float) -> None:
        current = float(self.clock_file.read_text() or 0) if self.clock_file.exists() else 0.0
        self.clock_file.write_text(str(current + seconds))

    def table(self) -> list[dict[str, Any]]:
        page = self.console.get("/v1/connections").json()
        return list(page["sessions"])

    def wait_table(self, check: Callable[[list[dict[str, Any]]], bool], timeout: float = 8) -> None:
        deadline = time.monotonic() + timeout
        while not check(rows := self.table()):
            assert time.monotonic() < deadline, rows
            time.sleep(0.1)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    base = tmp_path_factory.mktemp("clients")
    clock_file = base / "clock-offset"
    service = LiveService(
        data_dir=base / "data",
        log_path=base / "service.out",
        env={OFFSET_FILE_ENV: str(clock_file)},
    )
    service.init()
    config = json.loads((service.data_dir / "config.json").read_text())
    config.update(
        client_heartbeat_seconds=1,
        client_expiry_seconds=5,
        suspension={
            "max_failures": 3,
            "window_seconds": 600,
            "suspension_seconds": 600,
            "allow_list": [],
        },
    )
    (service.data_dir / "config.json").write_text(json.dumps(config))
    service.start()
    try:
        with manager_client(service, base / "ws", editors=2, formula="30") as (secrets, console):
            created = create_base(console)
            start(console, SUPERADMIN)
            path = (
                service.data_dir
                / "schools"
                / secrets.hosting_number
                / "bases"
                / f"{created['id']}.sqlite"
            )
            for identifier, rights in USERS.items():
                add_user(path, identifier, USER_PASSWORD, rights)
            yield School(service, secrets, console, clock_file)
    finally:
        service.stop()
    # The listener's ticks (flush, sweep, change feed) never failed along the way.
    log = (service.data_dir / "logs" / "service.log").read_text()
    assert "client listener tick failed" not in log


@pytest.fixture(autouse=True)
def _a_clean_slate(request: pytest.FixtureRequest) -> None:
    """Each test of the module's school starts from the same state, whatever ran before it: the
    server in service, no address suspended, no session holding a licence."""
    if "school" not in request.fixturenames:
        return
    school: School = request.getfixturevalue("school")
    console = school.console
    if console.get("/v1/server/status").json()["state"] != "running":
        assert console.post("/v1/server/start", json={}).status_code == 200
    if console.get("/v1/security").json()["suspended"]:
        assert console.post("/v1/security/unblock", json={}).json()["suspended"] == []
    for row in school.table():
        if row["state"] in ("connected", "silent"):
            console.post(f"/v1/connections/{row['id']}/disable")
    usage = console.get("/v1/licences").json()
    taken = {key: value for key, value in usage.items() if key.endswith("_used") and value}
    assert taken == {}, taken


class Client:
    """A ``pronote-client login`` process."""

    def __init__(
        self,
        school: School,
        user: str,
        mode: str = "administrative",
        *,
        workstation: str = "Poste 1",
        password: str = USER_PASSWORD,
        consultation: bool = False,
    ) -> None:
        args = [
            str(Path(sys.executable).with_name("pronote-client")), "login",
            "--host", "127.0.0.1", "--port", str(school.port),
            "--ca", str(school.service.ca_pem), "--uai", school.secrets.uai,
            "--mode", mode, "--user", user, "--workstation", workstation,
        ]  # fmt: skip
        if consultation:
            args.append("--consultation")
        self.process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "LANG": "fr_FR.UTF-8", "PRONOTE_CLIENT_PASSWORD": password},
        )
        self.lines: list[str] = []

    def line(self, timeout: float = 15) -> str:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert ready, f"no output; so far: {self.lines}"
        text = self.process.stdout.readline().decode("utf-8").rstrip("\n")
        self.lines.append(text)
        return text

    def connected(self) -> str:
        text = self.line()
        assert text.startswith("Connecté à "), text
        return text.rsplit("session ", 1)[1].rstrip(").")

    def finish(self, timeout: float = 15) -> tuple[int, str]:
        code = self.process.wait(timeout)
        assert self.process.stdout is not None
        rest = self.process.stdout.read().decode("utf-8")
        return code, "\n".join([*self.lines, rest]).strip()

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        self.process.send_signal(sig)
        return self.finish()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def test_licences_exhausted_and_the_reserved_licence_honoured(school: School) -> None:
    # 2 editing licences, 1 reserved for administrators (the default).
    first = Client(school, "modif.un", workstation="Poste 1")
    clients = [first]
    try:
        first_id = first.connected()
        refused = Client(school, "modif.deux", workstation="Poste 2")
        code, out = refused.finish()
        assert code == 2
        assert "Connexion refusée : Plus de licence disponible" in out
        assert "licences en modification" in out
        chef = Client(school, "chef", workstation="Poste 3")
        clients.append(chef)
        chef_id = chef.connected()
        # The superadministrator is an administrator too, but both editing licences are taken.
        superadmin = Client(school, SUPERADMIN, password=STRONG_PASSWORD, workstation="Poste 4")
        code, out = superadmin.finish()
        assert code == 2
        assert "Connexion refusée : Plus de licence disponible" in out, out
        # Consultation and Mode enseignant take other licences.
        teacher = Client(school, "prof", "teacher", workstation="Poste 5")
        clients.append(teacher)
        teacher.connected()
        reader = Client(school, "lecteur", consultation=True, workstation="Poste 6")
        clients.append(reader)
        reader.connected()
        usage = school.console.get("/v1/licences").json()
        assert usage["editing_used"] == 2
        assert usage["teachers_used"] == 1
        assert usage["teachers_limit"] == 30
        assert usage["consultation_used"] == 1
        rows = {row["id"]: row for row in school.table()}
        assert rows[first_id]["user"] == "modif.un"
        assert rows[first_id]["workstation"] == "Poste 1"
        assert rows[chef_id]["mode"] == "administrative"
        assert rows[first_id]["state"] == "connected"
        # Ctrl-C logs out cleanly and the session leaves the table at once.
        before = school.console.get("/v1/connections").json()["version"]
        code, out = first.stop()
        assert code == 0
        assert out.endswith("Déconnexion effectuée.")
        delta = school.console.get("/v1/connections", params={"since": before}).json()
        assert delta["full"] is False
        assert delta["removed"] == [first_id]
        # The licence freed, the superadministrator defined at "Mettre en service" logs in.
        superadmin = Client(school, SUPERADMIN, password=STRONG_PASSWORD, workstation="Poste 4")
        clients.append(superadmin)
        superadmin_id = superadmin.connected()
        row = next(r for r in school.table() if r["id"] == superadmin_id)
        assert (row["user"], row["workstation"], row["mode"]) == (
            SUPERADMIN,
            "Poste 4",
            "administrative",
        )
        assert superadmin.stop()[0] == 0
        # SIGTERM too.
        assert chef.stop(signal.SIGTERM)[0] == 0
        assert teacher.stop()[0] == 0
        assert reader.stop()[0] == 0
        assert school.table() == []
    finally:
        for client in clients:
            client.kill()


def test_a_wrong_mode_is_refused(school: School) -> None:
    code, out = Client(school, "lecteur").finish()  # view_only, not in consultation
    assert code == 2
    assert "ne permettent pas le Mode administratif" in out
    code, out = Client(school, "prof", "school_life").finish()
    assert code == 2
    assert "Mode vie scolaire" in out


def test_a_disabled_client_is_told_and_leaves(school: School) -> None:
    client = Client(school, "modif.un", workstation="Poste 7")
    try:
        session_id = client.connected()
        answer = school.console.post(f"/v1/connections/{session_id}/disable")
        assert answer.status_code == 200
        assert answer.json()["state"] == "disabled"
        code, out = client.finish()
        assert code == 3
        assert "Ce poste a été déconnecté par l'administrateur." in out
        entry = history_actions(school.console)[0]
        assert entry["action"] == "client.disable"
        assert entry["detail"]["workstation"] == "Poste 7"
        assert entry["detail"]["user"] == "modif.un"
        # Disabling it again while it lingers in the table (shown as disabled) changes nothing.
        again = school.console.post(f"/v1/connections/{session_id}/disable")
        assert again.status_code == 200 and again.json()["state"] == "disabled"
        # Once it has left the table its id names nothing any more.
        school.move_clock(DISABLED_LINGER.total_seconds() + 5)
        school.wait_table(lambda rows: all(row["id"] != session_id for row in rows))
        gone = school.console.post(f"/v1/connections/{session_id}/disable")
        assert gone.status_code == 404 and gone.json()["code"] == "not_found"
    finally:
        client.kill()


def test_a_client_whose_heartbeats_stop_expires(school: School) -> None:
    client = Client(school, "modif.un", workstation="Poste 8")
    try:
        session_id = client.connected()
        client.process.send_signal(signal.SIGSTOP)  # frozen: no heartbeat any more
        school.move_clock(30)
        school.wait_table(lambda rows: all(row["id"] != session_id for row in rows))
        client.process.send_signal(signal.SIGCONT)
        code, out = client.finish()
        assert code == 4
        assert "La connexion a expiré" in out
    finally:
        client.kill()


def test_garbage_on_the_port_gets_a_protocol_error_and_nothing_else_breaks(
    school: School,
) -> None:
    context = ssl.create_default_context(cafile=str(school.service.ca_pem))
    for garbage in (b"hello\n", b'{"type": "heartbeat"}\n', b"[1, 2]\n", b"x" * 5000 + b"\n"):
        with (
            socket.create_connection(("127.0.0.1", school.port), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
        ):
            tls.sendall(garbage)
            answer = tls.makefile("rb").readline()
            assert json.loads(answer)["code"] == "protocol_error", garbage
            assert tls.recv(10) == b""  # closed
    with socket.create_connection(("127.0.0.1", school.port), timeout=5) as plain:
        plain.sendall(b"GET / HTTP/1.0\r\n\r\n")  # not even TLS
        try:
            data = plain.recv(100)
        except ConnectionResetError:
            data = b""
        assert data == b"" or data[:1] == b"\x15"  # closed, at most after a TLS alert
    client = Client(school, "modif.un", workstation="Poste 9")
    try:
        client.connected()
        assert client.stop()[0] == 0
    finally:
        client.kill()


def test_failures_suspend_the_address_until_unblocked(school: School) -> None:
    for _ in range(3):
        code, out = Client(school, "modif.un", password="wrong-password-1").finish()
        assert code == 2
        assert "Identifiant ou mot de passe incorrect." in out
    code, out = Client(school, "modif.un").finish()  # the right password, too late
    assert code == 2
    assert "suspendue" in out
    state = school.console.get("/v1/security").json()
    assert [s["address"] for s in state["suspended"]] == ["127.0.0.1"]
    assert state["suspended"][0]["door"] == "client"
    assert state["suspended"][0]["failures"] == 3
    unblocked = school.console.post("/v1/security/unblock", json={"address": "127.0.0.1"})
    assert unblocked.status_code == 200
    assert unblocked.json()["suspended"] == []
    entry = history_actions(school.console)[0]
    assert entry["action"] == "security.unblock"
    assert entry["detail"]["address"] == "127.0.0.1"
    client = Client(school, "modif.un", workstation="Poste 10")
    try:
        client.connected()
        assert client.stop()[0] == 0
    finally:
        client.kill()


def test_stopping_the_server_ends_every_session(school: School) -> None:
    client = Client(school, "modif.un", workstation="Poste 11")
    try:
        session_id = client.connected()
        assert school.console.post("/v1/server/stop").status_code == 200
        code, out = client.finish()
        assert code == 5
        assert "arrêté" in out
        assert all(row["id"] != session_id for row in school.table())
        assert all(row["state"] == "disabled" for row in school.table())  # leaving anyway
        refused = Client(school, "modif.un")
        assert refused.finish()[0] == 2
    finally:
        client.kill()
        assert school.console.post("/v1/server/start", json={}).status_code == 200


def test_failures_count_across_doors_and_each_school_sees_only_its_own(
    school: School, tmp_path: Path
) -> None:
    with manager_client(school.service, tmp_path) as (_other, other_console):
        for _ in range(2):
            assert Client(school, "prof", "teacher", password="nope-nope-1").finish()[0] == 2
        wrong = {"hosting_number": school.secrets.hosting_number, "password": "not-the-one-1"}
        assert school.console.post("/v1/session", json=wrong).status_code == 401
        # The third failure (at the console's door) suspended the address at every door.
        right = {
            "hosting_number": school.secrets.hosting_number,
            "password": school.secrets.password.get_secret_value(),
        }
        refused = school.console.post("/v1/session", json=right)
        assert refused.status_code == 403
        assert refused.json()["code"] == "address_suspended"
        assert "suspendue jusqu'à" in refused.json()["message_fr"]
        code, out = Client(school, "modif.un").finish()
        assert code == 2
        assert "suspendue" in out
        mine = school.console.get("/v1/security").json()["suspended"]
        assert [(s["address"], s["door"], s["failures"]) for s in mine] == [
            ("127.0.0.1", "console", 3)
        ]
        # Another school served by the same service does not see (nor lift) it.
        assert other_console.get("/v1/security").json()["suspended"] == []
        assert other_console.post("/v1/security/unblock", json={}).json()["suspended"] == []
        assert school.console.get("/v1/security").json()["suspended"] != []
        lifted = school.console.post("/v1/security/unblock", json={})
        assert lifted.json()["suspended"] == []
        assert history_actions(school.console)[0]["detail"]["all"] is True
        assert school.console.post("/v1/session", json=right).status_code == 200


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_the_demo_keeps_the_connections_table_alive(tmp_path: Path) -> None:
    live, account = start_demo(tmp_path)
    try:
        ws = enrol(live, account, tmp_path / "ws")
        with ws.client(live, login(live, ws, account)) as console:
            deadline = time.monotonic() + 30
            modes = {"administrative", "teacher", "school_life"}
            while True:
                rows = console.get("/v1/connections").json()["sessions"]
                if len(rows) >= 8 and {row["mode"] for row in rows} >= modes:
                    break
                assert time.monotonic() < deadline, rows
                time.sleep(0.2)
        assert all(row["application"] == "client" for row in rows)
        swarm = _children(live.process.pid)
        assert swarm, "the swarm runs as a child of the demo"
    finally:
        live.stop()
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() for pid in swarm):
        assert time.monotonic() < deadline, "the swarm outlived the demo"
        time.sleep(0.1)
    # The swarm's passwords went through a pipe: nowhere in the ready file, the logs or the data.
    assert "password" not in live.log_path.read_text()
