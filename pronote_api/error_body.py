"""The body of every non-2xx answer of the API (:class:`ApiError`), apart from the codes so that
reading a code does not import pydantic (:mod:`pronote_api.errors` re-exports it)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from pronote_api.errors import ErrorCode


class ApiError(BaseModel):
    """Body of every non-2xx answer of the API.

    ``params`` fills the placeholders of the catalogue message (never a secret). ``field`` names
    the input field at fault, when there is one, so the console can put the message beside it.
    """

    code: ErrorCode
    message_fr: str
    message_en: str
    field: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
