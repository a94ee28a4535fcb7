"""Key bindings whose descriptions are catalogue keys, shown in the manager's language.

Textual reads descriptions from the class's ``BINDINGS`` (footer, keys panel, command palette).
Declaring them with catalogue keys and translating per instance keeps one ``BINDINGS`` list per
class, as Textual intends, and still speaks French or English.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from pronote_api.catalogue import CATALOGUE, Lang, tr


def localize_bindings(node: DOMNode, lang: Lang) -> None:
    """Replace each binding description that is a catalogue key by its text in ``lang``."""
    table = node._bindings.key_to_bindings
    for key, bindings in list(table.items()):
        table[key] = [
            replace(binding, description=tr(binding.description, lang))
            if binding.description in CATALOGUE
            else binding
            for binding in bindings
        ]
