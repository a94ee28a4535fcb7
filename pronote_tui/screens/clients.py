"""Clients (Fiche 3): the address and port to type in a PRONOTE or EDT desktop client."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.field_list import FieldList

# The port desktop clients connect to (the service's API and enrolment listeners use others).
DESKTOP_CLIENT_PORT = 49300


def client_address(uai: str, hosting_domain: str) -> str:
    """The school's server name: its UAI in lower case under the provider's hosting domain."""
    return f"{uai.lower()}.{hosting_domain}"


class ClientsPanel(Panel):
    panel_id = "clients"
    title_key = "nav.clients"

    def __init__(self) -> None:
        super().__init__()
        self.address: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("clients.address_title"), classes="section-title")
        yield FieldList(colon=self.t("common.colon"), id="clients-address")
        yield Static(self.t("clients.how_to"), classes="body-text", markup=False)
        yield Static(self.t("clients.not_yet"), classes="hint", markup=False)

    async def load(self) -> None:
        info = await self.client.info()
        session = self.console.session
        uai = session.uai if session is not None else (await self.client.account()).uai
        self.address = client_address(uai, info.hosting_domain)
        self.query_one("#clients-address", FieldList).set_rows(
            [
                (self.t("clients.address"), self.address),
                (self.t("clients.port"), str(DESKTOP_CLIENT_PORT)),
            ]
        )
