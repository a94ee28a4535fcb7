"""A school's publication of its Espaces (Fiche 8): read the state, "Publier la base",
"Arrêter la publication", and the settings (Paramètres de publication, Déléguer
l'authentification, Paramètres de sécurité), which change only while the publication is stopped.

One row per school in ``publications`` (none: not published, the default settings). Every change
runs under the account's lock, bumps the row's ``version`` and is written to the history; a
refusal is written too (failure, with its code), and changes nothing.

What the web listener serves follows the row at each request: publishing or stopping takes
effect on the next page asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import HistoryAction
from pronote_api.publication import (
    ESPACE_PAGES,
    EspaceAddress,
    EspaceKind,
    PublicationSettings,
    PublicationState,
    common_page,
)
from pronote_server.bases.registry import current_base
from pronote_server.errors import Refusal
from pronote_server.espaces import sessions
from pronote_server.jobs.acting import Actor, audited, is_running
from pronote_server.store.tables import Account, Publication, SchoolBase

PUBLISH: Final = HistoryAction.PUBLICATION_PUBLISH
STOP: Final = HistoryAction.PUBLICATION_STOP
SETTINGS: Final = HistoryAction.PUBLICATION_SETTINGS
ACTIONS: Final = (PUBLISH, STOP, SETTINGS)
"""History actions of this module (catalogue ``history.<action>``)."""


@dataclass(frozen=True)
class WebAddress:
    """Where the web listener answers, for the addresses shown: its scheme and port (None when
    no web listener runs: the addresses are then those of the standard HTTPS port)."""

    scheme: str = "https"
    port: int | None = None
    # The listener as bound (``http://127.0.0.1:8080``): the host of the single-host path form's
    # addresses when bound to one address (None, or a wildcard: the hosting domain is).
    bound_url: str | None = None


@dataclass(frozen=True)
class Published:
    """What the web listener needs of a school at one request."""

    published: bool
    settings: PublicationSettings
    server_running: bool
    base: SchoolBase | None  # the current base
    version: int

    @property
    def base_id(self) -> str | None:
        return self.base.id if self.base is not None else None

    @property
    def base_name(self) -> str | None:
        return self.base.name if self.base is not None else None

    def serves(self, kind: EspaceKind) -> bool:
        """The Espace answers: publication on, its Publier box ticked, a base in service."""
        return (
            self.published
            and self.server_running
            and self.base_id is not None
            and kind in self.settings.published_espaces
        )


def _row(db: Session, account_id: int, *, lock: bool = False) -> Publication | None:
    query = select(Publication).where(Publication.account_id == account_id)
    if lock:
        query = query.with_for_update()
    return db.scalar(query)


def settings_of(row: Publication | None) -> PublicationSettings:
    if row is None:
        return PublicationSettings()
    return PublicationSettings.model_validate(row.settings)


def read(db: Session, account_id: int) -> Published:
    row = _row(db, account_id)
    return Published(
        published=bool(row and row.published),
        settings=settings_of(row),
        server_running=is_running(db, account_id),
        base=current_base(db, account_id),
        version=row.version if row is not None else 0,
    )


def addresses(
    account: Account, domain: str, settings: PublicationSettings, web: WebAddress
) -> tuple[str, list[EspaceAddress]]:
    """The Page commune and one row per Espace, in the guide's order."""
    common = common_page(account.uai, domain, web.port, scheme=web.scheme)
    rows = [
        EspaceAddress(
            espace=page.kind,
            publish=page.kind in settings.published_espaces,
            page=common + page.page,
            mobile=common + page.mobile if page.mobile is not None else None,
            delegation=settings.delegation_of(page.kind),
        )
        for page in ESPACE_PAGES
    ]
    return common, rows


def state(
    db: Session, account: Account, domain: str, web: WebAddress, *, web_served: bool
) -> PublicationState:
    now = read(db, account.id)
    common, rows = addresses(account, domain, now.settings, web)
    return PublicationState(
        published=now.published,
        base_name=now.base_name,
        server_running=now.server_running,
        web_served=web_served,
        common_page=common,
        direct_login_page=common + "?login=true",
        addresses=rows,
        settings=now.settings,
        version=now.version,
    )


def _locked_row(db: Session, account_id: int, now: datetime) -> Publication:
    row = _row(db, account_id, lock=True)
    if row is None:
        row = Publication(
            account_id=account_id,
            published=False,
            settings=PublicationSettings().model_dump(mode="json"),
            version=0,
            changed_at=now,
        )
        db.add(row)
        db.flush()
    return row


def _changed(row: Publication, now: datetime) -> None:
    row.version += 1
    row.changed_at = now


def publish(db: Session, who: Actor) -> None:
    """Publier la base: refused (``no_base_in_service``) unless a base is in service; publishing
    what is already published is refused too (``conflict``), so that the history says only what
    changed."""
    with audited(db, who, PUBLISH) as detail:
        row = _locked_row(db, who.account_id, who.now)
        base = current_base(db, who.account_id)
        if base is None or not is_running(db, who.account_id):
            raise Refusal(ErrorCode.NO_BASE_IN_SERVICE)
        if row.published:
            raise Refusal(ErrorCode.CONFLICT, reason="publication.problem.already_published")
        row.published = True
        _changed(row, who.now)
        settings = settings_of(row)
        detail.update(
            base_id=base.id,
            espaces=",".join(kind.value for kind in settings.published_espaces),
        )


def stop(db: Session, who: Actor) -> None:
    """Arrêter la publication: the Espaces answer 503 from the next request, and the people
    logged in to them are logged out."""
    with audited(db, who, STOP) as detail:
        row = _locked_row(db, who.account_id, who.now)
        if not row.published:
            raise Refusal(ErrorCode.CONFLICT, reason="publication.problem.already_stopped")
        row.published = False
        _changed(row, who.now)
        detail["sessions_ended"] = sessions.end_for_school(db, who.account_id, who.now)


def save_settings(db: Session, who: Actor, settings: PublicationSettings) -> None:
    """The settings, whole: refused (``publication_running``) while published. The history
    names the fields that changed, never their values."""
    with audited(db, who, SETTINGS) as detail:
        row = _locked_row(db, who.account_id, who.now)
        if row.published:
            raise Refusal(ErrorCode.PUBLICATION_RUNNING)
        before = settings_of(row)
        ordered = settings.model_copy(
            update={"published_espaces": [k for k in EspaceKind if k in settings.published_espaces]}
        )
        changed = sorted(
            name
            for name in PublicationSettings.model_fields
            if getattr(before, name) != getattr(ordered, name)
        )
        detail["fields"] = ",".join(changed)
        if changed:
            row.settings = ordered.model_dump(mode="json")
            _changed(row, who.now)
