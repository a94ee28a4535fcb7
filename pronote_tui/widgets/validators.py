"""Textual validators made of the shared rules (:mod:`pronote_api.validation`).

The console warns while the manager types, with exactly the sentence the service would answer.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.validation import ValidationResult, Validator

from pronote_api.catalogue import Lang, tr
from pronote_api.validation import InvalidValue


class SharedRule(Validator):
    """Wraps a ``normalise_*`` function: its :class:`InvalidValue` becomes the failure text."""

    def __init__(self, rule: Callable[[str], str], lang: Lang) -> None:
        super().__init__()
        self._rule = rule
        self._lang = lang

    def validate(self, value: str) -> ValidationResult:
        try:
            self._rule(value)
        except InvalidValue as exc:
            reason = tr(exc.reason, self._lang, **exc.params)
            return self.failure(tr(f"error.{exc.code.value}", self._lang, reason=reason))
        return self.success()


def required_name(value: str) -> str:
    """The manager's name: not empty, 120 characters at most (the service's limits)."""
    from pronote_api.errors import ErrorCode

    name = value.strip()
    if not name:
        raise InvalidValue(ErrorCode.VALIDATION_ERROR, "validation.required")
    if len(name) > 120:
        raise InvalidValue(ErrorCode.VALIDATION_ERROR, "validation.too_long", max=120)
    return name
