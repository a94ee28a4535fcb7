"""Autres bases > Ouvrir cette base: a confirmation that names the base that leaves service
and where it goes (and that the server will be stopped, if it is in service), then the stop,
then the other base in service's place."""

from __future__ import annotations

from pronote_api.school import BaseSummary
from pronote_tui.flows.base import ServerHost, request
from pronote_tui.flows.bases import replacement_body
from pronote_tui.flows.stop import confirm_then_stop


async def open_base(host: ServerHost, base: BaseSummary) -> None:
    current = host.listing.current if host.listing is not None else None
    if current is not None:
        body = replacement_body(
            host, "serveur.open_body", current, base=base.name, base_year=base.school_year
        )
    else:
        body = host.t("serveur.open_body_first", name=base.name, year=base.school_year)
    left_stopped = await confirm_then_stop(
        host,
        host.t("serveur.open_title"),
        body,
        yes="serveur.open_yes",
        stop_yes="serveur.stop_open_yes",
    )
    opened = await request(host, host.client.open_base(base.id), also=left_stopped)
    host.result(host.t("serveur.opened", name=opened.name))
    await host.refresh_quietly()
