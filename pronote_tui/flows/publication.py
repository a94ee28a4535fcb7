"""PRONOTE.net (Fiches 8 and 9): "Publier la base", "Arrêter la publication" after a
confirmation that names who loses their Espace, and the settings saved (only while stopped: the
service refuses them otherwise, and the panel offers to stop first).

Each step says its outcome in the panel's result line; a refusal of the service is said there
in the manager's language and nothing is changed."""

from __future__ import annotations

from typing import Protocol

from pronote_api.publication import (
    DelegationProtocol,
    EspaceKind,
    PublicationSettings,
    PublicationState,
)
from pronote_tui.client import ConsoleError, SessionExpired
from pronote_tui.flows.base import FlowHost, Stop, ask, cancelled, end_session, request
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.publication_dialogs import CasDialog, MatrixDialog


class PublicationHost(FlowHost, Protocol):
    """The PRONOTE.net panel: the publication as last fetched."""

    state: PublicationState | None

    def show_state(self, state: PublicationState) -> None: ...


async def publish(host: PublicationHost) -> None:
    if host.state is not None and host.state.published:
        host.result(host.t("pub.already_published"))
        return
    host.show_state(await request(host, host.client.publish()))
    host.result(host.t("pub.published_now"))


async def stop_publication(host: PublicationHost, body_key: str = "pub.stop_body") -> None:
    state = host.state
    if state is not None and not state.published:
        host.result(host.t("pub.already_stopped"))
        return
    name = state.base_name if state is not None else None
    confirmed = await ask(
        host,
        ConfirmDialog(
            host.t("pub.stop_title"),
            host.t(body_key, name=name or "—"),
            yes_label=host.t("pub.stop_yes"),
        ),
    )
    if not confirmed:
        cancelled(host)
    host.show_state(await request(host, host.client.stop_publication()))
    host.result(host.t("pub.stopped_now"))


async def stop_to_edit(host: PublicationHost) -> None:
    """The offer of a tab shown read-only: stop, so that its settings can be changed."""
    await stop_publication(host, "pub.stop_to_edit_body")


async def save_settings(host: PublicationHost, settings: PublicationSettings, said: str) -> None:
    """The whole settings, as changed by one control of the panel; ``said`` once saved."""
    host.show_state(await request(host, host.client.save_publication_settings(settings)))
    host.result(said)


def _current(host: PublicationHost) -> PublicationSettings | None:
    return host.state.settings if host.state is not None else None


async def toggle_espace(host: PublicationHost, kind: EspaceKind) -> None:
    """A Publier box ticked or unticked (the list kept in the guide's order)."""
    settings = _current(host)
    if settings is None:
        return
    chosen = set(settings.published_espaces) ^ {kind}
    changed = settings.model_copy(
        update={"published_espaces": [k for k in EspaceKind if k in chosen]}
    )
    key = "pub.espace_on" if kind in chosen else "pub.espace_off"
    await save_settings(host, changed, host.t(key, espace=host.t(f"espace.{kind.value}")))


async def edit_cas(host: PublicationHost) -> None:
    """ "+": the CAS delegation chosen from the known ENTs or configured by hand."""
    settings = _current(host)
    if settings is None:
        return
    ents = None
    failure = None
    try:
        ents = (await host.client.known_ents()).ents
    except SessionExpired:
        end_session(host.app)
        raise Stop from None
    except ConsoleError as exc:  # the manual configuration still works
        failure = exc.message(host.lang)
    cas = await ask(host, CasDialog(settings.cas, ents or [], failure=failure))
    if cas is None:
        cancelled(host)
    await save_settings(host, settings.model_copy(update={"cas": cas}), host.t("pub.deleg.saved"))


async def edit_matrix(host: PublicationHost) -> None:
    """ "Choix de la délégation en fonction de l'espace": one protocol per Espace."""
    settings = _current(host)
    if settings is None:
        return
    choices = await ask(
        host, MatrixDialog(settings.espace_delegation, has_cas=settings.cas is not None)
    )
    if choices is None:
        cancelled(host)
    kept = {k: p for k, p in choices.items() if p is not DelegationProtocol.NONE}
    changed = settings.model_copy(update={"espace_delegation": kept})
    await save_settings(host, changed, host.t("pub.matrix.saved"))
