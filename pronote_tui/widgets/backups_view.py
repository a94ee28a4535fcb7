"""Serveur PRONOTE > Sauvegardes (Fiche 10): "Sauvegardes (n) et archives (m)" with Nom, Type,
Date, Taille; the highlighted one's dates and counts; its actions.

The widget only shows a :class:`~pronote_api.snapshots.SnapshotList` and posts
:class:`BackupsView.ActionRequested` (``open``, ``verify``, ``take``, ``archive``,
``download``) with the highlighted snapshot; the panel runs the flows (server stopped first,
confirmation, job). Keys: ``o`` Ouvrir cette archive, ``v`` Vérifier, ``s`` Sauvegarder
maintenant, ``a`` Archiver maintenant, ``t`` Télécharger.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from pronote_api.catalogue import Lang, tr
from pronote_api.snapshots import Snapshot, SnapshotList
from pronote_tui.formatting import format_datetime_short
from pronote_tui.i18n import Localized
from pronote_tui.widgets.base_counts import count_columns
from pronote_tui.widgets.button_row import ButtonRow
from pronote_tui.widgets.file_picker import format_size

NAME_WIDTH = 14
KIND_WIDTH = 11
DATE_WIDTH = 14
SIZE_WIDTH = 8
"""The four columns fit the panel at 80 columns (the navigation takes 22); the name is shown
whole in the details below the list."""
COUNT_GROUPS_SHOWN = ("count.resources", "count.schooling")


def short_name(name: str, width: int = NAME_WIDTH) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def snapshot_row(item: Snapshot, lang: Lang) -> tuple[str, str, str, str]:
    """Nom, Type, Date, Taille."""
    return (
        short_name(item.name),
        tr(f"backups.kind_short.{item.kind.value}", lang),
        format_datetime_short(item.taken_at, lang),
        format_size(item.size_bytes, lang),
    )


def snapshot_details(item: Snapshot, lang: Lang) -> str:
    """Its name whole, its dates and verification, then Ressources and Scolarité (Fiche 10)."""
    last = (
        format_datetime_short(item.last_entry_at, lang)
        if item.last_entry_at is not None
        else tr("backups.no_entry", lang)
    )
    kind = tr(f"snapshot.kind.{item.kind.value}", lang)
    if item.verified_at is not None:
        at = format_datetime_short(item.verified_at, lang)
        key = "backups.verified_ok" if item.verified_ok else "backups.verified_bad"
        kind += " · " + tr(key, lang, at=at)
    lines = [
        item.name,
        kind,
        tr(
            "backups.dates",
            lang,
            created=format_datetime_short(item.base_created_at, lang),
            last=last,
        ),
    ]
    colon = tr("common.colon", lang)
    for title, values in count_columns(item.counts, lang):
        if title in (tr(key, lang) for key in COUNT_GROUPS_SHOWN):
            lines.append(f"{title}{colon} " + ", ".join(values))
    return "\n".join(lines)


class BackupsView(Localized, Vertical):
    """Posts :class:`BackupsView.ActionRequested`."""

    BINDINGS = [
        Binding("o", "request('open')", "backups.key.open"),
        Binding("v", "request('verify')", "backups.key.verify"),
        Binding("s", "request('take')", "backups.key.take"),
        Binding("a", "request('archive')", "backups.key.archive", show=False),
        # Télécharger has no button here (no room at 80 columns); Mes archives has one.
        Binding("t", "request('download')", "backups.key.download", show=False),
    ]

    class ActionRequested(Message):
        def __init__(self, action: str, snapshot: Snapshot | None) -> None:
            super().__init__()
            self.action = action
            self.snapshot = snapshot

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.listing: SnapshotList | None = None
        self._items: list[Snapshot] = []

    def compose(self) -> ComposeResult:
        yield Static(self.t("backups.title", n=0, m=0), id="backups-title", classes="form-section")
        table: DataTable[str] = DataTable(
            id="backups-table", cursor_type="row", zebra_stripes=False, show_cursor=True
        )
        table.add_column(self.t("backups.col.name"), key="name", width=NAME_WIDTH)
        table.add_column(self.t("backups.col.kind"), key="kind", width=KIND_WIDTH)
        table.add_column(self.t("backups.col.date"), key="date", width=DATE_WIDTH)
        table.add_column(self.t("backups.col.size"), key="size", width=SIZE_WIDTH)
        yield table
        yield Static("", id="backups-details", markup=False)
        with ButtonRow(classes="buttons-inline"):
            yield Button(self.t("backups.open"), id="backups-open", compact=True)
            yield Button(self.t("backups.verify"), id="backups-verify", compact=True)
            yield Button(self.t("backups.take"), id="backups-take", compact=True)

    # --- data -------------------------------------------------------------------------------

    def show_listing(self, listing: SnapshotList, *, select: str | None = None) -> None:
        """Show ``listing``; the highlight stays on the same snapshot, or goes to ``select``."""
        if listing == self.listing and select is None:
            return
        keep = select or (self.highlighted.id if self.highlighted is not None else None)
        self.listing = listing
        self._items = [*listing.backups, *listing.archives]
        self.query_one("#backups-title", Static).update(
            self.t("backups.title", n=len(listing.backups), m=len(listing.archives))
        )
        table = self.query_one("#backups-table", DataTable)
        table.clear()
        for item in self._items:
            table.add_row(*snapshot_row(item, self.lang), key=item.id)
        row = next((i for i, s in enumerate(self._items) if s.id == keep), 0)
        if self._items:
            table.move_cursor(row=row, animate=False)
        self._show_details()

    @property
    def highlighted(self) -> Snapshot | None:
        table = self.query_one("#backups-table", DataTable)
        if not self._items or table.cursor_row is None:
            return None
        row = table.cursor_row
        return self._items[row] if 0 <= row < len(self._items) else None

    def _show_details(self) -> None:
        item = self.highlighted
        details = self.query_one("#backups-details", Static)
        if item is None:
            details.update(self.t("backups.none") if self.listing is not None else "")
        else:
            details.update(snapshot_details(item, self.lang))
        for button_id in ("#backups-open", "#backups-verify"):
            self.query_one(button_id, Button).disabled = item is None

    @on(DataTable.RowHighlighted, "#backups-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_details()

    @on(DataTable.RowSelected, "#backups-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_request("open")

    @on(Button.Pressed, "#backups-open")
    def _open(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_request("open")

    @on(Button.Pressed, "#backups-verify")
    def _verify(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_request("verify")

    @on(Button.Pressed, "#backups-take")
    def _take(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_request("take")

    def action_request(self, action: str) -> None:
        self.post_message(self.ActionRequested(action, self.highlighted))
