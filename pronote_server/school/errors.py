"""Typed refusals of the school base and its files.

Each carries the :class:`~pronote_api.errors.ErrorCode` the service answers with, and a catalogue
key that says why in a sentence (``file.problem.*`` for files, ``password.problem.*`` for the
superadministrator's password), with its parameters. Nothing in them is secret: no file content,
no password, only names, sizes, numbers and line numbers.
"""

from __future__ import annotations

from typing import Any

from pronote_api.catalogue import Lang, tr
from pronote_api.errors import ErrorCode


class SchoolError(Exception):
    """A refusal about a school base: ``code`` for the wire, ``reason_key`` for the person."""

    def __init__(self, code: ErrorCode, reason_key: str, **params: Any) -> None:
        self.code = code
        self.reason_key = reason_key
        self.params = params
        super().__init__(f"{code.value}: {reason_key} {params}")

    def reason(self, lang: Lang = "fr") -> str:
        """The reason in a sentence (the catalogue's text with the parameters filled)."""
        return tr(self.reason_key, lang, **self.params)

    def api_params(self) -> dict[str, Any]:
        """``ApiError.params``: the reason key under ``reason`` and the parameters."""
        return {"reason": self.reason_key, **self.params}


class HostingFileError(SchoolError):
    """A file (a base, a ``.HNOT``, an annex, a ``.profils``) refused, nothing changed."""


class WeakPasswordError(SchoolError):
    """The superadministrator's password or identifier refused; ``reasons`` lists every key."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(ErrorCode.WEAK_PASSWORD, reasons[0], reasons=reasons)
        self.reasons = reasons

    def reason(self, lang: Lang = "fr") -> str:
        return " ".join(tr(key, lang) for key in self.reasons)
