"""Accueil: the server's state, the base in service and its counts, the account in short."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from pronote_api.models import AccountCard, ServerState, ServerStatus
from pronote_api.publication import PublicationState
from pronote_api.school import BaseSummary
from pronote_api.snapshots import SnapshotList
from pronote_tui.formatting import (
    base_label,
    format_date,
    format_datetime,
    formula_label,
    server_state_label,
)
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.base_counts import BaseCountsView
from pronote_tui.widgets.field_list import FieldList
from pronote_tui.widgets.licences_view import ConnectedCounts


class AccueilPanel(Panel):
    """The first panel after login: what the manager needs to see at a glance."""

    panel_id = "accueil"
    title_key = "nav.accueil"

    def __init__(self) -> None:
        super().__init__()
        self.status: ServerStatus | None = None
        self.card: AccountCard | None = None
        self.base: BaseSummary | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="accueil-state", classes="server-state")
        backup = Static("", id="accueil-backup", classes="-error", markup=False)
        backup.display = False  # shown when the last scheduled backup failed
        yield backup
        yield Static("", id="accueil-base", markup=False)
        yield BaseCountsView(id="accueil-counts")
        yield Static("", id="accueil-net", markup=False)
        yield ConnectedCounts()
        yield Static(self.t("accueil.account"), classes="section-title")
        yield FieldList(colon=self.t("common.colon"), id="accueil-account")
        yield Static(self.t("accueil.hint"), classes="hint", markup=False)

    async def load(self) -> None:
        status = await self.client.server_status()
        listing = await self.client.bases()
        self.base = listing.current
        self.status = None  # redraw with the base's details
        self.server_status_changed(status)
        self.show_backup_failure(await self.client.snapshots())
        self.show_publication(await self.client.publication())
        card = await self.client.account()
        self.card = card
        self.query_one("#accueil-account", FieldList).set_rows(
            [
                (self.t("account.school"), f"{card.school_name} ({card.uai})"),
                (self.t("account.client_reference"), card.client_reference),
                (self.t("account.hosting_number"), card.hosting_number),
                (self.t("account.licence_expiry"), format_date(card.licence_expires_on, self.lang)),
                (self.t("account.formula"), formula_label(card.formula, self.lang)),
            ]
        )

    def show_publication(self, state: PublicationState) -> None:
        """PRONOTE.net in one line: served or not, published or not, how many Espaces open."""
        if not state.web_served:
            text = self.t("accueil.net.no_web")
        elif state.published:
            text = self.t("accueil.net.published", count=sum(a.publish for a in state.addresses))
        else:
            text = self.t("accueil.net.not_published")
        self.query_one("#accueil-net", Static).update(text)

    def show_backup_failure(self, listing: SnapshotList) -> None:
        """The last scheduled backup failed (until one succeeds): said, with its reason."""
        line = self.query_one("#accueil-backup", Static)
        failure = listing.last_failure
        line.display = failure is not None
        if failure is not None:
            reason = (failure.message_en if self.lang == "en" else failure.message_fr) or ""
            at = listing.last_failure_at
            when = format_datetime(at, self.lang) if at is not None else "—"
            line.update(self.t("accueil.backup_failed", at=when, reason=reason))

    def server_status_changed(self, status: ServerStatus) -> None:
        if status == self.status:
            return
        previous = self.status
        self.status = status
        state = self.query_one("#accueil-state", Static)
        state.update(self.t("server.state_line", state=server_state_label(status, self.lang)))
        state.set_class(status.state == ServerState.RUNNING, "-running")
        base = self.base if self.base is not None and self.base.id == status.base_id else None
        if base is None:
            self.query_one("#accueil-base", Static).update(base_label(status, self.lang))
        else:
            self.query_one("#accueil-base", Static).update(
                self.t("serveur.current", name=base.name, year=base.school_year)
            )
        self.query_one("#accueil-counts", BaseCountsView).show_counts(
            base.counts if base is not None else None
        )
        if previous is not None and previous.base_id != status.base_id:
            self.reload()  # another base: fetch its counts
