"""The manager's account: its card, the contact on record, notifications, new credentials and
the school's history (Historique). Imports :mod:`.transport` and :mod:`pronote_api.models`."""

from __future__ import annotations

from pronote_api.models import AccountCard, HistoryPage, ManagerContact, NotificationPrefs, Outcome
from pronote_tui.client.cache import query
from pronote_tui.client.link import Sealed
from pronote_tui.client.transport import Transport


class AccountCalls(Transport):
    async def account(self) -> AccountCard:
        return await self._fetch(AccountCard, "GET", "/v1/account")

    async def contact(self) -> ManagerContact:
        return await self._fetch(ManagerContact, "GET", "/v1/account/contact")

    async def update_contact(self, contact: ManagerContact) -> ManagerContact:
        return await self._fetch(
            ManagerContact, "PUT", "/v1/account/contact", body=Sealed.of(contact)
        )

    async def notifications(self) -> NotificationPrefs:
        return await self._fetch(NotificationPrefs, "GET", "/v1/account/notifications")

    async def update_notifications(self, prefs: NotificationPrefs) -> NotificationPrefs:
        return await self._fetch(
            NotificationPrefs, "PUT", "/v1/account/notifications", body=Sealed.of(prefs)
        )

    async def resend_credentials(self) -> None:
        """New password by SMS and the hosting number by e-mail; this session stays valid."""
        await self._call("POST", "/v1/account/credentials/resend", idempotent=False)

    async def history(
        self,
        limit: int = 50,
        before: int | None = None,
        action: str | None = None,
        outcome: Outcome | str | None = None,
    ) -> HistoryPage:
        """A page of the history, newest first; pass ``page.next_before`` as ``before``."""
        params = query(
            limit=limit,
            before=before,
            action=action,
            outcome=str(Outcome(outcome).value) if outcome else None,
        )
        return await self._fetch(HistoryPage, "GET", "/v1/history", params=params)
