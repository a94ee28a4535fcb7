"""The flows of Serveur PRONOTE > Sauvegardes: take one now, verify, and the restore of Fiche 10.

Restoring: the server must be stopped (the panel offers to stop it); the service's
``restore-preview`` says what is replaced and how much work since the snapshot's date is lost,
and a confirmation names both; the restore runs as a job with its progress; "Mettre en service"
is offered at the end. Afterwards the snapshot of the base as it was before (type "Avant
restauration") is highlighted in the tab, so that a wrong restore is undone by opening it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Protocol

from textual.app import App

from pronote_api.catalogue import Lang, tr
from pronote_api.school import Job
from pronote_api.snapshots import RestorePreview, Snapshot, SnapshotKind
from pronote_tui.client import ConsoleClient, ConsoleError
from pronote_tui.screens.formatting import format_datetime_short
from pronote_tui.widgets.backups_view import BackupsView
from pronote_tui.widgets.base_counts import format_count
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.progress_dialog import Operation, ProgressDialog
from pronote_tui.widgets.workers import run_exclusive


class ServerPanelLike(Protocol):
    """What the flows need of the Serveur PRONOTE panel."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def client(self) -> ConsoleClient: ...
    @property
    def lang(self) -> Lang: ...
    def t(self, key: str, /, **params: object) -> str: ...
    def result(self, text: str, *, error: bool = False) -> None: ...
    def reload(self) -> None: ...
    def _stopped_first(self, then: Callable[[], None]) -> None: ...
    def _request(
        self, work: Callable[[], Awaitable[Any]], done: Callable[[Any], None] | None = None
    ) -> None: ...
    async def _start_after_load(self) -> None: ...


def restore_body(preview: RestorePreview, lang: Lang) -> str:
    """What will be replaced, the work lost since the snapshot's date, and the way back."""
    item = preview.snapshot
    at = format_datetime_short(item.taken_at, lang)
    if preview.current_base_name is None:
        head = tr("restore.body_no_current", lang, base=item.base_name, at=at, name=item.name)
        return head
    head = tr(
        "restore.body",
        lang,
        current=preview.current_base_name,
        base=item.base_name,
        at=at,
        name=item.name,
    )
    if preview.entries_lost:
        last = (
            format_datetime_short(preview.current_last_entry_at, lang)
            if preview.current_last_entry_at is not None
            else "—"
        )
        lost = tr("restore.lost", lang, n=format_count(preview.entries_lost, lang), last=last)
    else:
        lost = tr("restore.lost_none", lang)
    return "\n\n".join((head, lost, tr("restore.kept", lang)))


def verify_text(item: Snapshot, job: Job, lang: Lang) -> str:
    if job.result.get("ok"):
        return tr("backups.verify_ok", lang, name=item.name)
    error = job.result.get("error") or {}
    reason = error.get("message_en" if lang == "en" else "message_fr") or str(
        job.result.get("reason", "")
    )
    return tr("backups.verify_bad", lang, name=item.name, reason=reason)


class BackupFlows:
    """Runs the actions the Sauvegardes tab asks for, on behalf of the panel."""

    def __init__(self, panel: ServerPanelLike, view: Callable[[], BackupsView]) -> None:
        self.panel = panel
        self.view = view
        self.before_restore_id: str | None = None

    def t(self, key: str, /, **params: object) -> str:
        return self.panel.t(key, **params)

    def handle(self, action: str, item: Snapshot | None) -> None:
        if action in ("take", "archive"):
            self.take(SnapshotKind.BACKUP if action == "take" else SnapshotKind.ARCHIVE)
            return
        if item is None:
            self.panel.result(self.t("backups.none_chosen"), error=True)
            return
        if action == "verify":
            self.verify(item)
        elif action == "open":
            self.panel._stopped_first(partial(self._preview, item))
        elif action == "download":
            from pronote_tui.widgets.archive_transfer import ask_download

            ask_download(self.panel, item)

    # --- take, verify -------------------------------------------------------------------------

    def take(self, kind: SnapshotKind) -> None:
        def describe(job: Job) -> str:
            return self.t("backups.taken", name=job.result.get("name", ""))

        async def start(_upload: str | None) -> Job:
            return await self.panel.client.take_snapshot(kind)

        title = "backups.take_title" if kind is SnapshotKind.BACKUP else "backups.archive_title"
        self._progress(Operation(title=self.t(title), start_job=start, describe=describe))

    def verify(self, item: Snapshot) -> None:
        async def start(_upload: str | None) -> Job:
            return await self.panel.client.verify_snapshot(item.id)

        self._progress(
            Operation(
                title=self.t("backups.verify_title", name=item.name),
                start_job=start,
                describe=partial(verify_text, item, lang=self.panel.lang),
                good=lambda job: job.result.get("ok") is not False,
            ),
            select=item.id,
        )

    # --- restore --------------------------------------------------------------------------------

    def _preview(self, item: Snapshot) -> None:
        self.panel._request(partial(self.panel.client.restore_preview, item.id), self._confirm)

    def _confirm(self, preview: RestorePreview) -> None:
        item = preview.snapshot

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._restore(item)
            else:
                self.panel.result(self.t("serveur.cancelled"))

        self.panel.app.push_screen(
            ConfirmDialog(
                self.t("restore.title"),
                restore_body(preview, self.panel.lang),
                self.panel.lang,
                yes_label=self.t("restore.yes"),
            ),
            answered,
        )

    def _restore(self, item: Snapshot) -> None:
        self.before_restore_id = None

        def describe(job: Job) -> str:
            before = job.result.get("before_restore_id")
            self.before_restore_id = before if isinstance(before, str) else None
            name = job.result.get("name", item.base_name)
            key = "restore.done" if self.before_restore_id else "restore.done_no_before"
            return self.t(key, name=name)

        async def start(_upload: str | None) -> Job:
            return await self.panel.client.restore_snapshot(item.id)

        self._progress(
            Operation(
                title=self.t("restore.progress_title", name=item.name),
                start_job=start,
                describe=describe,
                offer_start=True,
            ),
            restored=True,
        )

    # --- shared -----------------------------------------------------------------------------

    def _progress(
        self, operation: Operation, *, select: str | None = None, restored: bool = False
    ) -> None:
        panel = self.panel

        def closed(choice: str | None) -> None:
            target = self.before_restore_id if restored else select
            run_exclusive(
                self.view(), partial(self._after, target, restored, choice), "backups-after"
            )

        panel.result("")
        panel.app.push_screen(ProgressDialog(panel.lang, panel.client, operation), closed)

    async def _after(self, select: str | None, restored: bool, choice: str | None) -> None:
        """The panel again (another base may be current), the tab on ``select``; then
        "Mettre en service" when it was chosen."""
        self.panel.reload()
        with contextlib.suppress(ConsoleError):
            listing = await self.panel.client.snapshots()
            self.view().show_listing(listing, select=select)
        if restored and select is not None:
            self.panel.result(self.t("restore.undo_hint"))
        if choice == "start":
            await self.panel._start_after_load()
