"""An archive to or from this workstation: Télécharger (Save as, then the download with its
bar, resumed after a dropped link) and Importer une archive (the file dialog, the resumable
upload, then the import job)."""

from __future__ import annotations

from pronote_api.school import Job, UploadKind
from pronote_api.snapshots import Snapshot
from pronote_tui.flows.base import (
    FlowHost,
    ask,
    cancelled,
    files_folder,
    pick_file,
    progress,
    with_upload,
)
from pronote_tui.widgets.archive_transfer import ARCHIVE_SUFFIXES, DownloadDialog, SaveAsDialog
from pronote_tui.widgets.file_picker import format_size
from pronote_tui.widgets.progress_dialog import Operation


async def download(host: FlowHost, item: Snapshot) -> None:
    """Save as, then download; the outcome goes to the host's result line."""
    title = host.t("archives.save_title", name=item.name)
    path = await ask(host, SaveAsDialog(title, files_folder(host.app) / item.name))
    if path is None:
        cancelled(host)
    if await ask(host, DownloadDialog(host.client, item, path)):
        size = format_size(item.size_bytes, host.lang)
        host.result(host.t("archives.downloaded", name=item.name, path=path, size=size))


async def import_archive(host: FlowHost) -> None:
    title = host.t("archives.import_title")
    path = await pick_file(host, title, ARCHIVE_SUFFIXES)

    def describe(job: Job) -> str:
        return host.t("archives.imported", name=job.result.get("name", path.name))

    start = with_upload(host.client.import_snapshot)
    await progress(host, Operation(title, start, describe, upload=(path, UploadKind.ARCHIVE)))
