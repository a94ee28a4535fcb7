"""``/v1/publication`` (the PRONOTE.net panel, Fiches 8 and 9): the publication's state, "Publier
la base", "Arrêter la publication", the settings, and the known ENTs. The rules are in
:mod:`pronote_server.espaces.publication`; the contract in :mod:`pronote_api.publication`."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response

from pronote_api.errors import ErrorCode
from pronote_api.publication import KnownEnts, PublicationSettings, PublicationState
from pronote_server.espaces import ents
from pronote_server.espaces import publication as espaces
from pronote_server.store.tables import Account
from pronote_server.web.deps import ActorDep, RuntimeDep, SessionDep, StoreDep
from pronote_server.web.errors import ApiProblem
from pronote_server.web.routers.bases import conditional

log = logging.getLogger("pronote_server.web")

router = APIRouter(prefix="/publication", tags=["publication"])


def _state(
    request: Request, runtime: RuntimeDep, db: StoreDep, account: Account
) -> PublicationState:
    """The state, with the addresses of the web listener as it is bound."""
    ports = request.app.state.ports
    web = espaces.WebAddress(ports.web_scheme, ports.web or None)
    return espaces.state(db, account, runtime.config.domain, web, web_served=bool(ports.web))


@router.get("", response_model=PublicationState)
def publication_state(
    request: Request, current: SessionDep, runtime: RuntimeDep, db: StoreDep
) -> Response:
    return conditional(request, _state(request, runtime, db, current.account))


@router.post("/publish")
def publish(request: Request, who: ActorDep, runtime: RuntimeDep, db: StoreDep) -> PublicationState:
    espaces.publish(db, who)
    return _state(request, runtime, db, who.account)


@router.post("/stop")
def stop(request: Request, who: ActorDep, runtime: RuntimeDep, db: StoreDep) -> PublicationState:
    espaces.stop(db, who)
    return _state(request, runtime, db, who.account)


@router.put("/settings")
def save_settings(
    body: PublicationSettings, request: Request, who: ActorDep, runtime: RuntimeDep, db: StoreDep
) -> PublicationState:
    espaces.save_settings(db, who, body)
    return _state(request, runtime, db, who.account)


@router.get("/ents", response_model=KnownEnts)
def known_ents(request: Request, current: SessionDep, runtime: RuntimeDep) -> Response:
    try:
        listed = ents.known_ents(runtime.data, runtime.config)
    except ents.KnownEntsError as exc:
        log.error("known ENTs unavailable: %s", exc)
        raise ApiProblem(503, ErrorCode.INTERNAL, ref="ents") from None
    return conditional(request, listed)
