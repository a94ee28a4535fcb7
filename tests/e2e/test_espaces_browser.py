"""A real browser on one Espace: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) driven over the W3C WebDriver protocol, spoken with httpx to ``chromedriver``
(no new dependency). The real service serves the school's Espaces on 127.0.0.1; the browser opens
the Espace Élèves' login page, fills and submits the form, sees who is logged in and the school,
and logs out. Skipped, with the reason, where Chromium or its driver is not installed."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from espaces_support import PEOPLE_PASSWORD, WebSchool, set_password, web_school, web_service

CHROMIUM = Path("/usr/bin/chromium")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C WebDriver element reference key

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists() or shutil.which("chromedriver") is None,
        reason="headless Chromium absent: apt-get install -y chromium chromium-driver",
    ),
]


class Browser:
    """One WebDriver session of chromedriver: the few commands a person's visit needs."""

    def __init__(self, driver: httpx.Client, session: str) -> None:
        self.driver = driver
        self.session = session

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = self.driver.request(method, f"/session/{self.session}{path}", json=body)
        payload = answer.json()
        assert answer.status_code == 200, payload
        return payload["value"]

    def open(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    @property
    def url(self) -> str:
        return str(self._call("GET", "/url"))

    def find(self, css: str) -> str:
        return str(self._call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT])

    def present(self, css: str) -> bool:
        found = self._call("POST", "/elements", {"using": "css selector", "value": css})
        return bool(found)

    def type(self, css: str, text: str) -> None:
        self._call("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css: str) -> None:
        self._call("POST", f"/element/{self.find(css)}/click", {})

    def text(self, css: str) -> str:
        return str(self._call("GET", f"/element/{self.find(css)}/text"))

    def wait_for(self, css: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.present(css):
            assert time.monotonic() < deadline, f"{css} never appeared on {self.url}"
            time.sleep(0.1)

    def cookies(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/cookie"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    port = _free_port()
    profile = tmp_path_factory.mktemp("chromium-profile")
    driver_log = tmp_path_factory.mktemp("chromedriver") / "chromedriver.log"
    process = subprocess.Popen(
        ["chromedriver", f"--port={port}", f"--log-path={driver_log}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as driver:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if driver.get("/status").json()["value"]["ready"]:
                        break
                assert time.monotonic() < deadline, "chromedriver did not become ready"
                time.sleep(0.1)
            options = {
                "binary": str(CHROMIUM),
                # --no-sandbox: the tests may run as root, where Chromium refuses its sandbox.
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--lang=fr-FR",
                    f"--user-data-dir={profile}",
                ],
                "prefs": {"intl.accept_languages": "fr-FR,fr"},
            }
            created = driver.post(
                "/session",
                json={
                    "capabilities": {
                        "alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}
                    }
                },
            )
            assert created.status_code == 200, created.text
            session = created.json()["value"]["sessionId"]
            try:
                yield Browser(driver, session)
            finally:
                driver.delete(f"/session/{session}")
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSchool]:
    service = web_service(tmp_path_factory.mktemp("web"))
    try:
        with web_school(service, tmp_path_factory.mktemp("ws")) as s:
            yield s
    finally:
        service.stop()


def test_a_student_logs_in_and_out_of_the_espace_eleves_in_chromium(
    school: WebSchool, browser: Browser
) -> None:
    done = set_password(school.service, school.secrets.uai, "léa.durand", PEOPLE_PASSWORD)
    assert done.returncode == 0, done.stderr
    school.publish()
    page = school.root + "eleve.html"

    browser.open(page)
    browser.wait_for("#password")
    assert "Espace Élèves" in browser.text("body")
    browser.type("#login", "léa.durand")
    browser.type("#password", PEOPLE_PASSWORD)
    browser.click("button[type=submit]")

    browser.wait_for("#who")
    assert browser.text("#who") == "Connecté : Léa Durand (léa.durand)"
    assert browser.text("#school") == f"Établissement : {school.secrets.school_name}"
    assert browser.url == page  # back on the Espace, nothing of the form in the address
    [cookie] = [c for c in browser.cookies() if c["name"] == "pn_eleve"]
    assert cookie["httpOnly"] is True and cookie["path"] == f"/{school.secrets.uai}/pronote/"
    [row] = school.sessions()
    assert row["user"] == "léa.durand" and row["workstation"] == "Espace Élèves"

    browser.click("#who ~ form button[type=submit]")
    browser.wait_for("#password")
    assert not browser.present("#who")
    assert "Connecté" not in browser.text("body")
    assert school.sessions() == []
