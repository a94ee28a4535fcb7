"""Clients (Fiche 3): the address and port to type in a PRONOTE or EDT desktop client.

The port is the one the running service's clients' listener is bound to (``/v1/info``), never a
default: a service started with ``--client-port`` says its own. The line below follows the
server's state at every poll.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from pronote_api.models import ServerState, ServerStatus
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.field_list import FieldList


def client_address(uai: str, hosting_domain: str) -> str:
    """The school's server name: its UAI in lower case under the provider's hosting domain."""
    return f"{uai.lower()}.{hosting_domain}"


class ClientsPanel(Panel):
    panel_id = "clients"
    title_key = "nav.clients"

    def __init__(self) -> None:
        super().__init__()
        self.address: str | None = None
        self.port: int | None = None
        self.status: ServerStatus | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("clients.address_title"), classes="section-title")
        yield FieldList(colon=self.t("common.colon"), id="clients-address")
        yield Static(self.t("clients.how_to"), classes="body-text", markup=False)
        yield Static("", id="clients-state", classes="hint", markup=False)

    async def load(self) -> None:
        info = await self.client.info()
        session = self.console.session
        uai = session.uai if session is not None else (await self.client.account()).uai
        self.address = client_address(uai, info.hosting_domain)
        self.port = info.client_port
        self.query_one("#clients-address", FieldList).set_rows(
            [
                (self.t("clients.address"), self.address),
                (self.t("clients.port"), str(self.port) if self.port else "—"),
            ]
        )
        self.status = None
        self.server_status_changed(await self.client.server_status())

    def server_status_changed(self, status: ServerStatus) -> None:
        if status == self.status or self.port is None:
            return
        self.status = status
        if not self.port:
            text = self.t("clients.no_listener")
        elif status.state == ServerState.RUNNING:
            text = self.t("clients.in_service")
        elif status.base_id is not None:
            text = self.t("clients.stopped")
        else:
            text = self.t("clients.not_yet")
        self.query_one("#clients-state", Static).update(text)
