"""Readable without colour (NO_COLOR, which Textual honours by drawing in monochrome): what the
colours told is told by characters on screen, at 80x24 and 60x20.

- every field of the dialogs and of the login screen shows its edges (bars at its two ends, or
  its border), so that a manager sees where to type;
- a chosen option and the others differ by their mark (version change, time grid, the
  login's check box), not by a colour;
- an invalid date in the version change keeps what was typed in view, the message with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from console_support import AppFactory, AsyncAppFactory, settle, tab_to
from dialog_support import DialogHost
from textual.app import App
from textual.widgets import Input, RadioButton, TabbedContent
from textual.widgets._toggle_button import ToggleButton

from pronote_api.catalogue import tr
from pronote_api.snapshots import VersionChangeOption
from pronote_tui.widgets.file_picker import FilePicker
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog
from pronote_tui.widgets.time_grid import TimeGridDialog

SIZES = [(80, 24), (60, 20)]
# What a field's two ends may show: the thin bars of a one-line field, a border's side.
LEFT_EDGES = "▏▌▊│"
RIGHT_EDGES = "▕▐▎│"


@pytest.fixture
def no_color(console_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR in the environment, where Textual reads it as the app is made (after the
    console's fixtures, which clear it)."""
    monkeypatch.setenv("NO_COLOR", "1")


def rows(app: App[Any]) -> list[str]:
    from console_support import screen_text

    return screen_text(app).splitlines()


def field_edges(app: App[Any], field: Input) -> tuple[str, str]:
    """The characters drawn at the two ends of ``field``'s middle line."""
    region = field.region
    line = rows(app)[region.y + region.height // 2]
    return line[region.x], line[region.right - 1]


def assert_fields_shown(app: App[Any]) -> int:
    fields = [f for f in app.screen.query(Input) if f.display and f.region.width]
    for field in fields:
        left, right = field_edges(app, field)
        assert left in LEFT_EDGES and right in RIGHT_EDGES, (field.id, left, right)
    return len(fields)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "make",
    [
        lambda _tmp: SuperadminDialog(base_name="Base 2026-2027"),
        lambda _tmp: TimeGridDialog(),
        lambda tmp: FilePicker(title="Charger", suffixes=(".hnot",), folder=tmp),
    ],
    ids=["superadmin", "time grid", "file picker"],
)
async def test_every_field_of_a_dialog_shows_its_edges(
    no_color: None, make: Any, size: tuple[int, int], tmp_path: Path
) -> None:
    host = DialogHost(make(tmp_path))
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        assert host.no_color
        assert assert_fields_shown(host) >= 1
        # What is typed shows between the edges.
        field = host.screen.query(Input).first()
        field.focus()
        await pilot.press("ctrl+u", *"42")
        await pilot.pause()
        line = rows(host)[field.region.y]
        assert "42" in line[field.region.x : field.region.right]


@pytest.mark.parametrize("size", SIZES)
async def test_the_superadmin_fields_are_seen_before_anything_is_typed(
    no_color: None, size: tuple[int, int]
) -> None:
    host = DialogHost(SuperadminDialog())
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        for field_id, label in (
            ("superadmin-identifier", "superadmin.identifier"),
            ("superadmin-password", "superadmin.password"),
            ("superadmin-confirm", "superadmin.confirm"),
        ):
            field = host.screen.query_one(f"#{field_id}", Input)
            line = rows(host)[field.region.y]
            assert tr(label, "fr") in line
            # Empty, and yet its place is drawn: a bar at each end.
            assert line[field.region.x] == "▏" and line[field.region.right - 1] == "▕"


async def test_the_login_fields_show_their_edges(no_color: None, login_app: AppFactory) -> None:
    app = login_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        assert assert_fields_shown(app) >= 2
        # "Se souvenir" ticked or not: told by its mark.
        remember = app.screen.query_one("#login-remember", ToggleButton)
        ticked = remember.value
        assert marks(app, [remember])["login-remember"] == ("▐X▌" if ticked else "▐ ▌")
        remember.focus()
        await pilot.press("space")
        await pilot.pause()
        assert remember.value is not ticked
        assert marks(app, [remember])["login-remember"] == ("▐ ▌" if ticked else "▐X▌")


def marks(app: App[Any], buttons: list[ToggleButton]) -> dict[str | None, str]:
    """The mark drawn inside each toggle (``▐X▌``: "X"), read from the screen."""
    found = {}
    lines = rows(app)
    for button in buttons:
        region = button.region
        found[button.id] = lines[region.y][region.x : region.x + 3]
    return found


@pytest.mark.parametrize("size", SIZES)
async def test_the_time_grid_s_choices_differ_by_their_mark(
    no_color: None, size: tuple[int, int]
) -> None:
    host = DialogHost(TimeGridDialog())
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        days = list(host.screen.query("#grid-days ToggleButton").results(ToggleButton))
        drawn = marks(host, days)
        assert [drawn[f"grid-day-{d}"] for d in range(7)] == ["▐X▌"] * 5 + ["▐ ▌"] * 2
        subdivisions = list(host.screen.query("#grid-subdivision RadioButton"))
        drawn = marks(host, list(subdivisions))  # type: ignore[arg-type]
        assert drawn.pop("grid-sub-2") == "▐●▌"
        assert set(drawn.values()) == {"▐ ▌"}


async def open_version_change(pilot: Any) -> None:
    app = pilot.app
    await settle(pilot)
    await pilot.press("0")
    await settle(pilot)
    app.screen.query_one("#account-tabs", TabbedContent).active = "tab-version"
    await settle(pilot)
    await tab_to(pilot, "vchange-options", limit=20)


@pytest.mark.parametrize("size", SIZES)
async def test_the_version_change_s_chosen_option_is_told_by_its_mark(
    no_color: None, service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int]
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=size) as pilot:
        await open_version_change(pilot)
        assert app.no_color
        options = list(app.screen.query("#vchange-options RadioButton").results(RadioButton))
        assert len(options) == 4
        chosen = f"vchange-{VersionChangeOption.AT_RELEASE.value}"
        drawn = marks(app, list(options))
        assert drawn.pop(chosen) == "▐●▌"
        assert set(drawn.values()) == {"▐ ▌"}
        # Another choice (Down, Enter): the marks follow.
        await pilot.press("down", "enter")
        await settle(pilot)
        drawn = marks(app, list(options))
        assert drawn.pop(f"vchange-{VersionChangeOption.DEFERRED_NEW_BASE.value}") == "▐●▌"
        assert set(drawn.values()) == {"▐ ▌"}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("colour", [False, True], ids=["no colour", "colour"])
@pytest.mark.parametrize("size", SIZES)
async def test_an_invalid_date_stays_in_view_with_its_message(
    service: Any,
    logged_in_app: AsyncAppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    colour: bool,
    lang: str,
) -> None:
    if not colour:
        monkeypatch.setenv("NO_COLOR", "1")
    app = await logged_in_app(service.create_account(), lang=lang)
    async with app.run_test(size=size) as pilot:
        await open_version_change(pilot)
        await pilot.press("down", "enter")  # deferred: the date is asked
        await settle(pilot)
        await pilot.press("tab")
        field = app.screen.query_one("#vchange-date", Input)
        assert app.focused is field
        await pilot.press(*"31/02/2027", "enter")
        await settle(pilot)
        assert field.has_class("-invalid")
        # Still one line, what was typed in it, in view.
        assert field.region.height == 1
        assert app.screen.find_widget(field).visible_region.height == 1
        line = rows(app)[field.region.y]
        assert "31/02/2027" in line[field.region.x : field.region.right]
        # Its ends say "refused" without colour.
        assert (line[field.region.x], line[field.region.right - 1]) == ("▌", "▐")
        # The message is on screen too, under the field.
        message = app.screen.query_one("#vchange-error")
        assert message.region.height >= 1 and message.region.y > field.region.y
        text = "\n".join(rows(app))
        first_words = " ".join(tr("vchange.bad_date", lang, example="…").split()[:2])
        assert first_words in text
