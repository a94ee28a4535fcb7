"""The outbox: one private file per message, and the SMTP relay when one is configured."""

from __future__ import annotations

import email
import logging
import stat
from email.policy import default
from pathlib import Path

import pytest
from smtp_sink import SmtpSink

from pronote_server.store.clock import Clock
from pronote_server.store.config import SmtpRelay
from pronote_server.store.outbox import Outbox, Recipient

TO = Recipient("123456789012", "Samia Bounhar", "samia@example.org", "+33612345678")


def _outbox(directory: Path, relay: SmtpRelay | None = None) -> Outbox:
    return Outbox(
        directory, sender="hebergement@example.org", lang="fr", clock=Clock(), relay=relay
    )


def test_an_email_is_a_private_rfc5322_file(tmp_path: Path) -> None:
    outbox = _outbox(tmp_path / "outbox")
    path = outbox.email(
        TO,
        "account.invoice",
        "outbox.invoice.subject",
        "outbox.invoice.body",
        hosting_number=TO.hosting_number,
        invoice_number="1234567890",
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "outbox").iterdir()] == [path.name]  # no temp left
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert message["To"] == "Samia Bounhar <samia@example.org>"
    assert message["From"] == "hebergement@example.org"
    assert message["Subject"] == "Votre dernier numéro de facture d'hébergement PRONOTE"
    assert message["X-Pronote-Account"] == "123456789012"
    assert message["Message-ID"] and message["Date"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "1234567890" in text and "Bonjour Samia Bounhar" in text


def test_an_sms_names_the_phone_number(tmp_path: Path) -> None:
    import json

    outbox = _outbox(tmp_path / "outbox")
    path = outbox.sms(TO, "account.password", "outbox.password.sms", password="Abcdefgh234567")
    record = json.loads(path.read_text())
    assert record["to"] == "+33612345678"
    assert record["account"] == "123456789012"
    assert "Abcdefgh234567" in record["text"]
    assert path.name.endswith(".sms.json")


def test_messages_are_relayed_over_smtp_and_moved_to_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "relay-secret")
    with SmtpSink() as sink:
        relay = SmtpRelay(
            host="127.0.0.1",
            port=sink.port,
            starttls=False,
            user="relay",
            password_env="TEST_SMTP_PASSWORD",
            sender="hebergement@example.org",
            sms_gateway_domain="sms.example.net",
        )
        outbox = _outbox(tmp_path / "outbox", relay)
        mail = outbox.email(
            TO,
            "account.hosting_number",
            "outbox.hosting_number.subject",
            "outbox.hosting_number.body",
            hosting_number=TO.hosting_number,
        )
        sms = outbox.sms(TO, "account.password", "outbox.password.sms", password="Abcdefgh234567")
    assert outbox.pending() == []
    assert sorted(p.name for p in (tmp_path / "outbox" / "sent").iterdir()) == sorted(
        [mail.name, sms.name]
    )
    assert set(sink.logins) == {("relay", "relay-secret")}  # one connection per message
    assert [m.recipients for m in sink.messages] == [
        ["samia@example.org"],
        ["33612345678@sms.example.net"],
    ]
    assert b"Abcdefgh234567" in sink.messages[1].data


def test_a_failed_relay_keeps_the_message_and_logs_no_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="pronote_server.outbox")
    with SmtpSink(refuse=True) as sink:
        relay = SmtpRelay(host="127.0.0.1", port=sink.port, starttls=False)
        outbox = _outbox(tmp_path / "outbox", relay)
        path = outbox.email(
            TO,
            "account.invoice",
            "outbox.invoice.subject",
            "outbox.invoice.body",
            hosting_number=TO.hosting_number,
            invoice_number="9876543210",
        )
        assert outbox.pending() == [path]
        assert "9876543210" not in caplog.text
        assert path.name in caplog.text
        sink.refuse = False
        assert outbox.relay_pending() == 1
    assert outbox.pending() == []
    assert b"9876543210" in sink.messages[0].data


def test_without_a_gateway_sms_stay_in_the_outbox(tmp_path: Path) -> None:
    with SmtpSink() as sink:
        relay = SmtpRelay(host="127.0.0.1", port=sink.port, starttls=False)
        outbox = _outbox(tmp_path / "outbox", relay)
        path = outbox.sms(TO, "account.password", "outbox.password.sms", password="Abcdefgh234567")
    assert outbox.pending() == [path]
    assert sink.messages == []
