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
from pronote_server.jobs.acting import audit
from pronote_server.security import accounts
from pronote_server.security.accounts import FieldInvalid
from pronote_server.store import history
from pronote_server.web.deps import ActorDep, RuntimeDep, SessionDep, StoreDep
from pronote_server.web.errors import ApiProblem

router = APIRouter(prefix="/account", tags=["account"])


@router.get("")
def account_card(current: SessionDep) -> AccountCard:
    return accounts.card(current.account)


@router.get("/contact")
def get_contact(current: SessionDep) -> ManagerContact:
    return accounts.contact(current.account)


@router.put("/contact")
def put_contact(body: ManagerContact, who: ActorDep, db: StoreDep) -> ManagerContact:
    try:
        changed = accounts.update_contact(who.account, body)
    except FieldInvalid as exc:
        raise ApiProblem.from_invalid(exc.field, exc.error) from exc
    audit(db, who, history.CONTACT_UPDATE, Outcome.SUCCESS, {"fields": ",".join(changed)})
    return accounts.contact(who.account)


@router.get("/notifications")
def get_notifications(current: SessionDep) -> NotificationPrefs:
    return accounts.notifications(current.account)


@router.put("/notifications")
def put_notifications(body: NotificationPrefs, who: ActorDep, db: StoreDep) -> NotificationPrefs:
    changed = accounts.update_notifications(who.account, body)
    audit(db, who, history.NOTIFICATIONS_UPDATE, Outcome.SUCCESS, {"events": ",".join(changed)})
    return accounts.notifications(who.account)


@router.post("/credentials/resend", status_code=status.HTTP_202_ACCEPTED)
def resend_credentials(who: ActorDep, runtime: RuntimeDep, db: StoreDep) -> Accepted:
    """A new password by SMS and the number by e-mail; the current session stays open."""
    accounts.resend_credentials(who.account, outbox=runtime.outbox, now=who.now)
    audit(db, who, history.CREDENTIALS_RESEND, Outcome.SUCCESS)
    return Accepted()
