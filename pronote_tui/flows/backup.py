"""Serveur PRONOTE > Sauvegardes (Fiche 10): Sauvegarder maintenant, Archiver, Vérifier, and the
dispatch of the tab's actions (Ouvrir cette archive restores, Télécharger downloads)."""

from __future__ import annotations

from functools import partial

from pronote_api.school import Job
from pronote_api.snapshots import Snapshot, SnapshotKind
from pronote_tui.flows.base import ServerHost, progress, show_snapshots
from pronote_tui.flows.restore import restore
from pronote_tui.flows.transfer import download
from pronote_tui.widgets.progress_dialog import Operation
from pronote_tui.widgets.restore_dialog import verify_text


async def backup_action(host: ServerHost, action: str, item: Snapshot | None) -> None:
    """What the Sauvegardes tab (or its key, or the palette) asks for ``item``."""
    if action in ("take", "archive"):
        await take(host, SnapshotKind.BACKUP if action == "take" else SnapshotKind.ARCHIVE)
        return
    if item is None:
        host.result(host.t("backups.none_chosen"), error=True)
        return
    if action == "verify":
        await verify(host, item)
    elif action == "open":
        await restore(host, item)
    elif action == "download":
        await download(host, item)


async def take(host: ServerHost, kind: SnapshotKind) -> None:
    def describe(job: Job) -> str:
        return host.t("backups.taken", name=job.result.get("name", ""))

    async def start(_upload: str | None) -> Job:
        return await host.client.take_snapshot(kind)

    title = "backups.take_title" if kind is SnapshotKind.BACKUP else "backups.archive_title"
    await progress(host, Operation(title=host.t(title), start_job=start, describe=describe))
    await show_snapshots(host, None)


async def verify(host: ServerHost, item: Snapshot) -> None:
    async def start(_upload: str | None) -> Job:
        return await host.client.verify_snapshot(item.id)

    operation = Operation(
        title=host.t("backups.verify_title", name=item.name),
        start_job=start,
        describe=partial(verify_text, item, lang=host.lang),
        good=lambda job: job.result.get("ok") is not False,
    )
    await progress(host, operation)
    await show_snapshots(host, item.id)
