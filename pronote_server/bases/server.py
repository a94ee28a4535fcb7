"""The school server's state changes: put in service (with its superadministrator) and stop
(ending the desktop clients' sessions). Imports the registry, never the loading jobs."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import ServerState, ServerStatus
from pronote_api.school import StartRequest
from pronote_server.bases.registry import (
    SERVER_START,
    SERVER_STOP,
    base_path,
    current_base,
    require_current,
    status,
)
from pronote_server.clients import sessions as clients
from pronote_server.errors import Refusal, WeakPasswordError
from pronote_server.jobs import runner as jobs
from pronote_server.jobs.acting import (
    Actor,
    audited,
    server_row,
)
from pronote_server.runtime import Runtime
from pronote_server.school.base import (
    read_summary,
    set_superadmin,
)


def _superadmin_field(exc: WeakPasswordError) -> str:
    first = exc.reasons[0] if exc.reasons else ""
    return "superadmin.identifier" if first.startswith("base.") else "superadmin.password"


def start(runtime: Runtime, db: Session, who: Actor, body: StartRequest) -> ServerStatus:
    """Mettre en service. The first time for a base, its superadministrator is defined."""
    with audited(db, who, SERVER_START) as detail:
        server = server_row(db, who.account_id, who.now, lock=True)
        jobs.ensure_idle(db, who.account_id, who.now)
        base = require_current(db, who.account_id)
        detail.update(base_id=base.id)
        if server.state == ServerState.RUNNING.value:
            raise Refusal(ErrorCode.CONFLICT, reason="server.problem.already_running")
        path = base_path(runtime.data, base)
        if not base.superadmin_defined:
            if body.superadmin is None:
                raise Refusal(ErrorCode.SUPERADMIN_REQUIRED, field="superadmin")
            try:
                set_superadmin(
                    path,
                    body.superadmin.identifier,
                    body.superadmin.password.get_secret_value(),
                    now=who.now,
                )
            except WeakPasswordError as exc:
                raise Refusal(
                    ErrorCode.WEAK_PASSWORD,
                    field=_superadmin_field(exc),
                    reason=exc.reasons[0],
                    reason_params={"reasons": list(exc.reasons)},
                ) from None
            base.superadmin_defined = True
            detail["superadmin_defined"] = True
        elif body.superadmin is not None:
            raise Refusal(
                ErrorCode.CONFLICT,
                field="superadmin",
                reason="server.problem.superadmin_defined",
            )
        else:
            read_summary(path)  # a base that cannot be read is not put in service
        if base.first_in_service_at is None:
            base.first_in_service_at = who.now
        server.state = ServerState.RUNNING.value
        server.changed_at = who.now
        db.commit()
    return status(db, who.account_id)


def stop(db: Session, who: Actor) -> ServerStatus:
    """Arrêter le serveur."""
    with audited(db, who, SERVER_STOP) as detail:
        server = server_row(db, who.account_id, who.now, lock=True)
        if server.state != ServerState.RUNNING.value:
            raise Refusal(ErrorCode.CONFLICT, reason="server.problem.already_stopped")
        base = current_base(db, who.account_id)
        if base is not None:
            detail["base_id"] = base.id
        server.state = ServerState.STOPPED.value
        server.changed_at = who.now
        # Every desktop client's session ends; each client is told at its next heartbeat.
        detail["clients_ended"] = clients.end_all(
            db, who.account_id, who.now, clients.EndReason.SERVER_STOPPED
        )
        db.commit()
    return status(db, who.account_id)
