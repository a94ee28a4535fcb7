"""Random account identifiers: hosting number, invoice number, client reference."""

from __future__ import annotations

import secrets


def random_digits(length: int) -> str:
    """``length`` random digits, the first one not zero (so the value survives as a number)."""
    first = str(secrets.randbelow(9) + 1)
    return first + "".join(str(secrets.randbelow(10)) for _ in range(length - 1))


def new_hosting_number() -> str:
    return random_digits(12)


def new_invoice_number() -> str:
    return random_digits(10)


def new_client_reference() -> str:
    return random_digits(5)
