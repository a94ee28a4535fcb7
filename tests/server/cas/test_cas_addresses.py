"""The addresses the Espaces send browsers to and validate at, for the shapes of CAS addresses
real ENTs give (a bare host, a ``/cas/`` path, a ``selection=`` query, separate links)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from pronote_api.publication import CasDelegation
from pronote_server.espaces import cas

SERVICE = "https://0750655e.pronote.test/pronote/eleve.html"
ENCODED = "https%3A%2F%2F0750655e.pronote.test%2Fpronote%2Feleve.html"


def _server(url: str) -> CasDelegation:
    return CasDelegation(name="ENT", server_url=url)


def _links(login: str, validate: str) -> CasDelegation:
    return CasDelegation(name="ENT", separate_links=True, login_url=login, validate_url=validate)


@pytest.mark.parametrize(
    ("server_url", "login", "validate", "logout"),
    [
        (
            "https://cas.monbureaunumerique.fr/",
            f"https://cas.monbureaunumerique.fr/login?service={ENCODED}",
            f"https://cas.monbureaunumerique.fr/p3/serviceValidate?service={ENCODED}&ticket=ST-1-a",
            f"https://cas.monbureaunumerique.fr/logout?service={ENCODED}",
        ),
        (
            "https://ent.netocentre.fr/cas",
            f"https://ent.netocentre.fr/cas/login?service={ENCODED}",
            f"https://ent.netocentre.fr/cas/p3/serviceValidate?service={ENCODED}&ticket=ST-1-a",
            f"https://ent.netocentre.fr/cas/logout?service={ENCODED}",
        ),
        (
            "https://cas.ent.auvergnerhonealpes.fr/?selection=ATS_parent_eleve",
            "https://cas.ent.auvergnerhonealpes.fr/login?selection=ATS_parent_eleve"
            f"&service={ENCODED}",
            "https://cas.ent.auvergnerhonealpes.fr/p3/serviceValidate"
            f"?service={ENCODED}&ticket=ST-1-a",
            "https://cas.ent.auvergnerhonealpes.fr/logout?selection=ATS_parent_eleve"
            f"&service={ENCODED}",
        ),
    ],
)
def test_a_cas_server_url_gives_login_validation_and_logout(
    server_url: str, login: str, validate: str, logout: str
) -> None:
    delegation = _server(server_url)
    assert cas.login_url(delegation, SERVICE) == login
    assert cas.validate_url(delegation, SERVICE, "ST-1-a") == validate
    assert cas.logout_url(delegation, SERVICE) == logout


def test_separate_links_are_used_as_given() -> None:
    delegation = _links(
        "https://ent.example.org/connexion/login?selection=EDU",
        "https://cas-back.example.org/cas/p3/serviceValidate",
    )
    assert cas.login_url(delegation, SERVICE) == (
        f"https://ent.example.org/connexion/login?selection=EDU&service={ENCODED}"
    )
    assert cas.validate_url(delegation, SERVICE, "ST-9") == (
        f"https://cas-back.example.org/cas/p3/serviceValidate?service={ENCODED}&ticket=ST-9"
    )
    assert cas.logout_url(delegation, SERVICE) == (
        f"https://ent.example.org/connexion/logout?selection=EDU&service={ENCODED}"
    )
    # A login link that is not a CAS /login gives no CAS logout: only the Espace's session ends.
    portal = _links("https://ent.example.org/portail", "https://cas.example.org/p3/serviceValidate")
    assert cas.logout_url(portal, SERVICE) is None


def test_the_service_reaches_the_cas_server_exactly_and_once() -> None:
    """A service address with its own query is sent whole (encoded), and a ``service`` or
    ``ticket`` that an ENT's address carries is dropped: ours is the only one."""
    service = "https://0750655e.pronote.test/pronote/eleve.html?fd=1&a=b c"
    delegation = _server("https://cas.example.org/cas/?service=https://evil.example/&ticket=x")
    for address in (
        cas.login_url(delegation, service),
        cas.validate_url(delegation, service, "ST-2"),
    ):
        query = parse_qs(urlsplit(address).query)
        assert query["service"] == [service]
        assert "evil" not in address
    assert parse_qs(urlsplit(cas.validate_url(delegation, service, "ST-2")).query)["ticket"] == [
        "ST-2"
    ]
    assert "%26a%3Db%20c" in cas.login_url(delegation, service)


def test_the_server_address_of_a_link_ignores_case_of_host_and_the_query() -> None:
    one = _server("https://CAS.Example.org/cas/?selection=A")
    two = _server("https://cas.example.org/cas")
    assert cas.server_address(one) == cas.server_address(two)
    assert cas.server_address(one) == "https://cas.example.org/cas/p3/serviceValidate"
    assert cas.server_address(_server("https://cas.example.org/other")) != cas.server_address(two)


@pytest.mark.parametrize(
    ("ticket", "ok"),
    [
        ("ST-1-abc", True),
        ("ST-" + "Z9-" * 84 + "x", True),  # 256 characters
        ("ST-" + "a" * 254, False),  # 257
        ("ST-a_b", False),
        ("ST-a.b", False),
        (" ST-1", False),
    ],
)
def test_a_ticket_has_the_shape_the_specification_gives(ticket: str, ok: bool) -> None:
    if ok:
        assert cas.check_ticket(ticket) == ticket
    else:
        with pytest.raises(cas.CasRefused):
            cas.check_ticket(ticket)
