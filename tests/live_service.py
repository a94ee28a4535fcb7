"""A real ``pronote-server`` driven from the tests (used by the fixtures of ``conftest.py``).

``service`` starts the service the way an operator would (``init``, then ``serve --ready-file``)
in a child process with its own data directory and ephemeral ports. ``service.create_account()``
runs ``pronote-server accounts create`` and reads the secrets from the outbox messages, the only
place they exist, as the manager would.
"""

from __future__ import annotations

import contextlib
import email
import io
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from pydantic import SecretStr

READY_TIMEOUT = 30.0

SCHEDULER_QUIET = {"PRONOTE_SERVER_SCHEDULER_SECONDS": "86400"}
"""The service's scheduler takes backups and archives on its own; in tests it waits a day before
its first turn unless a test's ``env`` says otherwise, so that what a test lists is what it did
(tests of the scheduler call ``scheduler.run_once`` with the time they want)."""

PASSWORD_RE = re.compile(r"\b[A-Za-z0-9]{14}\b")
INVOICE_RE = re.compile(r"\b\d{10}\b")


def server_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pronote_server", *args]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        server_command(*args),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANG": "C.UTF-8", **(env or {})},
        check=False,
    )


def run_cli_here(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``pronote-server <args>`` run in this process (the same ``main`` and the same checks, the
    output captured): about 50 ms instead of the 1 to 1.5 s a new interpreter takes to import the
    service. For the commands tests run by the hundred (creating accounts); what a command does
    as a process of its own (exit codes, signals, logs) is tested with :func:`run_cli`."""
    from pronote_server import cli

    changes = {"LANG": "C.UTF-8", **(env or {})}
    saved = {key: os.environ.get(key) for key in changes}
    umask = os.umask(0o077)
    os.umask(umask)
    out, err = io.StringIO(), io.StringIO()
    os.environ.update(changes)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(args))
    finally:
        os.umask(umask)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


# --- outbox -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxMessage:
    path: Path
    channel: str  # "email" or "sms"
    kind: str
    account: str
    recipient: str
    text: str


def read_outbox(outbox: Path) -> list[OutboxMessage]:
    """Every message written so far (pending or relayed), oldest first."""
    found: list[OutboxMessage] = []
    if not outbox.is_dir():
        return found
    for path in outbox.rglob("*"):
        if path.name.startswith("."):
            continue
        if path.name.endswith(".sms.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                OutboxMessage(
                    path, "sms", data["kind"], data["account"], data["to"], str(data["text"])
                )
            )
        elif path.name.endswith(".eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=default_policy)
            body = message.get_body(preferencelist=("plain",))
            text = body.get_content() if body is not None else ""
            found.append(
                OutboxMessage(
                    path,
                    "email",
                    str(message["X-Pronote-Kind"]),
                    str(message["X-Pronote-Account"]),
                    str(message["To"]),
                    str(message["Subject"]) + "\n" + str(text),
                )
            )
    return sorted(found, key=lambda m: m.path.name)


def latest_password(outbox: Path, hosting_number: str) -> str:
    """The password of the newest SMS for this account."""
    sms = [m for m in read_outbox(outbox) if m.channel == "sms" and m.account == hosting_number]
    assert sms, f"no SMS for {hosting_number} in the outbox"
    match = PASSWORD_RE.search(sms[-1].text)
    assert match, "the SMS carries no password"
    return match.group(0)


def latest_invoice_number(outbox: Path, hosting_number: str) -> str:
    """The invoice number of the newest e-mail carrying one (creation or reminder)."""
    mails = [
        m
        for m in read_outbox(outbox)
        if m.channel == "email"
        and m.account == hosting_number
        and m.kind in ("account.created", "account.invoice")
    ]
    assert mails, f"no e-mail with an invoice number for {hosting_number}"
    match = INVOICE_RE.search(mails[-1].text)
    assert match, "the e-mail carries no invoice number"
    return match.group(0)


# --- the live service ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSecrets:
    hosting_number: str
    password: SecretStr
    invoice_number: SecretStr
    uai: str
    school_name: str
    manager_name: str
    manager_email: str
    manager_phone: str
    client_reference: str | None = None


_counter = iter(range(1, 10_000_000))


def _uai(n: int) -> str:
    body = f"{750000 + n:07d}"
    return body + "ABCDEFGHJKLMNPRSTUVWXYZ"[int(body) % 23]


@dataclass
class LiveService:
    """A running ``pronote-server serve``; attribute names are the shared contract."""

    data_dir: Path
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    ready: dict[str, Any] = field(default_factory=dict)

    @property
    def enrol_url(self) -> str:
        return str(self.ready["enrol_url"])

    @property
    def api_url(self) -> str:
        return str(self.ready["api_url"])

    @property
    def ca_pem(self) -> Path:
        return Path(self.ready["ca_pem_path"])

    @property
    def ca_fingerprint(self) -> str:
        """Lower-case hex SHA-256 of the CA's DER."""
        return str(self.ready["ca_fingerprint_sha256"])

    @property
    def outbox(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def ready_file(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}.ready.json"

    def init(self, *extra: str) -> None:
        """``init``, then the loopback allow-listed: every test speaks from it, and a module's
        wrong passwords must not suspend the next test (the service's default allow-list is
        empty). The suspension tests set their own ``suspension`` over this."""
        result = run_cli("init", "--data", str(self.data_dir), *extra, env=self.env)
        assert result.returncode == 0, result.stderr
        config_path = self.data_dir / "config.json"
        config = json.loads(config_path.read_text())
        config["suspension"] = {**config["suspension"], "allow_list": ["127.0.0.0/8", "::1/128"]}
        config_path.write_text(json.dumps(config, indent=2))

    def start(self, *extra: str) -> None:
        """Start ``serve`` and wait for its ready file (ports are chosen anew at each start)."""
        self.ready_file.unlink(missing_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            server_command(
                "serve",
                "--data",
                str(self.data_dir),
                "--port",
                "0",
                "--enrol-port",
                "0",
                "--client-port",
                "0",
                "--ready-file",
                str(self.ready_file),
                *extra,
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LANG": "C.UTF-8", **SCHEDULER_QUIET, **self.env},
        )
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT
        while not self.ready_file.exists():
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"pronote-server serve exited with {self.process.returncode}: "
                    + self.log_path.read_text(errors="replace")[-2000:]
                )
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("pronote-server serve did not become ready")
            time.sleep(0.05)
        self.ready = json.loads(self.ready_file.read_text(encoding="utf-8"))

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        code = self.process.returncode
        self.process = None
        return code

    def restart(self) -> None:
        self.stop()
        self.start()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``pronote-server <args> --data <this data dir>``."""
        return run_cli(*args, "--data", str(self.data_dir), env=self.env)

    def create_account(self, **overrides: Any) -> AccountSecrets:
        n = next(_counter)
        values: dict[str, Any] = {
            "uai": _uai(n),
            "name": f"Collège de test {n}",
            "manager_name": "Camille Martin",
            "manager_email": f"camille.martin.{n}@example.org",
            "manager_phone": "+33611223344",
        }
        values.update(overrides)
        args = ["accounts", "create"]
        for key, value in values.items():
            option = "--" + key.replace("_", "-")
            if value is True:
                args.append(option)
            elif value is False:
                args.append("--no-" + key.replace("_", "-"))
            elif value is not None:
                args += [option, str(value)]
        result = run_cli_here(*args, "--data", str(self.data_dir), env=self.env)
        assert result.returncode == 0, result.stderr
        numbers = re.findall(r"^[^:\n]+ ?: (\d{12})$", result.stdout, re.MULTILINE)
        assert len(numbers) == 1, "accounts create must print one labelled hosting number"
        number = numbers[0]
        return AccountSecrets(
            hosting_number=number,
            password=SecretStr(latest_password(self.outbox, number)),
            invoice_number=SecretStr(latest_invoice_number(self.outbox, number)),
            uai=str(values["uai"]),
            school_name=str(values["name"]),
            manager_name=str(values["manager_name"]),
            manager_email=str(values["manager_email"]),
            manager_phone=str(values["manager_phone"]),
            client_reference=values.get("client_reference"),
        )


def stable_ports(count: int = 2) -> list[int]:
    """Free ports outside the kernel's ephemeral range, for a service that a test restarts on
    the same ports: a port the kernel handed out at random may be handed to another process
    while the service is down; these are never handed out, only chosen (at random) by tests."""
    low, high = 20000, 32000
    try:
        first = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
        high = min(high, first - 1)
    except (OSError, ValueError, IndexError):
        pass
    chosen: list[int] = []
    while len(chosen) < count:
        candidate = random.randint(low, high)
        if candidate in chosen:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
        chosen.append(candidate)
    return chosen


def start_service(base: Path, *init_args: str, env: dict[str, str] | None = None) -> LiveService:
    base.mkdir(parents=True, exist_ok=True)
    live = LiveService(data_dir=base / "data", log_path=base / "service.out", env=dict(env or {}))
    live.init(*init_args)
    live.start()
    return live


DEMO = {
    "hosting_number": "221222100001",
    "client_reference": "91430",
    "uai": "0750655E",
    "name": "Lycée Charlemagne",
    "licence_expires": "2027-08-31",
    "editors": 6,
    "formula": "unlimited",
    "manager_name": "Samia Bounhar",
    "manager_email": "samia.bounhar@example.org",
    "manager_phone": "+33612345678",
}


def start_demo(directory: Path) -> tuple[LiveService, AccountSecrets]:
    """``pronote-server demo`` in ``directory``, ready; the demo account's secrets from its ready
    file (``live.stop()`` ends it)."""
    live = LiveService(data_dir=directory / "data", log_path=directory / "demo.out")
    ready_file = directory / "ready.json"
    with live.log_path.open("wb") as log:
        live.process = subprocess.Popen(
            server_command("demo", "--data", str(live.data_dir), "--ready-file", str(ready_file)),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while not ready_file.exists():
        if live.process.poll() is not None or time.monotonic() > deadline:
            live.stop()
            raise RuntimeError("demo not ready: " + live.log_path.read_text()[-2000:])
        time.sleep(0.05)
    live.ready = json.loads(ready_file.read_text(encoding="utf-8"))
    demo = live.ready["demo_account"]
    account = AccountSecrets(
        hosting_number=demo["hosting_number"],
        password=SecretStr(demo["password"]),
        invoice_number=SecretStr(demo["invoice_number"]),
        uai=DEMO["uai"],
        school_name=DEMO["name"],
        manager_name=DEMO["manager_name"],
        manager_email=DEMO["manager_email"],
        manager_phone=DEMO["manager_phone"],
    )
    return live, account
