"""Historique at 80x24 against the real service: new entries appear while the tab is shown (a
poll with the page's ETag, a 304 when nothing changed), the action filter is a choice among the
real kinds with their words, and the highlighted entry is said in words, never by its keys."""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path
from typing import Any

import pytest
from console_support import (
    SIZE,
    TERM_256,
    enrol_and_login,
    make_client,
    make_settings,
    plain,
    screen_text,
    settle,
    shown,
)
from dialog_support import DialogHost
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from pronote_api.catalogue import tr
from pronote_api.models import HistoryAction, ManagerContact
from pronote_tui.app import PronoteApp
from pronote_tui.client import ApiFailure
from pronote_tui.screens.serveur import ServeurPanel
from pronote_tui.widgets.history_view import ActionFilterDialog, HistoryView

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


async def live_app(service: Any, console_dir: Path, account: Any) -> PronoteApp:
    settings = make_settings(console_dir).replace(poll_interval=0.2)
    client = make_client(service, settings, pinned=True)
    session = await enrol_and_login(client, account)
    return PronoteApp(client, settings, session=session, environ=TERM_256)


async def open_history(pilot: Pilot[Any]) -> HistoryView:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    pilot.app.screen.query_one(ServeurPanel).show_tab("tab-history")
    await settle(pilot)
    return pilot.app.screen.query_one(HistoryView)


def listed(app: Any) -> list[str]:
    """The Action column of the table, row by row (a long label is cut on screen, not here)."""
    table = app.screen.query_one("#history-table", DataTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def wait_for(pilot: Pilot[Any], label: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while label not in listed(pilot.app):
        assert time.monotonic() < deadline, screen_text(pilot.app)
        await pilot.pause(0.1)


def no_placeholder(app: Any) -> None:
    text = screen_text(app)
    assert not PLACEHOLDER.search(text), text


async def test_a_new_entry_appears_while_shown_and_an_unchanged_page_costs_a_304(
    service: Any, console_dir: Path
) -> None:
    app = await live_app(service, console_dir, service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await wait_for(pilot, tr("history.session.login", "fr"))
        contact = tr("history.contact.update", "fr")
        assert contact not in listed(app)
        # The manager reads the second entry; a new one coming in above leaves it highlighted.
        table = app.screen.query_one("#history-table", DataTable)
        table.focus()
        await pilot.press("down")
        await settle(pilot)
        read = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        detail = shown(app, "#history-detail")
        await app.client.update_contact(
            ManagerContact(name="Paul Durand", email="p.durand@example.org", phone="0698765432")
        )
        # No key pressed: the poll brings it in.
        await wait_for(pilot, contact)
        assert listed(app)[0] == contact
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == read
        assert shown(app, "#history-detail") == detail
        # Nothing changed since: the polls are answered 304.
        before = app.client.not_modified_by_path["/v1/history"]
        deadline = time.monotonic() + 10
        while app.client.not_modified_by_path["/v1/history"] <= before:
            assert time.monotonic() < deadline
            await pilot.pause(0.1)
        # Away and back: shown again at once with what happened meanwhile.
        await pilot.press("1")
        await settle(pilot)
        await app.client.resend_credentials()
        await pilot.press("2")
        app.screen.query_one(ServeurPanel).show_tab("tab-history")
        await wait_for(pilot, tr("history.credentials.resend", "fr"))
        no_placeholder(app)


async def test_the_action_filter_chooses_among_the_real_kinds_and_escape_changes_nothing(
    service: Any, logged_in_app: Any
) -> None:
    account = service.create_account()
    app = await logged_in_app(account)
    with contextlib.suppress(ApiFailure):  # a refused login: a failure among the entries
        await app.client.login(plain(account.hosting_number), "Mauvais-passe14")
    async with app.run_test(size=SIZE) as pilot:
        view = await open_history(pilot)
        app.screen.query_one("#history-table", DataTable).focus()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionFilterDialog)
        listing = app.screen.query_one("#history-filter-list", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        words = [tr(f"history.{action}", "fr") for action in HistoryAction]
        # Every action, each once, by its words; "Toutes les actions" first and chosen.
        assert prompts[0] == "(•) " + tr("history.filter.all", "fr")
        assert sorted(p.removeprefix("( ) ") for p in prompts[1:]) == sorted(words)
        for forbidden in ("history.", "{", tr("history.key.older", "fr")):
            assert not any(forbidden in p for p in prompts), forbidden
        no_placeholder(app)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen.query_one(HistoryView), HistoryView)
        assert view.action_filter is None

        await pilot.press("a")
        await settle(pilot)
        login = tr("history.session.login", "fr")
        target = prompts.index("( ) " + login)
        await pilot.press(*["down"] * target, "enter")
        await settle(pilot)
        assert view.action_filter == HistoryAction.SESSION_LOGIN
        assert view.page is not None and view.page.entries
        assert {e.action for e in view.page.entries} == {"session.login"}
        assert shown(app, "#history-filters").startswith(
            tr("history.filters", "fr", action=login, outcome="", page=1).split(" · ")[0]
        )
        await pilot.press("r", "r")  # all, succeeded, failed: the refused login
        await settle(pilot)
        assert {e.outcome.value for e in view.page.entries} == {"failure"}
        no_placeholder(app)


async def test_the_detail_line_says_the_entry_in_words(service: Any, logged_in_app: Any) -> None:
    app = await logged_in_app(service.create_account())
    await app.client.update_contact(
        ManagerContact(name="Paul Durand", email="p.durand@example.org", phone="0698765432")
    )
    async with app.run_test(size=SIZE) as pilot:
        view = await open_history(pilot)
        table = app.screen.query_one("#history-table", DataTable)
        table.focus()
        seen: list[str] = []
        for _ in range(len(view.entries)):
            seen.append(shown(app, "#history-detail"))
            await pilot.press("down")
            await settle(pilot)
        text = "\n".join(seen)
        assert tr("history.actor.provider", "fr") in text  # the account's creation
        assert tr("history.detail.workstation", "fr", value="poste-test") in text
        assert "Modifié : Nom, E-mail, Téléphone portable" in text
        for raw in (" = ", "workstation", "serial", "fields", "{", "provider"):
            assert raw not in text, raw


@pytest.mark.parametrize("size", [SIZE, (60, 20)])
async def test_the_action_choice_shows_its_buttons_whole_at_80x24_and_60x20(
    size: tuple[int, int],
) -> None:
    host = DialogHost(ActionFilterDialog(None))
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        text = screen_text(host)
        for label in ("history.filter.show", "history.filter.cancel", "history.filter.title"):
            assert tr(label, "fr") in text, text
        await pilot.press("escape")
        await pilot.pause()
        assert host.result is False  # cancelled: the view keeps its filter


async def test_coming_back_to_the_tab_shows_what_happened_meanwhile_at_once_at_60x20(
    service: Any, logged_in_app: Any
) -> None:
    # The tests' poll interval is ten minutes: only coming into view can fetch here.
    app = await logged_in_app(service.create_account(), lang="en")
    async with app.run_test(size=(60, 20)) as pilot:
        await open_history(pilot)
        assert tr("history.session.login", "en") in listed(app)
        panel = app.screen.query_one(ServeurPanel)
        panel.show_tab("tab-other-bases")
        await settle(pilot)
        await app.client.resend_credentials()
        panel.show_tab("tab-history")
        await settle(pilot)
        assert listed(app)[0] == tr("history.credentials.resend", "en")
        no_placeholder(app)
