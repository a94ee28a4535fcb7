"""Backups, archives, recovery and the version-change calendar (:mod:`pronote_api.snapshots`).

Taking, verifying, restoring and importing are jobs (:mod:`.jobs`); a snapshot's file comes
down through :mod:`.transfers`. Imports those and below."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pronote_api.school import Job
from pronote_api.snapshots import (
    RecoveryRequest,
    RecoveryTree,
    RestorePreview,
    Snapshot,
    SnapshotKind,
    SnapshotList,
    TakeSnapshotRequest,
    VersionChangeChoice,
    VersionChangePlan,
)
from pronote_tui.client.jobs import JobCalls
from pronote_tui.client.link import Sealed
from pronote_tui.client.transfers import DownloadProgress, TransferCalls

SNAPSHOTS = "/v1/snapshots"


class SnapshotsCalls(JobCalls, TransferCalls):
    async def snapshots(self) -> SnapshotList:
        """Sauvegardes and archives, newest first; polled (ETag/304)."""
        return await self._fetch(SnapshotList, "GET", SNAPSHOTS)

    async def take_snapshot(self, kind: SnapshotKind = SnapshotKind.BACKUP) -> Job:
        """A backup (or an archive) now: a job."""
        body = Sealed.of(TakeSnapshotRequest(kind=kind))
        return await self._fetch(Job, "POST", SNAPSHOTS, body=body, forgets=SNAPSHOTS)

    async def verify_snapshot(self, snapshot_id: str) -> Job:
        """Read the snapshot whole again (checksums, integrity): a job; ``result.ok``."""
        return await self._fetch(
            Job, "POST", f"{SNAPSHOTS}/{snapshot_id}/verify", forgets=SNAPSHOTS
        )

    async def restore_preview(self, snapshot_id: str) -> RestorePreview:
        """What restoring ``snapshot_id`` replaces, and the work since its date that is lost."""
        return await self._fetch(
            RestorePreview, "GET", f"{SNAPSHOTS}/{snapshot_id}/restore-preview"
        )

    async def restore_snapshot(self, snapshot_id: str) -> Job:
        """Ouvrir cette archive (server stopped): a job; ``result.before_restore_id``."""
        return await self._fetch(
            Job, "POST", f"{SNAPSHOTS}/{snapshot_id}/restore", forgets=SNAPSHOTS
        )

    async def import_snapshot(self, upload_id: str) -> Job:
        """An archive from elsewhere, from a completed upload of kind ``archive``: a job."""
        return await self._job_from(f"{SNAPSHOTS}/import", upload_id, forgets=SNAPSHOTS)

    async def download_snapshot(
        self,
        snapshot: Snapshot,
        target: Path,
        progress_cb: Callable[[DownloadProgress], None] | None = None,
    ) -> Path:
        """Save the snapshot's file at ``target``: resumed after a cut link, its SHA-256
        (``X-Content-SHA256``) checked before the file takes its name (see
        :meth:`~.TransferCalls._download`)."""
        return await self._download(
            f"{SNAPSHOTS}/{snapshot.id}/file",
            target,
            snapshot.size_bytes,
            snapshot.sha256,
            progress_cb,
        )

    # --- recovery, calendar -------------------------------------------------------------------

    async def recovery_categories(self) -> RecoveryTree:
        return await self._fetch(RecoveryTree, "GET", "/v1/recovery/categories")

    async def recover(self, request: RecoveryRequest) -> Job:
        """Récupérer les données d'une base (and the users): a job; its result is a
        :class:`~pronote_api.snapshots.RecoveryReport`."""
        return await self._fetch(Job, "POST", "/v1/recovery", body=Sealed.of(request))

    async def calendar(self) -> VersionChangePlan:
        return await self._fetch(VersionChangePlan, "GET", "/v1/calendar")

    async def set_calendar(self, choice: VersionChangeChoice) -> VersionChangePlan:
        return await self._fetch(
            VersionChangePlan, "PUT", "/v1/calendar", body=Sealed.of(choice), forgets="/v1/calendar"
        )
