"""``GET /v1/server/status``: the school server's state. No base runtime exists yet (a later
issue), so the server is honestly reported stopped, with no base."""

from __future__ import annotations

from fastapi import APIRouter

from pronote_api.models import ServerState, ServerStatus
from pronote_server.web.deps import SessionDep

router = APIRouter(prefix="/server", tags=["server"])


@router.get("/status")
def server_status(current: SessionDep) -> ServerStatus:
    return ServerStatus(state=ServerState.STOPPED)
