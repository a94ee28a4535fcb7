"""The catalogue: both languages everywhere, the same placeholders, a message per error code
and per history action, and no key defined twice across its parts."""

from __future__ import annotations

import string
from collections import Counter

import pytest

from pronote_api.catalogue import CATALOGUE, common, connection, console, detect_lang, server, tr
from pronote_api.errors import ErrorCode
from pronote_api.models import HistoryAction
from pronote_server.bases import registry
from pronote_server.espaces import people, publication
from pronote_server.snapshots import calendar
from pronote_server.snapshots import service as snapshots_service
from pronote_server.store import history
from pronote_server.web.routers import connections


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_french_and_english_with_the_same_placeholders(key: str) -> None:
    fr, en = CATALOGUE[key]
    assert fr.strip() and en.strip(), key
    assert _placeholders(fr) == _placeholders(en), key


def test_no_key_is_defined_twice() -> None:
    counts = Counter(key for part in (common, server, connection, console) for key in part.MESSAGES)
    assert [key for key, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_a_message(code: ErrorCode) -> None:
    assert f"error.{code.value}" in CATALOGUE


@pytest.mark.parametrize("action", list(HistoryAction))
def test_every_history_action_has_a_label(action: HistoryAction) -> None:
    assert tr(f"history.{action}", "fr") != tr(f"history.{action}", "en")


def test_the_service_writes_exactly_the_kinds_of_action_the_contract_names() -> None:
    written = [
        *history.ACTIONS,
        *registry.ACTIONS,
        *snapshots_service.ACTIONS,
        *calendar.ACTIONS,
        *connections.ACTIONS,
        *publication.ACTIONS,
        *people.ACTIONS,
    ]
    assert sorted(written) == sorted(HistoryAction)
    assert all(isinstance(action, HistoryAction) for action in written)


def test_placeholders_are_filled() -> None:
    assert tr("error.internal", "en", ref="ab12") == (
        "Internal service error (reference ab12). Nothing was changed."
    )


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:en", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
    ],
)
def test_the_language_follows_the_locale_french_by_default(
    environ: dict[str, str], lang: str
) -> None:
    assert detect_lang(environ) == lang
