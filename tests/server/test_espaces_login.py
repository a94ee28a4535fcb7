"""Direct login to the Espaces through the real service: the users the base holds, the password
set with ``pronote-server bases set-password``, the form's token, the session (its cookie, its row
in Suivi des connexions, its end), the failures counted towards the address's suspension."""

from __future__ import annotations

import html
import os
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from bases_support import STRONG_PASSWORD
from espaces_support import (
    PEOPLE_PASSWORD,
    WebSchool,
    csrf_of,
    log_in,
    move_clock,
    set_password,
    web_school,
    web_service,
)
from live_service import LiveService, server_command

from pronote_api.publication import EspaceKind


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    live = web_service(tmp_path_factory.mktemp("web"), max_failures=4)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def school(service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSchool]:
    with web_school(service, tmp_path_factory.mktemp("ws")) as s:
        for login in ("paul.durand", "léa.durand", "élodie.martin"):
            done = set_password(service, s.secrets.uai, login, PEOPLE_PASSWORD)
            assert done.returncode == 0, done.stderr
        every = [kind.value for kind in EspaceKind]
        assert s.console.put("/v1/publication/settings", json={"published_espaces": every})
        s.publish()
        yield s


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest) -> None:
    """Each test starts with the school published, nothing suspended, nobody logged in."""
    if "school" not in request.fixturenames:
        return
    school: WebSchool = request.getfixturevalue("school")
    if school.console.get("/v1/security").json()["suspended"]:
        school.console.post("/v1/security/unblock", json={})
    if not school.console.get("/v1/publication").json()["published"]:
        school.publish()
    for row in school.sessions():
        school.console.post(f"/v1/connections/{row['id']}/disable")


def test_set_password_reads_stdin_and_refuses_what_it_cannot_do(school: WebSchool) -> None:
    service, uai = school.service, school.secrets.uai
    done = set_password(service, uai, "marc.petit", PEOPLE_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "Mot de passe de Marc Petit (marc.petit, Espace Vie scolaire) enregistré." in done.stdout
    assert PEOPLE_PASSWORD not in done.stdout + done.stderr
    weak = set_password(service, uai, "marc.petit", "azerty")
    assert weak.returncode == 2 and "mot de passe" in weak.stderr.lower(), weak.stderr
    unknown = set_password(service, uai, "personne", PEOPLE_PASSWORD)
    assert unknown.returncode == 2
    assert "Aucun utilisateur de la base en service n'a l'identifiant personne" in unknown.stderr
    no_school = set_password(service, "0750654D", "paul.durand", PEOPLE_PASSWORD)
    assert (
        no_school.returncode == 2 and "aucun établissement n'a l'UAI 0750654D" in no_school.stderr
    )
    history = school.console.get("/v1/history", params={"action": "base.user_password"}).json()
    details = [entry["detail"] for entry in history["entries"]]
    assert {"espace": "viescolaire", "login": "marc.petit"}.items() <= details[0].items()
    assert all(PEOPLE_PASSWORD not in str(d) for d in details)


def test_a_parent_logs_in_sees_who_and_where_and_logs_out(school: WebSchool) -> None:
    with school.browser() as browser:
        response = log_in(browser, "parent.html", "Paul.Durand", PEOPLE_PASSWORD)
        assert response.status_code == 303
        assert response.headers["location"] == "parent.html"
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("pn_parent=")
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert PEOPLE_PASSWORD not in response.headers.get("location", "")
        page = browser.get("parent.html")
        assert page.status_code == 200
        assert "Connecté : Paul Durand (paul.durand)" in page.text
        assert f"Établissement : {school.secrets.school_name}" in page.text
        assert "Se déconnecter" in page.text
        # The mobile page is the same Espace: the same session.
        assert "Connecté : Paul Durand" in browser.get("mobile.parent.html").text
        # Another Espace is not: its own login.
        assert "Identifiant" in browser.get("eleve.html").text

        [row] = school.sessions()
        assert row["user"] == "paul.durand"
        assert row["workstation"] == "Espace Parents"
        assert row["mode"] is None and row["state"] == "connected"
        assert school.console.get("/v1/licences").json()["espaces_used"] == 1

        logout = browser.post("parent.html", data={"csrf": csrf_of(page.text), "logout": "1"})
        assert logout.status_code == 303
        assert "Identifiant" in browser.get("parent.html").text
    assert school.sessions() == []
    assert school.console.get("/v1/licences").json()["espaces_used"] == 0


def test_direction_is_the_base_s_own_users(school: WebSchool) -> None:
    with school.browser() as browser:
        response = log_in(browser, "direction.html", "admin.lycee", STRONG_PASSWORD)
        assert response.status_code == 303
        assert "Connecté : admin.lycee (admin.lycee)" in browser.get("direction.html").text


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(school: WebSchool) -> None:
    answers = []
    with school.browser() as browser:
        for login, password in (("paul.durand", "Wrong-Password-1"), ("nobody", PEOPLE_PASSWORD)):
            response = log_in(browser, "parent.html", login, password)
            answers.append((response.status_code, response.text.replace(login, "LOGIN")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 401
    assert "Identifiant ou mot de passe incorrect." in answers[0][1]
    assert PEOPLE_PASSWORD not in answers[1][1]
    # A user of another Espace is not a user of this one.
    with school.browser() as browser:
        assert log_in(browser, "professeur.html", "paul.durand", PEOPLE_PASSWORD).status_code == 401
    school.console.post("/v1/security/unblock", json={})


def test_unknown_school_user_and_wrong_password_take_the_same_time(
    school: WebSchool, service: LiveService
) -> None:
    def timed(root: str, login: str, password: str) -> float:
        with httpx.Client(base_url=root, timeout=30) as browser:
            form = browser.get("parent.html")
            token = csrf_of(form.text) if form.status_code == 200 else "x"
            started = time.perf_counter()
            browser.post("parent.html", data={"csrf": token, "login": login, "password": password})
            return time.perf_counter() - started

    other = f"{school.web_url}/0750654D/pronote/"
    samples: dict[str, list[float]] = {"wrong": [], "unknown": [], "school": []}
    for _ in range(5):
        samples["wrong"].append(timed(school.root, "paul.durand", "Wrong-Password-1"))
        samples["unknown"].append(timed(school.root, "nobody", "Wrong-Password-1"))
        samples["school"].append(timed(other, "paul.durand", "Wrong-Password-1"))
        school.console.post("/v1/security/unblock", json={})
    # The posts to a school that does not exist counted at provider level: lifted the
    # provider's way, so that the tests after this one may still enrol from 127.0.0.1.
    lifted = subprocess.run(
        server_command(
            "security", "unblock", "127.0.0.1", "--everywhere", "--data", str(service.data_dir)
        ),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **service.env},
        check=False,
    )
    assert lifted.returncode == 0, lifted.stderr
    medians = {key: statistics.median(values) for key, values in samples.items()}
    # Each costs one password hash (tens of milliseconds); none is several times faster.
    assert max(medians.values()) < 2.5 * min(medians.values()), medians
    assert min(medians.values()) > 0.01, medians


def test_a_form_without_its_token_is_refused(school: WebSchool) -> None:
    with school.browser() as browser:
        browser.get("parent.html")
        forged = browser.post(
            "parent.html",
            data={"csrf": "forged", "login": "paul.durand", "password": PEOPLE_PASSWORD},
        )
        assert forged.status_code == 403 and "Formulaire expiré" in forged.text
    # A token from another browser (another pre-session cookie) does not pass either.
    with school.browser() as first, school.browser() as second:
        token = csrf_of(first.get("parent.html").text)
        second.get("parent.html")
        stolen = second.post(
            "parent.html", data={"csrf": token, "login": "paul.durand", "password": PEOPLE_PASSWORD}
        )
        assert stolen.status_code == 403
    assert school.sessions() == []


def test_repeated_failures_suspend_the_address_for_this_school(
    service: LiveService, tmp_path: Path
) -> None:
    with web_school(service, tmp_path) as other:
        assert (
            set_password(service, other.secrets.uai, "paul.durand", PEOPLE_PASSWORD).returncode == 0
        )
        other.publish()
        with other.browser() as browser:
            for _ in range(4):
                assert log_in(browser, "parent.html", "paul.durand", "Wrong-1x").status_code == 401
            suspended = log_in(browser, "parent.html", "paul.durand", PEOPLE_PASSWORD)
            assert suspended.status_code == 403
            text = html.unescape(suspended.text)
            assert "Connexion suspendue" in text and "suspendue jusqu'au" in text
        listed = other.console.get("/v1/security").json()["suspended"]
        assert [(s["address"], s["door"]) for s in listed] == [("127.0.0.1", "espaces")]
        assert other.sessions() == []
        # Unblocked from the console: the right password works again.
        assert other.console.post("/v1/security/unblock", json={}).status_code == 200
        with other.browser() as browser:
            assert log_in(browser, "parent.html", "paul.durand", PEOPLE_PASSWORD).status_code == 303


def test_the_session_ends_after_the_inactivity_time(school: WebSchool) -> None:
    try:
        _idle_session_ends(school)
    finally:
        # Back to real time: a certificate issued in the moved future would not pass the TLS
        # handshake of the tests that follow.
        move_clock(school.service, -31 * 60)


def _idle_session_ends(school: WebSchool) -> None:
    with school.browser() as browser:
        assert log_in(browser, "eleve.html", "léa.durand", PEOPLE_PASSWORD).status_code == 303
        assert "Connecté : Léa Durand" in browser.get("eleve.html").text
        move_clock(school.service, 10 * 60)  # within the default 20 minutes: still there
        assert "Connecté : Léa Durand" in browser.get("eleve.html").text
        assert [row["user"] for row in school.sessions()] == ["léa.durand"]
        move_clock(school.service, 21 * 60)  # 21 minutes without a request
        assert "Identifiant" in browser.get("eleve.html").text
    assert school.sessions() == []


def test_a_session_disabled_from_the_console_or_the_publication_stopped_ends(
    school: WebSchool,
) -> None:
    with school.browser() as browser:
        assert (
            log_in(browser, "professeur.html", "élodie.martin", PEOPLE_PASSWORD).status_code == 303
        )
        [row] = school.sessions()
        school.console.post(f"/v1/connections/{row['id']}/disable")
        assert "Identifiant" in browser.get("professeur.html").text
        assert (
            log_in(browser, "professeur.html", "Élodie.Martin", PEOPLE_PASSWORD).status_code == 303
        )
        assert len(school.sessions()) == 1
        stopped = school.console.post("/v1/publication/stop")
        assert stopped.status_code == 200
        assert school.sessions() == []
        assert browser.get("professeur.html").status_code == 503
    lines = school.console.get("/v1/history", params={"action": "publication.stop"}).json()
    assert lines["entries"][0]["detail"]["sessions_ended"] == 1


def test_a_cookie_of_one_school_is_no_session_at_another(
    school: WebSchool, service: LiveService, tmp_path: Path
) -> None:
    with school.browser() as browser:
        assert log_in(browser, "parent.html", "paul.durand", PEOPLE_PASSWORD).status_code == 303
        token = browser.cookies["pn_parent"]
    with web_school(service, tmp_path) as other:
        other.publish()
        page = httpx.get(other.root + "parent.html", cookies={"pn_parent": token})
        assert page.status_code == 200
        assert "Paul Durand" not in page.text and "Identifiant" in page.text
        assert other.sessions() == []


def test_the_common_page_with_login_true_offers_the_direct_login(school: WebSchool) -> None:
    with school.browser() as browser:
        plain = browser.get("")
        assert "<form" not in plain.text
        page = browser.get("?login=true")
        assert page.status_code == 200
        assert '<select id="espace" name="espace">' in page.text
        assert '<option value="parent">Espace Parents</option>' in page.text
        response = browser.post(
            "?login=true",
            data={
                "csrf": csrf_of(page.text),
                "espace": "parent",
                "login": "paul.durand",
                "password": PEOPLE_PASSWORD,
            },
        )
        assert response.status_code == 303 and response.headers["location"] == "parent.html"
        assert "Connecté : Paul Durand" in browser.get("parent.html").text
    # Without "Autoriser l'authentification directe", the common page shows no form.
    school.stop_publication()
    assert school.console.put(
        "/v1/publication/settings",
        json={"published_espaces": [k.value for k in EspaceKind], "direct_login_allowed": False},
    )
    school.publish()
    assert "<form" not in httpx.get(school.root + "?login=true").text
    school.stop_publication()
    assert school.console.put(
        "/v1/publication/settings", json={"published_espaces": [k.value for k in EspaceKind]}
    )


def test_a_cas_delegated_espace_sends_to_the_cas_login_and_keeps_the_direct_login(
    school: WebSchool,
) -> None:
    school.stop_publication()
    settings = {
        "published_espaces": [k.value for k in EspaceKind],
        "cas": {"name": "ENT", "server_url": "https://cas.example.org/cas/"},
        "delegation_active": True,
        "espace_delegation": {"parent": "cas"},
    }
    assert school.console.put("/v1/publication/settings", json=settings).status_code == 200
    school.publish()
    try:
        delegated = httpx.get(school.root + "parent.html")
        assert delegated.status_code == 302
        service = quote(school.root + "parent.html", safe="")
        assert delegated.headers["location"] == (
            f"https://cas.example.org/cas/login?service={service}"
        )
        # The service is built from the configuration, whatever Host the request names.
        forged = httpx.get(school.root + "parent.html", headers={"Host": "evil.example"})
        assert forged.headers["location"] == delegated.headers["location"]
        assert httpx.get(school.root + "eleve.html").status_code == 200  # not delegated
        with school.browser() as browser:
            direct = log_in(browser, "parent.html?login=true", "paul.durand", PEOPLE_PASSWORD)
            assert direct.status_code == 303
            assert "Connecté : Paul Durand" in browser.get("parent.html").text
    finally:
        school.stop_publication()
        assert school.console.put(
            "/v1/publication/settings", json={"published_espaces": [k.value for k in EspaceKind]}
        )
