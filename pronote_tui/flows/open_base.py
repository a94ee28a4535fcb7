"""Autres bases > Ouvrir cette base: the server stopped first, a confirmation that names the
base that leaves service, then the other base in service's place."""

from __future__ import annotations

from pronote_api.school import BaseSummary
from pronote_tui.flows.base import ServerHost, ask, cancelled, request
from pronote_tui.flows.stop import stopped_first
from pronote_tui.widgets.confirm import ConfirmDialog


async def open_base(host: ServerHost, base: BaseSummary) -> None:
    await stopped_first(host)
    current = host.listing.current if host.listing is not None else None
    body_key = "serveur.open_body" if current is not None else "serveur.open_body_first"
    body = host.t(
        body_key,
        name=base.name,
        year=base.school_year,
        current=current.name if current is not None else "",
    )
    dialog = ConfirmDialog(host.t("serveur.open_title"), body, yes_label=host.t("serveur.open_yes"))
    if not await ask(host, dialog):
        cancelled(host)
    opened = await request(host, host.client.open_base(base.id))
    host.result(host.t("serveur.opened", name=opened.name))
    await host.refresh_quietly()
