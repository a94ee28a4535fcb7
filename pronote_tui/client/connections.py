"""The school server's desktop clients (:mod:`pronote_api.connections`): Suivi des connexions,
licences, and the suspended addresses (security). Imports :mod:`.transport`."""

from __future__ import annotations

from pronote_api.connections import (
    ClientSession,
    ConnectionsPage,
    LicenceUsage,
    ReservedLicences,
    SecurityState,
    UnblockRequest,
)
from pronote_tui.client.cache import query
from pronote_tui.client.link import Sealed
from pronote_tui.client.transport import Transport


class ConnectionsCalls(Transport):
    async def connections(self, since: int | None = None) -> ConnectionsPage:
        """Suivi des connexions: the whole table (``since`` None), else what changed after
        version ``since``. Conditional: a poll that finds nothing changed gets 304 and the page
        kept from the previous answer (same version: applying it again changes nothing)."""
        params = query(since=since)
        # One remembered page: those of older versions will not be asked for again.
        path = "/v1/connections"
        self._etags.forget("api", path, but=self._etags.key("api", path, params))
        return await self._fetch(ConnectionsPage, "GET", path, params=params)

    async def disable_client(self, session_id: str) -> ClientSession:
        """Désactiver un client: its session ends, its client is told at its next heartbeat."""
        return await self._fetch(ClientSession, "POST", f"/v1/connections/{session_id}/disable")

    async def licences(self) -> LicenceUsage:
        return await self._fetch(LicenceUsage, "GET", "/v1/licences")

    async def set_reserved_licences(self, count: int) -> LicenceUsage:
        """Licences réservées pour les administrateurs (0 .. the editing licences)."""
        body = Sealed.of(ReservedLicences(reserved_for_administrators=count))
        return await self._fetch(
            LicenceUsage, "PUT", "/v1/licences/reserved", body=body, forgets="/v1/licences"
        )

    async def security(self) -> SecurityState:
        return await self._fetch(SecurityState, "GET", "/v1/security")

    async def unblock(self, address: str | None = None) -> SecurityState:
        """Lift the suspension of ``address``, or of every address (None)."""
        body = Sealed.of(UnblockRequest(address=address))
        return await self._fetch(
            SecurityState, "POST", "/v1/security/unblock", body=body, forgets="/v1/security"
        )
