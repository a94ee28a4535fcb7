"""Mes archives: the school's archives (daily, yearly, before a restore, imported), each
downloadable to this workstation; an archive from elsewhere imported; last year's data and users
recovered from one (Fiche 6).

Keys: ``t`` (or Enter) Télécharger, ``i`` Importer une archive, ``r`` Récupérer les données
d'une base PRONOTE, ``e`` Récupérer les utilisateurs d'une archive.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, DataTable, Static

from pronote_api.snapshots import Snapshot, SnapshotList
from pronote_tui.flows import transfer
from pronote_tui.screens.flow_panel import RECOVERY_ACTIONS, FlowPanel
from pronote_tui.widgets.backups_view import (
    DATE_WIDTH,
    KIND_WIDTH,
    NAME_WIDTH,
    SIZE_WIDTH,
    snapshot_details,
    snapshot_row,
)
from pronote_tui.widgets.button_row import ButtonRow


class ArchivesPanel(FlowPanel):
    panel_id = "archives"
    title_key = "nav.archives"
    # (action, label key, palette help key)
    ACTIONS = (
        ("download", "backups.key.download", "archives.download.help"),
        ("upload", "archives.upload", "archives.upload.help"),
        *RECOVERY_ACTIONS,
    )
    BUTTONS = {
        "archives-download": "download",
        "archives-upload": "upload",
        "archives-recover": "recover_data",
    }
    result_id = "archives-result"

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

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("archives.title", n=0), id="archives-title", classes="form-section")
        table: DataTable[str] = DataTable(id="archives-table", cursor_type="row")
        widths = {"name": NAME_WIDTH, "kind": KIND_WIDTH, "date": DATE_WIDTH, "size": SIZE_WIDTH}
        for key, width in widths.items():
            table.add_column(self.t(f"backups.col.{key}"), key=key, width=width)
        yield table
        yield Static("", id="archives-details", markup=False)
        with ButtonRow(classes="buttons-inline"):
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

    # --- actions ------------------------------------------------------------------------------

    def action_download(self) -> None:
        item = self.highlighted
        if item is None:
            self.result(self.t("backups.none_chosen"), error=True)
            return
        self.run_flow(transfer.download, item)

    def action_upload(self) -> None:
        self.run_flow(transfer.import_archive)
