"""The web Espaces served by the real service's web listener (``serve --web-port``): which school
and page a request names, published or 503, the pages themselves, hostile requests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from espaces_support import WebSchool, web_school, web_service
from live_service import LiveService
from server_support import ssl_context

from pronote_api.publication import ESPACE_PAGES, EspaceKind


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    live = web_service(tmp_path_factory.mktemp("web"))
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def school(service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSchool]:
    with web_school(service, tmp_path_factory.mktemp("ws"), name="Lycée <b>Test</b> & Cie") as s:
        yield s


@pytest.fixture
def published(school: WebSchool) -> Iterator[WebSchool]:
    """Everything ticked, the server running, the base published."""
    school.stop_publication()
    every = [kind.value for kind in EspaceKind]
    assert (
        school.console.put(
            "/v1/publication/settings", json={"published_espaces": every}
        ).status_code
        == 200
    )
    if school.console.get("/v1/server/status").json()["state"] != "running":
        assert school.console.post("/v1/server/start", json={}).status_code == 200
    school.publish()
    yield school
    school.stop_publication()


def get(school: WebSchool, page: str, **headers: str) -> httpx.Response:
    return httpx.get(school.root + page, headers=headers, timeout=30, follow_redirects=False)


def test_the_ready_file_and_info_name_the_web_listener(service: LiveService) -> None:
    assert service.ready["web_url"] == f"http://127.0.0.1:{service.ready['web_port']}"
    info = httpx.get(service.enrol_url + "/v1/info", verify=ssl_context(service.ca_pem)).json()
    assert info["web_port"] == service.ready["web_port"]
    assert info["web_url"] == service.ready["web_url"]


def test_an_unpublished_school_answers_503_in_french_or_english(school: WebSchool) -> None:
    school.stop_publication()
    response = get(school, "parent.html")
    assert response.status_code == 503
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Espace indisponible" in response.text
    assert "ne sont pas publiés pour le moment" in response.text
    english = get(school, "parent.html", **{"Accept-Language": "en-GB,en;q=0.9,fr;q=0.8"})
    assert english.status_code == 503
    assert "Espace unavailable" in english.text and '<html lang="en">' in english.text
    # French wins when preferred, whatever else is listed.
    assert '<html lang="fr">' in get(school, "", **{"Accept-Language": "fr-FR,en;q=0.5"}).text


def test_every_page_of_the_contract_is_served_once_published(published: WebSchool) -> None:
    for espace in ESPACE_PAGES:
        for page in (espace.page, espace.mobile):
            if page is None:
                continue
            response = get(published, page)
            assert response.status_code == 200, (page, response.text[:300])
            assert response.headers["content-type"] == "text/html; charset=utf-8"
    common = get(published, "").text
    assert 'href="parent.html"' in common and 'href="eleve.html"' in common
    mobile = get(published, "mobile.html").text
    assert 'href="mobile.parent.html"' in mobile
    assert 'href="entreprise.html"' in mobile  # no mobile page of its own
    assert "Identifiant" in get(published, "mobile.professeur.html").text


def test_the_school_is_found_from_its_host_name(published: WebSchool) -> None:
    host = f"{published.secrets.uai.lower()}.localhost"
    response = httpx.get(
        published.web_url + "/pronote/eleve.html", headers={"Host": host}, timeout=30
    )
    assert response.status_code == 200
    assert "Espace Élèves" in response.text
    other = httpx.get(published.web_url + "/pronote/", headers={"Host": "0750654d.localhost"})
    assert other.status_code == 404
    assert "Établissement inconnu" in other.text


def test_an_unticked_espace_and_a_stopped_server_answer_503(published: WebSchool) -> None:
    published.stop_publication()
    settings = {"published_espaces": ["commune", "parent"]}
    assert published.console.put("/v1/publication/settings", json=settings).status_code == 200
    published.publish()
    assert get(published, "parent.html").status_code == 200
    unticked = get(published, "professeur.html")
    assert unticked.status_code == 503
    assert "Espace Professeurs de Lycée" in unticked.text
    assert "n&#x27;est pas publié" in unticked.text
    assert 'href="professeur.html"' not in get(published, "").text
    # Stopping the school server: every Espace answers 503 at once; starting it: back.
    assert published.console.post("/v1/server/stop").status_code == 200
    stopped = get(published, "parent.html")
    assert stopped.status_code == 503 and "est arrêté" in stopped.text
    assert published.console.post("/v1/server/start", json={}).status_code == 200
    assert get(published, "parent.html").status_code == 200


def test_publishing_and_stopping_take_effect_on_the_next_request(published: WebSchool) -> None:
    assert get(published, "eleve.html").status_code == 200
    assert published.console.post("/v1/publication/stop").status_code == 200
    assert get(published, "eleve.html").status_code == 503
    assert published.console.post("/v1/publication/publish").status_code == 200
    assert get(published, "eleve.html").status_code == 200


def test_the_school_page_shows_the_school_and_every_value_is_escaped(
    published: WebSchool,
) -> None:
    page = get(published, "etablissement.html").text
    assert "Lycée &lt;b&gt;Test&lt;/b&gt; &amp; Cie" in page
    assert "<b>Test</b>" not in page
    assert f"UAI : {published.secrets.uai}" in page


def test_answers_carry_the_security_headers(published: WebSchool) -> None:
    response = get(published, "parent.html")
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src" not in response.headers["content-security-policy"]  # default-src 'none'
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f"Path=/{published.secrets.uai}/pronote/" in cookie
    assert "Secure" not in cookie  # plain HTTP on 127.0.0.1 only


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/", {}, 404),
        ("/0750654D/pronote/", {}, 404),  # a valid UAI of no school
        ("/0750654X/pronote/", {}, 404),  # a wrong check letter
        ("/../../etc/passwd", {}, 404),
        ("/%00/pronote/", {}, 404),
        ("/" + "a" * 5000, {}, 404),
        ("/pronote/", {"Host": "evil.example.org"}, 404),
        ("/pronote/", {"Host": "xn--0750655e.localhost"}, 404),
        ("/pronote/", {"Host": "a.b.localhost"}, 404),
    ],
)
def test_hostile_requests_get_a_page_never_an_error(
    school: WebSchool, path: str, headers: dict[str, str], status: int
) -> None:
    response = httpx.get(school.web_url + path, headers=headers, timeout=30)
    assert response.status_code == status
    assert "<!DOCTYPE html>" in response.text


def test_a_page_the_school_does_not_have_is_404_and_the_folder_redirects(
    published: WebSchool,
) -> None:
    missing = get(published, "cantine.html")
    assert missing.status_code == 404 and "Page introuvable" in missing.text
    assert get(published, "parent.html/x").status_code == 404
    folder = httpx.get(published.root[:-1], follow_redirects=False)
    assert folder.status_code == 301
    assert folder.headers["location"] == f"/{published.secrets.uai}/pronote/"
    assert get(published, "parent.html?x=%ff%fe&login=<script>").status_code == 200


def test_methods_and_bodies_the_pages_do_not_take_are_refused(published: WebSchool) -> None:
    assert httpx.delete(published.root + "parent.html").status_code == 405
    not_form = httpx.post(published.root + "parent.html", json={"login": "x"})
    assert not_form.status_code == 400 and "Formulaire illisible" in not_form.text
    huge = httpx.post(
        published.root + "parent.html",
        content=b"a=" + b"b" * 10_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert huge.status_code == 400
    assert httpx.head(published.root + "parent.html").status_code == 200


def test_the_web_listener_speaks_https_with_the_service_certificate_by_default(
    tmp_path: Path,
) -> None:
    live = LiveService(data_dir=tmp_path / "data", log_path=tmp_path / "service.out")
    live.init("--domain", "hebergement.example.org")
    try:
        live.start("--web-port", "0")
        assert str(live.ready["web_url"]).startswith("https://127.0.0.1:")
        with web_school(live, tmp_path / "ws") as school:
            school.publish()
            host = f"{school.secrets.uai.lower()}.hebergement.example.org"
            response = httpx.get(
                str(live.ready["web_url"]) + "/pronote/parent.html",
                headers={"Host": host},
                verify=ssl_context(live.ca_pem),
            )
            assert response.status_code == 200
            assert "Secure" in response.headers["set-cookie"]
            state = school.console.get("/v1/publication").json()
            assert state["common_page"] == f"https://{host}:{live.ready['web_port']}/pronote/"
        # The certificate names every school's host (a wildcard of the hosting domain).
        cert = x509.load_pem_x509_certificate((live.data_dir / "pki" / "server.pem").read_bytes())
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert "*.hebergement.example.org" in names.get_values_for_type(x509.DNSName)
    finally:
        live.stop()
    # Plain HTTP anywhere but on 127.0.0.1 is refused before anything starts.
    anywhere = "0.0.0.0"  # noqa: S104 (the refused case)
    refused = live.cli("serve", "--host", anywhere, "--port", "0", "--web-port", "0", "--web-http")
    assert refused.returncode == 2
    assert "ne sont permis que sur 127.0.0.1 (hôte demandé : 0.0.0.0)" in refused.stderr
