"""Messages to hosting managers: one file per e-mail or SMS under ``DATA/outbox/``.

The outbox is the only place where a hosting password or an invoice number is ever written in
clear. Files appear atomically (temporary name, then rename) so that a relay or a test never reads a
partial message. When the configuration names an SMTP relay, each e-mail (and each SMS, when an
e-mail-to-SMS gateway domain is configured) is also sent over SMTP and then moved to
``outbox/sent/``; a failed relay leaves the file in place for :meth:`Outbox.relay_pending` and is
logged by file name and error class only, never with its content.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

from pronote_api.catalogue import Lang, tr
from pronote_server.store.clock import Clock
from pronote_server.store.config import SmtpRelay
from pronote_server.store.files import make_private_dir, write_private

log = logging.getLogger("pronote_server.outbox")

EMAIL_SUFFIX = ".eml"
SMS_SUFFIX = ".sms.json"
KIND_HEADER = "X-Pronote-Kind"
ACCOUNT_HEADER = "X-Pronote-Account"


@dataclass(frozen=True)
class Recipient:
    """Where messages for one account go: the manager on record."""

    hosting_number: str
    name: str
    email: str
    phone: str


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
        if not self.directory.is_dir():
            return []
        return sorted(
            p
            for p in self.directory.iterdir()
            if p.is_file()
            and not p.name.startswith(".")
            and p.name.endswith((EMAIL_SUFFIX, SMS_SUFFIX))
        )

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
