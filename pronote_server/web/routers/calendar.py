"""``/v1/calendar``: Mon compte > Changement de version (Fiche 12). The rules are in
:mod:`pronote_server.snapshots.calendar`; the scheduler applies them."""

from __future__ import annotations

from fastapi import APIRouter

from pronote_api.snapshots import VersionChangeChoice, VersionChangePlan
from pronote_server.snapshots import calendar
from pronote_server.web.deps import ActorDep, NowDep, RuntimeDep, SessionDep, StoreDep

router = APIRouter(prefix="/calendar", tags=["calendar"])


@router.get("")
def read_plan(current: SessionDep, runtime: RuntimeDep, now: NowDep) -> VersionChangePlan:
    return calendar.read(runtime, current.account.hosting_number, now)


@router.put("")
def save_choice(
    body: VersionChangeChoice,
    runtime: RuntimeDep,
    db: StoreDep,
    who: ActorDep,
) -> VersionChangePlan:
    return calendar.save(runtime, db, who, body)
