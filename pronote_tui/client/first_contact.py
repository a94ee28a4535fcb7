"""First contact: fetch the service's CA certificate before anything can be verified.

The standard library rather than httpx: this runs before the interface opens, and httpx's import
is a noticeable share of the console's start-up time. Imports :mod:`.errors`,
:mod:`pronote_tui.certificates` and :mod:`pronote_tui.config`.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from urllib.parse import urlsplit

from pronote_tui.certificates import (
    InvalidCaCertificate,
    check_ca_certificate,
    fingerprint_sha256,
    format_fingerprint,
)
from pronote_tui.client.errors import FirstContactFailed, ServiceUnreachable
from pronote_tui.config import Profile, normalise_server_url
from pronote_tui.host import write_file_atomic

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 15.0
MAX_PLAIN_BODY = 1 << 20


async def fetch_ca_unverified(
    server_url: str, *, timeout: float = CONNECT_TIMEOUT
) -> tuple[str, str]:
    """Fetch ``/v1/ca.pem`` WITHOUT verifying the service (nothing to verify with yet).

    Returns ``(pem, "AB:CD:...")``. Nothing is sent but the request line; the manager must
    compare the fingerprint with the provider's before pinning it.
    """
    url = normalise_server_url(server_url)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        status, body = await plain_get(url, "/v1/ca.pem", ctx, timeout)
    except TimeoutError:
        raise ServiceUnreachable(url, "connection.timeout") from None
    except OSError:
        raise ServiceUnreachable(url) from None
    except ValueError:  # something answered, but not HTTP
        raise FirstContactFailed("connection.not_a_service", url=url) from None
    if status != 200:
        raise FirstContactFailed("connection.not_a_service", url=url)
    pem = body.decode("ascii", "replace")
    try:
        return pem, format_fingerprint(fingerprint_sha256(pem))
    except InvalidCaCertificate:
        raise FirstContactFailed("firstcontact.not_a_ca") from None


def pin_ca(profile: Profile, pem: str) -> str:
    """Record ``pem`` as the service's CA in ``profile`` (all later traffic verifies against
    it) and save the profile. Returns the hex fingerprint; raises :class:`FirstContactFailed`
    if ``pem`` is not a CA certificate. Synchronous (local files), standard library only."""
    try:
        digest = check_ca_certificate(pem)
    except InvalidCaCertificate:
        raise FirstContactFailed("firstcontact.not_a_ca") from None
    profile.directory.mkdir(parents=True, exist_ok=True)
    write_file_atomic(profile.ca_path, pem)
    profile.ca_fingerprint = digest
    profile.save()
    return digest


async def plain_get(
    base_url: str, path: str, ctx: ssl.SSLContext, timeout: float
) -> tuple[int, bytes]:
    """One HTTPS GET with asyncio streams: ``(status, body)``. For first contact only."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "", parts.port or 443
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, ssl=ctx), timeout=timeout
    )
    try:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: pronote-tui\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n"
        )
        writer.write(request.encode("ascii"))
        await writer.drain()
        raw = b""
        async with asyncio.timeout(READ_TIMEOUT):
            while len(raw) <= MAX_PLAIN_BODY:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                raw += chunk
    finally:
        writer.close()
        with contextlib.suppress(OSError, ssl.SSLError):
            await writer.wait_closed()
    head, sep, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status_line = lines[0].split(" ", 2)
    if not sep or len(status_line) < 2 or not status_line[0].startswith("HTTP/"):
        raise ValueError("not an HTTP answer")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = dechunk(body)
    elif "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return int(status_line[1]), body


def dechunk(data: bytes) -> bytes:
    """The body of a ``Transfer-Encoding: chunked`` answer."""
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return out
