"""Assistance: the twelve fiches, searchable by words, read in a Markdown viewer."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from pronote_api.catalogue import Lang
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.console_input import ConsoleInput

FICHES_DIR = Path(__file__).resolve().parent.parent / "assistance"


@dataclass(frozen=True)
class Fiche:
    number: int
    slug: str
    title: str
    body: str

    @property
    def label(self) -> str:
        return f"{self.number:>2}. {self.title}"


def fold(text: str) -> str:
    """Lower case without accents: "fiche" finds "Fiche", "electeur" finds "électeur"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def load_fiches(lang: Lang) -> tuple[Fiche, ...]:
    """The fiches of ``lang`` (files ``NN-slug.md``; the first ``# `` line is the title)."""
    fiches = []
    for path in sorted((FICHES_DIR / lang).glob("[0-9][0-9]-*.md")):
        body = path.read_text(encoding="utf-8")
        first = body.splitlines()[0] if body else ""
        title = first.removeprefix("# ").strip() if first.startswith("# ") else path.stem
        number = int(path.name[:2])
        fiches.append(Fiche(number, path.stem[3:], title, body))
    return tuple(fiches)


def search_fiches(fiches: tuple[Fiche, ...], query: str) -> list[Fiche]:
    """Fiches holding every word of ``query`` (title or text), title matches first."""
    words = [w for w in re.split(r"\W+", fold(query)) if w]
    if not words:
        return list(fiches)
    found: list[tuple[int, Fiche]] = []
    for fiche in fiches:
        title, text = fold(fiche.title), fold(fiche.body)
        if all(w in text or w in title for w in words):
            in_title = sum(w in title for w in words)
            found.append((-in_title, fiche))
    found.sort(key=lambda pair: (pair[0], pair[1].number))
    return [fiche for _, fiche in found]


class AssistancePanel(Panel):
    """Type to filter; Up/Down choose a fiche; Enter or Tab go to the text to scroll it."""

    panel_id = "assistance"
    title_key = "nav.assistance"

    def __init__(self) -> None:
        super().__init__()
        self.fiches = load_fiches(self.lang)
        self.shown: list[Fiche] = list(self.fiches)
        self.current: Fiche | None = None

    def compose_body(self) -> ComposeResult:
        search = ConsoleInput(
            placeholder=self.t("assistance.search"), id="assistance-search", compact=True
        )
        yield search
        yield OptionList(*self._options(self.shown), id="assistance-list")
        yield Static("", id="assistance-count", classes="hint", markup=False)
        with VerticalScroll(id="assistance-reader", can_focus=True):
            yield Markdown(id="assistance-text")

    def on_mount(self) -> None:
        super().on_mount()
        if self.fiches:
            self.show_fiche(self.fiches[0])

    def _options(self, fiches: list[Fiche]) -> list[Option]:
        return [Option(f.label, id=f"fiche-{f.number}") for f in fiches]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "assistance-search":
            return
        event.stop()
        self.shown = search_fiches(self.fiches, event.value)
        listing = self.query_one("#assistance-list", OptionList)
        listing.clear_options()
        listing.add_options(self._options(self.shown))
        count = self.query_one("#assistance-count", Static)
        count.update(self.t("assistance.none") if not self.shown else "")
        if self.shown:
            listing.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "assistance-search":
            event.stop()
            self.query_one("#assistance-list", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._chosen(event)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self._chosen(event):
            self.query_one("#assistance-reader").focus()

    def _chosen(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> bool:
        """Show the fiche of the list's entry (True: there was one)."""
        if event.option_list.id != "assistance-list":
            return False
        event.stop()
        fiche = self._fiche(event.option.id)
        if fiche is not None:
            self.show_fiche(fiche)
        return fiche is not None

    def _fiche(self, option_id: str | None) -> Fiche | None:
        for fiche in self.fiches:
            if option_id == f"fiche-{fiche.number}":
                return fiche
        return None

    def show_fiche(self, fiche: Fiche) -> None:
        if fiche == self.current:
            return
        self.current = fiche
        self.query_one("#assistance-text", Markdown).update(fiche.body)
        self.query_one("#assistance-reader", VerticalScroll).scroll_home(animate=False)
