"""Arrêter le serveur: a confirmation that names what happens (clients and Espaces
disconnected), then the stop. An action that needs the server stopped announces the stop in
its own last question (:func:`confirm_then_stop`) and stops it only once that is answered, so
that a cancel anywhere leaves the server in service."""

from __future__ import annotations

from pronote_tui.flows.base import ServerHost, ask, cancelled, request
from pronote_tui.widgets.confirm import ConfirmDialog


async def stop_server(host: ServerHost) -> None:
    if not host.running:
        host.result(host.t("serveur.already_stopped"))
        return
    await confirm_and_stop(host, "serveur.stop_body")


async def confirm_then_stop(
    host: ServerHost, title: str, body: str, *, yes: str, stop_yes: str
) -> str | None:
    """The last question of an action that needs the server stopped: ``body``, with the stop
    announced when the server is in service (``stop_yes`` labels the button then, else ``yes``).
    Refused: nothing changed, the flow stops. Confirmed: the server is stopped only now, and
    what to say if the action fails afterwards is returned (see :func:`stop_confirmed`)."""
    running = host.running
    if running:
        name = host.status.base_name if host.status is not None else None
        body = f"{body}\n\n{host.t('serveur.stops_first', name=name or '—')}"
    label = host.t(stop_yes if running else yes)
    if not await ask(host, ConfirmDialog(title, body, yes_label=label)):
        cancelled(host)
    return await stop_confirmed(host)


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
