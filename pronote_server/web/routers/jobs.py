"""``GET /v1/jobs/{job_id}``: where a long operation is (the console polls it)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from pronote_api.errors import ErrorCode
from pronote_api.school import Job
from pronote_server.jobs import runner as jobs
from pronote_server.web.deps import NowDep, SessionDep, StoreDep
from pronote_server.web.errors import ApiProblem
from pronote_server.web.ids import JobId
from pronote_server.web.routers.bases import conditional

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=Job)
def get_job(
    job_id: JobId, request: Request, current: SessionDep, db: StoreDep, now: NowDep
) -> Response:
    row = jobs.find(db, current.account.id, job_id, now)
    if row is None:
        raise ApiProblem(404, ErrorCode.NOT_FOUND)
    return conditional(request, jobs.to_wire(row))
