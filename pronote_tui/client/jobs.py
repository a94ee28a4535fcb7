"""The service's jobs (loading a base, a backup, a restore ...): start one, read it, wait for its
end through outages. Imports :mod:`.transport`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pronote_api.school import Job, JobState, UploadRef
from pronote_tui.client.errors import ServiceUnreachable
from pronote_tui.client.link import UPLOAD_GIVE_UP, Sealed
from pronote_tui.client.transport import Transport

JOB_POLL_INTERVAL = 0.5


class JobCalls(Transport):
    async def job(self, job_id: str) -> Job:
        return await self._fetch(Job, "GET", f"/v1/jobs/{job_id}")

    async def wait_job(
        self,
        job: Job,
        progress_cb: Callable[[Job], None] | None = None,
        *,
        interval: float = JOB_POLL_INTERVAL,
    ) -> Job:
        """Poll ``job`` until it has ended; ``progress_cb`` sees each state. A service that goes
        away meanwhile is waited for (the job goes on there) up to :data:`UPLOAD_GIVE_UP`
        failed polls in a row."""
        failures = 0
        while True:
            if progress_cb is not None:
                progress_cb(job)
            if job.state != JobState.RUNNING:
                return job
            await asyncio.sleep(interval)
            try:
                job = await self.job(job.id)
            except ServiceUnreachable:
                failures += 1
                if failures >= UPLOAD_GIVE_UP:
                    raise
                continue
            failures = 0

    async def _job_from(self, path: str, upload_id: str, *, forgets: str | None = None) -> Job:
        """A job started from a completed upload."""
        body = Sealed.of(UploadRef(upload_id=upload_id))
        return await self._fetch(Job, "POST", path, body=body, forgets=forgets)
