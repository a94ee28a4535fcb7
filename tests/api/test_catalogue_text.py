"""Rules of the catalogue's text that a reader sees: a message shown on its own starts with a
capital, and no text with a ``{placeholder}`` is ever asked for without its values (else the
placeholder itself would reach the screen)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from pronote_api.catalogue import CATALOGUE, sentence, tr

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    path
    for package in ("pronote_tui", "pronote_server", "pronote_client", "pronote_api")
    for path in sorted((ROOT / package).rglob("*.py"))
]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(k for k in CATALOGUE if k.startswith("error.")))
def test_every_error_message_starts_with_a_capital(key: str) -> None:
    for text in CATALOGUE[key]:
        assert text[0].isupper(), (key, text)


def test_a_reason_shown_on_its_own_starts_with_a_capital() -> None:
    assert sentence(tr("validation.invoice_number", "fr")) == (
        "Le numéro de facture compte 10 chiffres"
    )
    assert sentence(tr("validation.invoice_number", "en")).startswith("The invoice number")
    assert sentence("") == ""


def _literal_lookups() -> list[tuple[str, int, str, set[str]]]:
    """Every ``tr("key", ...)`` / ``self.t("key", ...)`` call with a literal key: where, the key,
    and the names it passes (None among them when it passes ``**params``)."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            key = node.args[0]
            if name not in ("tr", "t") or not isinstance(key, ast.Constant):
                continue
            if not isinstance(key.value, str) or key.value not in CATALOGUE:
                continue
            passed = {kw.arg or "**" for kw in node.keywords}
            found.append((str(path.relative_to(ROOT)), node.lineno, key.value, passed))
    return found


def test_no_text_with_placeholders_is_asked_for_without_their_values() -> None:
    lookups = _literal_lookups()
    assert len(lookups) > 300  # the scan sees the code
    missing = [
        f"{where}:{line} {key} lacks {sorted(_placeholders(CATALOGUE[key][0]) - passed)}"
        for where, line, key, passed in lookups
        if "**" not in passed and _placeholders(CATALOGUE[key][0]) - passed
    ]
    assert missing == []


_ANSWERS = {"yes_label": "yes_label", "no_label": "no_label", "yes": "yes_label",
            "stop_yes": "yes_label"}  # fmt: skip
"""The keywords that name an answer's label: ``ConfirmDialog``'s, and the flows' helper that
builds one (``confirm_then_stop(yes="key", stop_yes="key")``, given the bare key)."""


def _confirm_labels() -> list[tuple[str, int, str, str]]:
    """Every ``ConfirmDialog(..., yes_label=X.t("key"), no_label=...)`` and every
    ``confirm_then_stop(..., yes="key", stop_yes="key")``: where, which answer, the key."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "id", "") if isinstance(node, ast.Call) else ""
            if name not in ("ConfirmDialog", "confirm_then_stop"):
                continue
            assert isinstance(node, ast.Call)
            for kw in node.keywords:
                value = kw.value
                if kw.arg not in _ANSWERS:
                    continue
                if isinstance(value, ast.Call):  # X.t("key")
                    value = value.args[0] if value.args else value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    where = str(path.relative_to(ROOT))
                    found.append((where, node.lineno, _ANSWERS[kw.arg], value.value))
    return found


def test_every_answer_of_a_question_shows_its_key() -> None:
    """ "Oui (o)", "Arrêter (o)", "En changer (n)": each answer says the key that gives it."""
    labels = _confirm_labels()
    assert len(labels) >= 10
    hints = {"yes_label": ("(o)", "(y)"), "no_label": ("(n)", "(n)")}
    wrong = [
        f"{where}:{line} {key} = {CATALOGUE[key]}"
        for where, line, which, key in labels
        if not all(
            text.endswith(hint) for text, hint in zip(CATALOGUE[key], hints[which], strict=True)
        )
    ]
    assert wrong == []
