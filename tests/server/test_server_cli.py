"""The ``pronote-server`` command as an operator uses it."""

from __future__ import annotations

import itertools
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography import x509
from live_service import (
    LiveService,
    latest_invoice_number,
    latest_password,
    read_outbox,
    run_cli,
    start_service,
)
from server_support import enrol, login, plain

EN = {"LANG": "en_US.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
FR = {"LANG": "fr_FR.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_init_makes_a_private_data_directory(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run_cli("init", "--data", str(data), "--san", "hosting.example.org", env=FR)
    assert result.returncode == 0, result.stderr
    for private in ("pki/ca.key", "pki/server.key", "keys/invoice.key", "config.json"):
        assert stat.S_IMODE((data / private).stat().st_mode) == 0o600, private
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    server = x509.load_pem_x509_certificate((data / "pki/server.pem").read_bytes())
    sans = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(sans.get_values_for_type(x509.DNSName)) == {"localhost", "hosting.example.org"}
    assert {str(ip) for ip in sans.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "::1"}
    ca = x509.load_pem_x509_certificate((data / "pki/ca.pem").read_bytes())
    server.verify_directly_issued_by(ca)
    assert "Empreinte SHA-256" in result.stdout


def test_init_refuses_an_initialised_directory(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_cli("init", "--data", str(data)).returncode == 0
    ca_before = (data / "pki/ca.pem").read_bytes()
    line = _one_line_error(run_cli("init", "--data", str(data), env=EN))
    assert line == f"Error: {data} is already initialised (config.json exists): nothing was changed"
    assert (data / "pki/ca.pem").read_bytes() == ca_before


def test_commands_on_a_missing_directory_say_to_run_init(tmp_path: Path) -> None:
    line = _one_line_error(run_cli("accounts", "list", "--data", str(tmp_path / "none"), env=FR))
    assert "pronote-server init --data" in line and line.startswith("Erreur : ")


def test_info_prints_the_fingerprint_for_people(service: LiveService) -> None:
    result = service.cli("info")
    assert result.returncode == 0
    grouped = [service.ca_fingerprint.upper()[i : i + 2] for i in range(0, 64, 2)]
    # Two lines of 16 groups: an 80-column terminal cuts none of them.
    assert ":".join(grouped[:16]) + "\n" + ":".join(grouped[16:]) in result.stdout
    assert "49301" in result.stdout and "49302" in result.stdout


def test_info_names_every_port_with_its_use(service: LiveService) -> None:
    result = service.cli("info")  # LANG=C: French
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Port de l'API (TLS mutuel, console) : 49301" in lines
    assert "Port d'enrôlement (premier contact de la console) : 49302" in lines
    assert "Port TCP des Clients PRONOTE et EDT : 49300" in lines
    assert "Espaces web (PRONOTE.net) : aucun port web configuré (serve --web-port)" in lines
    english = run_cli("info", "--data", str(service.data_dir), env=EN).stdout
    assert "TCP port of the PRONOTE and EDT Clients: 49300" in english.splitlines()


@pytest.mark.parametrize(
    ("option", "value", "expected_en"),
    [
        ("--uai", "0750655F", "--uai: Invalid UAI: the check letter does not match (expected: E)"),
        ("--manager-phone", "12", "--manager-phone: Invalid phone number: expected a 10-digit"),
        ("--manager-email", "nobody", "--manager-email: Invalid e-mail address: expected"),
        ("--hosting-number", "12ab", "--hosting-number: Value refused: the hosting number has"),
    ],
)
def test_accounts_create_refuses_bad_values_with_the_reason(
    service: LiveService, option: str, value: str, expected_en: str
) -> None:
    args = {
        "--uai": "0130040Y",
        "--name": "Lycée Thiers",
        "--manager-name": "Nora Lefèvre",
        "--manager-email": "nora@example.org",
        "--manager-phone": "0611111111",
    }
    args[option] = value
    before = len(read_outbox(service.outbox))
    flat = [part for pair in args.items() for part in pair]
    result = run_cli("accounts", "create", "--data", str(service.data_dir), *flat, env=EN)
    assert _one_line_error(result).startswith("Error: " + expected_en)
    assert len(read_outbox(service.outbox)) == before  # nothing sent, nothing created


def test_accounts_create_prints_labelled_lines_and_no_secret(service: LiveService) -> None:
    args = [
        "accounts", "create", "--data", str(service.data_dir), "--uai", "0130040Y",
        "--name", "Lycée Thiers", "--manager-name", "Nora Lefèvre",
        "--manager-email", "nora@example.org", "--manager-phone", "0611111111",
    ]  # fmt: skip
    french = run_cli(*args, env=FR)
    assert french.returncode == 0, french.stderr
    lines = french.stdout.splitlines()
    assert lines[0] == "Compte d'hébergement ouvert : Lycée Thiers (UAI 0130040Y)"
    number = lines[1].removeprefix("Numéro d'hébergement : ")
    assert len(number) == 12 and number.isdigit(), lines[1]
    assert "e-mail à nora@example.org" in lines[2] and "SMS au +33611111111" in lines[2]
    assert lines[3].strip() == (
        f"pronote-server outbox show --account {number} --data {service.data_dir}"
    )
    secrets = [
        latest_password(service.outbox, number),
        latest_invoice_number(service.outbox, number),
    ]
    assert not any(secret in french.stdout + french.stderr for secret in secrets)
    english = run_cli(*args[:5], "0750655E", *args[6:], "--hosting-number", "123450000001", env=EN)
    assert english.returncode == 0, english.stderr
    assert english.stdout.splitlines()[:2] == [
        "Hosting account opened: Lycée Thiers (UAI 0750655E)",
        "Hosting number: 123450000001",
    ]


def test_accounts_list_shows_no_secret(service: LiveService) -> None:
    account = service.create_account(name="Lycée Montaigne")
    listing = service.cli("accounts", "list")
    assert listing.returncode == 0
    row = next(line for line in listing.stdout.splitlines() if account.hosting_number in line)
    assert "Lycée Montaigne" in row and account.uai in row
    assert plain(account.password) not in listing.stdout
    assert plain(account.invoice_number) not in listing.stdout


def test_a_duplicate_hosting_number_is_refused(service: LiveService) -> None:
    account = service.create_account()
    result = run_cli(
        "accounts", "create", "--data", str(service.data_dir),
        "--uai", "0750654D", "--name", "Autre", "--manager-name", "A B",
        "--manager-email", "a@example.org", "--manager-phone", "0600000000",
        "--hosting-number", account.hosting_number,
        env=EN,
    )  # fmt: skip
    assert _one_line_error(result) == (
        f"Error: the hosting number {account.hosting_number} already exists"
    )


def test_reset_password_sends_a_new_one_and_ends_sessions(
    service: LiveService, tmp_path: Path
) -> None:
    account = service.create_account()
    ws = enrol(service, account, tmp_path)
    token = login(service, ws, account)
    result = service.cli("accounts", "reset-password", account.hosting_number)
    assert result.returncode == 0
    assert account.hosting_number in result.stdout
    new_password = latest_password(service.outbox, account.hosting_number)
    assert new_password != plain(account.password)
    assert new_password not in result.stdout + result.stderr
    with ws.client(service, token) as client:
        assert client.get("/v1/account").json()["code"] == "session_required"
        old = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": plain(account.password)},
        )
        new = client.post(
            "/v1/session",
            json={"hosting_number": account.hosting_number, "password": new_password},
        )
    assert (old.status_code, new.status_code) == (401, 200)
    unknown = service.cli("accounts", "reset-password", "000000000001")
    assert unknown.returncode == 2 and "000000000001" in unknown.stderr


def test_serve_refuses_a_port_in_use(service: LiveService) -> None:
    busy = int(service.api_url.rsplit(":", 1)[1])
    result = run_cli(
        "serve", "--data", str(service.data_dir), "--port", str(busy), "--enrol-port", "0", env=EN
    )
    line = _one_line_error(result)
    assert line.startswith(f"Error: cannot listen on 127.0.0.1:{busy}")


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    result = run_cli("accounts", "create", "--data", str(tmp_path), env=EN)
    assert "the following arguments are required" in _one_line_error(result)


def test_demo_serves_the_demo_school_with_its_secrets_in_a_private_ready_file(
    tmp_path: Path,
) -> None:
    ready = tmp_path / "ready.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "pronote_server", "demo", "--data", str(tmp_path / "d"),
         "--ready-file", str(ready)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        record = json.loads(ready.read_text())
        assert stat.S_IMODE(ready.stat().st_mode) == 0o600
        assert record["pid"] == process.pid
        demo = record["demo_account"]
        assert demo["hosting_number"] == "221222100001"
        live = LiveService(data_dir=Path(record["data_dir"]), log_path=tmp_path / "log")
        live.ready = record
        assert demo["password"] == latest_password(live.outbox, "221222100001")

        class Secrets:
            hosting_number = demo["hosting_number"]
            password = demo["password"]
            invoice_number = demo["invoice_number"]

        ws = enrol(live, Secrets, tmp_path / "ws")
        with ws.client(live, login(live, ws, Secrets)) as client:
            card = client.get("/v1/account").json()
            contact = client.get("/v1/account/contact").json()
        assert card == {
            "client_reference": "91430",
            "hosting_number": "221222100001",
            "uai": "0750655E",
            "school_name": "Lycée Charlemagne",
            "licence_expires_on": "2027-08-31",
            "administrators_and_editors": 6,
            "formula": "unlimited",
            "options": card["options"],
            "created_at": card["created_at"],
        }
        assert contact == {
            "name": "Samia Bounhar",
            "email": "samia.bounhar@example.org",
            "phone": "+33612345678",
        }
    finally:
        process.terminate()
        assert process.wait(timeout=15) == 0
    assert not ready.exists()  # the demo's secrets go away with the service


@pytest.mark.postgresql
def test_the_whole_service_runs_on_postgresql(postgresql_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from pronote_server.store.database import make_engine

    engine = make_engine(postgresql_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    live = start_service(tmp_path, "--db", postgresql_url.replace("+psycopg", ""))
    try:
        config = json.loads((live.data_dir / "config.json").read_text())
        assert config["db_url"].startswith("postgresql+psycopg://")
        assert not (live.data_dir / "control.sqlite3").exists()
        account = live.create_account()
        ws = enrol(live, account, tmp_path / "ws")
        with ws.client(live, login(live, ws, account)) as client:
            assert client.get("/v1/account").json()["hosting_number"] == account.hosting_number
            entries = client.get("/v1/history").json()["entries"]
        assert [e["action"] for e in entries] == [
            "session.login",
            "certificate.enrol",
            "account.create",
        ]
    finally:
        live.stop()


def test_the_module_and_the_entry_point_are_the_same_command() -> None:
    exe = Path(sys.executable).with_name("pronote-server")
    if not exe.exists():
        pytest.skip("pronote-server entry point not installed in this environment")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "accounts" in result.stdout
    assert os.access(exe, os.X_OK)


def test_init_with_an_unreachable_database_fails_cleanly_and_can_be_rerun(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run_cli(
        "init", "--data", str(data), "--db", "postgresql://postgres:pw@127.0.0.1:1/x", env=EN
    )
    line = _one_line_error(result)
    assert line == "Error: control database unreachable (postgresql://postgres:***@127.0.0.1:1/x)"
    assert not (data / "config.json").exists()
    assert run_cli("init", "--data", str(data)).returncode == 0


def test_serve_prints_each_log_line_once(tmp_path: Path) -> None:
    live = start_service(tmp_path)
    try:
        # Both listeners answer (and the clients' port is named on the ready line).
        for url in (live.enrol_url, live.api_url):
            subprocess.run(
                [sys.executable, "-c", f"import httpx; httpx.get('{url}/v1/info', verify=False)"],
                capture_output=True,
                check=False,
                timeout=30,
            )
    finally:
        assert live.stop() == 0
    printed = live.log_path.read_text(encoding="utf-8").splitlines()
    assert sum("Started server process" in line for line in printed) == 1, printed
    assert sum("Shutting down" in line for line in printed) == 1, printed
    duplicates = [a for a, b in itertools.pairwise(printed) if a == b]
    assert duplicates == [], duplicates
    listening = [line for line in printed if line.startswith("Service à l'écoute")]
    assert len(listening) == 1
    assert f"port TCP {live.ready['client_port']}" in listening[0]
    logged = (live.data_dir / "logs" / "service.log").read_text(encoding="utf-8").splitlines()
    assert sum("Started server process" in line for line in logged) == 1, logged
