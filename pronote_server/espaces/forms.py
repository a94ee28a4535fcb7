"""The Espaces' forms against cross-site requests: each form carries a token bound to the
browser's pre-session cookie (a random value set before any login) and to what the form does.

The token is an HMAC of the pre-session value, the school and the form's purpose, under a key
derived from the service's invoice key (``keys/invoice.key``, shared by every worker like the CA;
a separate derivation, so the token reveals nothing of that key). Nothing is stored: any worker
checks any token, and a token from another browser, school or form does not pass.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from pathlib import Path

PRESESSION_BYTES = 24
_LABEL = b"pronote.net forms v1"


@functools.cache
def _key(invoice_key: Path) -> bytes:
    return hmac.new(invoice_key.read_bytes().strip(), _LABEL, hashlib.sha256).digest()


def new_presession() -> str:
    return secrets.token_urlsafe(PRESESSION_BYTES)


def is_presession(value: str | None) -> bool:
    return bool(value) and len(value or "") == 32 and (value or "").isascii()


def token(invoice_key: Path, presession: str, uai: str, purpose: str) -> str:
    message = f"{presession}|{uai}|{purpose}".encode()
    digest = hmac.new(_key(invoice_key), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def token_ok(
    invoice_key: Path, presession: str | None, uai: str, purpose: str, sent: str | None
) -> bool:
    if not presession or not is_presession(presession) or not sent or len(sent) > 64:
        return False
    expected = token(invoice_key, presession, uai, purpose)
    return hmac.compare_digest(expected.encode(), sent.encode("utf-8", "replace"))


# --- signed values ------------------------------------------------------------------------------
# A value the browser holds for a short while and gives back, that it must not be able to forge
# (the CAS user validated before the double authentication form): the value, its deadline and
# an HMAC under the same derived key, bound to the pre-session, the school and the purpose.


def _seal(invoice_key: Path, presession: str, uai: str, purpose: str, body: str) -> str:
    message = f"sealed|{presession}|{uai}|{purpose}|{body}".encode()
    digest = hmac.new(_key(invoice_key), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def sign(
    invoice_key: Path, presession: str, uai: str, purpose: str, value: str, expires: int
) -> str:
    """``value`` (any text) sealed until ``expires`` (seconds since the epoch), as a cookie value
    (URL-safe base64 and dots only)."""
    body = base64.urlsafe_b64encode(f"{expires}|{value}".encode()).decode("ascii").rstrip("=")
    return f"{body}.{_seal(invoice_key, presession, uai, purpose, body)}"


def unsign(
    invoice_key: Path,
    presession: str | None,
    uai: str,
    purpose: str,
    sealed: str | None,
    now: float,
) -> str | None:
    """The value :func:`sign` sealed, if the seal holds for this pre-session, school and purpose
    and its deadline has not passed; None otherwise."""
    if not presession or not is_presession(presession) or not sealed or len(sealed) > 1024:
        return None
    body, dot, seal = sealed.partition(".")
    if not dot or not body.isascii() or not seal.isascii():
        return None
    expected = _seal(invoice_key, presession, uai, purpose, body)
    if not hmac.compare_digest(expected.encode(), seal.encode()):
        return None
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    deadline, bar, value = text.partition("|")
    if not bar or not deadline.isdigit() or int(deadline) < now:
        return None
    return value
