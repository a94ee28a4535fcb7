"""The web Espaces end to end: the real ``pronote-server`` on 127.0.0.1 (``serve --web-port``, and
the demo), a console publishing and stopping, a person logging in with a browser-like client and
the session seen in Suivi des connexions."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from espaces_support import (
    PEOPLE_PASSWORD,
    WebSchool,
    csrf_of,
    log_in,
    set_password,
    web_school,
    web_service,
)
from live_service import start_demo
from server_support import enrol, login

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSchool]:
    service = web_service(tmp_path_factory.mktemp("web"))
    try:
        with web_school(service, tmp_path_factory.mktemp("ws")) as s:
            yield s
    finally:
        service.stop()


def test_publish_serves_the_espaces_and_stop_answers_503(school: WebSchool) -> None:
    page = school.root + "parent.html"
    assert httpx.get(page).status_code == 503
    assert school.console.post("/v1/publication/publish").status_code == 200
    served = httpx.get(page)
    assert served.status_code == 200 and "Espace Parents" in served.text
    assert school.console.post("/v1/publication/stop").status_code == 200
    stopped = httpx.get(page)
    assert stopped.status_code == 503
    assert "ne sont pas publiés pour le moment" in html.unescape(stopped.text)


def test_a_direct_login_is_a_pronote_net_session_until_logout(school: WebSchool) -> None:
    done = set_password(school.service, school.secrets.uai, "léa.durand", PEOPLE_PASSWORD)
    assert done.returncode == 0, done.stderr
    school.publish()
    with school.browser() as browser:
        assert log_in(browser, "eleve.html", "léa.durand", PEOPLE_PASSWORD).status_code == 303
        page = browser.get("eleve.html")
        assert "Connecté : Léa Durand (léa.durand)" in page.text
        [row] = school.sessions()
        assert row["application"] == "pronote_net"
        assert row["user"] == "léa.durand" and row["source_ip"] == "127.0.0.1"
        assert row["workstation"] == "Espace Élèves"
        logout = browser.post("eleve.html", data={"csrf": csrf_of(page.text), "logout": "1"})
        assert logout.status_code == 303
        assert "Connecté" not in browser.get("eleve.html").text
    assert school.sessions() == []


def test_the_demo_publishes_its_school_and_its_users_can_log_in(tmp_path: Path) -> None:
    live, account = start_demo(tmp_path)
    try:
        espaces = live.ready["demo_espaces"]
        root = str(live.ready["web_url"]) + espaces["path"]
        assert httpx.get(root).status_code == 200
        user = espaces["users"][0]
        page = f"{user['espace']}.html"
        with httpx.Client(base_url=root, timeout=30) as browser:
            assert log_in(browser, page, user["login"], user["password"]).status_code == 303
            assert f"Connecté : {user['name']}" in html.unescape(browser.get(page).text)
        ws = enrol(live, account, tmp_path / "ws")
        with ws.client(live, login(live, ws, account)) as console:
            state = console.get("/v1/publication").json()
            assert state["published"] is True and state["web_served"] is True
            sessions = console.get("/v1/connections").json()["sessions"]
            mine = [s for s in sessions if s["application"] == "pronote_net"]
            assert [s["user"] for s in mine] == [user["login"]]
    finally:
        live.stop()
