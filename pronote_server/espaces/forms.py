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
