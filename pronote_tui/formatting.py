"""How the console writes dates, yes/no and the account's enumerations, per language."""

from __future__ import annotations

from datetime import date, datetime

from pronote_api.catalogue import Lang, tr
from pronote_api.models import AccountCard, ServerState, ServerStatus, TeacherFormula


def format_date(value: date, lang: Lang) -> str:
    # French reads 31/08/2027; English gets the ISO form, which no reader can misread.
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()


def format_datetime(value: datetime, lang: Lang) -> str:
    """In the workstation's time zone: the manager compares it with their own clock."""
    local = value.astimezone()
    return local.strftime("%d/%m/%Y %H:%M") if lang == "fr" else local.strftime("%Y-%m-%d %H:%M")


def format_datetime_short(value: datetime, lang: Lang) -> str:
    """Two-digit year: the history's date column must leave room for the action at 80 columns."""
    local = value.astimezone()
    return local.strftime("%d/%m/%y %H:%M") if lang == "fr" else local.strftime("%y-%m-%d %H:%M")


def yes_no(value: bool, lang: Lang) -> str:
    return tr("common.yes_caps" if value else "common.no_caps", lang)


def formula_label(formula: TeacherFormula, lang: Lang) -> str:
    if formula == TeacherFormula.UNLIMITED:
        return tr("account.formula.unlimited", lang)
    return tr("account.formula.count", lang, count=formula.value)


def server_state_label(status: ServerStatus, lang: Lang) -> str:
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
