"""Mettre en service: the base in service, with its superadministrator defined the first time
(:class:`~pronote_tui.widgets.superadmin_dialog.SuperadminDialog`)."""

from __future__ import annotations

from pronote_api.models import ServerState
from pronote_api.school import SuperadminDefinition
from pronote_tui.flows.base import ServerHost, ask, cancelled, request
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog


async def start_server(host: ServerHost) -> None:
    status = host.status
    if status is not None and status.state == ServerState.RUNNING:
        host.result(host.t("serveur.already_running"))
        return
    if status is not None and status.base_id is None:
        host.result(host.t("error.no_base"), error=True)
        return
    superadmin: SuperadminDefinition | None = None
    if status is not None and not status.superadmin_defined:
        superadmin = await ask(host, SuperadminDialog(base_name=status.base_name))
        if superadmin is None:
            cancelled(host)
    started = await request(host, host.client.start_server(superadmin))
    host.result(host.t("serveur.started", name=started.base_name or ""))
    await host.refresh_quietly()


async def start_after(host: ServerHost, choice: str | None) -> None:
    """After a progress dialog: "Mettre en service" when the manager chose it there."""
    if choice == "start":
        await host.refresh_quietly()
        await start_server(host)
