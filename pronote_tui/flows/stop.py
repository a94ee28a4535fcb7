"""Arrêter le serveur: a confirmation that names what happens (clients and Espaces
disconnected), then the stop; and the same first for the actions that need it stopped."""

from __future__ import annotations

from pronote_tui.flows.base import ServerHost, ask, cancelled, request
from pronote_tui.widgets.confirm import ConfirmDialog


async def stop_server(host: ServerHost) -> None:
    if not host.running:
        host.result(host.t("serveur.already_stopped"))
        return
    await confirm_and_stop(host, "serveur.stop_body")


async def stopped_first(host: ServerHost) -> None:
    """For an action that needs the server stopped: say so and offer to stop it (the flow
    stops if the manager says no); nothing is asked when it is stopped already."""
    if host.running:
        await confirm_and_stop(host, "serveur.must_stop_body")


async def stop_confirmed(host: ServerHost) -> str | None:
    """Stop the server without asking (the flow's own confirmation said it would), if it is in
    service: what to say if the flow fails afterwards (the server left stopped), else None."""
    if not host.running:
        return None
    name = host.status.base_name if host.status is not None else None
    await request(host, host.client.stop_server())
    return host.t("serveur.left_stopped", name=name or "—")


async def confirm_and_stop(host: ServerHost, body_key: str) -> None:
    name = host.status.base_name if host.status is not None else None
    confirmed = await ask(
        host,
        ConfirmDialog(
            host.t("serveur.stop_title"),
            host.t(body_key, name=name or "—"),
            yes_label=host.t("serveur.stop_yes"),
        ),
    )
    if not confirmed:
        cancelled(host)
    await request(host, host.client.stop_server())
    host.result(host.t("serveur.stopped"))
    await host.refresh_quietly()
