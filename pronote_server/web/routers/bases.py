"""``/v1/bases``: the account's bases (Base en cours, Autres bases), Créer une base, Ouvrir cette
base, Charger une base, Compléter la base hébergée, Récupérer les utilisateurs, Préparer l'année
suivante. The rules are in :mod:`pronote_server.bases`."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter

from pronote_api.school import (
    BaseList,
    BaseSummary,
    CreateBaseRequest,
    Job,
    PrepareNextYearRequest,
    UploadRef,
)
from pronote_server import bases
from pronote_server.web.deps import (
    CurrentSession,
    NowDep,
    RuntimeDep,
    SessionDep,
    SourceIpDep,
    StoreDep,
)

router = APIRouter(prefix="/bases", tags=["bases"])


def actor(current: CurrentSession, source_ip: str, now: datetime) -> bases.Actor:
    return bases.Actor(account=current.account, source_ip=source_ip, now=now)


@router.get("")
def list_bases(current: SessionDep, runtime: RuntimeDep, db: StoreDep) -> BaseList:
    return bases.listing(runtime, db, current.account.id)


@router.post("")
def create_base(
    body: CreateBaseRequest,
    current: SessionDep,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> BaseSummary:
    row = bases.create(runtime, db, actor(current, source_ip, now), body)
    return bases.summary(runtime, row)


@router.post("/load", status_code=202)
def load_base(
    body: UploadRef,
    current: SessionDep,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> Job:
    return bases.load(runtime, db, actor(current, source_ip, now), body.upload_id)


@router.post("/current/annexes", status_code=202)
def attach_annexes(
    body: UploadRef,
    current: SessionDep,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> Job:
    return bases.annexes(runtime, db, actor(current, source_ip, now), body.upload_id)


@router.post("/current/users", status_code=202)
def import_users(
    body: UploadRef,
    current: SessionDep,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> Job:
    return bases.users(runtime, db, actor(current, source_ip, now), body.upload_id)


@router.post("/prepare-next-year", status_code=202)
def prepare_next_year(
    body: PrepareNextYearRequest,
    current: SessionDep,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> Job:
    return bases.prepare_next_year(runtime, db, actor(current, source_ip, now), body)


@router.post("/{base_id}/open")
def open_base(
    base_id: str,
    current: SessionDep,
    runtime: RuntimeDep,
    db: StoreDep,
    now: NowDep,
    source_ip: SourceIpDep,
) -> BaseSummary:
    row = bases.open_base(runtime, db, actor(current, source_ip, now), base_id)
    return bases.summary(runtime, row)
