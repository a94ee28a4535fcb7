"""The CAS delegation of the web Espaces end to end: the real ``pronote-server serve`` on
127.0.0.1 (``--web-port``, plain HTTP), a real CAS 3.0 server (django-cas-server, see
``tests/cas_server.py``) and a browser-like client going back and forth between them.

The school's settings are set through the API as the console sets them; each refusal is the
page the person would see, and nothing is kept by one (no session, no link)."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from cas_server import CasAccount, CasServer, cas_server_missing, free_port, start_cas_server
from espaces_support import (
    PEOPLE_PASSWORD,
    WebSchool,
    csrf_of,
    move_clock,
    set_password,
    web_school,
    web_service,
)

from pronote_api.catalogue import tr
from pronote_api.publication import EspaceKind

pytestmark = pytest.mark.e2e

ENT_PASSWORD = "Ent-Passw0rd-2026"
ACCOUNTS = (
    # The ENT's directory carries the PRONOTE login of this student.
    CasAccount("ent.lea", ENT_PASSWORD, "Léa", "Durand", extra={"pronoteLogin": ["léa.durand"]}),
    # One whose PRONOTE login names nobody of the base.
    CasAccount("ent.nobody", ENT_PASSWORD, "Jean", "Personne", extra={"pronoteLogin": ["x.y"]}),
    # A parent without any attribute: double authentication.
    CasAccount("ent.paul", ENT_PASSWORD, "Paul", "Durand"),
)


@pytest.fixture(scope="module")
def cas_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CasServer]:
    missing = cas_server_missing()
    if missing:
        pytest.skip(missing)
    server = start_cas_server(
        tmp_path_factory.mktemp("cas"),
        ACCOUNTS,
        [("Espaces PRONOTE.net", r"^http://127\.0\.0\.1:\d+/[0-9A-Za-z]{8}/pronote/.*$")],
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSchool]:
    service = web_service(tmp_path_factory.mktemp("web"))
    try:
        with web_school(service, tmp_path_factory.mktemp("ws")) as s:
            for login in ("léa.durand", "paul.durand"):
                done = set_password(service, s.secrets.uai, login, PEOPLE_PASSWORD)
                assert done.returncode == 0, done.stderr
            yield s
    finally:
        service.stop()


def configure(
    school: WebSchool, server: CasServer, cas: dict[str, Any] | None = None, **settings: Any
) -> None:
    """Stop, set the settings through the API as the console does, publish."""
    school.stop_publication()
    cas_settings = {
        "name": "ENT de test",
        "server_url": server.base_url,
        "matching": "double_auth",
        **(cas or {}),
    }
    body = {
        "published_espaces": [k.value for k in EspaceKind],
        "cas": cas_settings,
        "delegation_active": True,
        "espace_delegation": {"parent": "cas", "eleve": "cas"},
        **settings,
    }
    saved = school.console.put("/v1/publication/settings", json=body)
    assert saved.status_code == 200, saved.text
    school.publish()


@pytest.fixture
def pronote_id(school: WebSchool, cas_server: CasServer) -> WebSchool:
    configure(school, cas_server, cas={"matching": "pronote_id", "attribute": "pronoteLogin"})
    return school


def text_of(response: httpx.Response) -> str:
    return html.unescape(response.text)


def to_cas(browser: httpx.Client, page: str, cas: CasServer) -> str:
    """Open a delegated Espace without a session: the redirect to the CAS login; its service."""
    sent = browser.get(page)
    assert sent.status_code == 302, sent.text
    location = sent.headers["location"]
    assert location.startswith(cas.base_url + "login?service=")
    [service] = parse_qs(urlsplit(location).query)["service"]
    assert location == cas.base_url + "login?service=" + quote(service, safe="")
    return service


def assert_refused(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    seen = text_of(response)
    assert tr("cas.refused.title") in seen and tr(reason) in seen
    assert "ST-" not in response.text  # the ticket is not shown back


async def test_a_cas_login_opens_a_pronote_net_session_and_logs_out_through_cas(
    pronote_id: WebSchool, cas_server: CasServer
) -> None:
    school = pronote_id
    with school.browser() as browser:
        service = to_cas(browser, "eleve.html", cas_server)
        assert service == school.root + "eleve.html"  # the exact page, from the configuration
        ticket = await cas_server.login(service, "ent.lea")
        back = browser.get("eleve.html", params={"ticket": ticket})
        assert back.status_code == 303 and back.headers["location"] == "eleve.html"
        page = browser.get("eleve.html")
        assert page.status_code == 200
        assert "Connecté : Léa Durand (léa.durand)" in text_of(page)
        assert f"Établissement : {school.secrets.school_name}" in text_of(page)
        assert "Se déconnecter de l'ENT" in text_of(page)
        [row] = school.sessions()
        assert row["application"] == "pronote_net" and row["user"] == "léa.durand"
        assert row["workstation"] == "Espace Élèves"

        # The same ticket again, from another browser: refused, nothing opened.
        with school.browser() as other:
            assert_refused(
                other.get("eleve.html", params={"ticket": ticket}), "cas.refused.invalid_ticket"
            )
        assert len(school.sessions()) == 1

        logout = browser.post("eleve.html", data={"csrf": csrf_of(page.text), "logout": "1"})
        assert logout.status_code == 303
        assert logout.headers["location"] == (
            cas_server.base_url + "logout?service=" + quote(service, safe="")
        )
    assert school.sessions() == []


async def test_a_ticket_issued_for_another_espace_is_refused(
    pronote_id: WebSchool, cas_server: CasServer
) -> None:
    with pronote_id.browser() as browser:
        ticket = await cas_server.login(pronote_id.root + "parent.html", "ent.lea")
        assert_refused(
            browser.get("eleve.html", params={"ticket": ticket}), "cas.refused.invalid_service"
        )
    assert pronote_id.sessions() == []


async def test_an_expired_ticket_is_refused(pronote_id: WebSchool, cas_server: CasServer) -> None:
    with pronote_id.browser() as browser:
        ticket = await cas_server.login(pronote_id.root + "eleve.html", "ent.lea")
        await asyncio.sleep(cas_server.ticket_validity + 1.5)
        assert_refused(
            browser.get("eleve.html", params={"ticket": ticket}), "cas.refused.invalid_ticket"
        )
    assert pronote_id.sessions() == []


async def test_a_cas_user_who_is_nobody_of_the_base_is_refused(
    pronote_id: WebSchool, cas_server: CasServer
) -> None:
    with pronote_id.browser() as browser:
        ticket = await cas_server.login(pronote_id.root + "eleve.html", "ent.nobody")
        assert_refused(
            browser.get("eleve.html", params={"ticket": ticket}), "cas.refused.unknown_user"
        )
    assert pronote_id.sessions() == []


def test_forged_tickets_are_refused_before_reaching_cas(pronote_id: WebSchool) -> None:
    with pronote_id.browser() as browser:
        for forged in ("ST-" + "a" * 300, "not-a-ticket", "ST-<script>", ""):
            assert_refused(
                browser.get("eleve.html", params={"ticket": forged}),
                "cas.refused.ticket_malformed",
            )


def test_an_unreachable_cas_server_is_a_readable_502(
    school: WebSchool, cas_server: CasServer
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/cas/"
    configure(school, cas_server, cas={"server_url": closed})
    with school.browser() as browser:
        refused = browser.get("eleve.html", params={"ticket": "ST-1-abcdef"})
        assert refused.status_code == 502
        assert tr("cas.refused.unreachable") in text_of(refused)
    assert school.sessions() == []


async def test_double_authentication_asks_once_then_the_ent_is_enough(
    school: WebSchool, cas_server: CasServer
) -> None:
    configure(school, cas_server)  # double authentication
    with school.browser() as browser:
        service = to_cas(browser, "parent.html", cas_server)
        ticket = await cas_server.login(service, "ent.paul")
        asked = browser.get("parent.html", params={"ticket": ticket})
        assert asked.status_code == 200
        assert tr("cas.double_auth.explain") in text_of(asked)
        assert "ent.paul" not in asked.text  # the CAS user is not in the form
        assert school.sessions() == []

        wrong = browser.post(
            "parent.html",
            data={"csrf": csrf_of(asked.text), "login": "paul.durand", "password": "wrong"},
        )
        assert wrong.status_code == 401
        assert "Identifiant ou mot de passe incorrect." in text_of(wrong)
        assert school.sessions() == []

        right = browser.post(
            "parent.html",
            data={"csrf": csrf_of(wrong.text), "login": "paul.durand", "password": PEOPLE_PASSWORD},
        )
        assert right.status_code == 303
        page = browser.get("parent.html")
        assert "Connecté : Paul Durand (paul.durand)" in text_of(page)
        assert [row["user"] for row in school.sessions()] == ["paul.durand"]
        browser.post("parent.html", data={"csrf": csrf_of(page.text), "logout": "1"})
    assert school.sessions() == []

    # Another visit from the ENT, in a new browser: the link holds, no question asked.
    with school.browser() as browser:
        ticket = await cas_server.login(to_cas(browser, "parent.html", cas_server), "ent.paul")
        back = browser.get("parent.html", params={"ticket": ticket})
        assert back.status_code == 303
        assert "Connecté : Paul Durand (paul.durand)" in text_of(browser.get("parent.html"))
        [row] = school.sessions()
        assert row["application"] == "pronote_net"


async def test_the_double_authentication_form_needs_the_ents_word(
    school: WebSchool, cas_server: CasServer
) -> None:
    """Posted without the sealed CAS user (another browser, or a forged cookie): refused, and
    a right password links nothing."""
    configure(school, cas_server)
    with school.browser() as browser:
        ticket = await cas_server.login(school.root + "eleve.html", "ent.lea")
        asked = browser.get("eleve.html", params={"ticket": ticket})
        assert asked.status_code == 200
        browser.cookies.set("pn_cas_eleve", "forged.seal", path=f"/{school.secrets.uai}/pronote/")
        forged = browser.post(
            "eleve.html",
            data={"csrf": csrf_of(asked.text), "login": "léa.durand", "password": PEOPLE_PASSWORD},
        )
        assert forged.status_code == 401
        assert tr("cas.double_auth.expired") in text_of(forged)
    assert school.sessions() == []


async def test_the_double_authentication_waits_ten_minutes_at_most(
    school: WebSchool, cas_server: CasServer
) -> None:
    configure(school, cas_server)
    with school.browser() as browser:
        ticket = await cas_server.login(school.root + "eleve.html", "ent.lea")
        asked = browser.get("eleve.html", params={"ticket": ticket})
        assert asked.status_code == 200
        move_clock(school.service, 11 * 60)
        try:
            late = browser.post(
                "eleve.html",
                data={
                    "csrf": csrf_of(asked.text),
                    "login": "léa.durand",
                    "password": PEOPLE_PASSWORD,
                },
            )
        finally:
            move_clock(school.service, -11 * 60)
        assert late.status_code == 401
        assert tr("cas.double_auth.expired") in text_of(late)
    assert school.sessions() == []


def test_direct_login_follows_its_setting(school: WebSchool, cas_server: CasServer) -> None:
    configure(school, cas_server, direct_login_allowed=True)
    with school.browser() as browser:
        form = browser.get("eleve.html?login=true")
        assert form.status_code == 200 and 'name="password"' in form.text
        assert 'name="password"' in browser.get("?login=true").text
    configure(school, cas_server, direct_login_allowed=False)
    for page in ("eleve.html?login=true", "?login=true"):
        refused = httpx.get(school.root + page)
        assert refused.status_code == 403
        assert tr("web.direct.refused") in text_of(refused)
        assert 'name="password"' not in refused.text


def test_the_service_log_carries_no_ticket(school: WebSchool, cas_server: CasServer) -> None:
    """A ticket sent to the web listener: its access line shows the page with the ticket
    hidden, and no log of the service holds it (the validation's request line neither)."""
    configure(school, cas_server)
    ticket = "ST-4242-NeverInTheLogs"
    with school.browser() as browser:
        assert browser.get("eleve.html", params={"ticket": ticket}).status_code == 401
    logs = [school.service.data_dir / "logs" / "service.log", school.service.log_path]
    text = "".join(path.read_text(errors="replace") for path in logs if path.exists())
    assert "eleve.html?ticket=[hidden]" in text
    assert "NeverInTheLogs" not in text
