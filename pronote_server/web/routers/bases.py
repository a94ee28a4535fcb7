"""``/v1/bases``: the account's bases (Base en cours, Autres bases), Créer une base, Ouvrir cette
base, Charger une base, Compléter la base hébergée, Récupérer les utilisateurs, Préparer l'année
suivante. The rules are in :mod:`pronote_server.bases`."""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from pronote_api.school import (
    BaseList,
    BaseSummary,
    CreateBaseRequest,
    Job,
    PrepareNextYearRequest,
    UploadRef,
)
from pronote_server.bases import loading
from pronote_server.bases import registry as bases
from pronote_server.web.deps import (
    ActorDep,
    RuntimeDep,
    SessionDep,
    StoreDep,
)
from pronote_server.web.ids import BaseId

router = APIRouter(prefix="/bases", tags=["bases"])


def conditional(request: Request, model: BaseModel) -> Response:
    """The model as JSON with an ``ETag``; ``304`` when the console already holds this very
    answer (``If-None-Match``): what it polls often costs a few bytes when nothing changed."""
    body = model.model_dump_json().encode("utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type="application/json", headers={"ETag": etag})


@router.get("", response_model=BaseList)
def list_bases(
    request: Request, current: SessionDep, runtime: RuntimeDep, db: StoreDep
) -> Response:
    return conditional(request, bases.listing(runtime, db, current.account.id))


@router.post("")
def create_base(
    body: CreateBaseRequest,
    runtime: RuntimeDep,
    db: StoreDep,
    who: ActorDep,
) -> BaseSummary:
    row = bases.create(runtime, db, who, body)
    return bases.summary(runtime, row)


@router.post("/load", status_code=202)
def load_base(body: UploadRef, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> Job:
    return loading.load(runtime, db, who, body.upload_id)


@router.post("/current/annexes", status_code=202)
def attach_annexes(body: UploadRef, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> Job:
    return loading.annexes(runtime, db, who, body.upload_id)


@router.post("/current/users", status_code=202)
def import_users(body: UploadRef, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> Job:
    return loading.users(runtime, db, who, body.upload_id)


@router.post("/prepare-next-year", status_code=202)
def prepare_next_year(
    body: PrepareNextYearRequest,
    runtime: RuntimeDep,
    db: StoreDep,
    who: ActorDep,
) -> Job:
    return loading.prepare_next_year(runtime, db, who, body)


@router.post("/{base_id}/open")
def open_base(base_id: BaseId, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> BaseSummary:
    row = bases.open_base(runtime, db, who, base_id)
    return bases.summary(runtime, row)
