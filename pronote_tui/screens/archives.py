"""Mes archives: the school's archives (daily, yearly, before a restore, imported), each
downloadable to this workstation; an archive from elsewhere imported; last year's data and users
recovered from one (Fiche 6).

Keys: ``t`` (or Enter) Télécharger, ``i`` Importer une archive, ``r`` Récupérer les données
d'une base PRONOTE, ``e`` Récupérer les utilisateurs d'une archive.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Static

from pronote_api.snapshots import Snapshot, SnapshotList
from pronote_tui.client import ConsoleError, SessionExpired
from pronote_tui.commands import PaletteCommand
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.archive_transfer import ask_download, ask_import
from pronote_tui.widgets.backups_view import (
    DATE_WIDTH,
    KIND_WIDTH,
    NAME_WIDTH,
    SIZE_WIDTH,
    snapshot_details,
    snapshot_row,
)
from pronote_tui.widgets.bindings import localize_bindings
from pronote_tui.widgets.recovery_dialog import start_recovery
from pronote_tui.widgets.workers import run_exclusive

# (action, label key, palette help key)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("download", "backups.key.download", "archives.download.help"),
    ("upload", "archives.upload", "archives.upload.help"),
    ("recover_data", "recovery.title", "recovery.help"),
    ("recover_users", "recovery.users_title", "recovery.users_help"),
)


class ArchivesPanel(Panel):
    panel_id = "archives"
    title_key = "nav.archives"

    BINDINGS = [
        Binding("t", "download", "archives.key.download"),
        Binding("i", "upload", "archives.key.upload"),
        Binding("r", "recover_data", "archives.recover"),
        Binding("e", "recover_users", "recovery.users_title", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing: SnapshotList | None = None
        self.items: list[Snapshot] = []
        self.folder: Path | None = None
        localize_bindings(self, self.lang)

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("archives.title", n=0), id="archives-title", classes="form-section")
        table: DataTable[str] = DataTable(id="archives-table", cursor_type="row")
        table.add_column(self.t("backups.col.name"), key="name", width=NAME_WIDTH)
        table.add_column(self.t("backups.col.kind"), key="kind", width=KIND_WIDTH)
        table.add_column(self.t("backups.col.date"), key="date", width=DATE_WIDTH)
        table.add_column(self.t("backups.col.size"), key="size", width=SIZE_WIDTH)
        yield table
        yield Static("", id="archives-details", markup=False)
        with Horizontal(classes="buttons-inline"):
            yield Button(self.t("archives.download"), id="archives-download", compact=True)
            yield Button(self.t("archives.upload"), id="archives-upload", compact=True)
            yield Button(self.t("archives.recover"), id="archives-recover", compact=True)
        yield Static("", id="archives-result", markup=False, classes="-empty")
        yield Static(self.t("archives.empty"), id="archives-empty", classes="empty-state")
        yield Static(self.t("archives.explain"), id="archives-explain", classes="body-text")

    async def load(self) -> None:
        self.show_listing(await self.client.snapshots())

    def on_show(self) -> None:
        # Asked again each time the panel is shown (a conditional request: nothing comes back
        # while nothing changed), so that the day's archive appears.
        if self.listing is not None:
            self.reload()

    def show_listing(self, listing: SnapshotList) -> None:
        if listing == self.listing:
            return
        keep = self.highlighted.id if self.highlighted is not None else None
        self.listing = listing
        self.items = list(listing.archives)
        self.query_one("#archives-title", Static).update(
            self.t("archives.title", n=len(self.items))
        )
        table = self.query_one("#archives-table", DataTable)
        table.clear()
        for item in self.items:
            table.add_row(*snapshot_row(item, self.lang), key=item.id)
        if self.items:
            row = next((i for i, s in enumerate(self.items) if s.id == keep), 0)
            table.move_cursor(row=row, animate=False)
        empty = not self.items
        table.display = not empty
        self.query_one("#archives-empty", Static).display = empty
        self.query_one("#archives-explain", Static).display = empty
        self._show_details()

    @property
    def highlighted(self) -> Snapshot | None:
        table = self.query_one("#archives-table", DataTable)
        row = table.cursor_row
        return self.items[row] if self.items and row is not None and row < len(self.items) else None

    def _show_details(self) -> None:
        item = self.highlighted
        details = self.query_one("#archives-details", Static)
        details.update(snapshot_details(item, self.lang) if item is not None else "")
        details.display = item is not None
        self.query_one("#archives-download", Button).disabled = item is None

    @on(DataTable.RowHighlighted, "#archives-table")
    def _row(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_details()

    @on(DataTable.RowSelected, "#archives-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_download()

    # --- result line and requests (as in Serveur PRONOTE) ------------------------------------

    def result(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#archives-result", Static)
        line.update(text)
        line.set_class(not text, "-empty")
        line.set_class(error, "-error")
        line.set_class(bool(text) and not error, "-info")

    def _request(
        self, work: Callable[[], Awaitable[Any]], done: Callable[[Any], None] | None = None
    ) -> None:
        async def run() -> None:
            try:
                value = await work()
            except SessionExpired:
                self.console.session_ended()
                return
            except ConsoleError as exc:
                self.result(exc.message(self.lang), error=True)
                return
            if done is not None:
                done(value)

        run_exclusive(self, run, "archives-action")

    # --- actions ------------------------------------------------------------------------------

    @on(Button.Pressed, "#archives-download")
    def _download_pressed(self) -> None:
        self.action_download()

    @on(Button.Pressed, "#archives-upload")
    def _upload_pressed(self) -> None:
        self.action_upload()

    @on(Button.Pressed, "#archives-recover")
    def _recover_pressed(self) -> None:
        self.action_recover_data()

    def action_download(self) -> None:
        item = self.highlighted
        if item is None:
            self.result(self.t("backups.none_chosen"), error=True)
            return
        ask_download(self, item)

    def action_upload(self) -> None:
        ask_import(self, self.folder)

    def action_recover_data(self) -> None:
        start_recovery(self)

    def action_recover_users(self) -> None:
        start_recovery(self, users=True)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(self.t(label), self.t(help_key), partial(self._run_from_palette, action))
            for action, label, help_key in ACTIONS
        ]

    def _run_from_palette(self, action: str) -> None:
        self.screen.action_show_panel("archives")  # type: ignore[attr-defined]
        getattr(self, f"action_{action}")()
