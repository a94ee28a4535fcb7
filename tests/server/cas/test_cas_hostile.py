"""A CAS server that is broken, hostile or absent: every case is a typed refusal with its own
reason, within the time allowed, and a ticket of the wrong shape never leaves the service."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cas_support import SERVICE, delegation_for
from hostile_http import HostileServer, closed_port, not_http_port, silent_port

from pronote_api.catalogue import CATALOGUE, tr
from pronote_server.espaces import cas
from pronote_server.espaces.cas import CasRefused, CasTimeouts

TICKET = "ST-1-abcdefghijklmnopqrstuvwxyz0123456789"
QUICK = CasTimeouts(connect=1.0, read=1.0, total=2.0)


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    try:
        yield server
    finally:
        server.stop()


async def _refused(
    server_url: str, *, ticket: str = TICKET, timeout: CasTimeouts = QUICK
) -> CasRefused:
    delegation = delegation_for(server_url)
    async with httpx.AsyncClient() as client:
        with pytest.raises(CasRefused) as refused:
            await cas.validate(delegation, SERVICE, ticket, client=client, timeout=timeout)
    return refused.value


async def test_the_harness_answers_a_good_answer(hostile: HostileServer) -> None:
    """The control: the same server, a well-formed answer, is an identity (so the refusals
    below come from what each answer is, not from the harness)."""
    async with httpx.AsyncClient() as client:
        identity = await cas.validate(
            delegation_for(hostile.url("success")), SERVICE, TICKET, client=client
        )
    assert identity.user == "lea.martin"
    assert identity.values("sn") == ("Martin", "Roux")
    assert hostile.requests[-1].startswith("/success/p3/serviceValidate?service=https%3A%2F%2F")
    assert f"&ticket={TICKET}" in hostile.requests[-1]


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ("garbage", "cas.refused.not_xml"),
        ("cas1", "cas.refused.not_xml"),
        ("html", "cas.refused.unexpected_answer"),
        ("big", "cas.refused.oversized"),
        ("big-chunked", "cas.refused.oversized"),
        ("laughs", "cas.refused.forbidden_xml"),
        ("xxe", "cas.refused.forbidden_xml"),
        ("namespace", "cas.refused.unexpected_answer"),
        ("no-user", "cas.refused.unexpected_answer"),
        ("markup-user", "cas.refused.unexpected_answer"),
        ("long-user", "cas.refused.unexpected_answer"),
        ("control-user", "cas.refused.unexpected_answer"),
        ("two-answers", "cas.refused.unexpected_answer"),
        ("internal", "cas.refused.cas_internal_error"),
        ("unknown-code", "cas.refused.other_failure"),
        ("bad-code", "cas.refused.other_failure"),
        ("error500", "cas.refused.http_status"),
        ("redirect", "cas.refused.http_status"),
        ("gzip", "cas.refused.unexpected_answer"),
        ("missing", "cas.refused.http_status"),
    ],
)
async def test_a_bad_answer_is_refused_with_its_own_reason(
    hostile: HostileServer, behaviour: str, reason: str
) -> None:
    started = time.monotonic()
    refused = await _refused(hostile.url(behaviour))
    assert refused.reason == reason
    assert time.monotonic() - started < QUICK.total
    # What the person reads: a full sentence in both languages, with its figures filled.
    for lang in ("fr", "en"):
        text = refused.message(lang)
        assert text and "{" not in text and text[0].isupper()
        assert "words of the server" not in text and TICKET not in text


async def test_an_error_status_is_named_and_a_redirect_is_not_followed(
    hostile: HostileServer,
) -> None:
    assert (await _refused(hostile.url("error500"))).message("fr") == tr(
        "cas.refused.http_status", "fr", status=500
    )
    before = len(hostile.requests)
    refused = await _refused(hostile.url("redirect"))
    assert refused.params == {"status": 302}
    assert hostile.requests[before:] == [hostile.requests[before]]  # one request: no follow
    assert hostile.requests[before].startswith("/redirect/")


async def test_an_oversized_answer_names_the_limit(hostile: HostileServer) -> None:
    delegation = delegation_for(hostile.url("big-chunked"))
    async with httpx.AsyncClient() as client:
        with pytest.raises(CasRefused) as refused:
            await cas.validate(
                delegation, SERVICE, TICKET, client=client, timeout=QUICK, max_answer_bytes=4096
            )
    assert refused.value.message("fr") == (
        "La réponse du serveur CAS de l'ENT dépasse la taille admise (4 Kio) : prévenez "
        "l'établissement."
    )


async def test_an_unknown_failure_code_is_kept_for_the_log(hostile: HostileServer) -> None:
    refused = await _refused(hostile.url("unknown-code"))
    assert refused.cas_code == "SOMETHING_ELSE"
    assert (await _refused(hostile.url("bad-code"))).cas_code is None


@pytest.mark.parametrize(
    "ticket",
    [
        "",
        "ST-",
        "PT-1-abcdef",
        "TGT-1-abcdef",
        "st-1-abcdef",
        "ST-1 abcdef",
        "ST-1-abc&service=https://evil.example/",
        "ST-1-abc%26x",
        "ST-1-abcdéf",
        "ST-1-abc\ndef",
        "ST-1-abc\x00",
        "ST-" + "a" * (cas.TICKET_MAX - 2),  # 257 characters
        "ST-" + "a" * 100_000,
    ],
)
async def test_a_forged_or_oversized_ticket_is_refused_before_any_request(
    hostile: HostileServer, ticket: str
) -> None:
    before = len(hostile.requests)
    refused = await _refused(hostile.url("success"), ticket=ticket)
    assert refused.reason == "cas.refused.ticket_malformed"
    assert len(hostile.requests) == before


async def test_a_closed_port_is_refused_at_once() -> None:
    started = time.monotonic()
    refused = await _refused(f"http://127.0.0.1:{closed_port()}/cas/")
    assert refused.reason == "cas.refused.unreachable"
    assert time.monotonic() - started < QUICK.connect
    assert "ne répond pas" in refused.message("fr")


async def test_a_server_that_never_answers_is_refused_within_the_timeout() -> None:
    with silent_port() as port:
        started = time.monotonic()
        refused = await _refused(f"http://127.0.0.1:{port}/cas/")
        elapsed = time.monotonic() - started
    assert refused.reason == "cas.refused.timeout"
    assert QUICK.read * 0.9 <= elapsed < QUICK.total + 0.5


async def test_a_slow_server_is_refused_at_the_read_timeout(hostile: HostileServer) -> None:
    started = time.monotonic()
    refused = await _refused(hostile.url("slow"))
    elapsed = time.monotonic() - started
    assert refused.reason == "cas.refused.timeout"
    assert elapsed < QUICK.total


async def test_a_trickling_server_is_cut_at_the_deadline(hostile: HostileServer) -> None:
    """A byte every 0.2 s never trips the read timeout; the deadline of the whole validation
    ends it."""
    started = time.monotonic()
    refused = await _refused(hostile.url("trickle"))
    elapsed = time.monotonic() - started
    assert refused.reason == "cas.refused.timeout"
    assert QUICK.total * 0.9 <= elapsed < QUICK.total + 0.5


async def test_a_server_that_does_not_speak_http_is_refused() -> None:
    with not_http_port() as port:
        refused = await _refused(f"http://127.0.0.1:{port}/cas/")
    assert refused.reason == "cas.refused.garbled"


def test_every_refusal_reason_the_client_raises_is_in_the_catalogue() -> None:
    raised = set(re.findall(r'"(cas\.refused\.[a-z_]+)"', Path(cas.__file__).read_text()))
    assert len(raised) >= 15  # the scan sees the module
    assert set(cas.FAILURE_REASONS.values()) <= raised | set(CATALOGUE)
    assert raised - set(CATALOGUE) == set()


async def test_the_ticket_never_reaches_the_log(
    hostile: HostileServer, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx logs each request's address at INFO, the service's level: the ticket is hidden."""
    caplog.set_level(logging.INFO)
    async with httpx.AsyncClient() as client:
        await cas.validate(delegation_for(hostile.url("success")), SERVICE, TICKET, client=client)
    await _refused(hostile.url("error500"))
    assert "serviceValidate" in caplog.text and "ticket=[hidden]" in caplog.text
    assert TICKET not in caplog.text and TICKET[3:] not in caplog.text
    assert cas.redact_tickets(f"GET /pronote/eleve.html?ticket={TICKET}&x=1") == (
        "GET /pronote/eleve.html?ticket=[hidden]&x=1"
    )
