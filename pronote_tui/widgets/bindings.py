"""Key bindings whose descriptions are catalogue keys, shown in the manager's language.

Textual reads descriptions from the class's ``BINDINGS`` (footer, keys panel, command palette).
Declaring them with catalogue keys and translating per instance keeps one ``BINDINGS`` list per
class, as Textual intends, and still speaks French or English.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from pronote_api.catalogue import CATALOGUE, Lang, tr


def _translated(description: str, lang: Lang) -> str | None:
    if description in CATALOGUE:
        return tr(description, lang)
    if f"textual.{description}" in CATALOGUE:  # one of Textual's own widgets
        return tr(f"textual.{description}", lang)
    return None


def localize_bindings(node: DOMNode, lang: Lang) -> None:
    """Replace each binding description that is a catalogue key, or one of Textual's own
    descriptions, by its text in ``lang`` (idempotent: a text already translated is left)."""
    table = node._bindings.key_to_bindings
    for key, bindings in list(table.items()):
        changed = []
        for binding in bindings:
            text = _translated(binding.description, lang) if binding.description else None
            changed.append(binding if text is None else replace(binding, description=text))
        table[key] = changed


def localize_screen_bindings(screen: DOMNode, lang: Lang) -> None:
    """Every node of a screen (Textual's inputs, lists and scroll areas included), so that the
    keys panel speaks the manager's language."""
    localize_bindings(screen, lang)
    for node in screen.walk_children(with_self=False):
        localize_bindings(node, lang)
