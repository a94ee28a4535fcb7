"""A workstation named with a joined emoji ("👩‍🏫", woman + zero-width joiner + school) keeps the
connections table's columns in place at 80x24: the console draws the emoji's parts side by side,
as tmux and most SSH terminals do, so that what it measures is what the terminal shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from clients_support import School, clients_service, school_in_service
from console_support import SIZE, screen_text, settle
from live_service import LiveService
from rich.cells import cell_len
from test_connections_panel import open_tab, wait_rows

from pronote_tui.formatting import terminal_text
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.connections_view import ConnectionsView

JOINED = "\U0001f469\u200d\U0001f3eb"  # 👩‍🏫
service = pytest.fixture(scope="module", name="service")(clients_service)


@pytest.fixture(scope="module")
def school(service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    with school_in_service(service, tmp_path_factory.mktemp("ws"), editors=4) as school:
        yield school


def test_the_parts_of_a_joined_emoji_are_drawn_and_measured_alike() -> None:
    shown = terminal_text(f"{JOINED} Profs")
    assert shown == "\U0001f469\U0001f3eb Profs"
    assert cell_len(shown) == 2 + 2 + 6  # each part two cells, as a terminal draws it
    # Invisible format characters go too (a right-to-left override, a soft hyphen).
    assert terminal_text("Po\u202este\u00ad 1") == "Poste 1"
    assert terminal_text("Salle 12 é") == "Salle 12 é"


async def test_a_workstation_named_with_a_joined_emoji_keeps_the_table_in_its_columns(
    school: School, logged_in_app: Any
) -> None:
    school.login("alice", f"{JOINED} Profs")
    app = await logged_in_app(school.secrets)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "tab-connections")
        view = app.screen.query_one(ConnectionsView)
        await wait_rows(pilot, view, 1)
        view.table.focus()  # the panel scrolls the table into view
        await settle(pilot)
        text = screen_text(app)
        assert "\u200d" not in text
        # Drawn as its parts, which the console measures as a terminal draws them: the row
        # keeps the screen's width (a joined glyph would be measured 2 cells, drawn 4).
        row = next(line for line in text.splitlines() if "Profs" in line)
        assert "\U0001f469\U0001f3eb Profs" in row
        assert cell_len(row) == SIZE[0]

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "\U0001f469\U0001f3eb Profs" in screen_text(app)
        await pilot.press("escape")
