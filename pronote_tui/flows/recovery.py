"""Récupérer les données d'une base PRONOTE (Fiche 6) and Récupérer les utilisateurs d'une
archive: the archives (and the tree of categories) fetched, the choice, the job, the report."""

from __future__ import annotations

from functools import partial

from pronote_api.school import Job
from pronote_api.snapshots import RecoveryReport
from pronote_tui.flows.base import FlowHost, ask, cancelled, progress, request
from pronote_tui.widgets.base_counts import format_count
from pronote_tui.widgets.progress_dialog import Operation
from pronote_tui.widgets.recovery_dialog import (
    RecoveryDialog,
    RecoveryReportDialog,
    recovery_sources,
    report_totals,
)


async def recover(host: FlowHost, users: bool = False) -> None:
    sources = recovery_sources(await request(host, host.client.snapshots()))
    tree = None if users else await request(host, host.client.recovery_categories())
    if not sources:
        host.result(host.t("recovery.no_archive"), error=True)
        return
    chosen = await ask(host, RecoveryDialog(sources, tree, users=users))
    if chosen is None:
        cancelled(host)
    name = next((s.name for s in sources if s.id == chosen.snapshot_id), "")
    reports: list[RecoveryReport] = []

    def describe(job: Job) -> str:
        report = RecoveryReport.model_validate(job.result)
        reports.append(report)
        recovered, kept, unmatched = report_totals(report)
        n = partial(format_count, lang=host.lang)
        return " · ".join(
            (
                f"{host.t('recovery.report.recovered')} {n(recovered)}",
                f"{host.t('recovery.report.kept')} {n(kept)}",
                f"{host.t('recovery.report.unmatched')} {n(unmatched)}",
            )
        )

    async def start(_upload: str | None) -> Job:
        return await host.client.recover(chosen)

    title = host.t("recovery.progress_title", name=name)
    await progress(host, Operation(title=title, start_job=start, describe=describe))
    if reports:
        heading = host.t("recovery.users_title" if users else "recovery.title")
        await ask(host, RecoveryReportDialog(f"{heading} · {name}", reports[0]))
