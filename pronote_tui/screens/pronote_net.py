"""PRONOTE.net (Fiche 8): the web Espaces, their addresses, and whether they are published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pronote_api.models import ServerStatus
from pronote_tui.screens.panel import Panel


@dataclass(frozen=True)
class Espace:
    slug: str
    label_key: str
    mobile: bool


# The guide's order; Entreprise, Académie and Inscription have no mobile page.
ESPACES: tuple[Espace, ...] = (
    Espace("direction", "net.espace.direction", True),
    Espace("professeur", "net.espace.professeur", True),
    Espace("viescolaire", "net.espace.viescolaire", True),
    Espace("parent", "net.espace.parent", True),
    Espace("accompagnant", "net.espace.accompagnant", True),
    Espace("eleve", "net.espace.eleve", True),
    Espace("entreprise", "net.espace.entreprise", False),
    Espace("academie", "net.espace.academie", False),
    Espace("inscription", "net.espace.inscription", False),
)


def common_page(uai: str, hosting_domain: str) -> str:
    return f"https://{uai.lower()}.{hosting_domain}/pronote/"


def espace_addresses(uai: str, hosting_domain: str, espace: Espace) -> tuple[str, str | None]:
    """The Espace's page and its mobile page (None when it has none)."""
    base = common_page(uai, hosting_domain)
    mobile = f"{base}mobile.{espace.slug}.html" if espace.mobile else None
    return f"{base}{espace.slug}.html", mobile


class PronoteNetPanel(Panel):
    """Enter on an Espace copies its address (OSC 52: works through SSH in most terminals)."""

    panel_id = "pronote_net"
    title_key = "nav.pronote_net"

    def __init__(self) -> None:
        super().__init__()
        self.base_url: str | None = None
        self.addresses: dict[str, tuple[str, str | None]] = {}
        self.status: ServerStatus | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="net-state", classes="server-state")
        yield Static("", id="net-common", markup=False)
        table: DataTable[str] = DataTable(id="net-table", cursor_type="row")
        table.add_column(self.t("net.col.espace"), key="espace")
        table.add_column(self.t("net.col.page"), key="page")
        table.add_column(self.t("net.col.mobile"), key="mobile")
        yield table
        yield Static(self.t("net.mobile_hint"), classes="hint", markup=False)
        yield Static(self.t("net.copy_hint"), classes="hint", markup=False)

    async def load(self) -> None:
        info = await self.client.info()
        session = self.console.session
        uai = session.uai if session is not None else (await self.client.account()).uai
        self.base_url = common_page(uai, info.hosting_domain)
        self.query_one("#net-common", Static).update(
            self.t("net.common_page", url=self.base_url, mobile=f"{self.base_url}mobile.html")
        )
        table = cast("DataTable[str]", self.query_one("#net-table", DataTable))
        table.clear()
        for espace in ESPACES:
            page, mobile = espace_addresses(uai, info.hosting_domain, espace)
            self.addresses[espace.slug] = (page, mobile)
            table.add_row(
                self.t(espace.label_key),
                page.removeprefix(self.base_url),
                self.t("common.yes") if mobile else "—",
                key=espace.slug,
            )
        self.server_status_changed(await self.client.server_status())

    def server_status_changed(self, status: ServerStatus) -> None:
        if status == self.status:
            return
        self.status = status
        # Addresses are what they will be; publishing them needs the Espaces' web server, which
        # this service does not run yet: never "published" on the server's state alone.
        self.query_one("#net-state", Static).update(self.t("net.not_served"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        slug = event.row_key.value
        if slug is None or slug not in self.addresses:
            return
        page, mobile = self.addresses[slug]
        text = page if mobile is None else f"{page}\n{mobile}"
        self.app.copy_to_clipboard(text)
        self.notify(self.t("net.copied", address=page), markup=False)
