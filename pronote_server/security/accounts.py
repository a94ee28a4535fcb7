"""School hosting accounts: creation, credentials, contact and notification settings.

Used by both the CLI (the provider) and the HTTP routers (the manager); nothing here knows HTTP.
Secrets leave this module only through the outbox, except :class:`IssuedSecrets` handed to the
demo launcher, which writes them to its private ready file.

What enrolment proves: the hosting number, the console password and the last invoice number
together show that the caller is the manager on record (the number and the invoice come by
e-mail, the password by SMS, to that manager). It is not a second factor against someone who
holds all three. So a certificate is installed per workstation: a new enrolment under the name of
a workstation that already holds a live certificate of the account revokes that one at once (a
copy taken from the old installation stops working), the other workstations keep theirs, and
every issue and revocation is written in the account's history.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import SecretStr
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import (
    AccountCard,
    AccountOptions,
    ManagerContact,
    NotificationChannel,
    NotificationEvent,
    NotificationPrefs,
    Outcome,
    TeacherFormula,
)
from pronote_api.validation import (
    InvalidValue,
    check_hosting_number,
    normalise_email,
    normalise_phone,
    normalise_uai,
)
from pronote_server.security import identifiers, passwords
from pronote_server.security.pki import IssuedCertificate
from pronote_server.security.vault import Vault
from pronote_server.store import history
from pronote_server.store.outbox import Outbox, Recipient
from pronote_server.store.tables import Account, Certificate, ConsoleSession

CLIENT_REFERENCE_RE = re.compile(r"^[A-Za-z0-9]{1,32}$")


class FieldInvalid(ValueError):
    """A refused value and the field it came from (an API field or a CLI option)."""

    def __init__(self, field: str, error: InvalidValue) -> None:
        super().__init__(error.reason)
        self.field = field
        self.error = error


class DuplicateAccount(ValueError):
    pass


def _checked(field_name: str, check: Callable[[str], str], value: str) -> str:
    try:
        return check(value)
    except InvalidValue as exc:
        raise FieldInvalid(field_name, exc) from exc


def _text(reason: str, low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        text = value.strip()
        if not low <= len(text) <= high:
            raise InvalidValue(ErrorCode.VALIDATION_ERROR, reason)
        return text

    return check


def _client_reference(value: str) -> str:
    if not CLIENT_REFERENCE_RE.fullmatch(value.strip()):
        raise InvalidValue(ErrorCode.VALIDATION_ERROR, "validation.client_reference")
    return value.strip()


@dataclass(frozen=True)
class NewAccount:
    """What the provider types to open an account; :meth:`validated` normalises it."""

    uai: str
    school_name: str
    manager_name: str
    manager_email: str
    manager_phone: str
    licence_expires_on: date
    editing_licences: int = 6
    formula: TeacherFormula = TeacherFormula.UNLIMITED
    options: AccountOptions = field(default_factory=AccountOptions)
    hosting_number: str | None = None
    client_reference: str | None = None

    def validated(self) -> NewAccount:
        if not 1 <= self.editing_licences <= 99:
            raise FieldInvalid(
                "editors", InvalidValue(ErrorCode.VALIDATION_ERROR, "validation.editors")
            )
        return NewAccount(
            uai=_checked("uai", normalise_uai, self.uai),
            school_name=_checked("name", _text("validation.school_name", 1, 200), self.school_name),
            manager_name=_checked(
                "manager_name", _text("validation.manager_name", 1, 120), self.manager_name
            ),
            manager_email=_checked("manager_email", normalise_email, self.manager_email),
            manager_phone=_checked("manager_phone", normalise_phone, self.manager_phone),
            licence_expires_on=self.licence_expires_on,
            editing_licences=self.editing_licences,
            formula=self.formula,
            options=self.options,
            hosting_number=(
                None
                if self.hosting_number is None
                else _checked("hosting_number", check_hosting_number, self.hosting_number)
            ),
            client_reference=(
                None
                if self.client_reference is None
                else _checked("client_reference", _client_reference, self.client_reference)
            ),
        )


@dataclass(frozen=True)
class IssuedSecrets:
    hosting_number: str
    password: SecretStr
    invoice_number: SecretStr


def default_notifications() -> dict[str, str]:
    return {event.value: NotificationChannel.EMAIL.value for event in NotificationEvent}


def find(db: Session, hosting_number: str) -> Account | None:
    return db.scalar(select(Account).where(Account.hosting_number == hosting_number))


def all_accounts(db: Session) -> list[Account]:
    return list(db.scalars(select(Account).order_by(Account.hosting_number)))


def recipient(account: Account) -> Recipient:
    return Recipient(
        hosting_number=account.hosting_number,
        name=account.manager_name,
        email=account.manager_email,
        phone=account.manager_phone,
    )


def _free_hosting_number(db: Session) -> str:
    while True:
        number = identifiers.new_hosting_number()
        if find(db, number) is None:
            return number


def create(
    db: Session, spec: NewAccount, *, vault: Vault, outbox: Outbox, now: datetime
) -> tuple[Account, IssuedSecrets]:
    """Open an account (``spec`` already validated) and send its secrets through the outbox:
    hosting and invoice numbers by e-mail, the password by SMS. The caller commits."""
    number = spec.hosting_number or _free_hosting_number(db)
    if find(db, number) is not None:
        raise DuplicateAccount(number)
    password = passwords.generate_password()
    invoice = identifiers.new_invoice_number()
    account = Account(
        hosting_number=number,
        client_reference=spec.client_reference or identifiers.new_client_reference(),
        uai=spec.uai,
        school_name=spec.school_name,
        password_hash=passwords.hash_password(password),
        password_changed_at=now,
        invoice_number_encrypted=vault.encrypt(invoice),
        formula=spec.formula.value,
        options=spec.options.model_dump(mode="json"),
        editing_licences=spec.editing_licences,
        licence_expires_on=spec.licence_expires_on,
        manager_name=spec.manager_name,
        manager_email=spec.manager_email,
        manager_phone=spec.manager_phone,
        notifications=default_notifications(),
        disabled=False,
        created_at=now,
    )
    db.add(account)
    db.flush()
    to = recipient(account)
    outbox.email(
        to,
        "account.created",
        "outbox.account_created.subject",
        "outbox.account_created.body",
        school_name=account.school_name,
        uai=account.uai,
        hosting_number=number,
        invoice_number=invoice,
    )
    outbox.sms(to, "account.password", "outbox.password.sms", password=password)
    return account, IssuedSecrets(number, SecretStr(password), SecretStr(invoice))


def authenticate(db: Session, hosting_number: str, password: str) -> tuple[Account | None, bool]:
    """``(account, password_ok)``. An unknown number costs the same scrypt work as a wrong
    password, so neither the answer nor its timing tells which numbers exist."""
    account = find(db, hosting_number.strip())
    if account is None:
        passwords.verify_password(password, passwords.dummy_hash())
        return None, False
    return account, passwords.verify_password(password, account.password_hash)


def new_password(account: Account, *, outbox: Outbox, now: datetime) -> SecretStr:
    """Replace the password and send the new one by SMS; the old one stops working at commit."""
    password = passwords.generate_password()
    account.password_hash = passwords.hash_password(password)
    account.password_changed_at = now
    outbox.sms(recipient(account), "account.password", "outbox.password.sms", password=password)
    return SecretStr(password)


def resend_credentials(account: Account, *, outbox: Outbox, now: datetime) -> None:
    """ "Recevoir mes identifiants": the number by e-mail, a new password by SMS."""
    new_password(account, outbox=outbox, now=now)
    outbox.email(
        recipient(account),
        "account.hosting_number",
        "outbox.hosting_number.subject",
        "outbox.hosting_number.body",
        hosting_number=account.hosting_number,
    )


def invoice_matches(account: Account, typed: str, vault: Vault) -> bool:
    return hmac.compare_digest(vault.decrypt(account.invoice_number_encrypted), typed.strip())


def send_invoice_reminder(account: Account, *, vault: Vault, outbox: Outbox) -> None:
    outbox.email(
        recipient(account),
        "account.invoice",
        "outbox.invoice.subject",
        "outbox.invoice.body",
        hosting_number=account.hosting_number,
        invoice_number=vault.decrypt(account.invoice_number_encrypted),
    )


def install_certificate(
    db: Session,
    account: Account,
    issued: IssuedCertificate,
    *,
    workstation: str,
    now: datetime,
    source_ip: str | None,
) -> list[Certificate]:
    """Record the certificate just issued to ``workstation`` and revoke, at once, the account's
    live certificates of that same workstation (their console sessions end with them); other
    workstations' certificates and other accounts' are untouched. Both are written in the
    account's history. Returns the certificates revoked. The caller commits."""
    # Two enrolments of one account are serialised (FOR UPDATE on PostgreSQL; SQLite has one
    # writer), so that they cannot both leave a live certificate for the same workstation.
    db.execute(select(Account.id).where(Account.id == account.id).with_for_update())
    replaced = list(
        db.scalars(
            select(Certificate)
            .where(
                Certificate.account_id == account.id,
                Certificate.workstation == workstation,
                Certificate.revoked_at.is_(None),
                Certificate.expires_at > now,
            )
            .order_by(Certificate.id)
        )
    )
    db.add(
        Certificate(
            serial=issued.serial,
            fingerprint_sha256=issued.fingerprint_sha256,
            account_id=account.id,
            workstation=workstation,
            issued_at=now,
            expires_at=issued.not_after,
            revoked_at=None,
        )
    )
    history.record_by(
        db,
        account,
        at=now,
        source_ip=source_ip,
        action=history.CERTIFICATE_ENROL,
        outcome=Outcome.SUCCESS,
        detail={"workstation": workstation, "serial": issued.serial}
        | ({"replaced": len(replaced)} if replaced else {}),
    )
    for old in replaced:
        old.revoked_at = now
        history.record_by(
            db,
            account,
            now,
            source_ip,
            history.CERTIFICATE_REVOKE,
            Outcome.SUCCESS,
            {"workstation": workstation, "serial": old.serial, "replaced_by": issued.serial},
        )
    if replaced:
        db.execute(
            delete(ConsoleSession).where(
                ConsoleSession.account_id == account.id,
                ConsoleSession.certificate_fingerprint.in_(
                    [c.fingerprint_sha256 for c in replaced]
                ),
            )
        )
    db.flush()
    return replaced


def card(account: Account) -> AccountCard:
    return AccountCard(
        client_reference=account.client_reference,
        hosting_number=account.hosting_number,
        uai=account.uai,
        school_name=account.school_name,
        licence_expires_on=account.licence_expires_on,
        administrators_and_editors=account.editing_licences,
        formula=TeacherFormula(account.formula),
        options=AccountOptions.model_validate(account.options),
        created_at=account.created_at,
    )


def contact(account: Account) -> ManagerContact:
    return ManagerContact(
        name=account.manager_name, email=account.manager_email, phone=account.manager_phone
    )


def update_contact(account: Account, wanted: ManagerContact) -> list[str]:
    """Validate everything first, then change: a refused field leaves the account untouched.
    Returns the names of the fields that changed (for the history, never their values)."""
    name = _checked("name", _text("validation.manager_name", 1, 120), wanted.name)
    email = _checked("email", normalise_email, wanted.email)
    phone = _checked("phone", normalise_phone, wanted.phone)
    changed = [
        label
        for label, old, new in (
            ("name", account.manager_name, name),
            ("email", account.manager_email, email),
            ("phone", account.manager_phone, phone),
        )
        if old != new
    ]
    account.manager_name, account.manager_email, account.manager_phone = name, email, phone
    return changed


def notifications(account: Account) -> NotificationPrefs:
    channels = default_notifications() | dict(account.notifications)
    return NotificationPrefs.model_validate({"channels": channels})


def update_notifications(account: Account, wanted: NotificationPrefs) -> list[str]:
    current = notifications(account).channels
    merged = current | wanted.channels
    changed = sorted(event.value for event in merged if current.get(event) != merged[event])
    account.notifications = {event.value: channel.value for event, channel in merged.items()}
    return changed
