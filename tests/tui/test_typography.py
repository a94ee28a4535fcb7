"""French typography on screen: no line starts with "; ? ! :" or "»", at any width from 20 to 80
columns, for every French text of the catalogue; and a question wrapped in a dialog at 60x20
keeps its "?" at the end of its line."""

from __future__ import annotations

import re

import pytest
from console_support import screen_text
from dialog_support import DialogHost
from rich._wrap import divide_line
from textual.widgets import Static

from pronote_api.catalogue import CATALOGUE
from pronote_tui import widgets  # noqa: F401 (installs the console's typography)
from pronote_tui.typography import CLOSING
from pronote_tui.widgets.confirm import ConfirmDialog

FRENCH = sorted((key, fr) for key, (fr, _en) in CATALOGUE.items())


def _starts_with_a_mark(text: str, width: int) -> list[str]:
    """The lines of ``text`` wrapped at ``width`` that a break at a space begins with a closing
    mark (a word longer than the line is cut anywhere: not a wrap at a space)."""
    found = []
    for paragraph in text.split("\n"):
        for offset in divide_line(paragraph, width):
            if paragraph[offset - 1].isspace() and paragraph[offset] in CLOSING:
                found.append(paragraph[offset : offset + 20])
    return found


def test_french_puts_a_space_before_its_double_marks() -> None:
    glued = [key for key, fr in FRENCH if re.search(r"[^\s({\[][;?!]", fr)]
    assert glued == []


@pytest.mark.parametrize(("key", "text"), FRENCH, ids=[key for key, _ in FRENCH])
def test_no_line_starts_with_a_mark_at_any_width(key: str, text: str) -> None:
    found = {width: _starts_with_a_mark(text, width) for width in range(20, 81)}
    assert {width: lines for width, lines in found.items() if lines} == {}


async def test_a_question_in_a_dialog_keeps_its_mark_at_60_columns() -> None:
    host = DialogHost(ConfirmDialog("Arrêter le serveur ?", "…"))
    async with host.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        body = host.screen.query_one(".dialog-body", Static)
        width = body.content_size.width
        # "a…a serveur " fills the line exactly: a wrap at the space would put "?" alone below.
        body.update("a" * (width - 9) + " serveur ? Oui.")
        await pilot.pause()
        lines = [line.strip(" │╭╮╰╯─▕▏") for line in screen_text(host).splitlines()]
        assert "serveur ? Oui." in lines
        assert not any(line.startswith("?") for line in lines)
