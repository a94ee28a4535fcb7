"""``/v1/recovery``: Récupérer les données d'une base PRONOTE (Fiche 6) and Récupérer les
utilisateurs. The copy is in :mod:`pronote_server.bases.recovery`."""

from __future__ import annotations

from fastapi import APIRouter

from pronote_api.school import Job
from pronote_api.snapshots import RecoveryRequest, RecoveryTree
from pronote_server.bases import recovery
from pronote_server.snapshots import service as snapshots_service
from pronote_server.web.deps import ActorDep, RuntimeDep, SessionDep, StoreDep

router = APIRouter(prefix="/recovery", tags=["recovery"])


@router.get("/categories")
def categories(current: SessionDep) -> RecoveryTree:
    del current
    return recovery.tree()


@router.post("", status_code=202)
def recover(body: RecoveryRequest, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> Job:
    return snapshots_service.recover_job(runtime, db, who, body)
