""" "Mon compte": the account card, the manager's contact, notifications, credentials resend."""

from __future__ import annotations

from fastapi import APIRouter, status

from pronote_api.models import (
    Accepted,
    AccountCard,
    ManagerContact,
    NotificationPrefs,
    Outcome,
)
from pronote_server.security import accounts
from pronote_server.security.accounts import FieldInvalid
from pronote_server.store import history
from pronote_server.web.deps import NowDep, RuntimeDep, SessionDep, SourceIpDep, StoreDep
from pronote_server.web.errors import ApiProblem

router = APIRouter(prefix="/account", tags=["account"])


@router.get("")
def account_card(current: SessionDep) -> AccountCard:
    return accounts.card(current.account)


@router.get("/contact")
def get_contact(current: SessionDep) -> ManagerContact:
    return accounts.contact(current.account)


@router.put("/contact")
def put_contact(
    body: ManagerContact, current: SessionDep, db: StoreDep, now: NowDep, source_ip: SourceIpDep
) -> ManagerContact:
    try:
        changed = accounts.update_contact(current.account, body)
    except FieldInvalid as exc:
        raise ApiProblem.from_invalid(exc.field, exc.error) from exc
    history.record_by(
        db,
        current.account,
        at=now,
        source_ip=source_ip,
        action=history.CONTACT_UPDATE,
        outcome=Outcome.SUCCESS,
        detail={"fields": ",".join(changed)},
    )
    return accounts.contact(current.account)


@router.get("/notifications")
def get_notifications(current: SessionDep) -> NotificationPrefs:
    return accounts.notifications(current.account)


@router.put("/notifications")
def put_notifications(
    body: NotificationPrefs, current: SessionDep, db: StoreDep, now: NowDep, source_ip: SourceIpDep
) -> NotificationPrefs:
    changed = accounts.update_notifications(current.account, body)
    history.record_by(
        db,
        current.account,
        at=now,
        source_ip=source_ip,
        action=history.NOTIFICATIONS_UPDATE,
        outcome=Outcome.SUCCESS,
        detail={"events": ",".join(changed)},
    )
    return accounts.notifications(current.account)


@router.post("/credentials/resend", status_code=status.HTTP_202_ACCEPTED)
def resend_credentials(
    current: SessionDep, runtime: RuntimeDep, db: StoreDep, now: NowDep, source_ip: SourceIpDep
) -> Accepted:
    """A new password by SMS and the number by e-mail; the current session stays open."""
    accounts.resend_credentials(current.account, outbox=runtime.outbox, now=now)
    history.record_by(
        db,
        current.account,
        at=now,
        source_ip=source_ip,
        action=history.CREDENTIALS_RESEND,
        outcome=Outcome.SUCCESS,
    )
    return Accepted()
