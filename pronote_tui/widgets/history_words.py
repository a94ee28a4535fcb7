"""An entry of the history in words: its action, who did it, from where, and its detail.

Everything comes from the catalogue. What the catalogue cannot word whole (an action of a newer
service, a detail it does not know, a message whose placeholders the entry cannot fill) is left
out rather than shown as a key or a ``{placeholder}``.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from datetime import date

from pronote_api.catalogue import CATALOGUE, Lang, tr
from pronote_api.models import HistoryAction, HistoryEntry
from pronote_tui.formatting import format_date, format_datetime, terminal_text

Value = str | int | bool | None

SYSTEM_ACTORS = frozenset({"pronote-server", "scheduler"})
PROVIDER = "provider"


def has_placeholders(text: str) -> bool:
    return any(name is not None for _, name, _, _ in string.Formatter().parse(text))


def whole(key: str, lang: Lang) -> str | None:
    """The catalogue's text for ``key`` when it needs nothing filled in; else None."""
    if key not in CATALOGUE:
        return None
    text = tr(key, lang)
    return None if has_placeholders(text) else text


def action_label(action: str, lang: Lang) -> str | None:
    """The action's words; None for an action this console does not know (a newer service)."""
    return whole(f"history.{action}", lang)


def actions_by_label(lang: Lang) -> list[HistoryAction]:
    """Every kind of action, in the order of their words."""
    return sorted(HistoryAction, key=lambda action: tr(f"history.{action}", lang).casefold())


def actor_words(actor: str, lang: Lang) -> str:
    if actor == PROVIDER:
        return tr("history.actor.provider", lang)
    if actor in SYSTEM_ACTORS:
        return tr("history.actor.system", lang)
    return tr("history.actor.account", lang, number=actor)


def _labels(prefix: str) -> Callable[[str, Lang], str | None]:
    """A comma-separated list of values, each worded as ``<prefix><value>``."""

    def word(value: str, lang: Lang) -> str | None:
        words = [whole(f"{prefix}{item}", lang) for item in value.split(",") if item]
        known = [w for w in words if w is not None]
        return ", ".join(known) if known else None

    return word


def _deferred(value: str, lang: Lang) -> str | None:
    try:
        return format_date(date.fromisoformat(value), lang)
    except ValueError:
        return None


def _cycle(value: str, lang: Lang) -> str | None:
    return f"{value}-{int(value) + 1}" if value.isdigit() else None


# How a detail's value is worded before its ``history.detail.<name>`` line (else: as it is).
VALUE_WORDS: dict[str, Callable[[str, Lang], str | None]] = {
    "mode": _labels("mode."),
    "kind": _labels("snapshot.kind."),
    "option": _labels("history.option."),
    "fields": _labels("contact."),
    "events": _labels("notif.event."),
    "deferred_to": _deferred,
}

# The order in which a detail's facts are said (a name not listed is not shown).
DETAIL_ORDER: tuple[str, ...] = (
    "name",
    "school_year",
    "cycle",
    "file",
    "snapshot",
    "kind",
    "workstation",
    "user",
    "mode",
    "address",
    "all",
    "count",
    "before",
    "after",
    "option",
    "deferred_to",
    "fields",
    "events",
    "users",
    "categories",
    "superadmin_defined",
    "replaced",
    "server_stopped",
    "clients_ended",
    "refused",
    "limit",
    "code",
    "reason",
)


def _fact(name: str, value: Value, lang: Lang) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return whole(f"history.detail.{name}.{'true' if value else 'false'}", lang)
    if name == "code":
        return whole(f"error.{value}", lang)
    if name == "reason":
        return whole(str(value), lang)
    if name == "cycle":
        worded = _cycle(str(value), lang)
        return None if worded is None else tr("history.detail.school_year", lang, value=worded)
    key = f"history.detail.{name}"
    if key not in CATALOGUE:
        return None
    word = VALUE_WORDS.get(name)
    shown = word(str(value), lang) if word is not None else terminal_text(str(value))
    return None if shown is None else tr(key, lang, value=shown)


def detail_words(detail: dict[str, Value], lang: Lang) -> Iterator[str]:
    """The facts of an entry's detail the catalogue can word, in :data:`DETAIL_ORDER`."""
    for name in DETAIL_ORDER:
        if name in detail:
            fact = _fact(name, detail[name], lang)
            if fact is not None:
                yield fact


def entry_words(entry: HistoryEntry, lang: Lang) -> str:
    """The whole entry on one line: when, what, by whom, from where, and its detail."""
    parts = [format_datetime(entry.at, lang)]
    label = action_label(entry.action, lang)
    if label is not None:
        parts.append(label)
    parts.append(tr(f"history.outcome.{entry.outcome.value}", lang))
    parts.append(actor_words(entry.actor, lang))
    if entry.source:
        parts.append(tr("history.from", lang, source=entry.source))
    parts.extend(detail_words(entry.detail, lang))
    return " · ".join(parts)
