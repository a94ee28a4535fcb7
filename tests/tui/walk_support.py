"""A keyboard-only walk of the whole console, and the checks a user would make at each stop.

:class:`Walker` goes through every panel (its digit), every widget of it that takes the focus
(Tab), every tab of every tab bar (the arrows on the bar), and every button (Enter) and panel key
found on the way: nothing is listed by hand, so what is added later is walked too. A dialog that
opens is checked, then left with Escape, never answered; the service must then be as it was.

At each stop the checks are those of a manager at the terminal:

- the focus is on something shown: displayed, on screen (not scrolled away in a container that
  cannot scroll), in the panel that is shown or in the navigation, or in the dialog on top;
- the key bar lists the keys in force where the focus is (not those of the panel left), each
  whole (none cut at the edge or covered), "F1" always among them, and leaves out a key only
  when there is no room for it;
- every button and choice shown has its whole label, and one cut by the edge of its container
  can be scrolled to; a dialog shows all its buttons at once;
- every tab of a tab bar is whole on screen (or the bar shows that it scrolls, and the tab
  chosen is whole), the bar opens on its first tab, and the arrows reach every tab;
- no "{placeholder}", no catalogue key (``word.word_word``), no field by its name
  (``before = 1``), no date with a two-digit year is on screen, and no line starts with the
  ";" or "?" of the line above;
- without colour: every input shows a border or an underline, and the selected and unselected
  choices (radio buttons, check boxes) differ by their glyph, not only by their colour;
- Escape closes a dialog and every dialog of its flow (it cancels, it does not answer), the
  focus comes back where it was, and the service's state (server, bases, snapshots, history,
  contact, notifications, calendar) is unchanged; a key or button that opens no dialog changes
  nothing on the service either.

Problems are collected (each once) rather than raised at the first, so that one run says all
that is wrong; the test asserts the list is empty.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from console_support import screen_text, wait_workers
from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    Footer,
    Input,
    TabbedContent,
    TabPane,
    Tabs,
)
from textual.widgets._footer import FooterKey
from textual.widgets._tabbed_content import ContentTab, ContentTabs
from textual.widgets._toggle_button import ToggleButton

from pronote_api.catalogue import CATALOGUE, Lang
from pronote_tui.screens.main import PANEL_KEYS, MainScreen
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.tab_bar import TabsMore

# --- what the walk does not press ----------------------------------------------------------

# Actions that work at once by design, without a question (saving a choice made in a table,
# taking a backup, verifying one: nothing is lost, and the progress dialog is the answer).
# Pressing them would change the service, which the walk never does; everything else it finds
# is pressed. (action as written in the binding, or the button's id)
ACTS_AT_ONCE = frozenset(
    {
        "choose('email')",
        "choose('sms')",
        "choose('none')",
        "request('take')",
        "request('archive')",
        "request('verify')",
        "backups-take",
        "backups-verify",
        # PRONOTE.net: "Publier la base" (the guide's publication is automatic, nothing is lost;
        # its stop is confirmed and walked with its key), a Publier box, the inactivity saved.
        "publish",
        "pub-toggle",
        "toggle_espace",
        "pub-sec-save",
    }
)
# Keys of the main screen and the app (navigation, quit, logout, language): walked by the digits
# themselves, or never pressed (they leave the session).
NOT_WALKED_KEYS = frozenset({"tab", "shift+tab", "escape", "enter", "q", "ctrl+q", "ctrl+o"})
# Workers that run for as long as a dialog is open (the file dialog watches its folder).
ENDLESS_WORKER_GROUPS = frozenset({"picker-watch"})
# A flow that does not end at Escape: how many more Escapes the walk presses to get out.
MAX_ESCAPES = 4
# Presses of a key that cycles (a filter's values): more than any cycle of the console has.
MAX_CYCLE = 80
# Tab presses allowed to go through a panel (its focus chain is far shorter).
MAX_TABS = 60

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
KEY_LIKE = re.compile(r"(?<![\w./@:-])([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)(?![\w/@-])")
NAMESPACES = frozenset(key.split(".", 1)[0] for key in CATALOGUE)
# A dotted word ending so is a file or an address, not a catalogue key.
NOT_KEY_ENDINGS = frozenset(
    {"hnot", "profils", "sauvs", "archs", "html", "sqlite", "pem", "json", "txt", "zip", "log"}
)


# A field of the service shown by its name ("after = 2 · before = 1"), not in words.
RAW_FIELD = re.compile(r"(?<![\w.])([a-z]+(?:_[a-z]+)*) = \S")
# A date with a two-digit year ("26-08-14"): which part is the day?
AMBIGUOUS_DATE = re.compile(r"(?<![\d/.-])\d{2}[-/.]\d{2}[-/.]\d{2}(?![\d/.-])")


def ambiguous_dates(text: str, lang: Lang) -> list[str]:
    """Numeric dates with a two-digit year whose order a reader must guess. In French the short
    form jj/mm/aa is the locale's own (day first, as every French date): only other separators
    are guessed at; in English every numeric one is (the console spells the month there)."""
    found = AMBIGUOUS_DATE.findall(text)
    return [d for d in found if "/" not in d] if lang == "fr" else found


# Borders and bars around a line of text (box drawing, blocks) and spaces.
FRAME = "".join(chr(c) for c in range(0x2500, 0x25A0)) + " \u00a0"
# Punctuation a line must not start with (the word it belongs to is on the line above).
WRAPPED_PUNCTUATION = ";:?!»"


def wrapped_punctuation_in(text: str) -> list[str]:
    """Lines whose text starts with a punctuation mark that belongs to the line above."""
    found = []
    for line in text.split("\n"):
        words = line.strip(FRAME)
        # "::1/128" is an address, not a colon wrapped away from its word.
        if words and words[0] in WRAPPED_PUNCTUATION and words[1:2] in ("", " ", "\u00a0"):
            found.append(words)
    return found


def catalogue_keys_in(text: str) -> list[str]:
    """Catalogue keys (or what looks like one of its namespaces' keys) found in ``text``."""
    found = []
    for match in KEY_LIKE.finditer(text):
        token = match.group(1)
        parts = token.split(".")
        if token in CATALOGUE or (parts[0] in NAMESPACES and parts[-1] not in NOT_KEY_ENDINGS):
            found.append(token)
    return found


@dataclass(frozen=True)
class Combination:
    """One way of using the console: terminal size, language, colours or NO_COLOR."""

    width: int
    height: int
    lang: Lang
    no_color: bool

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def name(self) -> str:
        colour = "nocolor" if self.no_color else "colour"
        return f"{self.width}x{self.height}-{self.lang}-{colour}"


COMBINATIONS = tuple(
    Combination(width, height, lang, no_color)
    for (width, height) in ((80, 24), (60, 20))
    for lang in ("fr", "en")
    for no_color in (False, True)
)
# Opening every dialog takes most of the walk's time (about three times a walk of the panels
# and tabs, and each stop waits on the service): they are all opened in the console's first
# combination; those of Serveur PRONOTE (every kind of dialog of the console but the licences'
# one) again at the smallest size without colour, in both languages, on a server never started
# (where Mettre en service and Créer une base ask at once). The panels and tabs are walked in all.
DIALOGS_AT = Combination(80, 24, "fr", False)
SMALL_DIALOGS_AT = (Combination(60, 20, "fr", True), Combination(60, 20, "en", True))


# --- looking at the screen ------------------------------------------------------------------


def displayed(widget: Widget) -> bool:
    """Displayed itself and inside displayed containers (a hidden panel, tab or row is not)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def panes_of(tabbed: TabbedContent) -> list[TabPane]:
    """The tabbed content's own panes, in the order of its tabs (not those of a nested one)."""
    return [pane for pane in tabbed.query(TabPane) if pane.parent and pane.parent.parent is tabbed]


def name_of(widget: Widget) -> str:
    label = getattr(widget, "label", None)
    text = f" {str(label)!r}" if label is not None else ""
    ident = f"#{widget.id}" if widget.id else ""
    return f"{type(widget).__name__}{ident}{text}"


def scrolls(widget: Widget, horizontally: bool) -> bool:
    """Some container around ``widget`` scrolls in that direction and shows it (its scroll bar
    drawn): a user sees there is more, and reaches it."""
    for node in widget.ancestors:
        if not isinstance(node, Widget):
            continue
        if horizontally and node.max_scroll_x > 0 and node.show_horizontal_scrollbar:
            return True
        if not horizontally and node.max_scroll_y > 0 and node.show_vertical_scrollbar:
            return True
    return False


def on_screen(screen: Screen[Any], widget: Widget) -> tuple[Region, Region] | None:
    """The widget's region and the part of it that is visible (None when none is)."""
    found = screen._compositor.visible_widgets.get(widget)
    if found is None:
        return None
    region, clip = found
    visible = region.intersection(clip).intersection(screen.region)
    return (region, visible) if visible.area else None


def beyond_right(screen: Screen[Any], widget: Widget) -> bool:
    """A widget out of view is so sideways (else up or down): which way a user must scroll."""
    try:
        geometry = screen.find_widget(widget)
    except NoWidget:
        return False
    return geometry.region.x >= geometry.clip.right


def region_text(lines: list[str], region: Region) -> str:
    """The characters of the screen text in ``region`` (cells taken as characters)."""
    rows = lines[region.y : region.bottom]
    return "\n".join(row[region.x : region.right] for row in rows)


# --- the service, before and after ----------------------------------------------------------


async def service_state(app: Any) -> dict[str, Any]:
    """What a dialog left with Escape must not have changed, asked through the console's own
    client (so through the real service)."""
    client = app.client
    answers = await asyncio.gather(
        client.server_status(),
        client.bases(),
        client.snapshots(),
        client.history(limit=200),
        client.contact(),
        client.notifications(),
        client.calendar(),
    )
    names = ("server", "bases", "snapshots", "history", "contact", "notifications", "calendar")
    return {name: answer.model_dump() for name, answer in zip(names, answers, strict=True)}


def state_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [name for name in before if before[name] != after[name]]


# --- the walk -------------------------------------------------------------------------------


@dataclass
class Walker:
    """The walk of one app session. ``walk_dialogs``: every widget of every tab too, and every
    button and key (else the panels and their tabs only: the screen checked at each panel and
    each tab, the focus at each Tab of the panel); ``walk_tabs_too``: into the tab bars."""

    pilot: Pilot[Any]
    combination: Combination
    walk_dialogs: bool = True
    walk_tabs_too: bool = True
    problems: list[str] = field(default_factory=list)
    stops: int = 0
    dialogs: list[str] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    _pressed: set[tuple[str, str, str]] = field(default_factory=set)
    _where: str = ""
    _state: dict[str, Any] | None = None

    @property
    def app(self) -> App[Any]:
        return self.pilot.app

    @property
    def lang(self) -> Lang:
        return self.combination.lang

    def problem(self, widget: str, what: str) -> None:
        line = f"{self.combination.name} | {self._where} | {widget} | {what}"
        if line not in self.problems:
            self.problems.append(line)

    async def settle(self) -> None:
        pilot = self.pilot
        await pilot.pause()
        workers = [
            w
            for w in self.app.workers
            if w.group not in ENDLESS_WORKER_GROUPS and not w.is_finished
        ]
        if workers:  # (an empty list would mean all of them)
            await wait_workers(pilot, workers)
            await pilot.pause()

    # --- the whole console --------------------------------------------------------------------

    async def walk(self, panels: Iterable[str] = tuple(PANEL_KEYS)) -> None:
        await self.settle()
        assert isinstance(self.app.screen, MainScreen), type(self.app.screen).__name__
        for panel_id in panels:
            await self.walk_panel(panel_id, PANEL_KEYS[panel_id])
        self._where = "end"
        await self.check_stop()

    async def walk_panel(self, panel_id: str, digit: str) -> None:
        self._where = f"panel {digit} {panel_id}"
        await self.pilot.press(digit)
        await self.settle()
        screen = self.app.screen
        if not isinstance(screen, MainScreen):
            self.problem(digit, f"the digit opened {type(screen).__name__}, not the panel")
            await self.escape_all()
            return
        switcher = screen.query_one("#panels", ContentSwitcher)
        if switcher.current != panel_id:
            self.problem(digit, f"the digit showed {switcher.current!r}")
            return
        panel = screen.panel(panel_id)
        focused = self.app.focused
        can_focus = any(panel in w.ancestors for w in screen.focus_chain)
        if can_focus and (focused is None or panel not in focused.ancestors_with_self):
            self.problem(digit, f"the focus is not in the panel shown but on {self._focused()}")
        for tabbed in panel.query(TabbedContent):
            if displayed(tabbed):
                self.check_opens_on_first_tab(tabbed)
                self.check_tab_bar(tabbed.query_one(ContentTabs), only_active=False)
        await self.check_stop()
        await self.walk_panel_keys(panel)
        await self.walk_focus_chain(panel, panel)

    async def walk_focus_chain(self, panel: Panel, within: Widget) -> None:
        """Tab through what takes the focus inside ``within``, acting at each stop; a tab bar's
        tabs are each walked in turn (their content included)."""
        seen: set[Widget] = set()
        for _ in range(MAX_TABS):
            focused = self.app.focused
            if focused is None or within not in focused.ancestors_with_self or focused in seen:
                return
            seen.add(focused)
            if isinstance(focused, ContentTabs) or self.walk_dialogs:
                await self.check_stop()
            else:  # panels and tabs only: the focus is checked, the screen at the tabs
                self.check_focus(self.app.screen)
            if isinstance(focused, ContentTabs) and self.walk_tabs_too:
                await self.walk_tabs(panel, focused)
                # Back on the bar: what follows the tabbed content comes next.
            elif (
                isinstance(focused, Button) and self.walk_dialogs and focused.id not in ACTS_AT_ONCE
            ):
                await self.press_on(focused, "enter", name_of(focused))
            if self.walk_dialogs:
                await self.walk_widget_keys(panel, focused)
            await self.pilot.press("tab")
            await self.settle()

    async def walk_tabs(self, panel: Panel, bar: ContentTabs) -> None:
        tabbed = next(a for a in bar.ancestors if isinstance(a, TabbedContent))
        tab_ids = [pane.id for pane in panes_of(tabbed)]
        where = self._where
        reached = set()
        for _ in range(len(tab_ids)):
            active = tabbed.active
            reached.add(active)
            self._where = f"{where} > tab {active}"
            self.check_tab_bar(bar, only_active=True)
            await self.check_stop()
            if self.walk_dialogs:
                # Into the tab's content, keyboard only, then back on the bar.
                pane = tabbed.get_pane(active)
                await self.pilot.press("tab")
                await self.settle()
                focused = self.app.focused
                if focused is not None and pane in focused.ancestors:
                    await self.walk_focus_chain(panel, pane)
                await self.back_to(bar)
            await self.pilot.press("right")
            await self.settle()
        self._where = where
        for tab_id in tab_ids:
            if tab_id not in reached:
                self.problem(f"tab {tab_id}", "never reached with the arrows on its bar")

    async def back_to(self, widget: Widget) -> None:
        """Back on the tab bar (reached with Tab already: Shift+Tab through all the tab's
        content would only take longer)."""
        if self.app.focused is not widget:
            widget.focus()
            await self.settle()

    # --- keys and buttons ---------------------------------------------------------------------

    def _bindings_of(self, node: Widget) -> Iterable[Binding]:
        """The keys the console's own classes give ``node`` (not those of Textual's widgets it
        is made from: cursor keys and editing keys are no dialogs)."""
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("pronote_tui"):
                continue
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding):
                    yield binding

    async def walk_panel_keys(self, panel: Panel) -> None:
        if not self.walk_dialogs:
            return
        focused = self.app.focused
        if focused is None:
            return
        await self.walk_bindings(panel, panel, focused)

    async def walk_widget_keys(self, panel: Panel, focused: Widget) -> None:
        for node in focused.ancestors_with_self:
            if node is panel:
                break
            if isinstance(node, Widget) and type(node).__module__.startswith("pronote_tui"):
                await self.walk_bindings(panel, node, focused)

    async def walk_bindings(self, panel: Panel, node: Widget, focused: Widget) -> None:
        active = self.app.screen.active_bindings
        for binding in list(self._bindings_of(node)):
            key = binding.key.split(",")[0].strip()
            if key in NOT_WALKED_KEYS or binding.action in ACTS_AT_ONCE:
                continue
            if not binding.description:
                continue  # moving a cursor, not an action
            if binding.action in getattr(panel, "BUTTONS", {}).values():
                continue  # the same flow as one of the panel's buttons, walked with Enter
            mark = (panel.panel_id, type(node).__name__, key)
            if mark in self._pressed:
                continue
            self._pressed.add(mark)
            if key not in active or active[key].node is not node:
                continue  # another widget nearer the focus answers this key
            if self.app.focused is not focused:
                focused.focus()
                await self.settle()
            await self.press_on(focused, key, f"key {key} of {type(node).__name__}")

    async def press_on(self, focused: Widget, key: str, what: str) -> None:
        """Press ``key`` with the focus on ``focused``; a dialog that opens is checked and left
        with Escape; the service must be as it was."""
        # The state after the last press is the state before this one (nothing else changes it).
        before = self._state if self._state is not None else await service_state(self.app)
        where = self._where
        shown_before = screen_text(self.app)
        await self.pilot.press(key)
        await self.settle()
        screen = self.app.screen
        if isinstance(screen, ModalScreen):
            self._where = f"{where} > {what} > {type(screen).__name__}"
            self.dialogs.append(self._where)
            await self.check_stop()
            await self.pilot.press("escape")
            await self.settle()
            extra = await self.escape_all()
            if extra:
                self.problem(
                    "escape", f"Escape did not cancel the flow: then came {', '.join(extra)}"
                )
            if self.app.focused is not focused and focused.is_attached:
                self.problem("escape", f"the focus came back on {self._focused()}")
        elif not isinstance(screen, MainScreen):
            self.problem(what, f"opened {type(screen).__name__}")
            await self.escape_all()
        else:  # what the key changed on the screen (a filter, a message) is checked too
            self._where = f"{where} > {what}"
            await self.check_stop()
            if key != "enter" and self.app.focused is focused:
                await self.cycle(key, shown_before, focused)
        self._state = await service_state(self.app)
        changed = state_changes(before, self._state)
        if changed:
            self.problem(what, f"the service changed: {', '.join(changed)}")
        self._where = where
        if self.app.focused is not focused and focused.is_attached and displayed(focused):
            focused.focus()
            await self.settle()

    async def cycle(self, key: str, shown_before: str, focused: Widget) -> None:
        """A key that changes the screen without a dialog is a cycle or a toggle (a filter, a
        sort, a pause): pressed again until the screen comes back to one already seen, each
        screen's text and key bar checked (a filter's tenth value is read as well as its first)."""
        seen = {shown_before}
        for _ in range(MAX_CYCLE):
            shown = screen_text(self.app)
            if shown in seen or self.app.focused is not focused:
                return  # back where it started, or the key went elsewhere (into a field)
            seen.add(shown)
            await self.pilot.press(key)
            await self.settle()
            if not isinstance(self.app.screen, MainScreen):
                self.problem(
                    f"key {key}", f"pressed again, opened {type(self.app.screen).__name__}"
                )
                await self.escape_all()
                return
            self.check_text(screen_text(self.app))
            self.check_footer(self.app.screen, screen_text(self.app).split("\n"))

    async def escape_all(self) -> list[str]:
        """Escape until no dialog is left; the dialogs that came meanwhile."""
        came: list[str] = []
        for _ in range(MAX_ESCAPES):
            screen = self.app.screen
            if not isinstance(screen, ModalScreen):
                return came
            came.append(type(screen).__name__)
            self.dialogs.append(f"{self._where} > then {type(screen).__name__}")
            await self.check_stop()
            await self.pilot.press("escape")
            await self.settle()
        if isinstance(self.app.screen, ModalScreen):
            self.problem("escape", f"{type(self.app.screen).__name__} stays after Escapes")
            while isinstance(self.app.screen, ModalScreen):
                self.app.pop_screen()
            await self.settle()
        return came

    # --- the checks at a stop -----------------------------------------------------------------

    def _focused(self) -> str:
        focused = self.app.focused
        return "nothing" if focused is None else name_of(focused)

    async def check_stop(self) -> None:
        self.stops += 1
        self.trace.append(f"{time.monotonic():.2f} {self._where} @ {self._focused()}")
        screen = self.app.screen
        lines = screen_text(self.app).split("\n")
        self.check_focus(screen)
        self.check_footer(screen, lines)
        self.check_buttons(screen, lines)
        self.check_tables(screen)
        self.check_text("\n".join(lines))
        if self.combination.no_color:
            self.check_without_colour(screen, lines)

    def check_focus(self, screen: Screen[Any]) -> None:
        focused = screen.focused
        if focused is None:
            if isinstance(screen, ModalScreen):
                self.problem("focus", "nothing has the focus in the dialog")
            return
        if not displayed(focused):
            self.problem(name_of(focused), "has the focus but is not displayed")
            return
        if on_screen(screen, focused) is None:
            self.problem(name_of(focused), "has the focus but is off-screen")
        if isinstance(screen, MainScreen):
            shown = screen.panel(screen.current_panel)
            nav = screen.query_one("#nav")
            if shown not in focused.ancestors_with_self and focused is not nav:
                self.problem(name_of(focused), "has the focus outside the panel shown")

    def check_footer(self, screen: Screen[Any], lines: list[str]) -> None:
        footers = [f for f in screen.query(Footer) if displayed(f)]
        if not footers:
            return
        keys = [k for k in footers[0].query(FooterKey) if displayed(k)]
        # By description: one binding for two keys ("+" and "=") is one entry of the bar.
        in_force = {
            binding.description
            for (_, binding, _, _) in screen.active_bindings.values()
            if binding.show
        }
        palette = self.app.COMMAND_PALETTE_BINDING
        on_bar = set()
        for footer_key in keys:
            label = f"{footer_key.key_display} {footer_key.description}"
            on_bar.add(footer_key.description)
            if footer_key.description not in in_force and footer_key.key != palette:
                self.problem("footer", f"shows {label!r}, a key not in force here")
            seen = on_screen(screen, footer_key)
            if seen is None:
                continue  # not on the bar at all: the bar shows what fits
            drawn = region_text(lines, seen[1])
            if footer_key.description not in drawn:
                self.problem("footer", f"{label!r} is cut: {drawn.strip()!r}")
        f1 = [k for k in keys if k.key == "f1"]
        if not f1 or on_screen(screen, f1[0]) is None:
            self.problem("footer", "F1 (the keys) is not on the bar")
        # A bar that leaves out what does not fit is right; one that leaves out a key it has
        # room for is stale (the keys of the panel left, or none of this one).
        missing = sorted(in_force - on_bar)
        used = sum(k.outer_size.width for k in keys if on_screen(screen, k) is not None)
        room = footers[0].content_region.width - used
        if missing and room > min(cell_len(m) for m in missing) + 4:
            self.problem("footer", f"room on the bar, yet not on it: {', '.join(missing)}")

    def check_buttons(self, screen: Screen[Any], lines: list[str]) -> None:
        """Buttons and choices (check boxes, radio buttons): each whole on screen, or in a
        container that scrolls to it; a dialog's buttons all in view (its answers never
        scrolled away: the grid dialog at 60x20 hid Valider and Annuler)."""
        in_dialog = isinstance(screen, ModalScreen)
        widgets: list[Button | ToggleButton] = [*screen.query(Button), *screen.query(ToggleButton)]
        for widget in widgets:
            if not displayed(widget):
                continue
            strict = in_dialog and isinstance(widget, Button)
            label = str(widget.label)
            seen = on_screen(screen, widget)
            if seen is None:
                if strict:
                    self.problem(name_of(widget), "a button of the dialog is out of view")
                elif not scrolls(widget, beyond_right(screen, widget)):
                    self.problem(name_of(widget), "is off-screen and nothing scrolls to it")
                continue
            region, visible = seen
            width = widget.content_region.width
            if isinstance(widget, Button) and width < cell_len(label):
                self.problem(name_of(widget), f"label cut: {width} cells for {cell_len(label)}")
            elif label not in region_text(lines, visible).replace("\n", " "):
                horizontally = visible.width < region.width
                if strict or not scrolls(widget, horizontally):
                    edge = "right edge" if horizontally else "bottom"
                    self.problem(name_of(widget), f"cut at the {edge}, nothing scrolls to it")

    def check_tables(self, screen: Screen[Any]) -> None:
        """A column narrower than its header is read as "Post…": the table must scroll
        sideways rather than cut every header."""
        for table in screen.query(DataTable):
            if not displayed(table) or on_screen(screen, table) is None:
                continue
            for column in table.columns.values():
                header = cell_len(str(column.label))
                if column.get_render_width(table) - 2 * table.cell_padding < header:
                    self.problem(name_of(table), f"header {str(column.label)!r} is cut")

    def check_tab_bar(self, bar: Tabs, only_active: bool) -> None:
        """Every tab whole on screen (a tab off the bar is found only through the palette);
        at each tab, the tab chosen whole."""
        screen = self.app.screen
        if on_screen(screen, bar) is None:
            # The whole bar below (or above) what the panel shows: the panel scrolls to it when
            # the focus gets there, and the bar is checked then (focus in view is checked too).
            return
        lines = screen_text(self.app).split("\n")
        # A bar that shows it scrolls (its scroll bar drawn, or a mark ◀ ▶ drawn at an end that
        # has tabs beyond it) may hide the tabs it scrolls to.
        scrolling = (
            any(
                node.max_scroll_x > 0 and node.show_horizontal_scrollbar
                for node in bar.query("*")
                if isinstance(node, Widget)
            )
            or (bar.max_scroll_x > 0 and bar.show_horizontal_scrollbar)
            or any(displayed(mark) for mark in bar.query(TabsMore))
        )
        for tab in bar.query(ContentTab):
            if (only_active or scrolling) and tab.id != bar.active:
                continue
            label = str(tab.label)
            seen = on_screen(screen, tab)
            if seen is None:
                self.problem(f"tab {label!r}", "is off-screen on its bar")
            elif label not in region_text(lines, seen[1]):
                self.problem(f"tab {label!r}", f"is cut: {region_text(lines, seen[1]).strip()!r}")

    def check_opens_on_first_tab(self, tabbed: TabbedContent) -> None:
        panes = panes_of(tabbed)
        if panes and tabbed.active != panes[0].id:
            self.problem(f"TabbedContent#{tabbed.id}", f"opens on {tabbed.active}, not the first")

    def check_text(self, text: str) -> None:
        for placeholder in sorted(set(PLACEHOLDER.findall(text))):
            self.problem("text", f"placeholder {placeholder} on screen")
        for key in sorted(set(catalogue_keys_in(text))):
            self.problem("text", f"catalogue key {key!r} on screen")
        for name in sorted(set(RAW_FIELD.findall(text))):
            self.problem("text", f"a field shown by its name: {name!r} = ...")
        for date in sorted(set(ambiguous_dates(text, self.lang))):
            self.problem("text", f"an ambiguous date: {date!r}")
        for line in wrapped_punctuation_in(text):
            self.problem("text", f"a line starts with its punctuation: {line[:30]!r}")

    def check_without_colour(self, screen: Screen[Any], lines: list[str]) -> None:
        for field_input in screen.query(Input):
            if not displayed(field_input) or on_screen(screen, field_input) is None:
                continue
            bordered = any(
                edge not in ("", "none", "hidden") for edge, _ in field_input.styles.border
            )
            underlined = field_input.styles.text_style.underline
            if not (bordered or underlined):
                self.problem(name_of(field_input), "without colour: no border or underline")
        glyphs: dict[bool, set[str]] = {True: set(), False: set()}
        for toggle in screen.query(ToggleButton):
            seen = on_screen(screen, toggle)
            if not displayed(toggle) or seen is None:
                continue
            drawn = region_text(lines, seen[1]).strip()
            label = str(toggle.label)
            glyph = drawn.split(label[:3])[0].strip() if label[:3] in drawn else drawn[:3]
            glyphs[toggle.value].add(glyph)
        same = glyphs[True] & glyphs[False]
        if same:
            self.problem("choices", f"without colour: selected and not selected both show {same}")


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)
