"""The CAS 3.0 round trip against a real CAS server (django-cas-server on 127.0.0.1): a person
logs in through the CAS login form, the ticket they come back with is validated by
``cas.validate`` over HTTP, once, for its own service, while it is fresh."""

from __future__ import annotations

import asyncio
import secrets
import string
import time

import httpx
import pytest
from cas_server import CasServer
from cas_support import OTHER_SERVICE, SERVICE

from pronote_api.catalogue import tr
from pronote_api.publication import CasDelegation
from pronote_server.espaces import cas
from pronote_server.espaces.cas import CasRefused, CasTimeouts


async def _validate(delegation: CasDelegation, service: str, ticket: str) -> cas.CasIdentity:
    async with httpx.AsyncClient() as client:
        return await cas.validate(delegation, service, ticket, client=client)


async def _refusal(delegation: CasDelegation, service: str, ticket: str) -> CasRefused:
    with pytest.raises(CasRefused) as refused:
        await _validate(delegation, service, ticket)
    return refused.value


async def test_a_valid_ticket_gives_the_user_and_their_attributes(
    real_cas: CasServer, delegation: CasDelegation
) -> None:
    ticket = await real_cas.login(SERVICE, "lea.martin")
    assert ticket.startswith("ST-")
    identity = await _validate(delegation, SERVICE, ticket)
    assert identity.user == "lea.martin"
    assert identity.values("sn") == ("Martin",)
    assert identity.values("givenName") == ("Léa",)
    assert identity.values("mail") == ("lea.martin@ent.example.org",)
    assert identity.values("pronoteLogin") == ("LMARTIN",)
    # A multi-valued attribute keeps every value, in order.
    assert identity.values("profils") == ("eleve", "2nde A")
    assert identity.values("isFromNewLogin") == ("true",)
    # Nothing that was not released (Django's password hash is a field of the user).
    assert "password" not in identity.attributes


async def test_the_login_address_brings_the_browser_back_to_the_exact_service(
    real_cas: CasServer, delegation: CasDelegation
) -> None:
    """The address the Espace sends the browser to is the CAS server's real login page, and
    the page posts back to the service named, with the ticket."""
    address = cas.login_url(delegation, SERVICE)
    async with httpx.AsyncClient() as browser:
        page = await browser.get(address)
    assert page.status_code == 200
    assert 'name="lt"' in page.text and 'name="username"' in page.text
    ticket = await real_cas.login(SERVICE, "nina.roux")
    assert (await _validate(delegation, SERVICE, ticket)).user == "nina.roux"


async def test_the_same_ticket_replayed_is_refused(
    real_cas: CasServer, delegation: CasDelegation
) -> None:
    ticket = await real_cas.login(SERVICE, "lea.martin")
    assert (await _validate(delegation, SERVICE, ticket)).user == "lea.martin"
    refused = await _refusal(delegation, SERVICE, ticket)
    assert refused.reason == "cas.refused.invalid_ticket"
    assert refused.cas_code == "INVALID_TICKET"
    assert refused.message("fr") == tr("cas.refused.invalid_ticket", "fr")
    assert "déjà utilisé" in refused.message("fr")
    assert ticket not in refused.message("fr") and ticket not in str(refused)


async def test_a_ticket_for_another_service_is_refused(
    real_cas: CasServer, delegation: CasDelegation
) -> None:
    ticket = await real_cas.login(SERVICE, "lea.martin")
    refused = await _refusal(delegation, OTHER_SERVICE, ticket)
    assert refused.reason == "cas.refused.invalid_service"
    assert refused.cas_code == "INVALID_SERVICE"
    assert "autre adresse" in refused.message("fr")


async def test_an_expired_ticket_is_refused(real_cas: CasServer, delegation: CasDelegation) -> None:
    ticket = await real_cas.login(SERVICE, "nina.roux")
    await asyncio.sleep(real_cas.ticket_validity + 1)
    refused = await _refusal(delegation, SERVICE, ticket)
    assert refused.reason == "cas.refused.invalid_ticket"


async def test_an_unknown_ticket_is_refused_by_the_server(
    real_cas: CasServer, delegation: CasDelegation
) -> None:
    alphabet = string.ascii_letters + string.digits
    forged = "ST-" + "".join(secrets.choice(alphabet) for _ in range(61))
    refused = await _refusal(delegation, SERVICE, forged)
    assert refused.reason == "cas.refused.invalid_ticket"
    assert refused.cas_code == "INVALID_TICKET"


async def test_a_ticket_of_the_longest_length_allowed_reaches_the_server(
    real_cas: CasServer, delegation: CasDelegation
) -> None:
    """256 characters, the length the specification asks services to take, is sent (and the
    server does not know it); one more is refused before any request (test_cas_hostile)."""
    longest = "ST-" + "a" * (cas.TICKET_MAX - 3)
    refused = await _refusal(delegation, SERVICE, longest)
    assert refused.cas_code == "INVALID_TICKET"


async def test_logout_goes_to_the_cas_servers_logout(
    real_cas: CasServer, delegation: CasDelegation
) -> None:
    address = cas.logout_url(delegation, SERVICE)
    assert address == real_cas.base_url + "logout?service=" + (
        "https%3A%2F%2F0750655e.pronote.test%2Fpronote%2Feleve.html"
    )
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(address)
    assert answer.status_code in (200, 302)


async def test_validation_takes_little_time(real_cas: CasServer, delegation: CasDelegation) -> None:
    """A figure for the report: one validation against the local CAS server."""
    ticket = await real_cas.login(SERVICE, "jerome.lefevre")
    started = time.perf_counter()
    identity = await _validate(delegation, SERVICE, ticket)
    elapsed = time.perf_counter() - started
    assert identity.user == "jerome.lefevre"
    assert elapsed < CasTimeouts().total
    print(f"CAS validation against the local django-cas-server: {elapsed * 1000:.1f} ms")
