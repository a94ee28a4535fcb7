"""``GET /v1/history``: the account's administrative actions, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from pronote_api.models import HistoryPage, Outcome
from pronote_server.store import history
from pronote_server.web.deps import SessionDep, StoreDep

router = APIRouter(tags=["history"])


@router.get("/history")
def history_page(
    current: SessionDep,
    db: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    before: Annotated[int | None, Query(ge=1)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    outcome: Outcome | None = None,
) -> HistoryPage:
    return history.page(
        db, current.account.id, limit=limit, before=before, action=action, outcome=outcome
    )
