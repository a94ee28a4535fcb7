"""Domain refusals, defined once: each carries its error code, the catalogue key of its reason
and the reason's arguments; none carries an HTTP status (``web/errors.py`` maps codes to
statuses, the desktop clients' port to its own answers). Imports nothing of ``pronote_server``.

:class:`Refusal` is what the service's domains raise; :class:`SchoolError` and its kinds are the
refusals of the school base and its files, turned into a :class:`Refusal` by :func:`refusal_of`.
:func:`describe_exception` names an unexpected exception for a log without its message.

A school error carries the :class:`~pronote_api.errors.ErrorCode` the service answers with, and
a catalogue key that says why in a sentence (``file.problem.*`` for files, ``password.problem.*``
for the superadministrator's password), with its parameters. Nothing in them is secret: no file
content, no password, only names, sizes, numbers and line numbers.
"""

from __future__ import annotations

import traceback
from typing import Any

from pronote_api.catalogue import Lang, tr
from pronote_api.error_body import ApiError
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


class Refusal(Exception):
    """A typed refusal of the service: an error code, the field it is about, the catalogue key of
    the reason with its parameters, and the message's own parameters."""

    def __init__(
        self,
        code: ErrorCode,
        *,
        field: str | None = None,
        reason: str | None = None,
        reason_params: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code.value)
        self.code = code
        self.field = field
        self.reason = reason
        self.reason_params = reason_params or {}
        self.params = params

    def body(self) -> ApiError:
        return api_error(
            self.code,
            field=self.field,
            reason=self.reason,
            reason_params=self.reason_params,
            **self.params,
        )


def api_error(
    code: ErrorCode,
    *,
    field: str | None = None,
    reason: str | None = None,
    reason_params: dict[str, Any] | None = None,
    **params: Any,
) -> ApiError:
    """Word ``code`` in both languages. ``params`` keeps the catalogue key of the reason and its
    own placeholders, so a client can re-word it; the two messages are ready to show."""
    reason_params = reason_params or {}
    messages = []
    for lang in ("fr", "en"):
        fill = dict(params)
        if reason is not None:
            fill["reason"] = tr(reason, lang, **reason_params)
        messages.append(tr(f"error.{code.value}", lang, **fill))
    body_params = dict(params)
    if reason is not None:
        body_params = {"reason": reason, **reason_params, **params}
    return ApiError(
        code=code, message_fr=messages[0], message_en=messages[1], field=field, params=body_params
    )


def human_size(n: int | float) -> str:
    """``8589934592`` -> ``8 GiB`` (units that read the same in French and English)."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= scale:
            value = n / scale
            whole = value >= 10 or float(value).is_integer()
            return f"{value:.0f} {unit}" if whole else f"{value:.1f} {unit}"
    return f"{int(n)} B"


def refusal_of(exc: SchoolError) -> Refusal:
    """The refusal that answers a :class:`SchoolError` of the base engine."""
    params = dict(exc.params)
    field_name = params.pop("field", None)
    extra: dict[str, Any] = {}
    if exc.code is ErrorCode.PAYLOAD_TOO_LARGE:  # its message names the limit
        limit = params.get("max")
        extra["limit"] = human_size(limit) if isinstance(limit, int | float) else str(limit)
    return Refusal(
        exc.code,
        field=str(field_name) if field_name is not None else None,
        reason=exc.reason_key,
        reason_params=params,
        **extra,
    )


def describe_exception(exc: BaseException) -> str:
    """Class and code locations of an exception, without its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-6:])
    )
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {where}"
