"""Key bindings whose descriptions are catalogue keys, shown in the manager's language.

Classes declare ``BINDINGS`` with catalogue keys as descriptions (one list per class, as Textual
intends). What shows them (the footer, the keys panel, the command palette) reads the screen's
``active_bindings``, Textual's public view of the keys in force where the focus is: a screen
with :class:`TranslatedBindings` answers it with each description in the manager's language,
Textual's own widgets' (Input, DataTable ...) included when the catalogue has them as
``textual.<description>``. The bindings themselves, and the keys they answer, are untouched.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from textual.binding import ActiveBinding, Binding

from pronote_api.catalogue import CATALOGUE, Lang, tr
from pronote_tui.i18n import DEFAULT_LANG


def translated_description(description: str, lang: Lang) -> str | None:
    """The text of a description that is a catalogue key (or one of Textual's own), else None."""
    if description in CATALOGUE:
        return tr(description, lang)
    if f"textual.{description}" in CATALOGUE:  # one of Textual's own widgets
        return tr(f"textual.{description}", lang)
    return None


@lru_cache(maxsize=1024)
def translated_binding(binding: Binding, lang: Lang) -> Binding:
    """``binding`` with its description in ``lang`` (the same binding when there is nothing to
    translate)."""
    text = translated_description(binding.description, lang) if binding.description else None
    return binding if text is None else replace(binding, description=text)


class TranslatedBindings:
    """For a :class:`~textual.screen.Screen`: its ``active_bindings`` in the app's language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        lang: Lang = getattr(self.app, "lang", DEFAULT_LANG)  # type: ignore[attr-defined]
        active: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        return {
            key: item._replace(binding=translated_binding(item.binding, lang))
            for key, item in active.items()
        }
