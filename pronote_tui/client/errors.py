"""The client's failures, typed, each worded by the catalogue (``.message(lang)``).

* :class:`ApiFailure` the service refused (its ``ApiError`` body, or one the console made for a
  refusal it detected first, such as a missing certificate); :class:`SessionExpired` is the
  subclass for "log in again";
* :class:`ServiceUnreachable` the service could not be reached after the retries;
  :class:`UntrustedService` (a subclass) the service did not prove it holds the pinned CA;
* :class:`FirstContactFailed` first contact fetched something that is not the service's CA.

The one place where an answer of the service becomes a failure (:func:`refusal_of`). No secret
is ever put in a failure's text or repr. Imports only :mod:`pronote_api`.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from pronote_api.catalogue import Lang, tr
from pronote_api.error_body import ApiError
from pronote_api.errors import ErrorCode
from pronote_api.validation import InvalidValue

SESSION_ERRORS = frozenset({ErrorCode.SESSION_EXPIRED, ErrorCode.SESSION_REQUIRED})
"""The refusals that end the session: the manager must log in again."""


def lang_of(lang: str) -> Lang:
    return "en" if lang == "en" else "fr"


class ConsoleError(Exception):
    """Base of the connection layer's failures: a catalogue key and its (non-secret) params."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return tr(self.key, lang_of(lang), **self.params)

    def __str__(self) -> str:
        return self.message("en")


class ServiceUnreachable(ConsoleError):
    """The service did not answer (refused, timed out, connection lost) after the retries."""

    def __init__(self, url: str, key: str = "connection.unreachable") -> None:
        super().__init__(key, url=url)
        self.url = url


class UntrustedService(ServiceUnreachable):
    """TLS verification against the pinned CA failed: nothing was sent, retrying will not help.

    ``folder`` is the service's profile folder, whose removal starts a new first contact.
    """

    def __init__(self, url: str, folder: str) -> None:
        ConsoleError.__init__(self, "connection.untrusted", url=url, folder=folder)
        self.url = url
        self.folder = folder


class FirstContactFailed(ConsoleError):
    """First contact fetched something that is not the service's CA certificate."""


class ApiFailure(ConsoleError):
    """The service refused the request; ``error`` is its :class:`ApiError` body."""

    def __init__(self, error: ApiError, status: int = 0) -> None:
        super().__init__(f"error.{error.code.value}")
        self.error = error
        self.status = status

    @property
    def code(self) -> ErrorCode:
        return self.error.code

    @property
    def field(self) -> str | None:
        return self.error.field

    @property
    def certificate_problem(self) -> bool:
        """True when installing a new certificate is the way out."""
        return self.error.code in {
            ErrorCode.CERTIFICATE_REQUIRED,
            ErrorCode.CERTIFICATE_UNKNOWN,
            ErrorCode.CERTIFICATE_MISMATCH,
        }

    def message(self, lang: str) -> str:
        # The service words its refusals with the same catalogue; its text carries the params
        # it filled in (e.g. a suspension's end). Our own catalogue is the fallback.
        text = self.error.message_en if lang_of(lang) == "en" else self.error.message_fr
        if text:
            return text
        try:
            return tr(self.key, lang_of(lang), **self.error.params)
        except (KeyError, IndexError):
            return tr("connection.unexpected_answer", lang_of(lang), status=self.status)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.error.code.value!r}, status={self.status})"


class SessionExpired(ApiFailure):
    """The session token is no longer valid: the manager must log in again."""


def _typed(error: ApiError, status: int) -> ApiFailure:
    cls = SessionExpired if error.code in SESSION_ERRORS else ApiFailure
    return cls(error, status)


def local_failure(
    code: ErrorCode,
    key: str,
    *,
    field: str | None = None,
    status: int = 0,
    params: Mapping[str, object] | None = None,
) -> ApiFailure:
    """An :class:`ApiFailure` for a refusal the console detects before asking the service."""
    params = params or {}
    error = ApiError(
        code=code,
        message_fr=tr(key, "fr", **params),
        message_en=tr(key, "en", **params),
        field=field,
    )
    return _typed(error, status)


def unexpected_answer(status: int) -> ApiFailure:
    """The service answered something this console cannot read."""
    return local_failure(
        ErrorCode.INTERNAL, "connection.unexpected_answer", status=status, params={"status": status}
    )


def refusal_of(status: int, content: bytes) -> ApiFailure:
    """The failure an unsuccessful answer (``status``, its body) stands for."""
    try:
        error = ApiError.model_validate_json(content)
    except ValidationError:
        return unexpected_answer(status)
    return _typed(error, status)


def invalid_value(exc: InvalidValue, field: str) -> ApiFailure:
    """The refusal for a value the console checked before sending it (same words as the
    service's)."""

    def reason(lang: Lang) -> str:
        return tr(exc.reason, lang, **exc.params)

    error = ApiError(
        code=exc.code,
        message_fr=tr(f"error.{exc.code.value}", "fr", reason=reason("fr")),
        message_en=tr(f"error.{exc.code.value}", "en", reason=reason("en")),
        field=field,
    )
    return ApiFailure(error, 0)
