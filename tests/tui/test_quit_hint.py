"""Ctrl+C does not quit (in a field it copies): the console says how to quit, in its own
language, and in the demo that the demonstration's data goes with it."""

from __future__ import annotations

from typing import Any

import pytest
from console_support import SIZE, AsyncAppFactory, settle

from pronote_api.catalogue import tr


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("demo", [False, True])
async def test_ctrl_c_says_how_to_quit_in_the_console_s_language(
    service: Any, logged_in_app: AsyncAppFactory, lang: str, demo: bool
) -> None:
    app = await logged_in_app(service.create_account(), lang=lang)
    app.demo = demo
    said: list[tuple[str, str]] = []
    notify = app.notify

    def heard(message: str, *, title: str = "", **options: Any) -> None:
        said.append((title, message))
        notify(message, title=title, **options)

    app.notify = heard  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        key = "quit.hint.demo" if demo else "quit.hint"
        assert said == [(tr("quit.hint.title", lang), tr(key, lang, key="^q"))]
        assert app.is_running  # nothing quit
