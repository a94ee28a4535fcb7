"""``/v1/uploads``: files sent by the console in chunks, resumable (see
:mod:`pronote_server.bases.uploads`)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from pronote_api.errors import ErrorCode
from pronote_api.school import UploadCreate, UploadStatus
from pronote_server.bases import upload_limits, uploads
from pronote_server.runtime import Runtime
from pronote_server.web.deps import NowDep, RuntimeDep, SessionDep, StoreDep
from pronote_server.web.errors import ApiProblem
from pronote_server.web.routers.bases import conditional

router = APIRouter(prefix="/uploads", tags=["uploads"])

WRITE_BLOCK = 1024 * 1024
"""Bytes gathered from the request before one write (the body comes in small pieces)."""


@router.post("", status_code=201)
def create_upload(
    body: UploadCreate, current: SessionDep, runtime: RuntimeDep, db: StoreDep, now: NowDep
) -> UploadStatus:
    row = upload_limits.create(runtime, db, current.account.id, body, now)
    return uploads.to_wire(row)


@router.get("/{upload_id}", response_model=UploadStatus)
def upload_status(
    upload_id: str, request: Request, current: SessionDep, runtime: RuntimeDep, db: StoreDep
) -> Response:
    row = uploads.find_live(runtime, db, current.account.id, upload_id)
    return conditional(request, uploads.to_wire(row))


@router.delete("/{upload_id}", status_code=204)
def delete_upload(
    upload_id: str, current: SessionDep, runtime: RuntimeDep, db: StoreDep
) -> Response:
    row = uploads.find_live(runtime, db, current.account.id, upload_id)
    with uploads.lock_for(upload_id):
        uploads.remove(runtime, db, row)
    return Response(status_code=204)


CHUNK_LOCK_WAIT_SECONDS = 10.0


@router.put("/{upload_id}")
async def put_chunk(
    upload_id: str, request: Request, current: SessionDep, runtime: RuntimeDep, now: NowDep
) -> UploadStatus:
    """One chunk: ``Content-Range: bytes START-END/TOTAL``, the raw bytes as the body."""
    account_id = current.account.id
    chunk = uploads.parse_range(
        request.headers.get("content-range"), request.headers.get("content-length")
    )
    # Known (to this account, not expired) before anything is kept for it in memory: an id that
    # names nothing gets the same answer as an expired one, and no lock.
    await run_in_threadpool(_received, runtime, account_id, upload_id)
    lock = uploads.lock_for(upload_id)
    # A chunk whose link just dropped may still be held here until the service notices the
    # drop (a moment): the resumed chunk waits for it rather than being refused at once.
    if not await run_in_threadpool(lock.acquire, True, CHUNK_LOCK_WAIT_SECONDS):
        # Another chunk of this upload is still being written: the console resumes from the
        # received size, which this answer tells it.
        received = await run_in_threadpool(_received, runtime, account_id, upload_id)
        raise ApiProblem(409, ErrorCode.UPLOAD_OFFSET_MISMATCH, received=received)
    try:
        writer = await run_in_threadpool(uploads.ChunkWriter, runtime, account_id, upload_id, chunk)
        try:
            pending: list[bytes] = []
            size = 0
            async for piece in request.stream():
                if not piece:
                    continue
                pending.append(piece)
                size += len(piece)
                if size >= WRITE_BLOCK:
                    await run_in_threadpool(writer.write, b"".join(pending))
                    pending, size = [], 0
            if pending:
                await run_in_threadpool(writer.write, b"".join(pending))
        except BaseException:
            await run_in_threadpool(writer.abort)
            raise
        row = await run_in_threadpool(writer.finish, now)
    finally:
        lock.release()
    return uploads.to_wire(row)


def _received(runtime: Runtime, account_id: int, upload_id: str) -> int:
    with runtime.sessions() as db:
        return uploads.find_live(runtime, db, account_id, upload_id).received
