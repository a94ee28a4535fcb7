"""The command palette (Ctrl+P): every action of the console, in the manager's language.

Each screen lists its own commands (``palette_commands()``: panel jumps, tabs, the actions of
the screen); the app adds those that work everywhere (language, keys, log out, quit: its own
``palette_commands()``). Below the app and the screens: it imports neither. The
palette shows them all when opened empty and filters them as the manager types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from pronote_api.catalogue import Lang, tr
from pronote_tui.i18n import DEFAULT_LANG


@dataclass(frozen=True)
class PaletteCommand:
    """One entry of the palette: its label, a line of help, what it does."""

    label: str
    help: str
    run: Callable[[], Any]


@runtime_checkable
class HasCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


def key_commands(screen: Screen[object], app: App[object]) -> list[PaletteCommand]:
    """Every key binding active where the focus is (panel, table, form): the palette offers
    each keyed action too, with its key as the help line."""
    lang: Lang = getattr(app, "lang", DEFAULT_LANG)
    commands = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled or binding.system:
            continue
        # The app's keys and the panel digits already have their own, better worded entries.
        if active.node is app or binding.action.startswith("show_panel"):
            continue
        shown_key = binding.key_display or app.get_key_display(binding)
        run = partial(app.run_action, binding.action, active.node)
        commands.append(
            PaletteCommand(binding.description, tr("cmd.key", lang, key=shown_key or key), run)
        )
    return commands


class ConsoleCommands(Provider):
    """The console's commands for Textual's command palette."""

    def _commands(self) -> list[PaletteCommand]:
        app = self.app
        commands: list[PaletteCommand] = []
        if isinstance(self.screen, HasCommands):
            commands.extend(self.screen.palette_commands())
        # The console's app has commands of its own (language, keys, log out, quit).
        if isinstance(app, HasCommands):
            commands.extend(app.palette_commands())
            commands.extend(key_commands(self.screen, app))
        # One entry per label: a panel jump is both a command and a key.
        seen: set[str] = set()
        unique = []
        for command in commands:
            if command.label not in seen:
                seen.add(command.label)
                unique.append(command)
        return unique

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.label, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = max(matcher.match(command.label), matcher.match(command.help) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(command.label), command.run, help=command.help)
