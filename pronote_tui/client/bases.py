"""The school server and its bases (:mod:`pronote_api.school`): status, start and stop, the
list of bases, create, open, load, annexes, users, next year. Imports :mod:`.jobs` and below."""

from __future__ import annotations

from pronote_api.models import ServerStatus
from pronote_api.school import (
    BaseList,
    BaseSummary,
    CreateBaseRequest,
    Job,
    PrepareNextYearRequest,
    StartRequest,
    SuperadminDefinition,
    TimeGrid,
)
from pronote_tui.client.jobs import JobCalls
from pronote_tui.client.link import Sealed

STATUS = "/v1/server/status"


class BasesCalls(JobCalls):
    async def server_status(self) -> ServerStatus:
        return await self._fetch(ServerStatus, "GET", STATUS)

    async def start_server(self, superadmin: SuperadminDefinition | None = None) -> ServerStatus:
        """Mettre en service; the first start of a base needs its superadministrator."""
        body = Sealed.of(StartRequest(superadmin=superadmin))
        return await self._fetch(
            ServerStatus, "POST", "/v1/server/start", body=body, forgets=STATUS
        )

    async def stop_server(self) -> ServerStatus:
        """Arrêter le serveur: clients and Espaces are disconnected."""
        return await self._fetch(ServerStatus, "POST", "/v1/server/stop", forgets=STATUS)

    async def bases(self) -> BaseList:
        """The current base and the others, by section of Autres bases."""
        return await self._fetch(BaseList, "GET", "/v1/bases")

    async def create_base(self, request: CreateBaseRequest) -> BaseSummary:
        """Créer une base (server stopped): a new empty base with this time grid, made current."""
        return await self._fetch(BaseSummary, "POST", "/v1/bases", body=Sealed.of(request))

    async def open_base(self, base_id: str) -> BaseSummary:
        """Ouvrir cette base (server stopped): it becomes the current base."""
        return await self._fetch(BaseSummary, "POST", f"/v1/bases/{base_id}/open")

    async def load_base(self, upload_id: str) -> Job:
        """Charger une base from a completed ``.HNOT`` upload (server stopped): a job."""
        return await self._job_from("/v1/bases/load", upload_id)

    async def attach_annexes(self, upload_id: str) -> Job:
        """Compléter la base hébergée with an annex file (.HDOCJOINTS, .HPHOTOS, .HCOURRIERS)."""
        return await self._job_from("/v1/bases/current/annexes", upload_id)

    async def import_users(self, upload_id: str) -> Job:
        """Récupérer les utilisateurs from a ``.profils`` upload."""
        return await self._job_from("/v1/bases/current/users", upload_id)

    async def prepare_next_year(self, time_grid: TimeGrid | None = None) -> Job:
        """Préparer l'année suivante: archive this year, a new empty base for the next one."""
        body = Sealed.of(PrepareNextYearRequest(time_grid=time_grid))
        return await self._fetch(Job, "POST", "/v1/bases/prepare-next-year", body=body)
