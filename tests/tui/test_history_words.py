"""An entry of the history in words, in both languages: each fact the service writes is worded
by the catalogue, internal identifiers and facts it does not know are left out, and no key or
``{placeholder}`` is ever part of the line."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import pytest

from pronote_api.catalogue import CATALOGUE, LANGS, Lang, tr
from pronote_api.models import HistoryEntry, Outcome
from pronote_tui.widgets.history_view import action_label
from pronote_tui.widgets.history_words import DETAIL_ORDER, entry_words

AT = datetime(2026, 8, 14, 9, 30, tzinfo=UTC)

# What the service writes (pronote_server: accounts, routers, bases, snapshots, scheduler).
WRITTEN: list[tuple[str, dict[str, str | int | bool | None]]] = [
    ("certificate.enrol", {"workstation": "Poste 1", "serial": "4f2a", "replaced": 1}),
    ("certificate.revoke", {"workstation": "Poste 1", "serial": "4f2a", "replaced_by": "77"}),
    ("contact.update", {"fields": "name,email,phone"}),
    ("notifications.update", {"events": "backup_failed,server_stopped"}),
    (
        "client.disable",
        {"session_id": "sess-41", "workstation": "P2", "user": "pm", "mode": "teacher"},
    ),
    ("licences.reserve", {"before": 1, "after": 2}),
    ("security.unblock", {"address": None, "all": True, "count": 3}),
    ("invoice.reminder", {"reason": "throttled", "refused": 4, "limit": 3}),
    ("server.start", {"base_id": "b1", "superadmin_defined": True}),
    ("server.stop", {"base_id": "b1", "clients_ended": 12}),
    ("base.create", {"base_id": "b2", "name": "Base année", "school_year": "2026-2027"}),
    ("base.load", {"upload_id": "u1", "file": "LYCEE.HNOT", "base_id": "b3", "job_id": "j1"}),
    ("snapshot.take", {"kind": "backup", "base_id": "b1", "job_id": "j2", "code": "conflict"}),
    ("snapshot.restore", {"snapshot_id": "snap-77", "name": "archive-2026.zip"}),
    ("recovery.recover", {"snapshot_id": "snap-77", "users": True, "categories": 5}),
    ("calendar.update", {"option": "deferred_to", "deferred_to": "2026-09-30"}),
    ("calendar.update", {"option": "pre_release"}),
    ("calendar.yearly_archive", {"cycle": 2026, "snapshot": "annuelle-2026.zip"}),
    (
        "calendar.version_change",
        {"cycle": 2026, "replaced": True, "old_base_id": "b-old-9", "server_stopped": True},
    ),
    ("calendar.version_change", {"cycle": 2026, "replaced": False, "kept": True}),
]
RAW = re.compile(r"\{|\}|_id\b|\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_.]+\b|=")


def entry(action: str, detail: dict[str, str | int | bool | None], actor: str) -> HistoryEntry:
    return HistoryEntry(
        id=1,
        at=AT,
        actor=actor,
        source="192.0.2.7" if actor not in ("provider", "pronote-server") else None,
        action=action,
        outcome=Outcome.SUCCESS,
        detail=detail,
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("action", "detail"), WRITTEN, ids=lambda v: str(v)[:24])
def test_every_fact_the_service_writes_is_said_in_words(
    lang: Lang, action: str, detail: dict[str, str | int | bool | None]
) -> None:
    line = entry_words(entry(action, detail, "920096669515"), lang)
    assert not RAW.search(line.replace("192.0.2.7", "")), line
    # The facts meant for the manager are there; identifiers are not.
    for name, value in detail.items():
        if name.endswith("_id") or name in ("serial", "replaced_by"):
            assert str(value) not in line, (name, line)
    assert tr(f"history.{action}", lang) in line


def test_a_fact_is_worded_by_the_catalogue_with_its_value() -> None:
    line = entry_words(entry("client.disable", WRITTEN[4][1], "920096669515"), "fr")
    assert "Poste : P2" in line and "Utilisateur : pm" in line
    assert tr("mode.teacher", "fr") in line
    assert tr("history.actor.account", "fr", number="920096669515") in line
    line = entry_words(entry("calendar.update", WRITTEN[15][1], "920096669515"), "en")
    assert "Deferred to 2026-09-30" not in line  # dates in the locale's words, below
    assert "30 Sep 2026" in line
    provider = entry_words(entry("account.create", {}, "provider"), "en")
    assert tr("history.actor.provider", "en") in provider and "provider ·" not in provider
    system = entry_words(entry("calendar.new_base", {"cycle": 2026}, "pronote-server"), "fr")
    assert tr("history.actor.system", "fr") in system and "2026-2027" in system


def test_what_this_console_does_not_know_is_left_out_not_shown_raw() -> None:
    newer = entry("licences.transfer", {"widget_count": 3, "workstation": "P9"}, "provider")
    line = entry_words(newer, "fr")
    assert "licences.transfer" not in line and "widget_count" not in line
    assert "Poste : P9" in line
    assert action_label("licences.transfer", "fr") == tr("history.unknown_action", "fr")


def test_every_detail_key_of_the_catalogue_is_said_and_takes_only_its_value() -> None:
    keys = [key for key in CATALOGUE if key.startswith("history.detail.")]
    for key in keys:
        name, _, flag = key.removeprefix("history.detail.").partition(".")
        assert name in DETAIL_ORDER, key
        fields = {f for _, f, _, _ in string.Formatter().parse(CATALOGUE[key][0]) if f}
        assert fields == (set() if flag else {"value"}), key
