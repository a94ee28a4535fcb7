"""Validators shared by the service (which decides) and the console (which warns early).

Each returns the normalised value or raises :class:`InvalidValue` with a catalogue key, so the
message is always the same sentence on both sides and in both languages.
"""

from __future__ import annotations

import re

from pronote_api.errors import ErrorCode

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
# ASCII digits only: ``\d`` would also take other scripts' digits (look-alikes of another number).
HOSTING_NUMBER_RE = re.compile(r"[0-9]{12}")
INVOICE_NUMBER_RE = re.compile(r"[0-9]{10}")
HEX_ID_RE = re.compile(r"[0-9a-f]{32}")
"""A base, snapshot, upload or job id: exactly what the service makes (``uuid4().hex``)."""
HOSTING_PASSWORD_LENGTH = 14
# A deliberately plain e-mail rule: one @, a dot in the domain, no spaces. Deliverability is
# proven by the outbox, not by a regex.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(rf"^[^@\s]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$")


class InvalidValue(ValueError):
    """A value refused with a catalogue key (``reason``) and the matching error code."""

    def __init__(self, code: ErrorCode, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.params = params


def uai_check_letter(first7: str) -> str:
    """The check letter of a UAI from its first 7 characters (2A/2B in numeric form 620/720)."""
    return UAI_LETTERS[int(first7) % 23]


def normalise_uai(value: str) -> str:
    """Validate a UAI (ex-RNE): 7 characters then the check letter. Corsica's 2A/2B are accepted
    and their check letter computed on the numeric form (620/720)."""
    uai = value.strip().upper()
    if len(uai) != 8:
        raise InvalidValue(ErrorCode.INVALID_UAI, "validation.uai.length")
    body, letter = uai[:7], uai[7]
    numeric = body
    if body[:2] in ("2A", "2B"):
        numeric = ("62" if body[1] == "A" else "72") + body[2:]
    if not numeric.isdigit():
        raise InvalidValue(ErrorCode.INVALID_UAI, "validation.uai.digits")
    if not letter.isalpha():
        raise InvalidValue(ErrorCode.INVALID_UAI, "validation.uai.letter_missing")
    expected = uai_check_letter(numeric)
    if letter != expected:
        raise InvalidValue(ErrorCode.INVALID_UAI, "validation.uai.check_letter", expected=expected)
    return uai


def normalise_phone(value: str) -> str:
    """A French or international mobile/landline number, normalised to E.164 (+33...).

    Accepts ``06 12 34 56 78``, ``06.12.34.56.78``, ``+33 6 12 34 56 78``, ``0033612345678``.
    """
    raw = re.sub(r"[\s.\-()]", "", value.strip())
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if re.fullmatch(r"0[1-9]\d{8}", raw):
        return "+33" + raw[1:]
    if re.fullmatch(r"\+33[1-9]\d{8}", raw):
        return raw
    if re.fullmatch(r"\+(?!33)[1-9]\d{6,14}", raw):
        return raw
    raise InvalidValue(ErrorCode.INVALID_PHONE, "validation.phone")


def normalise_email(value: str) -> str:
    email = value.strip()
    if len(email) > 254 or not EMAIL_RE.fullmatch(email):
        raise InvalidValue(ErrorCode.INVALID_EMAIL, "validation.email")
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def is_hosting_number(value: object) -> bool:
    """Whether ``value`` is a hosting number as the service writes it (no spaces, no other
    form): for identifiers read from files and stores, not typed by a person."""
    return isinstance(value, str) and HOSTING_NUMBER_RE.fullmatch(value) is not None


def is_hex_id(value: object) -> bool:
    """Whether ``value`` is an id of the service's own form (:data:`HEX_ID_RE`)."""
    return isinstance(value, str) and HEX_ID_RE.fullmatch(value) is not None


def check_hosting_number(value: str) -> str:
    number = value.strip().replace(" ", "")
    if not HOSTING_NUMBER_RE.fullmatch(number):
        raise InvalidValue(ErrorCode.VALIDATION_ERROR, "validation.hosting_number")
    return number


def check_invoice_number(value: str) -> str:
    number = value.strip().replace(" ", "")
    if not INVOICE_NUMBER_RE.fullmatch(number):
        raise InvalidValue(ErrorCode.VALIDATION_ERROR, "validation.invoice_number")
    return number
