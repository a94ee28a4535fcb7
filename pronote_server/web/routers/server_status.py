"""``/v1/server``: the school server's state, "Mettre en service" and "Arrêter le serveur"."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from pronote_api.models import ServerStatus
from pronote_api.school import StartRequest
from pronote_server import bases
from pronote_server.web.deps import NowDep, RuntimeDep, SessionDep, SourceIpDep, StoreDep
from pronote_server.web.routers.bases import actor, conditional

router = APIRouter(prefix="/server", tags=["server"])


@router.get("/status", response_model=ServerStatus)
def server_status(request: Request, current: SessionDep, db: StoreDep) -> Response:
    return conditional(request, bases.status(db, current.account.id))


@router.post("/start")
def start(
    body: StartRequest,
    current: SessionDep,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> ServerStatus:
    return bases.start(runtime, db, actor(current, source_ip, now), body)


@router.post("/stop")
def stop(current: SessionDep, db: StoreDep, now: NowDep, source_ip: SourceIpDep) -> ServerStatus:
    return bases.stop(db, actor(current, source_ip, now))
