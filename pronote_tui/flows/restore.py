"""Restoring a snapshot (Fiche 10): the service's ``restore-preview``
says what is replaced and how much work since the snapshot's date is lost, and a confirmation
names both (and the stop, if the server is in service: it is stopped only once that is
answered); the restore runs as a job with its progress; "Mettre en service" is offered at the
end. Afterwards the snapshot of the base as it was before (type "Avant restauration") is
highlighted in the tab, so that a wrong restore is undone by opening it."""

from __future__ import annotations

from pronote_api.school import Job
from pronote_api.snapshots import Snapshot
from pronote_tui.flows.base import ServerHost, progress, request, show_snapshots
from pronote_tui.flows.start import start_after
from pronote_tui.flows.stop import confirm_then_stop
from pronote_tui.widgets.progress_dialog import Operation
from pronote_tui.widgets.restore_dialog import restore_body


async def restore(host: ServerHost, item: Snapshot) -> None:
    preview = await request(host, host.client.restore_preview(item.id))
    item = preview.snapshot
    left_stopped = await confirm_then_stop(
        host,
        host.t("restore.title"),
        restore_body(preview, host.lang),
        yes="restore.yes",
        stop_yes="restore.stop_yes",
    )
    before: list[str] = []
    restored: list[bool] = []

    def describe(job: Job) -> str:  # (only a job that succeeded is described)
        restored.append(True)
        found = job.result.get("before_restore_id")
        if isinstance(found, str):
            before.append(found)
        name = job.result.get("name", item.base_name)
        return host.t("restore.done" if before else "restore.done_no_before", name=name)

    async def start(_upload: str | None) -> Job:
        return await host.client.restore_snapshot(item.id)

    operation = Operation(
        title=host.t("restore.progress_title", name=item.name),
        start_job=start,
        describe=describe,
        offer_start=True,
    )
    choice = await progress(host, operation)
    select = before[0] if before else None
    await show_snapshots(host, select)
    if select is not None:
        host.result(host.t("restore.undo_hint"))
    elif left_stopped is not None and not restored:
        host.result(left_stopped)  # the stop was done, the restore was not
    await start_after(host, choice)
