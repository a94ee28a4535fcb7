"""The demo school account: fixed visible data, so console snapshots are deterministic.

Its secrets are random at each run (the hosting password cannot be read back from its hash): the
demo launcher receives them in the private ready file.

The demo school also has a populated base in service (a few hundred students, generated with a
fixed seed, so its counts are always the same) and a drop folder, ``<data>/demo-drop/``, holding
the files its old server would have generated for the hosting (``.HNOT``, annexes, ``.profils``):
the console's load dialog has something real to pick. The drop folder is written in the
background once the service answers (the dialog follows the folder live), so the demo starts
no slower than the base's generation.

So that Suivi des connexions is alive, the demo starts a small swarm of desktop clients
(``pronote-client swarm``) once the service answers: the base's administrators get new random
passwords at each run, handed to the swarm through a pipe (never a file, an argument or a log).
"""

from __future__ import annotations

import json
import logging
import os
import secrets as random_secrets
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.orm import Session

from pronote_api.lifeline import Lifeline
from pronote_api.models import AccountOptions, ServerState, TeacherFormula
from pronote_api.publication import EspaceKind
from pronote_api.school import BaseOrigin
from pronote_server.bases import registry as bases
from pronote_server.clients.users import set_passwords, swarm_file
from pronote_server.errors import describe_exception
from pronote_server.espaces import people, publication
from pronote_server.jobs import acting
from pronote_server.runtime import Runtime
from pronote_server.school.base import set_superadmin
from pronote_server.school.export import export_hosting_files
from pronote_server.school.populate import generate_base
from pronote_server.school.populate_base import ADMINISTRATORS
from pronote_server.security import accounts
from pronote_server.security.accounts import IssuedSecrets, NewAccount
from pronote_server.store import history
from pronote_server.store.files import make_private_dir
from pronote_server.store.tables import Account, SchoolBase

log = logging.getLogger("pronote_server.demo")

DEMO_SCALE = 0.15
"""Share of the benchmark's school for the demo base: 300 students, 45 teachers."""
DEMO_SEED = 2026
DEMO_SUPERADMIN = "admin.charlemagne"

DEMO_ACCOUNT = NewAccount(
    hosting_number="221222100001",
    client_reference="91430",
    uai="0750655E",
    school_name="Lycée Charlemagne",
    licence_expires_on=date(2027, 8, 31),
    editing_licences=6,
    formula=TeacherFormula.UNLIMITED,
    options=AccountOptions(),
    manager_name="Samia Bounhar",
    manager_email="samia.bounhar@example.org",
    manager_phone="+33612345678",
)


def ensure_demo_account(runtime: Runtime) -> IssuedSecrets:
    """Create the demo account, or give the existing one a new password (a re-run of the demo on
    the same data directory)."""
    with runtime.sessions() as db:
        secrets = _ensure(db, runtime, runtime.clock.now())
        db.commit()
    return secrets


def _ensure(db: Session, runtime: Runtime, now: datetime) -> IssuedSecrets:
    spec = DEMO_ACCOUNT.validated()
    assert spec.hosting_number is not None
    existing = accounts.find(db, spec.hosting_number)
    if existing is None:
        account, secrets = accounts.create(
            db, spec, vault=runtime.vault, outbox=runtime.outbox, now=now
        )
        action = history.ACCOUNT_CREATE
    else:
        account = existing
        password = accounts.new_password(account, outbox=runtime.outbox, now=now)
        invoice = runtime.vault.decrypt(account.invoice_number_encrypted)
        secrets = IssuedSecrets(account.hosting_number, password, SecretStr(invoice))
        action = history.ACCOUNT_RESET_PASSWORD
    history.record_by_provider(db, account, now, action)
    return secrets


# --- the demo school's base ---------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSchool:
    drop: Path
    superadmin: str
    superadmin_password: SecretStr | None  # None when the base was already there (re-run)


def _robust_password() -> str:
    # 4 classes and 16 characters: what the superadministrator rules accept, and random.
    return (
        random_secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
        + random_secrets.choice("abcdefghijkmnopqrstuvwxyz")
        + random_secrets.choice("23456789")
        + random_secrets.choice("#!%+=?")
        + random_secrets.token_urlsafe(12)
    )


def ensure_demo_school(runtime: Runtime) -> DemoSchool:
    """Give the demo account a populated base in service (unless it already has a base)."""
    drop = make_private_dir(runtime.data.root / "demo-drop")
    now = runtime.clock.now()
    with runtime.sessions() as db:
        account = accounts.find(db, DEMO_ACCOUNT.hosting_number or "")
        assert account is not None, "the demo account is created first"
        if bases.current_base(db, account.id) is not None:
            return DemoSchool(drop, DEMO_SUPERADMIN, None)
        password = _robust_password()
        row = _generate(runtime, db, account, now, password)
        server = acting.server_row(db, account.id, now)
        server.state = ServerState.RUNNING.value
        server.changed_at = now
        steps: list[tuple[str, history.Detail]] = [
            (bases.BASE_LOAD, {"base_id": row.id, "name": row.name}),
            (bases.SERVER_START, {"base_id": row.id, "superadmin_defined": True}),
        ]
        for action, detail in steps:
            history.record_by_provider(db, account, now, action, detail)
        db.commit()
    return DemoSchool(drop, DEMO_SUPERADMIN, SecretStr(password))


def _generate(
    runtime: Runtime, db: Session, account: Account, now: datetime, password: str
) -> SchoolBase:
    year = bases.school_year_of(now)
    base_id = uuid.uuid4().hex
    path = bases.base_file(runtime.data, account.hosting_number, base_id)
    info = generate_base(
        path,
        scale=DEMO_SCALE,
        seed=DEMO_SEED,
        name=bases.default_name(year),
        school_year=year,
        hosting_number=account.hosting_number,
    )
    set_superadmin(path, DEMO_SUPERADMIN, password, now=now)
    row = bases.register(
        runtime,
        db,
        acting.Actor(account=account, source_ip=None, now=now),
        base_id,
        path,
        info.name,
        year,
        BaseOrigin.UPLOADED,
    )
    row.created_at = info.created_at
    row.first_in_service_at = now
    row.superadmin_defined = True
    bases.make_current(db, account.id, row)
    return row


def fill_drop_folder(runtime: Runtime, drop: Path) -> None:
    """Write the hosting files of the demo school's old server into ``drop`` (unless a
    ``.HNOT`` is already there): the base in service, as a fresh export."""
    if any(drop.glob("*.HNOT")):
        return
    with runtime.sessions() as db:
        account = accounts.find(db, DEMO_ACCOUNT.hosting_number or "")
        base = bases.current_base(db, account.id) if account else None
        if account is None or base is None:
            return
        source = bases.base_path(runtime.data, base)
        number = account.hosting_number
    export_hosting_files(source, drop, hosting_number=number)


def in_background(name: str, task: Callable[[], object], *, failed: str) -> threading.Thread:
    """Run ``task`` in a daemon thread named ``name``. The demo still works without what it
    writes: a failure is said in the log (``failed``, then why), never raised."""

    def run() -> None:
        try:
            task()
        except Exception as exc:
            log.warning("%s: %s", failed, describe_exception(exc))

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def fill_drop_folder_later(runtime: Runtime, drop: Path) -> threading.Thread:
    return in_background(
        "demo-drop", lambda: fill_drop_folder(runtime, drop), failed="demo drop folder not written"
    )


# --- the demo school's web Espaces (PRONOTE.net) -------------------------------------------------

DEMO_WEB_ESPACES = (EspaceKind.PARENT, EspaceKind.STUDENT, EspaceKind.TEACHER)
"""One user of each of these Espaces gets a new password at each start of the demo."""


def publish_demo_school(runtime: Runtime) -> dict[str, object] | None:
    """Publish the demo school's Espaces (if not already) and give one parent, one student and
    one teacher a new password: what the ready file tells, so that a browser on the same machine
    can log in. None when the demo account has no base in service."""
    with runtime.sessions() as db:
        account = accounts.find(db, DEMO_ACCOUNT.hosting_number or "")
        if account is None:
            return None
        state = publication.read(db, account.id)
        if state.base is None or not state.server_running:
            return None
        if not state.published:
            publication.publish(db, acting.Actor(account, None, runtime.clock.now()))
        path = bases.base_path(runtime.data, state.base)
        uai = account.uai
    users: list[dict[str, str]] = []
    for espace in DEMO_WEB_ESPACES:
        login = people.first_login(path, espace)
        if login is None:
            continue
        password = _robust_password()
        user = people.set_password(path, login, password, espace)
        users.append(
            {
                "espace": espace.value,
                "login": user.login,
                "name": user.display_name,
                "password": password,
            }
        )
    return {"path": f"/{uai}/pronote/", "users": users}


DEMO_SWARM_CLIENTS = 12
DEMO_SWARM_CHURN = 120.0  # seconds a demo session lasts on average


def demo_swarm_users(runtime: Runtime) -> dict[str, object] | None:
    """New passwords for the demo base's administrators, and the swarm's users file."""
    with runtime.sessions() as db:
        account = accounts.find(db, DEMO_ACCOUNT.hosting_number or "")
        base = bases.current_base(db, account.id) if account else None
        if account is None or base is None:
            return None
        path = bases.base_path(runtime.data, base)
        uai = account.uai
    passwords = {identifier: _robust_password() for identifier, _name, _rights in ADMINISTRATORS}
    set_passwords(path, passwords)
    return swarm_file(path, uai, passwords)


def start_swarm(
    ready: dict[str, object], users: dict[str, object], lifeline: Lifeline
) -> subprocess.Popen[bytes]:
    """``pronote-client swarm`` against the demo service; it stops with the demo."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pronote_client",
            "swarm",
            "--host",
            "127.0.0.1",
            "--port",
            str(ready["client_port"]),
            "--ca",
            str(ready["ca_pem_path"]),
            "--users",
            "-",
            "--clients",
            str(DEMO_SWARM_CLIENTS),
            "--churn",
            str(DEMO_SWARM_CHURN),
            "--ramp",
            "3",
            "--exit-with-parent",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # The swarm stops when the demo goes, even killed outright (pronote_api.lifeline).
        pass_fds=lifeline.pass_fds,
        env=lifeline.env({**os.environ, "LANG": "C.UTF-8"}),
    )
    assert process.stdin is not None
    process.stdin.write(json.dumps(users).encode("utf-8"))
    process.stdin.close()
    return process


class DemoSwarm:
    """Started in the background once the service is ready; stopped with the demo."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.process: subprocess.Popen[bytes] | None = None
        self.lifeline = Lifeline()
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def start_later(self, ready: dict[str, object]) -> threading.Thread:
        def run() -> None:
            users = demo_swarm_users(self.runtime)
            with self._lock:
                if users is not None and not self._stopped.is_set():
                    self.process = start_swarm(ready, users, self.lifeline)

        return in_background("demo-swarm", run, failed="demo swarm not started")

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            process = self.process
        self.lifeline.cut()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
