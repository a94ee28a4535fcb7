"""Helpers of the web Espaces' tests: a real service with its web listener (plain HTTP on
127.0.0.1), a school whose base is in service with people in it, and a browser-like client."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from bases_support import create_base, manager_client, start
from live_service import AccountSecrets, LiveService, server_command

from pronote_server.store.clock import OFFSET_FILE_ENV

PEOPLE_PASSWORD = "Vq8!rTz3#mKp4w"
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def web_service(base: Path, **suspension: Any) -> LiveService:
    """A service with its web listener; nothing allow-listed (127.0.0.1 can be suspended), 5
    failures suspend for 10 minutes unless ``suspension`` says otherwise; time moves through the
    clock offset file ``base / "clock-offset"``."""
    service = LiveService(
        data_dir=base / "data",
        log_path=base / "service.out",
        env={OFFSET_FILE_ENV: str(base / "clock-offset")},
    )
    service.init()
    config_path = service.data_dir / "config.json"
    config = json.loads(config_path.read_text())
    config["suspension"] = {
        "max_failures": 5,
        "window_seconds": 600,
        "suspension_seconds": 600,
        "allow_list": [],
        **suspension,
    }
    config_path.write_text(json.dumps(config))
    service.start("--web-port", "0", "--web-http")
    return service


def move_clock(service: LiveService, seconds: float) -> None:
    clock_file = Path(service.env[OFFSET_FILE_ENV])
    current = float(clock_file.read_text() or 0) if clock_file.exists() else 0.0
    clock_file.write_text(str(current + seconds))


def set_password(
    service: LiveService, uai: str, login: str, password: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    """``pronote-server bases set-password``, the password on standard input."""
    return subprocess.run(
        server_command(
            "bases",
            "set-password",
            "--data",
            str(service.data_dir),
            "--uai",
            uai,
            "--login",
            login,
            *extra,
        ),
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANG": "C.UTF-8", **service.env},
        check=False,
    )


def add_people(path: Path) -> None:
    """A class with a student, her guardian, a teacher and a member of staff, and a company:
    the base gives each their Espace's identifier."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        conn.execute("INSERT INTO classes (name, level) VALUES ('2nde A', '2nde')")
        conn.execute(
            "INSERT INTO students (last_name, first_name, class_id) VALUES ('Durand', 'Léa', 1)"
        )
        conn.execute(
            "INSERT INTO guardians (student_id, last_name, first_name) VALUES (1, 'Durand', 'Paul')"
        )
        conn.execute("INSERT INTO teachers (last_name, first_name) VALUES ('Martin', 'Élodie')")
        conn.execute(
            "INSERT INTO staff (last_name, first_name, role) VALUES ('Petit', 'Marc', 'CPE')"
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


@dataclass
class WebSchool:
    service: LiveService
    secrets: AccountSecrets
    console: httpx.Client
    base_path: Path

    @property
    def web_url(self) -> str:
        return str(self.service.ready["web_url"])

    @property
    def root(self) -> str:
        """The school's ``/pronote/`` folder in the single-host path form."""
        return f"{self.web_url}/{self.secrets.uai}/pronote/"

    def browser(self) -> httpx.Client:
        """A client that keeps cookies like a browser and follows no redirect by itself."""
        return httpx.Client(base_url=self.root, follow_redirects=False, timeout=30)

    def publish(self) -> None:
        response = self.console.post("/v1/publication/publish")
        assert response.status_code in (200, 409), response.text
        assert self.console.get("/v1/publication").json()["published"] is True

    def stop_publication(self) -> None:
        if self.console.get("/v1/publication").json()["published"]:
            assert self.console.post("/v1/publication/stop").status_code == 200

    def sessions(self) -> list[dict[str, Any]]:
        """The live PRONOTE.net sessions of Suivi des connexions (a disabled row lingers a few
        seconds: not counted)."""
        page = self.console.get("/v1/connections").json()
        return [
            row
            for row in page["sessions"]
            if row["application"] == "pronote_net" and row["state"] in ("connected", "silent")
        ]


@contextmanager
def web_school(service: LiveService, directory: Path, **account: Any) -> Iterator[WebSchool]:
    """A new school, its base in service with people in it (not yet published)."""
    with manager_client(service, directory, **account) as (secrets, console):
        created = create_base(console)
        start(console)
        path = (
            service.data_dir
            / "schools"
            / secrets.hosting_number
            / "bases"
            / f"{created['id']}.sqlite"
        )
        add_people(path)
        yield WebSchool(service, secrets, console, path)


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page carries no form token"
    return match.group(1)


def log_in(
    browser: httpx.Client, page: str, login: str, password: str, **extra: str
) -> httpx.Response:
    """Open the page (its form and the pre-session cookie), then post the login form."""
    form = browser.get(page)
    assert form.status_code == 200, form.text
    return browser.post(
        page,
        data={"csrf": csrf_of(form.text), "login": login, "password": password, **extra},
    )
