"""``/v1/connections`` (Suivi des connexions, Désactiver un client), ``/v1/licences`` (Licences
utilisées, licences réservées pour les administrateurs) and ``/v1/security`` (Sécurité: suspended
addresses, unblock). The rules are in :mod:`pronote_server.clients` and
:mod:`pronote_server.security.suspensions`; the contract in :mod:`pronote_api.connections`."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query, Request, Response

from pronote_api.connections import (
    ClientSession,
    ConnectionsPage,
    LicenceUsage,
    ReservedLicences,
    SecurityState,
    UnblockRequest,
)
from pronote_api.errors import ErrorCode
from pronote_api.models import HistoryAction, Outcome
from pronote_server.clients import licences as client_licences
from pronote_server.clients import sessions as clients
from pronote_server.jobs.acting import audit
from pronote_server.security import suspensions
from pronote_server.web.deps import ActorDep, NowDep, RuntimeDep, SessionDep, StoreDep
from pronote_server.web.errors import ApiProblem
from pronote_server.web.routers.bases import conditional

CLIENT_DISABLE: Final = HistoryAction.CLIENT_DISABLE
LICENCES_RESERVE: Final = HistoryAction.LICENCES_RESERVE
SECURITY_UNBLOCK: Final = suspensions.UNBLOCK_ACTION
ACTIONS: Final = (CLIENT_DISABLE, LICENCES_RESERVE, SECURITY_UNBLOCK)
"""History actions of these routes (catalogue ``history.<action>``)."""

connections_router = APIRouter(prefix="/connections", tags=["connections"])
licences_router = APIRouter(prefix="/licences", tags=["licences"])
security_router = APIRouter(prefix="/security", tags=["security"])


@connections_router.get("", response_model=ConnectionsPage)
def connections(
    request: Request,
    current: SessionDep,
    db: StoreDep,
    since: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    return conditional(request, clients.page(db, current.account, since))


@connections_router.post("/{session_id}/disable")
def disable(session_id: str, who: ActorDep, db: StoreDep) -> ClientSession:
    row = clients.find_session(db, who.account, session_id)
    if row is None:
        raise ApiProblem(404, ErrorCode.NOT_FOUND)
    session = clients.disable(db, row, who.now)
    audit(
        db,
        who,
        CLIENT_DISABLE,
        Outcome.SUCCESS,
        {
            "session_id": row.id,
            "workstation": row.workstation,
            "user": row.user_identifier,
            "mode": row.mode,
        },
    )
    return session


@licences_router.get("", response_model=LicenceUsage)
def licences(request: Request, current: SessionDep, db: StoreDep) -> Response:
    return conditional(request, client_licences.usage(db, current.account))


@licences_router.put("/reserved")
def reserve(body: ReservedLicences, who: ActorDep, db: StoreDep) -> LicenceUsage:
    try:
        before = client_licences.set_reserved(db, who.account, body.reserved_for_administrators)
    except clients.ClientRefusal as exc:
        raise ApiProblem(422, exc.code, field="reserved_for_administrators", **exc.params) from None
    audit(
        db,
        who,
        LICENCES_RESERVE,
        Outcome.SUCCESS,
        {"before": before, "after": body.reserved_for_administrators},
    )
    return client_licences.usage(db, who.account)


@security_router.get("", response_model=SecurityState)
def security_state(
    request: Request, current: SessionDep, runtime: RuntimeDep, db: StoreDep, now: NowDep
) -> Response:
    """The suspensions protecting this school's doors, and nothing of any other school's."""
    rules = runtime.config.suspension
    return conditional(request, suspensions.state(db, current.account.id, now, rules))


@security_router.post("/unblock")
def unblock(
    body: UnblockRequest,
    who: ActorDep,
    runtime: RuntimeDep,
    db: StoreDep,
) -> SecurityState:
    """Lifts this school's own suspensions only: another school's suspension of the same address,
    or a provider-level one, stays (the answer is the same 404 as for an address never seen)."""
    rules = runtime.config.suspension
    lifted = suspensions.unblock(db, who.account.id, who.now, rules, body.address)
    if body.address is not None and not lifted:
        raise ApiProblem(404, ErrorCode.NOT_FOUND, field="address")
    audit(
        db,
        who,
        SECURITY_UNBLOCK,
        Outcome.SUCCESS,
        {"address": body.address, "all": body.address is None, "count": len(lifted)},
    )
    return suspensions.state(db, who.account.id, who.now, rules)
