"""Identifiers in request paths, checked where they enter (issue 9): a base, snapshot, job,
upload or desktop-client session id is exactly the service's own form (32 lower-case hex, see
:data:`pronote_api.validation.HEX_ID_RE`). Anything else answers 404 like an unknown id, before
any lookup, so a malformed id reaches neither the store nor a path, and tells nothing. The
session is checked first (a request without one is refused as before, whatever its path)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from pronote_api.errors import ErrorCode
from pronote_api.validation import is_hex_id
from pronote_server.web.deps import SessionDep
from pronote_server.web.errors import ApiProblem


def _known_form(value: str) -> str:
    if not is_hex_id(value):
        raise ApiProblem(404, ErrorCode.NOT_FOUND)
    return value


def _base_id(base_id: str, current: SessionDep) -> str:
    del current
    return _known_form(base_id)


def _snapshot_id(snapshot_id: str, current: SessionDep) -> str:
    del current
    return _known_form(snapshot_id)


def _job_id(job_id: str, current: SessionDep) -> str:
    del current
    return _known_form(job_id)


def _upload_id(upload_id: str, current: SessionDep) -> str:
    del current
    return _known_form(upload_id)


def _session_id(session_id: str, current: SessionDep) -> str:
    del current
    return _known_form(session_id)


BaseId = Annotated[str, Depends(_base_id)]
SnapshotId = Annotated[str, Depends(_snapshot_id)]
JobId = Annotated[str, Depends(_job_id)]
UploadId = Annotated[str, Depends(_upload_id)]
SessionId = Annotated[str, Depends(_session_id)]
