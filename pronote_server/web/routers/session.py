"""``POST``/``DELETE /v1/session``: logging the console in and out (API listener only)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from pronote_api.errors import ErrorCode
from pronote_api.models import LoginRequest, Outcome, SessionInfo
from pronote_server.jobs.acting import audit
from pronote_server.security import console_sessions, sign_in
from pronote_server.security.auth_failures import Door, Reason
from pronote_server.store import history
from pronote_server.web.deps import (
    ActorDep,
    CertificateDep,
    NotSuspendedDep,
    NowDep,
    RuntimeDep,
    SessionDep,
    SourceIpDep,
    StoreDep,
)
from pronote_server.web.errors import ApiProblem

router = APIRouter(tags=["session"])


@router.post("/session")
def login(
    _door: NotSuspendedDep,
    body: LoginRequest,
    runtime: RuntimeDep,
    cert: CertificateDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> SessionInfo:
    attempt = sign_in.Attempt(
        Door.CONSOLE, history.SESSION_LOGIN, now, source_ip, runtime.config.suspension
    )
    account = sign_in.check_password(
        db, attempt, body.hosting_number, body.password.get_secret_value()
    )
    # Checked only once the password is right: the mismatch tells nothing to someone who does
    # not already hold both the other account's certificate and this account's password.
    if cert.account_id != account.id:
        sign_in.failed(
            db, attempt, account, Reason.CERTIFICATE_MISMATCH, ErrorCode.CERTIFICATE_MISMATCH
        )
        raise ApiProblem(403, ErrorCode.CERTIFICATE_MISMATCH)
    if account.disabled:
        raise ApiProblem(403, ErrorCode.ACCOUNT_DISABLED)
    console_sessions.purge_expired(db, now, runtime.lifetimes)
    opened = console_sessions.open_session(
        db, account, cert.fingerprint_sha256, now, runtime.lifetimes
    )
    history.record_by(
        db,
        account,
        now,
        source_ip,
        history.SESSION_LOGIN,
        Outcome.SUCCESS,
        {"workstation": cert.workstation},
    )
    return SessionInfo.model_validate(
        {
            "token": opened.token,
            "expires_at": opened.expires_at,
            "hosting_number": account.hosting_number,
            "school_name": account.school_name,
            "uai": account.uai,
        }
    )


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
def logout(current: SessionDep, who: ActorDep, db: StoreDep) -> Response:
    console_sessions.close(db, current.row)
    audit(db, who, history.SESSION_LOGOUT, Outcome.SUCCESS)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
