"""Behind a reverse proxy (issue 12): the forwarded client is judged, never the proxy, and a
header from a peer that is not a trusted proxy is ignored.

The pure walk of the chain first, then the real service: its enrolment door, reached from
loopback addresses of our choosing (127.0.0.60 plays the trusted proxy), 3 failures suspending an
address, nothing allow-listed by default.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_service import AccountSecrets, LiveService
from server_support import enrol_body, make_csr, ssl_context

from pronote_server.security.proxies import client_address, forwarded_chain
from pronote_server.store.config import ServiceConfig

PROXY = "127.0.0.60"
STRANGER = "127.0.0.61"
WRONG = "Wrong234567abc"

# --- the chain ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "forwarded", "forwarded_for", "expected"),
    [
        # No trusted peer: the headers are not even read.
        (STRANGER, None, "203.0.113.7", STRANGER),
        # The proxy's own hop names the client; what the client wrote before it is ignored.
        (PROXY, None, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        # Two trusted proxies in a row: the walk skips both.
        (PROXY, None, "203.0.113.7, 127.0.0.62", "203.0.113.7"),
        # RFC 7239, with an IPv6 node and a port, preferred to X-Forwarded-For.
        (PROXY, 'for="[2001:db8::7]:4711";proto=https', "203.0.113.9", "2001:db8::7"),
        (PROXY, "for=203.0.113.7:5555, for=127.0.0.62", None, "203.0.113.7"),
        # A hop that is not an address stops at the hop that reported it.
        (PROXY, None, "203.0.113.7, unknown", PROXY),
        (PROXY, "for=_hidden", None, PROXY),
        # A trusted peer that names nobody is judged itself.
        (PROXY, None, None, PROXY),
    ],
)
def test_the_client_is_the_nearest_hop_that_is_not_a_trusted_proxy(
    peer: str, forwarded: str | None, forwarded_for: str | None, expected: str
) -> None:
    trusted = ("127.0.0.60/32", "127.0.0.62")
    assert client_address(peer, forwarded_chain(forwarded, forwarded_for), trusted) == expected


def test_a_trusted_proxy_must_be_an_address_or_a_network() -> None:
    with pytest.raises(ValueError, match="not an address or a network"):
        ServiceConfig(db_url="sqlite://", trusted_proxies=["proxy.example.org"])
    assert ServiceConfig(db_url="sqlite://").suspension.allow_list == []


# --- the real service ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    base = tmp_path_factory.mktemp("proxy")
    service = LiveService(data_dir=base / "data", log_path=base / "service.out")
    service.init()
    config = json.loads((service.data_dir / "config.json").read_text())
    config["suspension"] = {"max_failures": 3}  # the default allow-list: nothing
    config["trusted_proxies"] = [PROXY]
    (service.data_dir / "config.json").write_text(json.dumps(config))
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture(scope="module")
def school(svc: LiveService) -> AccountSecrets:
    return svc.create_account()


def _enrol(
    svc: LiveService, school: AccountSecrets, peer: str, forwarded_for: str, password: str
) -> str | None:
    """One enrolment through ``peer`` naming ``forwarded_for``; the error code or ``None``."""
    csr_pem, _key = make_csr(school.hosting_number)
    body = enrol_body(school, csr_pem, workstation="poste-essai", password=password)
    transport = httpx.HTTPTransport(verify=ssl_context(svc.ca_pem), local_address=peer)
    with httpx.Client(base_url=svc.enrol_url, transport=transport, timeout=30) as client:
        response = client.post("/v1/enrol", json=body, headers={"X-Forwarded-For": forwarded_for})
    return response.json().get("code") if response.status_code >= 400 else None


def _suspended(svc: LiveService) -> str:
    result = svc.cli("security", "list")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_brute_force_through_the_proxy_suspends_the_forwarded_client(
    svc: LiveService, school: AccountSecrets, tmp_path: Path
) -> None:
    for _ in range(3):
        assert _enrol(svc, school, PROXY, "203.0.113.7", WRONG) == "invalid_credentials"
    assert _enrol(svc, school, PROXY, "203.0.113.7", WRONG) == "address_suspended"
    # Another user behind the same proxy is not locked out with the attacker.
    assert _enrol(svc, school, PROXY, "203.0.113.8", WRONG) == "invalid_credentials"
    listed = _suspended(svc)
    assert "203.0.113.7" in listed and PROXY not in listed


def test_a_forged_header_from_a_peer_that_is_not_a_proxy_changes_nothing(
    svc: LiveService, school: AccountSecrets
) -> None:
    for n in range(3):
        # Each try names another client: were it believed, nobody would ever be suspended.
        assert _enrol(svc, school, STRANGER, f"198.51.100.{n}", WRONG) == "invalid_credentials"
    assert _enrol(svc, school, STRANGER, "198.51.100.50", WRONG) == "address_suspended"
    listed = _suspended(svc)
    assert STRANGER in listed and "198.51.100." not in listed
