"""``/v1/snapshots``: Sauvegardes and Mes archives (Fiche 10). The rules are in
:mod:`pronote_server.snapshots.service`; the files in
:mod:`pronote_server.snapshots.backups`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from pronote_api.errors import ErrorCode
from pronote_api.school import Job, UploadRef
from pronote_api.snapshots import RestorePreview, SnapshotList, TakeSnapshotRequest
from pronote_server.snapshots import backups as snapshots
from pronote_server.snapshots import service as snapshots_service
from pronote_server.web.deps import (
    ActorDep,
    NowDep,
    RuntimeDep,
    SessionDep,
    StoreDep,
)
from pronote_server.web.errors import ApiProblem
from pronote_server.web.ids import SnapshotId
from pronote_server.web.routers.bases import conditional

router = APIRouter(prefix="/snapshots", tags=["snapshots"])
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")


def _range_refused(size: int) -> ApiProblem:
    """A ``Range`` that is not one satisfiable span of the file (416, with the file's size)."""
    return ApiProblem(
        416,
        ErrorCode.VALIDATION_ERROR,
        field="range",
        reason="snapshot.problem.range",
        headers={"Content-Range": f"bytes */{size}"},
    )


@router.get("", response_model=SnapshotList)
def list_snapshots(
    request: Request, current: SessionDep, runtime: RuntimeDep, now: NowDep
) -> Response:
    return conditional(request, snapshots_service.listing(runtime, current.account, now))


@router.post("", status_code=202)
def take_snapshot(
    body: TakeSnapshotRequest,
    runtime: RuntimeDep,
    db: StoreDep,
    who: ActorDep,
) -> Job:
    return snapshots_service.take_job(runtime, db, who, body.kind)


@router.post("/import", status_code=202)
def import_snapshot(body: UploadRef, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> Job:
    return snapshots_service.import_job(runtime, db, who, body.upload_id)


@router.post("/{snapshot_id}/verify", status_code=202)
def verify_snapshot(
    snapshot_id: SnapshotId,
    runtime: RuntimeDep,
    db: StoreDep,
    who: ActorDep,
) -> Job:
    return snapshots_service.verify_job(runtime, db, who, snapshot_id)


@router.get("/{snapshot_id}/restore-preview")
def restore_preview(
    snapshot_id: SnapshotId,
    runtime: RuntimeDep,
    db: StoreDep,
    who: ActorDep,
) -> RestorePreview:
    return snapshots_service.preview(runtime, db, who, snapshot_id)


@router.post("/{snapshot_id}/restore", status_code=202)
def restore(snapshot_id: SnapshotId, runtime: RuntimeDep, db: StoreDep, who: ActorDep) -> Job:
    return snapshots_service.restore_job(runtime, db, who, snapshot_id)


@router.get("/{snapshot_id}/file")
def download(
    snapshot_id: SnapshotId, request: Request, current: SessionDep, runtime: RuntimeDep
) -> Response:
    """The snapshot's bytes; ``Range: bytes=N-`` (or ``N-M``) answers ``206`` so that a cut
    download resumes; ``X-Content-SHA256`` is the whole file's checksum."""
    number = current.account.hosting_number
    item = snapshots.find(runtime.data, number, snapshot_id)
    digest = snapshots.sha256_of(runtime.data, number, item)
    size = item.path.stat().st_size
    start, end, status = 0, size - 1, 200
    wanted = request.headers.get("range")
    if wanted:
        match = _RANGE.match(wanted.strip())
        if match is None or int(match.group(1)) >= max(size, 1):
            raise _range_refused(size)
        start = int(match.group(1))
        end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
        if end < start:
            raise _range_refused(size)
        status = 206
    handle = item.path.open("rb")  # open now: a file deleted meanwhile is still read whole

    def chunks() -> Iterator[bytes]:
        try:
            handle.seek(start)
            left = end - start + 1
            while left > 0:
                block = handle.read(min(snapshots.CHUNK, left))
                if not block:
                    break
                left -= len(block)
                yield block
        finally:
            handle.close()

    headers = {
        "Content-Length": str(end - start + 1),
        "Accept-Ranges": "bytes",
        "X-Content-SHA256": digest,
        "Content-Disposition": f'attachment; filename="{item.path.name}"',
        "Content-Encoding": "identity",
    }
    if status == 206:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return StreamingResponse(
        chunks(), status_code=status, media_type="application/octet-stream", headers=headers
    )
