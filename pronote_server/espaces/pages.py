"""The Espaces' pages: small server-rendered HTML, no JavaScript, every text from the catalogue
(``web.*``, ``espace.*``) and every value escaped.

One function per page; each returns the whole document. The pages link to each other by relative
addresses (``parent.html``, ``mobile.parent.html``), so that they work under the school's own
host name and under the single-host path form alike.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from pronote_api.catalogue import Lang, tr
from pronote_api.publication import EspaceKind

STYLE = (
    "body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1d2733}"
    "header{background:#2b5b84;color:#fff;padding:.8em 1.2em}"
    "header h1{margin:0;font-size:1.3em}header p{margin:.2em 0 0}"
    "main{max-width:40em;margin:1.5em auto;padding:0 1em}"
    "section{background:#fff;border:1px solid #cfd8e0;border-radius:6px;padding:1em 1.2em}"
    "label{display:block;margin:.8em 0 .2em}"
    "input[type=text],input[type=password],select{width:100%;box-sizing:border-box;"
    "padding:.5em;font-size:1em}"
    "button{margin-top:1em;padding:.5em 1.2em;font-size:1em}"
    ".error{color:#a00;font-weight:bold}ul.espaces li{margin:.4em 0}"
)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def accepted_lang(header: str | None) -> Lang:
    """French unless ``Accept-Language`` prefers English (its highest-weighted of fr and en)."""
    best: tuple[float, Lang] = (0.0, "fr")
    for item in (header or "")[:500].split(","):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in ("fr", "en") and weight > best[0]:
            best = (weight, "en" if primary == "en" else "fr")
    return best[1]


def espace_label(kind: EspaceKind, lang: Lang) -> str:
    return tr(f"espace.{kind.value}", lang)


def document(lang: Lang, title: str, body: str, *, heading: str, subheading: str = "") -> str:
    sub = f"<p>{esc(subheading)}</p>" if subheading else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{esc(heading)}</h1>{sub}</header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def message_page(lang: Lang, title: str, text: str, *, school: str | None = None) -> str:
    """A page that only says something (unavailable, unknown, expired ...)."""
    body = f'<section role="status"><h2>{esc(title)}</h2><p>{esc(text)}</p></section>'
    return document(lang, title, body, heading=school or "PRONOTE", subheading="PRONOTE")


def unknown_school(lang: Lang) -> str:
    return message_page(lang, tr("web.unknown.title", lang), tr("web.unknown.text", lang))


def not_found(lang: Lang, school: str) -> str:
    return message_page(
        lang, tr("web.not_found.title", lang), tr("web.not_found.text", lang), school=school
    )


def unavailable(lang: Lang, school: str, kind: EspaceKind, reason: str) -> str:
    """503: the reason is a ``web.unavailable.*`` key (publication stopped, server stopped,
    Espace not published, delegation not wired)."""
    title = tr("web.unavailable.title", lang)
    text = tr(reason, lang, espace=espace_label(kind, lang), school=school)
    return message_page(lang, title, text + " " + tr("web.unavailable.later", lang), school=school)


@dataclass(frozen=True)
class Link:
    kind: EspaceKind
    href: str


def common_page(lang: Lang, school: str, links: Sequence[Link], login_form: str = "") -> str:
    """The Page commune: the school's published Espaces (and the direct login form when asked
    for with ``?login=true``)."""
    items = "".join(
        f'<li><a href="{esc(link.href)}">{esc(espace_label(link.kind, lang))}</a></li>'
        for link in links
    )
    listing = (
        f"<section><h2>{esc(tr('web.common.choose', lang))}</h2>"
        f'<ul class="espaces">{items}</ul></section>'
        if items
        else f"<section><p>{esc(tr('web.common.none', lang))}</p></section>"
    )
    title = tr("espace.commune", lang)
    return document(
        lang, f"{title} - {school}", login_form + listing, heading=school, subheading="PRONOTE"
    )


@dataclass(frozen=True)
class SchoolCard:
    """What the Page Établissement shows of the school (from its base)."""

    name: str
    uai: str
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None


def school_page(lang: Lang, card: SchoolCard, links: Sequence[Link]) -> str:
    lines = [
        card.address,
        " ".join(part for part in (card.postcode, card.city) if part) or None,
        card.phone,
        card.email,
    ]
    address = "<br>".join(esc(line) for line in lines if line)
    items = "".join(
        f'<li><a href="{esc(link.href)}">{esc(espace_label(link.kind, lang))}</a></li>'
        for link in links
    )
    body = (
        f"<section><h2>{esc(card.name)}</h2>"
        f"<p>{esc(tr('web.school.uai', lang, uai=card.uai))}</p>"
        f"<address>{address}</address>"
        + (f'<ul class="espaces">{items}</ul>' if items else "")
        + "</section>"
    )
    title = tr("espace.etablissement", lang)
    return document(lang, f"{title} - {card.name}", body, heading=card.name, subheading=title)


@dataclass(frozen=True)
class LoginForm:
    """The direct login form of an Espace (or of the common page, with its choice of Espace)."""

    action: str
    csrf: str
    login: str = ""
    error: str | None = None  # a ``web.login.*`` key
    choices: Sequence[EspaceKind] = ()  # the common page's "Espace" select; empty: none
    texts: str = "web.login"  # its title and labels: ``<texts>.title``, ``.login`` ...
    explain: str | None = None  # a key: a sentence above the fields


def login_form(lang: Lang, form: LoginForm) -> str:
    error = f'<p class="error" role="alert">{esc(tr(form.error, lang))}</p>' if form.error else ""
    if form.explain:
        error = f"<p>{esc(tr(form.explain, lang))}</p>" + error
    texts = form.texts
    choice = ""
    if form.choices:
        options = "".join(
            f'<option value="{esc(kind.value)}">{esc(espace_label(kind, lang))}</option>'
            for kind in form.choices
        )
        choice = (
            f'<label for="espace">{esc(tr("web.login.espace", lang))}</label>'
            f'<select id="espace" name="espace">{options}</select>'
        )
    return (
        f"<section><h2>{esc(tr(texts + '.title', lang))}</h2>{error}"
        f'<form method="post" action="{esc(form.action)}">'
        f'<input type="hidden" name="csrf" value="{esc(form.csrf)}">{choice}'
        f'<label for="login">{esc(tr(texts + ".login", lang))}</label>'
        f'<input type="text" id="login" name="login" value="{esc(form.login)}" '
        'autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64">'
        f'<label for="password">{esc(tr(texts + ".password", lang))}</label>'
        '<input type="password" id="password" name="password" autocomplete="current-password" '
        'required maxlength="256">'
        f'<button type="submit">{esc(tr(texts + ".submit", lang))}</button>'
        "</form></section>"
    )


def login_page(lang: Lang, school: str, kind: EspaceKind, form: LoginForm) -> str:
    label = espace_label(kind, lang)
    return document(
        lang, f"{label} - {school}", login_form(lang, form), heading=school, subheading=label
    )


def welcome_page(
    lang: Lang, school: str, kind: EspaceKind, user: str, login: str, logout: LoginForm
) -> str:
    """After login: who is logged in, their school, their Espace, and a logout button (its
    label the key ``logout.texts``)."""
    label = espace_label(kind, lang)
    body = (
        f"<section><h2>{esc(label)}</h2>"
        f'<p id="who">{esc(tr("web.welcome.who", lang, user=user, login=login))}</p>'
        f'<p id="school">{esc(tr("web.welcome.school", lang, school=school))}</p>'
        f'<form method="post" action="{esc(logout.action)}">'
        f'<input type="hidden" name="csrf" value="{esc(logout.csrf)}">'
        '<input type="hidden" name="logout" value="1">'
        f'<button type="submit">{esc(tr(logout.texts, lang))}</button>'
        "</form></section>"
    )
    return document(lang, f"{label} - {school}", body, heading=school, subheading=label)
