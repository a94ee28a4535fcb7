"""The superadministrator's password rules (CNIL 2022) and the strength meter."""

from __future__ import annotations

import pytest

from pronote_api.catalogue import CATALOGUE, tr
from pronote_api.passwords import password_problems, password_strength

ROBUST = [
    "Xk7#pL9q!mZ2",  # 12 characters, four kinds
    "Rv8tQm2wLz7Kpn",  # 14 characters, three kinds
    "cheval agrafe nuage piano tortue lampe rivière",  # a phrase of 7 words
    # Common words that each appear in the leaked lists, joined: not "a common password".
    "Cheval-Agrafe-Batterie-42",
]


@pytest.mark.parametrize("password", ROBUST)
def test_robust_passwords_are_accepted_and_shown_as_strong(password: str) -> None:
    assert password_problems("pmartin", password) == []
    assert password_strength(password, "pmartin") == 4


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", ["password.problem.empty"]),
        ("Xk7#pL9q!mZ", ["password.problem.too_short"]),  # 11, four kinds
        ("Rv8tQm2wLz7K", ["password.problem.not_varied"]),  # 12 but only three kinds
        ("rv8tqm2wlz7kpn", ["password.problem.not_varied"]),  # 14 but two kinds
        ("Xk7#PMartin!q2", ["password.problem.contains_identifier", "password.problem.guessable"]),
        ("Pmartin-Ètoile9z", ["password.problem.contains_identifier"]),
        ("Password123!A", ["password.problem.common"]),
        ("Motdepasse2024!", ["password.problem.common"]),
        ("Aaaaaaaaaaaa1!", ["password.problem.guessable"]),
        ("Xk7#pL9q!mZ2" * 11, ["password.problem.too_long"]),
    ],
)
def test_each_weakness_is_named(password: str, expected: list[str]) -> None:
    assert password_problems("pmartin", password) == expected


def test_several_weaknesses_are_all_named_in_a_stable_order() -> None:
    assert password_problems("pmartin", "azerty") == [
        "password.problem.too_short",
        "password.problem.common",
    ]
    assert password_problems("pmartin", "pmartin") == [
        "password.problem.too_short",
        "password.problem.contains_identifier",
        "password.problem.guessable",
    ]


def test_a_short_identifier_is_not_looked_for_inside_the_password() -> None:
    assert password_problems("jo", "Xk7#pjoL9q!mZ2") == []


def test_a_phrase_of_six_words_is_judged_as_a_password() -> None:
    assert "password.problem.too_short" not in password_problems(
        "pmartin", "cheval agrafe nuage piano tortue lampe"
    )
    assert password_problems("pmartin", "chat chien") == [
        "password.problem.too_short",
        "password.problem.guessable",
    ]


def test_the_meter_rises_with_the_password_and_stays_below_strong_while_refused() -> None:
    steps = ["", "abc", "abcdefgh", "Tulipe42", "Xk7#pL9q!mZ2"]
    scores = [password_strength(p) for p in steps]
    assert scores == sorted(scores)
    assert scores[0] == 0 and scores[-1] == 4
    # zxcvbn alone rates it highly, but it is 11 characters: the meter must not say "strong"
    assert password_strength("Xk7#pL9q!mZ") == 3


def test_every_key_has_its_text_in_both_languages() -> None:
    keys = {k for k in CATALOGUE if k.startswith(("password.problem.", "password.strength."))}
    assert len(keys) == 12
    assert tr("password.strength.4", "fr") == "Robuste"
    assert tr("password.strength.4", "en") == "Strong"
