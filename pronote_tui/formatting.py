"""How the console writes dates, yes/no and the account's enumerations, per language."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING

from pronote_api.catalogue import Lang, tr

if TYPE_CHECKING:  # pydantic's models: only after the login screen's first frame
    from pronote_api.models import AccountCard, ServerStatus, TeacherFormula

# English dates spell the month ("14 Aug 2026"): no reader can take the day for the month.
# Written out rather than through strftime's %b, which follows the machine's locale.
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _en_day(value: date, *, year: bool = True, short_year: bool = False) -> str:
    day = f"{value.day:02d} {EN_MONTHS[value.month - 1]}"
    if not year:
        return day
    return f"{day} {value.year % 100:02d}" if short_year else f"{day} {value.year}"


def parse_en_day(text: str) -> date | None:
    """``14 Aug 2026`` (what :func:`format_date` writes in English), else None."""
    parts = text.split()
    if len(parts) != 3 or not (parts[0].isdigit() and parts[2].isdigit()):
        return None
    months = [month.casefold() for month in EN_MONTHS]
    if parts[1][:3].casefold() not in months:
        return None
    try:
        return date(int(parts[2]), months.index(parts[1][:3].casefold()) + 1, int(parts[0]))
    except ValueError:
        return None


def format_date(value: date, lang: Lang) -> str:
    """14/08/2026 in French, 14 Aug 2026 in English."""
    return value.strftime("%d/%m/%Y") if lang == "fr" else _en_day(value)


def format_datetime(value: datetime, lang: Lang) -> str:
    """In the workstation's time zone: the manager compares it with their own clock."""
    local = value.astimezone()
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def format_datetime_short(value: datetime, lang: Lang) -> str:
    """Two-digit year (14/08/26, 14 Aug 26): a table's date column leaves room for the rest at
    80 columns; the day always comes first and the English month is spelled."""
    local = value.astimezone()
    day = local.strftime("%d/%m/%y") if lang == "fr" else _en_day(local.date(), short_year=True)
    return f"{day} {local:%H:%M}"


def format_day_time(value: datetime, lang: Lang) -> str:
    """Day and time without the year, for what lasts minutes or hours (14/08 09:30, 14 Aug
    09:30)."""
    local = value.astimezone()
    day = local.strftime("%d/%m") if lang == "fr" else _en_day(local.date(), year=False)
    return f"{day} {local:%H:%M}"


# Emoji skin tones and variation selectors: each terminal joins them its own way, or not at all.
_MODIFIERS = frozenset(range(0x1F3FB, 0x1F400)) | frozenset(range(0xFE00, 0xFE10))


def terminal_text(text: str) -> str:
    """Text typed elsewhere (a workstation's name, a user's) as every terminal shows it alike.

    A joined emoji (woman + zero-width joiner + school, "👩‍🏫") is one glyph two cells wide for
    the console's measure, but tmux and many SSH terminals draw its parts side by side: the rest
    of the line is pushed out of its column. Without its joiners and modifiers (and without
    other invisible format characters: bidirectional overrides, soft hyphens) what is measured
    is what is drawn: the parts side by side, everywhere.
    """
    return "".join(
        char for char in text if unicodedata.category(char) != "Cf" and ord(char) not in _MODIFIERS
    )


def yes_no(value: bool, lang: Lang) -> str:
    return tr("common.yes_caps" if value else "common.no_caps", lang)


def formula_label(formula: TeacherFormula, lang: Lang) -> str:
    from pronote_api.models import TeacherFormula

    if formula == TeacherFormula.UNLIMITED:
        return tr("account.formula.unlimited", lang)
    return tr("account.formula.count", lang, count=formula.value)


def server_state_label(status: ServerStatus, lang: Lang) -> str:
    from pronote_api.models import ServerState

    key = "server.state.running" if status.state == ServerState.RUNNING else "server.state.stopped"
    return tr(key, lang)


def base_label(status: ServerStatus, lang: Lang) -> str:
    if status.base_name is None:
        return tr("server.no_base", lang)
    return tr("server.base", lang, name=status.base_name, year=status.school_year or "—")


def per_product(values: tuple[bool, bool], lang: Lang) -> str:
    """``EDT : NON / PRONOTE : OUI`` for an option of each product (EDT, PRONOTE)."""
    edt, pronote = values
    return tr("account.per_product", lang, edt=yes_no(edt, lang), pronote=yes_no(pronote, lang))


def account_lines(card: AccountCard, lang: Lang) -> list[tuple[str, str]]:
    """The account card as (label, value) pairs, in the guide's order."""
    options = card.options
    consultation = (options.consultation_edt, options.consultation_pronote)
    sms = (options.sms_edt, options.sms_pronote)
    return [
        (tr("account.client_reference", lang), card.client_reference),
        (tr("account.hosting_number", lang), card.hosting_number),
        (tr("account.school", lang), f"{card.school_name} ({card.uai})"),
        (tr("account.licence_expiry", lang), format_date(card.licence_expires_on, lang)),
        (tr("account.editors", lang), str(card.administrators_and_editors)),
        (tr("account.formula", lang), formula_label(card.formula, lang)),
        (tr("account.edt_connection", lang), yes_no(options.edt_connection, lang)),
        (tr("account.consultation", lang), per_product(consultation, lang)),
        (tr("account.sms", lang), per_product(sms, lang)),
        (tr("account.pronote_net", lang), yes_no(options.pronote_net, lang)),
    ]
