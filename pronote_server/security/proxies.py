"""Who is really on the other end: the client address behind trusted reverse proxies.

A web service usually sits behind a reverse proxy on the same host (port 443, one certificate for
many services); every request then comes from the proxy's address, and suspending that address
would lock every school's users out while never stopping an attacker. The proxy names the client
it forwarded in ``Forwarded`` (RFC 7239) or ``X-Forwarded-For``, but anyone can send those
headers: they are believed only when the peer is one of the configured ``trusted_proxies``
(empty by default, so nothing is believed).

The chain is read from the right (the hop nearest to us) leftwards, skipping the trusted proxies:
the first address that is not one of them is the client. An entry that is not an address (a
proxy that writes ``unknown``, an obfuscated name) ends the walk at the hop that reported it,
which is then taken as the client: the service suspends what it can prove, never a name it was
handed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_FOR = re.compile(r'(?:^|[;,\s])for\s*=\s*("[^"]*"|[^;,\s]*)', re.IGNORECASE)


@lru_cache(maxsize=16)
def networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of the setting (each entry an address or a network, checked at load)."""
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _address(text: str) -> Address | None:
    """An address out of a header's node: ``1.2.3.4``, ``1.2.3.4:80``, ``[2001:db8::1]:80``,
    ``2001:db8::1``, quoted or not; ``None`` for anything else."""
    node = text.strip().strip('"').strip()
    if node.startswith("["):
        node = node[1 : node.find("]")] if "]" in node else ""
    elif node.count(":") == 1:
        node = node.split(":", 1)[0]
    try:
        return ipaddress.ip_address(node)
    except ValueError:
        return None


def forwarded_chain(forwarded: str | None, forwarded_for: str | None) -> list[str]:
    """The hops named by the headers, leftmost first: ``Forwarded``'s ``for=`` when it is present
    (the standard), otherwise ``X-Forwarded-For``'s entries."""
    if forwarded:
        return [match.group(1) for match in _FOR.finditer(forwarded)]
    if forwarded_for:
        return [item for item in forwarded_for.split(",") if item.strip()]
    return []


def _trusted(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def client_address(peer: str, chain: Iterable[str], trusted: tuple[str, ...]) -> str:
    """The address to judge a request by (suspensions, history): ``peer`` itself unless it is a
    trusted proxy, then the nearest hop of ``chain`` that is not one."""
    nets = networks(trusted)
    current = _address(peer)
    if current is None or not nets or not _trusted(current, nets):
        return peer
    for hop in reversed(list(chain)):
        found = _address(hop)
        if found is None:
            break  # not an address: the hop that wrote it is as far as we can prove
        current = found
        if not _trusted(current, nets):
            break
    return str(current)
