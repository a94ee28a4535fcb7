"""The shared validators: the same verdict on both sides, with a catalogue reason."""

from __future__ import annotations

import pytest

from pronote_api.catalogue import CATALOGUE
from pronote_api.errors import ErrorCode
from pronote_api.validation import (
    InvalidValue,
    check_hosting_number,
    check_invoice_number,
    normalise_email,
    normalise_phone,
    normalise_uai,
    uai_check_letter,
)


@pytest.mark.parametrize("uai", ["0750655E", "0750654D", "0693446W", "0130040Y"])
def test_real_uai_are_valid(uai: str) -> None:
    assert normalise_uai(uai) == uai
    assert normalise_uai(f"  {uai.lower()} ") == uai


@pytest.mark.parametrize(
    ("uai", "reason", "params"),
    [
        ("0750655F", "validation.uai.check_letter", {"expected": "E"}),
        ("0693446A", "validation.uai.check_letter", {"expected": "W"}),
        ("0130040Z", "validation.uai.check_letter", {"expected": "Y"}),
        ("075065E", "validation.uai.length", {}),
        ("07506555E", "validation.uai.length", {}),
        ("07X0655E", "validation.uai.digits", {}),
        ("07506551", "validation.uai.letter_missing", {}),
    ],
)
def test_wrong_uai_are_refused_with_the_reason(
    uai: str, reason: str, params: dict[str, str]
) -> None:
    with pytest.raises(InvalidValue) as caught:
        normalise_uai(uai)
    assert caught.value.code is ErrorCode.INVALID_UAI
    assert caught.value.reason == reason
    assert caught.value.params == params
    assert reason in CATALOGUE


def test_corsican_uai_use_the_numeric_form_for_the_letter() -> None:
    letter = uai_check_letter("6200001")
    assert normalise_uai("2A00001" + letter) == "2A00001" + letter


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+41 79 123 45 67", "+41791234567"),
    ],
)
def test_phones_are_normalised_to_e164(phone: str, expected: str) -> None:
    assert normalise_phone(phone) == expected


@pytest.mark.parametrize("phone", ["12345", "0012", "06 12 34 56", "+33 0 12 34 56 78", "abc"])
def test_bad_phones_are_refused(phone: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        normalise_phone(phone)
    assert (caught.value.code, caught.value.reason) == (ErrorCode.INVALID_PHONE, "validation.phone")


def test_emails_keep_the_local_part_and_lower_the_domain() -> None:
    assert normalise_email(" Samia.B@Example.ORG ") == "Samia.B@example.org"


@pytest.mark.parametrize("mail", ["nobody", "a@b", "a b@example.org", "@example.org", "a@-x.org"])
def test_bad_emails_are_refused(mail: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        normalise_email(mail)
    assert caught.value.code is ErrorCode.INVALID_EMAIL


def test_hosting_and_invoice_numbers_have_fixed_lengths() -> None:
    assert check_hosting_number("2212 2210 0001") == "221222100001"
    assert check_invoice_number("1234567890") == "1234567890"
    for bad in ("22122210000", "2212221000011", "22122210000A"):
        with pytest.raises(InvalidValue):
            check_hosting_number(bad)
    with pytest.raises(InvalidValue):
        check_invoice_number("123456789")
