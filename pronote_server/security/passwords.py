"""Hosting passwords: generation and scrypt hashing.

scrypt (``hashlib.scrypt``, in the standard library) is memory-hard like argon2id and needs no extra
dependency. Parameters: n=2**14, r=8, p=1 (16 MiB, tens of milliseconds), a 16-byte random salt
per password; they are stored with the hash so they can be raised later without a migration.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

# Without the look-alikes 0/O/o, 1/l/I/i: the password is read from an SMS and typed by hand.
UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
LOWER = "abcdefghjkmnpqrstuvwxyz"
DIGITS = "23456789"
ALPHABET = UPPER + LOWER + DIGITS
PASSWORD_LENGTH = 14

_N, _R, _P, _DKLEN = 2**14, 8, 1, 32


def generate_password(length: int = PASSWORD_LENGTH) -> str:
    """A random password mixing upper case, lower case and digits (about 80 bits at 14 chars)."""
    while True:
        candidate = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if (
            any(c in UPPER for c in candidate)
            and any(c in LOWER for c in candidate)
            and any(c in DIGITS for c in candidate)
        ):
            return candidate


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def dummy_hash() -> str:
    """Verified against when the hosting number is unknown, so that the answer takes as long as
    a wrong password on a real account and timing does not tell which numbers exist."""
    return hash_password(secrets.token_urlsafe(16))
