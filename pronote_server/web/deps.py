"""FastAPI dependencies, one per concern: runtime, store, clock, source address, client
certificate, console session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_server.errors import Refusal
from pronote_server.jobs.acting import Actor
from pronote_server.runtime import Runtime
from pronote_server.security import console_sessions, proxies, suspensions
from pronote_server.security.auth_failures import Door, Reason
from pronote_server.store.clock import Clock
from pronote_server.store.tables import Account, Certificate, ConsoleSession
from pronote_server.web.errors import ApiProblem
from pronote_server.web.tls import scope_client_fingerprint


def get_runtime(request: Request) -> Runtime:
    runtime = request.app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_store(runtime: RuntimeDep) -> Iterator[Session]:
    """One unit of work per request. A refusal (a domain's Refusal or an ApiProblem) still
    commits, because what the router recorded about the refusal (failure counters, history) must
    persist; routers check their input before they change anything else."""
    with runtime.sessions() as db:
        try:
            yield db
        except Refusal:
            db.commit()
            raise
        except Exception:
            db.rollback()
            raise
        else:
            db.commit()


# scope="function": the commit happens before the response leaves, so a client that reads right
# after a write sees it.
StoreDep = Annotated[Session, Depends(get_store, scope="function")]


def get_clock(runtime: RuntimeDep) -> Clock:
    return runtime.clock


ClockDep = Annotated[Clock, Depends(get_clock)]


def get_now(clock: ClockDep) -> datetime:
    return clock.now()


NowDep = Annotated[datetime, Depends(get_now)]


def get_source_ip(request: Request, runtime: RuntimeDep) -> str:
    """The client's address: the peer's, or behind a trusted reverse proxy the one it forwarded
    (``security/proxies.py``)."""
    peer = request.client.host if request.client else "unknown"
    trusted = runtime.config.trusted_proxies
    if not trusted:
        return peer
    chain = proxies.forwarded_chain(
        request.headers.get("forwarded"), request.headers.get("x-forwarded-for")
    )
    return proxies.client_address(peer, chain, tuple(trusted))


SourceIpDep = Annotated[str, Depends(get_source_ip)]


def require_not_suspended(
    runtime: RuntimeDep, db: StoreDep, now: NowDep, source_ip: SourceIpDep
) -> None:
    """Doors (console login, enrolment) refuse an address suspended at provider level before
    reading anything; its suspension for the school aimed at is checked once the door knows it."""
    suspension = suspensions.refusal(db, source_ip, now, runtime.config.suspension, None)
    if suspension is not None:
        raise ApiProblem(403, ErrorCode.ADDRESS_SUSPENDED, until=suspensions.until_text(suspension))


NotSuspendedDep = Annotated[None, Depends(require_not_suspended)]


def get_client_fingerprint(request: Request) -> str:
    """The fingerprint of the TLS client certificate. The API listener's handshake already
    requires one signed by our CA, so its absence means a misconfigured listener."""
    fingerprint = scope_client_fingerprint(dict(request.scope))
    if fingerprint is None:
        raise ApiProblem(403, ErrorCode.CERTIFICATE_REQUIRED)
    return fingerprint


def _console_failure(
    runtime: Runtime,
    db: Session,
    now: datetime,
    source_ip: str,
    reason: Reason,
    account_id: int | None,
) -> None:
    """A failed attempt at the console's door, counted against the address (see suspensions)."""
    suspensions.record_failure(
        db,
        at=now,
        source_ip=source_ip,
        door=Door.CONSOLE,
        reason=reason,
        account_id=account_id,
        rules=runtime.config.suspension,
    )


def get_certificate(
    fingerprint: Annotated[str, Depends(get_client_fingerprint)],
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> Certificate:
    """The store's record of the connection's certificate: known and not revoked."""
    cert = db.scalar(select(Certificate).where(Certificate.fingerprint_sha256 == fingerprint))
    if cert is None or cert.revoked_at is not None or cert.expires_at <= now:
        _console_failure(
            runtime,
            db,
            now,
            source_ip,
            Reason.CERTIFICATE_UNKNOWN,
            cert.account_id if cert else None,
        )
        raise ApiProblem(403, ErrorCode.CERTIFICATE_UNKNOWN)
    return cert


CertificateDep = Annotated[Certificate, Depends(get_certificate)]


@dataclass(frozen=True)
class CurrentSession:
    row: ConsoleSession
    account: Account


def get_current_session(
    request: Request,
    runtime: RuntimeDep,
    cert: CertificateDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> CurrentSession:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiProblem(401, ErrorCode.SESSION_REQUIRED, headers={"WWW-Authenticate": "Bearer"})
    found = console_sessions.resume(
        db, token.strip(), cert.fingerprint_sha256, now, runtime.lifetimes
    )
    if found is console_sessions.Refusal.EXPIRED:
        raise ApiProblem(401, ErrorCode.SESSION_EXPIRED, headers={"WWW-Authenticate": "Bearer"})
    if found is console_sessions.Refusal.ACCOUNT_DISABLED:
        raise ApiProblem(403, ErrorCode.ACCOUNT_DISABLED)
    if isinstance(found, console_sessions.Refusal):
        # Unknown token, or a token opened from another certificate: both look like a guess.
        _console_failure(runtime, db, now, source_ip, Reason.BAD_TOKEN, cert.account_id)
        raise ApiProblem(401, ErrorCode.SESSION_REQUIRED, headers={"WWW-Authenticate": "Bearer"})
    row, account = found
    return CurrentSession(row=row, account=account)


SessionDep = Annotated[CurrentSession, Depends(get_current_session)]


def get_actor(current: SessionDep, source_ip: SourceIpDep, now: NowDep) -> Actor:
    """Who a request acts for, from where and when: what every recorded action needs."""
    return Actor(account=current.account, source_ip=source_ip, now=now)


ActorDep = Annotated[Actor, Depends(get_actor)]
