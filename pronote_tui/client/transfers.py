"""Files to and from the service, in pieces that survive a cut link.

* uploads: the sha256 first (streamed), then ``PUT`` chunks at the offset the service holds;
  after a failure the client asks how much it holds and goes on from there, never from zero;
* downloads: appended to ``<target>.part`` and resumed with ``Range: bytes=N-``; the whole
  file's sha256 is checked before the ``.part`` becomes ``target``.

Both report their progress (:class:`UploadProgress`, :class:`DownloadProgress`), pause more and
more between attempts (:class:`.Backoff`) and give up after :data:`.UPLOAD_GIVE_UP` failures in
a row without progress. Files are read and written in threads (the interface keeps answering).
Imports :mod:`.transport` and below.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pronote_api.errors import ErrorCode
from pronote_api.school import UPLOAD_CHUNK_MAX, UploadCreate, UploadKind, UploadStatus
from pronote_tui.client.errors import ApiFailure, ServiceUnreachable, local_failure
from pronote_tui.client.link import UPLOAD_GIVE_UP, Backoff, ConnectionState, Sealed
from pronote_tui.client.transport import Transport

HASH_BLOCK = 1 << 20
PART_SUFFIX = ".part"
DOWNLOAD_BLOCK = 1 << 16
# A chunk refused for these is sent again from where the service stands.
_RESUMABLE = {ErrorCode.UPLOAD_OFFSET_MISMATCH}


@dataclass
class UploadProgress:
    """What :meth:`TransferCalls.upload_file` reports: ``phase`` is ``hashing`` (the sha256 is
    being computed), ``sending`` or ``done``; ``done``/``total`` in bytes; ``rate`` in bytes per
    second over this call's sending; ``resumes``: how many times it went on after a failure;
    ``upload_id`` once the service has registered the upload (to abandon it)."""

    phase: str
    done: int
    total: int
    rate: float = 0.0
    resumes: int = 0
    upload_id: str | None = None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass
class DownloadProgress:
    """What a download (:meth:`~.SnapshotsCalls.download_snapshot`) reports: ``phase`` is
    ``receiving``, ``checking`` (the sha256 of what was received) or ``done``;
    ``done``/``total`` in bytes; ``resumes``: how many times the link dropped and the download
    went on."""

    done: int
    total: int
    phase: str = "receiving"
    rate: float = 0.0
    resumes: int = 0

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


class _Rate:
    """Bytes per second moved by this call (not counting what an earlier attempt moved)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.moved = 0

    def add(self, count: int) -> float:
        self.moved += count
        elapsed = time.monotonic() - self.started
        return self.moved / elapsed if elapsed > 0 else 0.0


class TransferCalls(Transport):
    # --- uploads ------------------------------------------------------------------------------

    async def create_upload(self, request: UploadCreate) -> UploadStatus:
        return await self._fetch(UploadStatus, "POST", "/v1/uploads", body=Sealed.of(request))

    async def upload_status(self, upload_id: str) -> UploadStatus:
        return await self._fetch(UploadStatus, "GET", f"/v1/uploads/{upload_id}")

    async def delete_upload(self, upload_id: str) -> None:
        await self._call("DELETE", f"/v1/uploads/{upload_id}")

    async def send_chunk(self, upload_id: str, start: int, data: bytes, total: int) -> UploadStatus:
        """One ``PUT`` of raw bytes at ``start``; not retried here (see :meth:`upload_file`)."""
        end = start + len(data) - 1
        sealed = Sealed(data)
        sealed.headers["Content-Type"] = "application/octet-stream"
        sealed.headers["Content-Range"] = f"bytes {start}-{end}/{total}"
        return await self._fetch(
            UploadStatus, "PUT", f"/v1/uploads/{upload_id}", body=sealed, idempotent=False
        )

    async def upload_file(
        self,
        path: Path,
        kind: UploadKind,
        progress_cb: Callable[[UploadProgress], None] | None = None,
        *,
        chunk_size: int = UPLOAD_CHUNK_MAX,
    ) -> UploadStatus:
        """Send the file at ``path`` in chunks; returns the completed upload.

        The sha256 is computed first, streamed (the service checks it at the end). The file is
        read one chunk at a time, never whole. When the link drops or a chunk times out, the
        client asks the service how much it holds (``GET /v1/uploads/{id}``) and goes on from
        there, never from zero, with growing pauses; it gives up after
        :data:`UPLOAD_GIVE_UP` failures in a row without progress.
        """
        chunk_size = max(1, min(chunk_size, UPLOAD_CHUNK_MAX))
        size = path.stat().st_size
        progress = UploadProgress(phase="hashing", done=0, total=size)
        report = progress_cb or (lambda _p: None)
        report(progress)

        def hashed(done: int) -> None:
            progress.done = done
            report(progress)

        digest = await sha256_of(path, hashed)
        status = await self.create_upload(
            UploadCreate(kind=kind, filename=path.name[:255], size=size, sha256=digest)
        )
        progress.phase = "sending"
        progress.upload_id = status.id
        progress.done = status.received
        report(progress)
        rate = _Rate()
        failures = 0
        backoff = Backoff(self.backoff)
        with path.open("rb") as source:
            while not status.complete:
                start = status.received
                data = await asyncio.to_thread(_read_at, source, start, chunk_size)
                if not data:  # the file shrank since it was hashed: the service will say so
                    status = await self.upload_status(status.id)
                    break
                try:
                    status = await self.send_chunk(status.id, start, data, size)
                except (ServiceUnreachable, ApiFailure) as exc:
                    if isinstance(exc, ApiFailure) and exc.code not in _RESUMABLE:
                        raise
                    failures += 1
                    if failures >= UPLOAD_GIVE_UP:
                        raise
                    progress.resumes += 1
                    report(progress)
                    await backoff.pause()
                    status = await self._resume_point(status, failures)
                    progress.done = status.received
                    report(progress)
                    continue
                failures = 0
                backoff.reset()
                progress.done = status.received
                progress.rate = rate.add(len(data))
                report(progress)
        progress.phase = "done"
        report(progress)
        return status

    async def _resume_point(self, status: UploadStatus, failures: int) -> UploadStatus:
        """Where to go on from: what the service holds (it may have kept the last chunk)."""
        while True:
            try:
                return await self.upload_status(status.id)
            except ServiceUnreachable:
                failures += 1
                if failures >= UPLOAD_GIVE_UP:
                    raise

    # --- downloads ----------------------------------------------------------------------------

    async def _download(
        self,
        path: str,
        target: Path,
        total: int,
        sha256: str,
        progress_cb: Callable[[DownloadProgress], None] | None = None,
    ) -> Path:
        """Save what ``GET path`` answers at ``target`` (``total`` bytes whose digest is
        ``sha256``, unless the answer's ``X-Content-SHA256`` says otherwise).

        The bytes go to ``target`` + ``.part``, appended as they come; a cut link (or a
        ``.part`` left by an earlier attempt) goes on from what the file holds with
        ``Range: bytes=N-``, after growing pauses, and gives up after :data:`UPLOAD_GIVE_UP`
        failures in a row without progress (the ``.part`` is kept for a later attempt). At the
        end the whole file's SHA-256 is compared; a mismatch deletes the ``.part``
        (``archive.download.checksum``). Only then is it renamed to ``target``.
        """
        import httpx

        part = target.with_name(target.name + PART_SUFFIX)
        progress = DownloadProgress(done=0, total=total)
        report = progress_cb or (lambda _p: None)
        expected = sha256
        failures = 0
        backoff = Backoff(self.backoff)
        rate = _Rate()
        while True:
            have = part.stat().st_size if part.exists() else 0
            progress.done = have
            report(progress)
            if have >= progress.total > 0:
                break
            sealed = Sealed(Accept="application/octet-stream")
            self._authorise(sealed)
            if have:
                sealed.headers["Range"] = f"bytes={have}-"
            try:
                http = self._http("api")
                async with http.stream("GET", path, headers=sealed.headers) as response:
                    if response.status_code not in (200, 206):
                        await response.aread()
                        raise self._refusal(response)
                    self._set_state(ConnectionState.CONNECTED)
                    expected = response.headers.get("X-Content-SHA256", expected)
                    mode = "ab" if response.status_code == 206 else "wb"
                    with part.open(mode) as sink:
                        async for block in response.aiter_bytes(DOWNLOAD_BLOCK):
                            await asyncio.to_thread(sink.write, block)
                            progress.done = sink.tell()
                            progress.rate = rate.add(len(block))
                            report(progress)
                            failures = 0
                    if progress.done < progress.total:
                        raise httpx.ReadError("answer shorter than the file")
            except (httpx.TransportError, httpx.DecodingError) as exc:
                self._raise_if_tls(exc, self._url("api"), "api")
                failures += 1
                if failures >= UPLOAD_GIVE_UP:
                    self._go_offline("api")
                    raise ServiceUnreachable(self._url("api")) from None
                progress.resumes += 1
                report(progress)
                await self._link_lost("api", backoff)
                continue
            break
        progress.phase = "checking"
        report(progress)
        digest = await sha256_of(part, lambda _done: None)
        if digest != expected:
            part.unlink(missing_ok=True)
            raise local_failure(ErrorCode.SNAPSHOT_CORRUPT, "archive.download.checksum")
        part.replace(target)
        progress.phase = "done"
        report(progress)
        return target


async def sha256_of(path: Path, progress: Callable[[int], None]) -> str:
    """The file's sha256, read block by block in a thread (the interface keeps answering)."""
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as source:
        while True:
            block = await asyncio.to_thread(source.read, HASH_BLOCK)
            if not block:
                return digest.hexdigest()
            digest.update(block)
            done += len(block)
            progress(done)


def _read_at(source: BinaryIO, offset: int, size: int) -> bytes:
    source.seek(offset)
    return source.read(size)
