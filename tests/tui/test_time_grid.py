"""The time-grid dialog of "Créer une base" (Fiche 2), keyboard only: derived values live,
refusals with the shared rules' reasons, the grid returned only when nothing refuses it."""

from __future__ import annotations

from console_support import SIZE, focused_id, screen_text, shown
from dialog_support import DialogHost
from textual.pilot import Pilot
from textual.widgets import Input

from pronote_api.catalogue import tr
from pronote_api.school import TimeGrid
from pronote_tui.widgets.time_grid import TimeGridDialog


async def _replace(pilot: Pilot[None], field_id: str, text: str) -> None:
    """Focus a number field, clear it and type ``text`` (as a manager would)."""
    pilot.app.screen.query_one(f"#{field_id}", Input).focus()
    await pilot.press("end", "backspace", "backspace", "backspace", *text)
    await pilot.pause()


async def test_the_guide_s_grid_is_offered_and_its_derived_values_shown() -> None:
    host = DialogHost(TimeGridDialog())
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(host)
        assert "Durée totale d'une journée : 10h00" in text
        assert "10 séquences de 60 min : la journée va de 8h00 à 18h00." in text
        assert "Durée de chaque pas horaire : 0h30" in text
        assert "0h30, 1h00, 1h30, 2h00" in text
        # Every line of the dialog is on the 80x24 screen.
        assert "Valider" in text and "Annuler" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert host.result == TimeGrid()


async def test_days_sequences_and_subdivision_are_changed_by_keyboard() -> None:
    host = DialogHost(TimeGridDialog())
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_id(pilot) == "grid-first-day"
        # First day: open the list, go down to Tuesday, choose it.
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        # Saturday on (tab to it, Space), Monday off.
        await pilot.press("tab")
        assert focused_id(pilot) == "grid-day-0"
        await pilot.press("space")
        await pilot.press("tab", "tab", "tab", "tab", "tab", "space")
        assert focused_id(pilot) == "grid-day-5"
        await _replace(pilot, "grid-sequences", "8")
        await _replace(pilot, "grid-minutes", "55")
        text = screen_text(host)
        assert "Durée totale d'une journée : 7h20" in text
        assert "la journée va de 8h00 à 15h20" in text
        # 55 minutes cannot be cut in 2: the reason is shown, the step is not.
        assert tr("grid.problem.step_not_whole", "fr", minutes=55, parts=2) in shown(
            host, "#grid-problems"
        )
        assert "pas horaire : —" in text
        # "Aucun": one step the length of the period.
        await pilot.press("tab")
        assert focused_id(pilot) == "grid-subdivision"
        for _ in range(5):
            await pilot.press("right")
        await pilot.press("enter")
        await pilot.pause()
        assert shown(host, "#grid-problems") == ""
        assert "Durée de chaque pas horaire : 0h55" in screen_text(host)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert host.result == TimeGrid(
        first_day=1, working_days=[1, 2, 3, 4, 5], sequences=8, sequence_minutes=55, subdivision=1
    )


async def test_an_impossible_grid_is_refused_with_its_reasons_and_nothing_returned() -> None:
    host = DialogHost(TimeGridDialog(), lang="en")
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for day in range(5):
            host.screen.query_one(f"#grid-day-{day}").focus()
            await pilot.press("space")
        await _replace(pilot, "grid-sequences", "30")
        problems = shown(host, "#grid-problems")
        assert tr("grid.problem.no_day", "en") in problems
        assert tr("grid.problem.sequences", "en", max=24) in problems
        assert "Length of the day: —" in screen_text(host)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not host.answered
        # The focus goes to the first field at fault.
        assert focused_id(pilot) == "grid-day-0"
        # A day too long for one day (20 periods of 60 minutes from 8:00).
        await pilot.press("space")
        await _replace(pilot, "grid-sequences", "20")
        assert tr("grid.problem.day_too_long", "en", end="28h00") in shown(host, "#grid-problems")
        await _replace(pilot, "grid-sequences", "")
        assert tr("grid.problem.sequences", "en", max=24) in shown(host, "#grid-problems")
        await pilot.press("escape")
        await pilot.pause()
    assert host.result is None


async def test_a_grid_given_is_the_one_shown() -> None:
    grid = TimeGrid(
        first_day=6, working_days=[0, 6], sequences=12, sequence_minutes=45, subdivision=3
    )
    host = DialogHost(TimeGridDialog(grid))
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert host.screen.current_grid() == grid  # type: ignore[attr-defined]
        assert "Durée de chaque pas horaire : 0h15" in screen_text(host)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert host.result == grid
