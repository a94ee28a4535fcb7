"""Robust passwords: the rules for the superadministrator's password, shared by both sides.

The bar is the French data-protection authority's (CNIL, 2022) for a password used alone: about
80 bits, which it spells as 12 characters mixing the four classes (upper case, lower case, digits,
special characters), or 14 characters mixing three of them, or a passphrase of at least 7 words;
never the identifier; never a known password. The class rules are counted here; "known or
guessable" is zxcvbn's estimate (its dictionaries hold the leaked-password lists and common
words), imported lazily because it loads its dictionaries on first use.

The console calls these as the manager types (live reasons and a strength meter) and the service
calls :func:`password_problems` again before accepting: the same rules, the same sentences.
Results are catalogue keys (``password.problem.*``, ``password.strength.*``), never prose.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MIN_LENGTH_FOUR_CLASSES = 12
MIN_LENGTH_THREE_CLASSES = 14
MIN_PASSPHRASE_WORDS = 7
MAX_LENGTH = 128
MIN_IDENTIFIER_MATCH = 3
"""An identifier shorter than this ("a", "jo") is not looked for inside the password."""

STRONG_SCORE = 4
"""zxcvbn's top score (more than 10^10 guesses): anything under it is "guessable"."""

ZXCVBN_INPUT_MAX = 64
"""zxcvbn's matching grows quadratically with length; beyond this the class rules decide."""

_WORD = re.compile(r"[^\W\d_]{2,}")


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and other characters appear (0 to 4)."""
    upper = lower = digit = other = False
    for char in password:
        if char.isupper():
            upper = True
        elif char.islower():
            lower = True
        elif char.isdigit():
            digit = True
        else:
            other = True
    return upper + lower + digit + other


def passphrase_words(password: str) -> int:
    """Words of two letters or more, separated by anything else: "cheval agrafe ..."."""
    return len(_WORD.findall(password))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _estimate(password: str, identifier: str) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # lazy: its dictionaries take a moment to load

    inputs = [identifier] if identifier else []
    result: dict[str, Any] = zxcvbn(password[:ZXCVBN_INPUT_MAX], user_inputs=inputs)
    return result


def _is_common(estimate: dict[str, Any], length: int) -> bool:
    """Half of it or more is ONE password from a leaked list (zxcvbn's "passwords" dictionary).

    One entry, not the sum of several: the leaked lists hold every common word ("cheval",
    "batterie"), so a passphrase of such words would otherwise be called common; its strength is
    judged by the guess estimate instead (``guessable``).
    """
    longest = max(
        (
            len(match["token"])
            for match in estimate["sequence"]
            if match.get("pattern") == "dictionary" and match.get("dictionary_name") == "passwords"
        ),
        default=0,
    )
    return longest * 2 >= length


def password_problems(identifier: str, password: str) -> list[str]:
    """Every reason ``password`` is refused for ``identifier``, as catalogue keys; empty = robust.

    Keys (in this order): ``password.problem.empty``, ``too_long``, ``too_short``,
    ``not_varied``, ``contains_identifier``, ``common``, ``guessable``. ``too_short`` and
    ``not_varied`` carry no parameters: their sentences state the whole rule.
    """
    return _assess(identifier, password)[0]


def _assess(identifier: str, password: str) -> tuple[list[str], int]:
    if not password:
        return ["password.problem.empty"], 0
    problems: list[str] = []
    if len(password) > MAX_LENGTH:
        problems.append("password.problem.too_long")
    length = len(password)
    classes = character_classes(password)
    passphrase = passphrase_words(password) >= MIN_PASSPHRASE_WORDS
    if not passphrase:
        if length < MIN_LENGTH_FOUR_CLASSES:
            problems.append("password.problem.too_short")
        elif not (
            (length >= MIN_LENGTH_THREE_CLASSES and classes >= 3)
            or (length >= MIN_LENGTH_FOUR_CLASSES and classes >= 4)
        ):
            problems.append("password.problem.not_varied")
    ident = _fold(identifier.strip())
    if len(ident) >= MIN_IDENTIFIER_MATCH and ident in _fold(password):
        problems.append("password.problem.contains_identifier")
    estimate = _estimate(password, identifier.strip())
    if _is_common(estimate, min(length, ZXCVBN_INPUT_MAX)):
        problems.append("password.problem.common")
    elif int(estimate["score"]) < STRONG_SCORE:
        problems.append("password.problem.guessable")
    return problems, int(estimate["score"])


def password_strength(password: str, identifier: str = "") -> int:
    """0 (very weak) to 4 (robust) for a live meter; 4 only when nothing refuses the password.

    Label: catalogue ``password.strength.<n>``.
    """
    problems, score = _assess(identifier, password)
    if problems:
        return min(score, STRONG_SCORE - 1)
    return STRONG_SCORE
