"""``GET /v1/history``: the account's administrative actions, newest first. Conditional (ETag):
Historique polls it while shown, and a page that did not change costs a 304."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from pronote_api.models import HistoryPage, Outcome
from pronote_server.store import history
from pronote_server.web.deps import SessionDep, StoreDep
from pronote_server.web.routers.bases import conditional

router = APIRouter(tags=["history"])


@router.get("/history", response_model=HistoryPage)
def history_page(
    request: Request,
    current: SessionDep,
    db: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    before: Annotated[int | None, Query(ge=1)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    outcome: Outcome | None = None,
) -> Response:
    return conditional(
        request,
        history.page(
            db, current.account.id, limit=limit, before=before, action=action, outcome=outcome
        ),
    )
