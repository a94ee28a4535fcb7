"""Autres bases: "Bases précédemment mises en service", "Bases téléchargées depuis
l'établissement" (loaded from the school) and "Bases créées sur l'hébergement" (created empty,
prepared for next year, restored), each line naming its origin and date so that two bases of
one year differ; the details of the highlighted one, and "Ouvrir cette base" (Enter, ``o``)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from pronote_api.catalogue import Lang, tr
from pronote_api.school import BaseList, BaseOrigin, BaseSection, BaseSummary
from pronote_tui.formatting import format_datetime_short
from pronote_tui.i18n import Localized
from pronote_tui.widgets.base_counts import format_count
from pronote_tui.widgets.button_row import ButtonRow
from pronote_tui.widgets.file_picker import format_size

SECTION_TITLES = {
    BaseSection.PREVIOUSLY: "bases.previously",
    BaseSection.UPLOADED: "bases.uploaded",
    BaseSection.PREPARED: "bases.prepared",
}


def section_title(section: BaseSection, lang: Lang) -> str:
    return tr(SECTION_TITLES[section], lang)


def base_line(base: BaseSummary, lang: Lang) -> str:
    """Its name (its year when the name does not say it), how and when it came here."""
    at = format_datetime_short(base.added_at or base.created_at, lang)
    added = tr(f"bases.added.{base.origin.value}", lang, at=at)
    if base.school_year in base.name:
        return tr("bases.line", lang, name=base.name, added=added)
    return tr("bases.line_year", lang, name=base.name, year=base.school_year, added=added)


def origin_label(base: BaseSummary, lang: Lang) -> str:
    """Where it comes from, with the file it was loaded or restored from when known."""
    if base.source_filename and base.origin in (BaseOrigin.UPLOADED, BaseOrigin.RESTORED):
        return tr(f"bases.origin.{base.origin.value}_file", lang, file=base.source_filename)
    return tr(f"bases.origin.{base.origin.value}", lang)


def base_details(base: BaseSummary, lang: Lang) -> str:
    """Two lines: where it comes from and its dates; its size and main counts."""
    dates = [origin_label(base, lang)]
    dates.append(tr("bases.created", lang, at=format_datetime_short(base.created_at, lang)))
    if base.last_entry_at is not None:
        dates.append(
            tr("bases.last_entry", lang, at=format_datetime_short(base.last_entry_at, lang))
        )
    if base.first_in_service_at is not None:
        dates.append(
            tr("bases.in_service", lang, at=format_datetime_short(base.first_in_service_at, lang))
        )
    res = base.counts.resources
    sizes = tr(
        "bases.summary",
        lang,
        size=format_size(base.size_bytes, lang),
        students=format_count(res.get("students", 0), lang),
        teachers=format_count(res.get("teachers", 0), lang),
        grades=format_count(base.counts.schooling.get("grades", 0), lang),
    )
    return " · ".join(dates) + "\n" + sizes


class OtherBases(Localized, Vertical):
    """Posts :class:`OtherBases.OpenRequested` when the manager opens a base."""

    BINDINGS = [Binding("o", "open", "bases.open_key")]

    class OpenRequested(Message):
        def __init__(self, base: BaseSummary) -> None:
            super().__init__()
            self.base = base

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.listing: BaseList | None = None
        self._by_id: dict[str, BaseSummary] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(id="other-bases-list")
        yield Static("", id="other-bases-details", classes="hint", markup=False)
        with ButtonRow(classes="buttons-inline"):
            yield Button(self.t("bases.open"), id="other-bases-open", compact=True, disabled=True)

    def show_listing(self, listing: BaseList) -> None:
        if listing == self.listing:
            return
        options = self.query_one("#other-bases-list", OptionList)
        keep = self.highlighted_base()
        self.listing = listing
        self._by_id = {}
        prompts: list[Option] = []
        for section in BaseSection:
            bases = listing.section(section)
            prompts.append(Option(Content(section_title(section, self.lang)), disabled=True))
            if not bases:
                prompts.append(Option(Content("  " + self.t("bases.none")), disabled=True))
            for base in bases:
                self._by_id[base.id] = base
                prompts.append(Option(Content("  " + base_line(base, self.lang)), id=base.id))
        options.clear_options()
        options.add_options(prompts)
        target = keep.id if keep is not None and keep.id in self._by_id else None
        for index, option in enumerate(prompts):
            if option.id is not None and (target is None or option.id == target):
                options.highlighted = index
                break
        self._show_details()

    def highlighted_base(self) -> BaseSummary | None:
        options = self.query_one("#other-bases-list", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return self._by_id.get(option_id) if option_id is not None else None

    def _show_details(self) -> None:
        base = self.highlighted_base()
        details = self.query_one("#other-bases-details", Static)
        details.update(base_details(base, self.lang) if base is not None else "")
        self.query_one("#other-bases-open", Button).disabled = base is None

    @on(OptionList.OptionHighlighted, "#other-bases-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_details()

    @on(OptionList.OptionSelected, "#other-bases-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    @on(Button.Pressed, "#other-bases-open")
    def _open_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        base = self.highlighted_base()
        if base is not None:
            self.post_message(self.OpenRequested(base))
        else:  # said where the details of a base would be: nothing silently ignored
            self.query_one("#other-bases-details", Static).update(self.t("bases.nothing_to_open"))
