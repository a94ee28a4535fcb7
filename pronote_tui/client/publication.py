"""PRONOTE.net (:mod:`pronote_api.publication`): the publication of the web Espaces, their
settings and the known ENTs of the CAS delegation. Imports :mod:`.transport`."""

from __future__ import annotations

from pronote_api.publication import KnownEnts, PublicationSettings, PublicationState
from pronote_tui.client.link import Sealed
from pronote_tui.client.transport import Transport

PUBLICATION = "/v1/publication"


class PublicationCalls(Transport):
    async def publication(self) -> PublicationState:
        """The state of the Espaces: published or not, the addresses, the settings.
        Conditional: a poll that finds nothing changed gets 304 and the state kept."""
        return await self._fetch(PublicationState, "GET", PUBLICATION)

    async def publish(self) -> PublicationState:
        """Publier la base (a base in service is needed): the Espaces are served at once."""
        return await self._fetch(
            PublicationState, "POST", f"{PUBLICATION}/publish", forgets=PUBLICATION
        )

    async def stop_publication(self) -> PublicationState:
        """Arrêter la publication: every Espace answers "not published" from the next request."""
        return await self._fetch(
            PublicationState, "POST", f"{PUBLICATION}/stop", forgets=PUBLICATION
        )

    async def save_publication_settings(self, settings: PublicationSettings) -> PublicationState:
        """The whole settings (publication stopped only: ``publication_running`` otherwise)."""
        return await self._fetch(
            PublicationState,
            "PUT",
            f"{PUBLICATION}/settings",
            body=Sealed.of(settings),
            forgets=PUBLICATION,
        )

    async def known_ents(self) -> KnownEnts:
        """The ENTs offered by "Mon ENT", with their CAS server."""
        return await self._fetch(KnownEnts, "GET", f"{PUBLICATION}/ents")
