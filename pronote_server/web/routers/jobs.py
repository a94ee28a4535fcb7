"""``GET /v1/jobs/{job_id}``: where a long operation is (the console polls it)."""

from __future__ import annotations

from fastapi import APIRouter

from pronote_api.errors import ErrorCode
from pronote_api.school import Job
from pronote_server import jobs
from pronote_server.web.deps import NowDep, SessionDep, StoreDep
from pronote_server.web.errors import ApiProblem

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("/{job_id}")
def get_job(job_id: str, current: SessionDep, db: StoreDep, now: NowDep) -> Job:
    row = jobs.find(db, current.account.id, job_id, now)
    if row is None:
        raise ApiProblem(404, ErrorCode.NOT_FOUND)
    return jobs.to_wire(row)
