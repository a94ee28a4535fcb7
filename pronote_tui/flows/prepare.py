"""Préparer l'année suivante: the base in service archived and next year's base made from it,
its time grid kept or changed; the job with its progress."""

from __future__ import annotations

from pronote_api.school import BaseSection, Job, TimeGrid
from pronote_tui.flows.base import ServerHost, ask, cancelled, progress
from pronote_tui.flows.bases import needs_base
from pronote_tui.widgets.confirm import ChoiceDialog, ConfirmDialog
from pronote_tui.widgets.file_picker import format_size
from pronote_tui.widgets.other_bases import section_title
from pronote_tui.widgets.progress_dialog import Operation
from pronote_tui.widgets.time_grid import TimeGridDialog


async def prepare_next_year(host: ServerHost) -> None:
    if needs_base(host):
        return
    current = host.listing.current if host.listing is not None else None
    name = current.name if current is not None else "—"
    confirmed = await ask(
        host,
        ConfirmDialog(
            host.t("serveur.prepare_title"),
            host.t("serveur.prepare_body", name=name),
            yes_label=host.t("serveur.prepare_yes"),
        ),
    )
    if not confirmed:
        cancelled(host)
    keep = await ask(
        host,
        ChoiceDialog(
            host.t("serveur.prepare_grid_title"),
            host.t("serveur.prepare_grid_body"),
            yes_label=host.t("serveur.prepare_grid_keep"),
            no_label=host.t("serveur.prepare_grid_change"),
        ),
    )
    if keep is None:  # Escape answers neither way: nothing is prepared
        cancelled(host)
    grid: TimeGrid | None = None
    if not keep:
        start_from = current.time_grid if current is not None else None
        title = host.t("serveur.prepare_grid_dialog")
        grid = await ask(host, TimeGridDialog(start_from, title=title))
        if grid is None:
            cancelled(host)

    def describe(job: Job) -> str:
        r = job.result
        return host.t(
            "progress.result.prepare",
            archive=r.get("archive", ""),
            size=format_size(int(r.get("archive_size", 0)), host.lang),
            name=r.get("name", ""),
            year=r.get("school_year", ""),
            section=section_title(BaseSection.PREPARED, host.lang),
        )

    async def start(_upload_id: str | None) -> Job:
        return await host.client.prepare_next_year(grid)

    await progress(host, Operation(host.t("serveur.prepare_title"), start, describe))
