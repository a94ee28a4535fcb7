"""The whole console walked keyboard only, at 80x24 and 60x20, in French and in English, with
and without NO_COLOR: every panel and every tab in each of the eight combinations; every dialog
that opens from them (left with Escape) in the first, 80x24 in French, and the dialogs of
Serveur PRONOTE again at 60x20 without colour on a server never started (opening the dialogs is
most of the time: see ``walk_support.DIALOGS_AT``). What is checked at each stop is said in
``walk_support``.

The school walked has a base in service that came from the old server, a backup and an archive
(so the tables have rows and the buttons that need one are enabled). One app session per
combination; the service is the shared real one on 127.0.0.1. The walk never answers a
question, so what comes after one (the grid question of Préparer l'année suivante, a result
dialog) is for the tests of each flow.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from console_support import AsyncAppFactory, enrol_and_login, make_client, make_settings
from test_backups_archives import bring_base_in, take
from walk_support import (
    AMBIGUOUS_DATE,
    COMBINATIONS,
    DIALOGS_AT,
    PLACEHOLDER,
    RAW_FIELD,
    SMALL_DIALOGS_AT,
    Combination,
    Walker,
    catalogue_keys_in,
    report,
    wrapped_punctuation_in,
)

from pronote_api.school import CreateBaseRequest, TimeGrid
from pronote_api.snapshots import SnapshotKind
from pronote_tui.client import ConsoleClient
from pronote_tui.screens.main import PANEL_KEYS

WALKED_SCHOOL = {"name": "Lycée Condorcet", "editors": 6, "formula": "unlimited"}


def as_manager(
    service: Any, account: Any, folder: Path, work: Callable[[ConsoleClient], Awaitable[None]]
) -> None:
    """``work`` done through the service by the school's manager, before the walk."""

    async def run() -> None:
        client = make_client(service, make_settings(folder / "console"), pinned=True)
        try:
            await enrol_and_login(client, account)
            await work(client)
        finally:
            await client.aclose()

    asyncio.run(run())


@pytest.fixture(scope="module")
def walked_school(service: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An account whose base came from the old server and is in service, with a backup and an
    archive: what a manager has after the first days."""
    account = service.create_account(**WALKED_SCHOOL)
    folder = tmp_path_factory.mktemp("walked")

    async def bring_in(client: ConsoleClient) -> None:
        await bring_base_in(client, folder, str(account.hosting_number))
        for kind in (SnapshotKind.BACKUP, SnapshotKind.ARCHIVE):
            await take(client, kind)

    as_manager(service, account, folder, bring_in)
    return account


@pytest.fixture(scope="module")
def stopped_school(service: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An account with a base made but never put in service: Mettre en service asks for the
    superadministrator, Créer une base for a time grid, with no question before."""
    account = service.create_account(name="Lycée Buffon")

    async def create(client: ConsoleClient) -> None:
        await client.create_base(CreateBaseRequest(time_grid=TimeGrid()))

    as_manager(service, account, tmp_path_factory.mktemp("stopped"), create)
    return account


async def walk(
    combination: Combination,
    account: Any,
    make_app: AsyncAppFactory,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    dialogs: bool,
    panels: tuple[str, ...] = tuple(PANEL_KEYS),
    tabs: bool = True,
) -> None:
    # Textual reads NO_COLOR from the environment when the app is made: set before.
    if combination.no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    # The file dialogs open on an empty folder of this test.
    monkeypatch.setenv("PRONOTE_TUI_FILES_DIR", str(folder))
    app = await make_app(account, lang=combination.lang)
    assert app.no_color is combination.no_color
    started = time.monotonic()
    async with app.run_test(size=combination.size) as pilot:
        walker = Walker(pilot, combination, walk_dialogs=dialogs, walk_tabs_too=tabs)
        await walker.walk(panels)
    took = time.monotonic() - started
    print("\n".join(walker.trace))  # shown when the test fails: where the walk went
    print(f"\n{combination.name}: {walker.stops} stops, {len(walker.dialogs)} dialogs, {took:.1f}s")
    if dialogs:
        assert walker.dialogs, "the walk opened no dialog: it walked nothing"
    assert walker.stops > len(panels), "the walk stopped nowhere"
    assert not walker.problems, report(walker.problems)


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda c: c.name)
async def test_walk_every_panel_and_tab(
    combination: Combination,
    walked_school: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every dialog too in the first combination (see walk_support.DIALOGS_AT).
    dialogs = combination == DIALOGS_AT
    await walk(combination, walked_school, logged_in_app, tmp_path, monkeypatch, dialogs=dialogs)


@pytest.mark.parametrize("combination", SMALL_DIALOGS_AT, ids=lambda c: c.name)
async def test_walk_the_dialogs_of_a_server_never_started(
    combination: Combination,
    stopped_school: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Its tabs are those walked in every combination above: only its keys and buttons here.
    await walk(
        combination,
        stopped_school,
        logged_in_app,
        tmp_path,
        monkeypatch,
        dialogs=True,
        panels=("serveur",),
        tabs=False,
    )


# --- the detectors themselves: each finds what it is for, and not ordinary text --------------


def test_the_text_checks_find_what_a_user_would_see_wrong() -> None:
    assert catalogue_keys_in("Action : history.key.action · serveur.no_such_key") == [
        "history.key.action",
        "serveur.no_such_key",
    ]
    ordinary = "Adresse : 0750655e.pronote.example · Base_2025.hnot · https://x.fr/eleve.html"
    assert catalogue_keys_in(ordinary) == []
    assert PLACEHOLDER.findall("Action : par {actor} · depuis {source}") == ["{actor}", "{source}"]
    assert RAW_FIELD.findall("Détails : after = 2 · before = 1") == ["after", "before"]
    assert RAW_FIELD.findall("Nom : Martin · 2 + 2 = 4") == []
    assert wrapped_punctuation_in("│ Arrêter le serveur │\n│ ? Les clients │") == ["? Les clients"]
    assert wrapped_punctuation_in("│ Arrêter le serveur ? │\n│ ::1/128 │") == []
    assert AMBIGUOUS_DATE.findall("Created 26-08-14 · 14/08/2026 · 2026-08-14 · 12:30:05") == [
        "26-08-14"
    ]
