"""Every non-2xx answer is a :class:`pronote_api.error_body.ApiError`, worded from the catalogue.

FastAPI's own validation handler echoes the offending input back, which may be a password: it is
replaced by one that names the field and the reason only. Unexpected exceptions become a 500 with
a short reference; the log gets the reference, the exception class and the code locations, but
not the exception's message (messages of library errors can quote input values).
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pronote_api.catalogue import CATALOGUE
from pronote_api.error_body import ApiError
from pronote_api.errors import ErrorCode
from pronote_api.validation import InvalidValue
from pronote_server.errors import Refusal, api_error, describe_exception

log = logging.getLogger("pronote_server.web")


STATUS: dict[ErrorCode, int] = {
    ErrorCode.INVALID_CREDENTIALS: 401,
    ErrorCode.ADDRESS_SUSPENDED: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.UPLOAD_UNKNOWN: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.JOB_RUNNING: 409,
    ErrorCode.NO_BASE: 409,
    ErrorCode.NO_BASE_IN_SERVICE: 409,
    ErrorCode.PUBLICATION_RUNNING: 409,
    ErrorCode.SERVER_RUNNING: 409,
    ErrorCode.SUPERADMIN_REQUIRED: 409,
    ErrorCode.TOO_MANY_UPLOADS: 409,
    ErrorCode.UPLOAD_INCOMPLETE: 409,
    ErrorCode.UPLOAD_OFFSET_MISMATCH: 409,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.UPLOAD_QUOTA_EXCEEDED: 413,
    ErrorCode.SNAPSHOT_FAILED: 507,
    ErrorCode.STORAGE_FULL: 507,
}
"""The HTTP status of a domain :class:`~pronote_server.errors.Refusal`, by its code: the one
table. Any other code is a refused value (422)."""


def status_of(refusal: Refusal) -> int:
    if isinstance(refusal, ApiProblem):
        return refusal.status
    return STATUS.get(refusal.code, 422)


class ApiProblem(Refusal):
    """Raised by routers and dependencies to answer with a typed error and a status of their own
    (authentication, ranges ...), with headers if needed."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        *,
        field: str | None = None,
        reason: str | None = None,
        reason_params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, field=field, reason=reason, reason_params=reason_params, **params)
        self.status = status
        self.headers = headers

    @classmethod
    def from_invalid(cls, field: str, error: InvalidValue, status: int = 422) -> ApiProblem:
        return cls(status, error.code, field=field, reason=error.reason, reason_params=error.params)


def error_response(
    status: int, error: ApiError, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error.model_dump(mode="json"), status_code=status, headers=headers)


_REASONS = {
    "missing": "validation.required",
    "json_invalid": "validation.json",
    "extra_forbidden": "validation.unexpected_field",
    "string_too_long": "validation.too_long",
}


def _validation_problem(exc: RequestValidationError) -> ApiProblem:
    errors = exc.errors()
    first: dict[str, Any] = errors[0] if errors else {}
    kind = str(first.get("type", ""))
    location = [
        str(part)
        for part in first.get("loc", ())
        if part not in ("body", "query", "path", "header") and kind != "json_invalid"
    ]
    reason = _REASONS.get(kind, "validation.invalid")
    if kind == "value_error":
        # A contract validator names its reason by a catalogue key (pronote_api.publication):
        # only a known key is passed on, never another message (it could quote the value).
        key = str((first.get("ctx") or {}).get("error", ""))
        if key in CATALOGUE:
            reason = key
    reason_params: dict[str, Any] = {}
    if kind == "string_too_long":
        reason_params["max"] = (first.get("ctx") or {}).get("max_length", "?")
    # Only the location, the kind and the reason: first["input"] and first["msg"] may quote the
    # value that was sent.
    return ApiProblem(
        422,
        ErrorCode.VALIDATION_ERROR,
        field=".".join(location) or None,
        reason=reason,
        reason_params=reason_params,
    )


async def _on_refusal(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refusal)
    headers = exc.headers if isinstance(exc, ApiProblem) else None
    return error_response(status_of(exc), exc.body(), headers)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problem = _validation_problem(exc)
    return error_response(problem.status, problem.body())


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    # Routing misses (404, and 405 for a known path with another method) and the framework's
    # own refusals, such as a body it could not read (400).
    if exc.status_code in (404, 405):
        error = api_error(ErrorCode.NOT_FOUND)
    else:
        error = api_error(ErrorCode.VALIDATION_ERROR, reason="validation.invalid")
    return error_response(exc.status_code, error, dict(exc.headers or {}))


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Refusal, _on_refusal)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)


class UnexpectedErrors:
    """ASGI middleware: any exception that escapes the routers becomes a 500 ApiError with a
    reference, logged without its message; nothing propagates to uvicorn (which would log the
    full traceback and message)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            ref = secrets.token_hex(4)
            log.error("internal error ref=%s %s", ref, describe_exception(exc))
            if started:
                return
            response = error_response(500, api_error(ErrorCode.INTERNAL, ref=ref))
            await response(scope, receive, send)
