"""Identifiers in request paths, checked where they enter (issue 9): a base, snapshot, job,
upload or desktop-client session id is exactly the service's own form (32 lower-case hex, see
:data:`pronote_api.validation.HEX_ID_RE`). Anything else answers 404 like an unknown id, before
any lookup, so a malformed id reaches neither the store nor a path, and tells nothing. The
session is checked first (a request without one is refused as before, whatever its path)."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from fastapi import Depends

from pronote_api.errors import ErrorCode
from pronote_api.validation import is_hex_id
from pronote_server.web.deps import CurrentSession, SessionDep
from pronote_server.web.errors import ApiProblem


def _known_form(value: str) -> str:
    if not is_hex_id(value):
        raise ApiProblem(404, ErrorCode.NOT_FOUND)
    return value


def path_id(name: str) -> Any:
    """The dependency that reads the path parameter ``name`` (after the session) and answers 404
    unless it has the service's form: FastAPI reads the parameter's name from the signature."""

    def checked(current: CurrentSession, **values: str) -> str:
        del current
        return _known_form(values[name])

    checked.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("current", inspect.Parameter.KEYWORD_ONLY, annotation=SessionDep),
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=str),
        ]
    )
    checked.__name__ = f"_{name}"
    return Annotated[str, Depends(checked)]


BaseId = path_id("base_id")
SnapshotId = path_id("snapshot_id")
JobId = path_id("job_id")
UploadId = path_id("upload_id")
SessionId = path_id("session_id")
