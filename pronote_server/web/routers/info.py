"""``GET /v1/info`` on both listeners: who this service is, before any authentication."""

from __future__ import annotations

from fastapi import APIRouter, Request

from pronote_api.models import ServiceInfo
from pronote_server import __version__
from pronote_server.web.deps import RuntimeDep

router = APIRouter(tags=["info"])


@router.get("/info")
def service_info(request: Request, runtime: RuntimeDep) -> ServiceInfo:
    ports = request.app.state.ports
    return ServiceInfo(
        version=__version__,
        api_port=ports.api,
        enrol_port=ports.enrol,
        client_port=ports.client,
        web_port=ports.web,
        web_url=ports.web_url,
        ca_fingerprint_sha256=runtime.authority.fingerprint_sha256,
        hosting_domain=runtime.config.domain,
    )
