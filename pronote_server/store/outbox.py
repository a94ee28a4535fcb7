"""Messages to hosting managers: one file per e-mail or SMS under ``DATA/outbox/``.

The outbox is the only place where a hosting password or an invoice number is ever written in
clear. Files appear atomically (temporary name, then rename) so that a relay or a test never reads a
partial message. When the configuration names an SMTP relay, each e-mail (and each SMS, when an
e-mail-to-SMS gateway domain is configured) is also sent over SMTP and then moved to
``outbox/sent/``; a failed relay leaves the file in place for :meth:`Outbox.relay_pending` and is
logged by file name and error class only, never with its content.

Without a relay the provider reads the messages with ``pronote-server outbox`` (:meth:`Outbox.
messages` decodes them) and passes them on by hand; a message marked delivered moves to
``outbox/delivered/`` and is never relayed afterwards.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Literal

from pronote_api.catalogue import Lang, tr
from pronote_server.store.clock import Clock
from pronote_server.store.config import SmtpRelay
from pronote_server.store.files import make_private_dir, write_private

log = logging.getLogger("pronote_server.outbox")

EMAIL_SUFFIX = ".eml"
SMS_SUFFIX = ".sms.json"
KIND_HEADER = "X-Pronote-Kind"
ACCOUNT_HEADER = "X-Pronote-Account"
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"

MessageState = Literal["pending", "sent", "delivered"]


@dataclass(frozen=True)
class Recipient:
    """Where messages for one account go: the manager on record."""

    hosting_number: str
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class StoredMessage:
    """One message of the outbox, decoded (its ``text`` may hold a secret: never log it)."""

    path: Path
    id: str
    state: MessageState
    channel: Literal["email", "sms"]
    kind: str
    account: str
    to: str
    created_at: datetime
    subject: str
    text: str


def message_id(path: Path) -> str:
    """The short identifier of a message: the random part of its file name."""
    return path.name.split(".", 1)[0].rpartition("-")[2]


def _created_at(path: Path) -> datetime:
    stamp = path.name.partition("-")[0]
    try:
        return datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def read_message(path: Path, state: MessageState) -> StoredMessage:
    """Decode one message file (quoted-printable and encoded headers included)."""
    if path.name.endswith(SMS_SUFFIX):
        record = json.loads(path.read_text(encoding="utf-8"))
        return StoredMessage(
            path=path,
            id=message_id(path),
            state=state,
            channel="sms",
            kind=str(record.get("kind", "")),
            account=str(record.get("account", "")),
            to=str(record.get("to", "")),
            created_at=_created_at(path),
            subject="",
            text=str(record.get("text", "")),
        )
    message = message_from_bytes(path.read_bytes(), policy=default_policy)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else ""
    return StoredMessage(
        path=path,
        id=message_id(path),
        state=state,
        channel="email",
        kind=str(message.get(KIND_HEADER, "")),
        account=str(message.get(ACCOUNT_HEADER, "")),
        to=str(message.get("To", "")),
        created_at=_created_at(path),
        subject=str(message.get("Subject", "")),
        text=str(text).rstrip("\n"),
    )


def _message_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.name.endswith((EMAIL_SUFFIX, SMS_SUFFIX))
    )


class Outbox:
    def __init__(
        self,
        directory: Path,
        *,
        sender: str,
        lang: Lang,
        clock: Clock,
        relay: SmtpRelay | None = None,
    ) -> None:
        self.directory = directory
        self.sent = directory / "sent"
        self.delivered = directory / "delivered"
        self.sender = sender
        self.lang = lang
        self.clock = clock
        self.relay = relay

    def _new_path(self, suffix: str) -> Path:
        make_private_dir(self.directory)
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S%fZ")
        return self.directory / f"{stamp}-{uuid.uuid4().hex[:12]}{suffix}"

    def email(
        self, to: Recipient, kind: str, subject_key: str, body_key: str, **params: object
    ) -> Path:
        message = EmailMessage(policy=SMTP)
        message["From"] = self.sender
        message["To"] = f"{to.name} <{to.email}>"
        message["Subject"] = tr(subject_key, self.lang)
        message["Date"] = format_datetime(self.clock.now())
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message[KIND_HEADER] = kind
        message[ACCOUNT_HEADER] = to.hosting_number
        message.set_content(tr(body_key, self.lang, manager_name=to.name, **params))
        path = write_private(self._new_path(EMAIL_SUFFIX), message.as_bytes())
        self._relay_one(path)
        return path

    def sms(self, to: Recipient, kind: str, text_key: str, **params: object) -> Path:
        record = {
            "to": to.phone,
            "kind": kind,
            "account": to.hosting_number,
            "created_at": self.clock.now().isoformat(),
            "text": tr(text_key, self.lang, **params),
        }
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        path = write_private(self._new_path(SMS_SUFFIX), text)
        self._relay_one(path)
        return path

    def pending(self) -> list[Path]:
        return _message_files(self.directory)

    def messages(self, *, include_done: bool = False) -> list[StoredMessage]:
        """The messages waiting, oldest first; with ``include_done``, the relayed and delivered
        ones too."""
        folders: list[tuple[Path, MessageState]] = [(self.directory, "pending")]
        if include_done:
            folders += [(self.sent, "sent"), (self.delivered, "delivered")]
        found = [
            read_message(p, state) for folder, state in folders for p in _message_files(folder)
        ]
        return sorted(found, key=lambda m: m.path.name)

    def mark_delivered(self, message: StoredMessage) -> StoredMessage:
        """A waiting message passed on by hand: moved out of the relay's way."""
        if message.state != "pending":
            return message
        make_private_dir(self.delivered)
        target = self.delivered / message.path.name
        message.path.replace(target)
        return read_message(target, "delivered")

    def relay_pending(self) -> int:
        """Try every message still waiting; return how many were relayed."""
        return sum(1 for path in self.pending() if self._relay_one(path))

    def _relay_one(self, path: Path) -> bool:
        if self.relay is None:
            return False
        try:
            message = self._as_email(path)
            if message is None:
                return False
            self._send(message)
        except (OSError, smtplib.SMTPException) as exc:
            # Only the file name and the error class: the message body holds secrets.
            log.warning(
                "SMTP relay failed for %s (%s); kept for retry", path.name, type(exc).__name__
            )
            return False
        make_private_dir(self.sent)
        path.replace(self.sent / path.name)
        return True

    def _as_email(self, path: Path) -> EmailMessage | None:
        assert self.relay is not None
        if path.name.endswith(EMAIL_SUFFIX):
            return message_from_bytes(path.read_bytes(), _class=EmailMessage, policy=SMTP)
        if not self.relay.sms_gateway_domain:
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        message = EmailMessage(policy=SMTP)
        message["From"] = self.relay.sender
        message["To"] = f"{record['to'].lstrip('+')}@{self.relay.sms_gateway_domain}"
        message["Subject"] = "SMS"
        message.set_content(record["text"])
        return message

    def _send(self, message: EmailMessage) -> None:
        assert self.relay is not None
        relay = self.relay
        with smtplib.SMTP(relay.host, relay.port, timeout=30) as smtp:
            if relay.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if relay.user:
                smtp.login(relay.user, os.environ.get(relay.password_env, ""))
            smtp.send_message(message)
