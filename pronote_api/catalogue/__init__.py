"""The one catalogue of interface text, French first, English second.

Every sentence the product shows a person (console labels, error messages, history lines, the
e-mails and SMS of the outbox) is looked up here by key. The modules below only split the table
by area so that it stays readable; :data:`CATALOGUE` is their union and a test checks that no key
is defined twice, that both languages are filled and that their placeholders agree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from pronote_api.catalogue import (
    clients,
    commands,
    common,
    connection,
    console,
    console_clients,
    console_history,
    console_publication,
    console_school,
    console_snapshots,
    espaces,
    espaces_cas,
    files,
    school,
    server,
    snapshots,
    tenant_clients,
    tenant_files,
    tenant_security,
    tenant_uploads,
    textual_keys,
)

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

_PARTS: tuple[Mapping[str, tuple[str, str]], ...] = (
    common.MESSAGES,
    server.MESSAGES,
    connection.MESSAGES,
    console.MESSAGES,
    files.MESSAGES,
    school.MESSAGES,
    console_school.MESSAGES,
    clients.MESSAGES,
    console_clients.MESSAGES,
    snapshots.MESSAGES,
    console_snapshots.MESSAGES,
    console_history.MESSAGES,
    textual_keys.MESSAGES,
    tenant_security.MESSAGES,
    tenant_uploads.MESSAGES,
    tenant_clients.MESSAGES,
    tenant_files.MESSAGES,
    commands.MESSAGES,
    espaces.MESSAGES,
    espaces_cas.MESSAGES,
    console_publication.MESSAGES,
)

CATALOGUE: dict[str, tuple[str, str]] = {}
for _part in _PARTS:
    CATALOGUE.update(_part)


def tr(key: str, lang: Lang = "fr", /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled.

    An unknown key is a programming error and raises ``KeyError``: tests find it, users never do.
    """
    fr, en = CATALOGUE[key]
    text = fr if lang == "fr" else en
    return text.format(**params) if params else text


def sentence(text: str) -> str:
    """A fragment of the catalogue (a validation reason: "le numéro de facture compte 10
    chiffres", made to follow "Donnée refusée : ") shown on its own: its first letter capital."""
    return text[:1].upper() + text[1:]


def detect_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """French unless the locale says English.

    POSIX precedence: LANGUAGE, LC_ALL, LC_MESSAGES, LANG.
    """
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            first = value.split(":")[0].lower()
            if first.startswith("en"):
                return "en"
            if first.startswith("fr"):
                return "fr"
            if first not in ("c", "posix", "c.utf-8"):
                return "fr"
    return "fr"
