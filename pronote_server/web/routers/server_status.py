"""``/v1/server``: the school server's state, "Mettre en service" and "Arrêter le serveur"."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from pronote_api.models import ServerStatus
from pronote_api.school import StartRequest
from pronote_server.bases import registry as bases
from pronote_server.bases import server
from pronote_server.web.deps import ActorDep, RuntimeDep, SessionDep, StoreDep
from pronote_server.web.routers.bases import conditional

router = APIRouter(prefix="/server", tags=["server"])


@router.get("/status", response_model=ServerStatus)
def server_status(request: Request, current: SessionDep, db: StoreDep) -> Response:
    return conditional(request, bases.status(db, current.account.id))


@router.post("/start")
def start(body: StartRequest, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> ServerStatus:
    return server.start(runtime, db, who, body)


@router.post("/stop")
def stop(db: StoreDep, who: ActorDep) -> ServerStatus:
    return server.stop(db, who)
