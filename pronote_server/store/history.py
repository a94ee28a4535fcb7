"""The history of administrative actions, per account, newest first.

Action keys are dotted (``session.login``), one :class:`~pronote_api.models.HistoryAction` each; the
catalogue words them as ``history.<action>``.
``detail`` carries only non-secret facts (a workstation name, a field list), never a typed value.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.models import HistoryAction, HistoryEntry, HistoryPage, Outcome
from pronote_server.store.tables import Account, HistoryRecord

PROVIDER: Final = "provider"

ACCOUNT_CREATE: Final = HistoryAction.ACCOUNT_CREATE
ACCOUNT_RESET_PASSWORD: Final = HistoryAction.ACCOUNT_RESET_PASSWORD
CERTIFICATE_ENROL: Final = HistoryAction.CERTIFICATE_ENROL
CERTIFICATE_REVOKE: Final = (
    HistoryAction.CERTIFICATE_REVOKE  # replaced by a new enrolment of its workstation
)
SESSION_LOGIN: Final = HistoryAction.SESSION_LOGIN
SESSION_LOGOUT: Final = HistoryAction.SESSION_LOGOUT
CONTACT_UPDATE: Final = HistoryAction.CONTACT_UPDATE
NOTIFICATIONS_UPDATE: Final = HistoryAction.NOTIFICATIONS_UPDATE
CREDENTIALS_RESEND: Final = HistoryAction.CREDENTIALS_RESEND
INVOICE_REMINDER: Final = HistoryAction.INVOICE_REMINDER

ACTIONS: Final = (
    ACCOUNT_CREATE,
    ACCOUNT_RESET_PASSWORD,
    CERTIFICATE_ENROL,
    CERTIFICATE_REVOKE,
    SESSION_LOGIN,
    SESSION_LOGOUT,
    CONTACT_UPDATE,
    NOTIFICATIONS_UPDATE,
    CREDENTIALS_RESEND,
    INVOICE_REMINDER,
)

Detail = dict[str, str | int | bool | None]


def record(
    db: Session,
    *,
    account_id: int | None,
    at: datetime,
    actor: str,
    source_ip: str | None,
    action: str,
    outcome: Outcome,
    detail: Detail | None = None,
) -> HistoryRecord:
    entry = HistoryRecord(
        account_id=account_id,
        at=at,
        actor=actor,
        source_ip=source_ip,
        action=action,
        outcome=outcome.value,
        detail=dict(detail or {}),
    )
    db.add(entry)
    return entry


def record_by(
    db: Session,
    account: Account,
    at: datetime,
    source_ip: str | None,
    action: str,
    outcome: Outcome,
    detail: Detail | None = None,
) -> HistoryRecord:
    """:func:`record` of what the account itself did (its hosting number as the actor)."""
    return record(
        db,
        account_id=account.id,
        at=at,
        actor=account.hosting_number,
        source_ip=source_ip,
        action=action,
        outcome=outcome,
        detail=detail,
    )


def record_by_provider(
    db: Session, account: Account, at: datetime, action: str, detail: Detail | None = None
) -> HistoryRecord:
    """:func:`record` of what the provider did to the account (``pronote-server``, the demo):
    a success, from no address."""
    return record(
        db,
        account_id=account.id,
        at=at,
        actor=PROVIDER,
        source_ip=None,
        action=action,
        outcome=Outcome.SUCCESS,
        detail=detail,
    )


def page(
    db: Session,
    account_id: int,
    *,
    limit: int = 50,
    before: int | None = None,
    action: str | None = None,
    outcome: Outcome | None = None,
) -> HistoryPage:
    """One page of an account's history, newest first; ``next_before`` continues it."""
    query = select(HistoryRecord).where(HistoryRecord.account_id == account_id)
    if before is not None:
        query = query.where(HistoryRecord.id < before)
    if action is not None:
        query = query.where(HistoryRecord.action == action)
    if outcome is not None:
        query = query.where(HistoryRecord.outcome == outcome.value)
    rows = list(db.scalars(query.order_by(HistoryRecord.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return HistoryPage(
        entries=[
            HistoryEntry(
                id=row.id,
                at=row.at,
                actor=row.actor,
                source=row.source_ip,
                action=row.action,
                outcome=Outcome(row.outcome),
                detail=row.detail,
            )
            for row in rows
        ],
        next_before=rows[-1].id if more and rows else None,
    )
