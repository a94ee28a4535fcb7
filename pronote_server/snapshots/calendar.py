"""Mon compte > Changement de version (Fiche 12): the yearly cycle's dates and the manager's
choice, stored per account in the school's state file (:mod:`pronote_server.snapshots.backups`).

A cycle is named by the year of its summer: cycle ``Y`` runs from 1 October ``Y-1`` to
30 September ``Y``. Its dates: the yearly archive on 3 July, the pre-release from 1 July, the new
empty base on 15 August, the release (the automatic version change) on 22 August; a deferral
goes up to 30 September. A choice applies to the cycle it was saved in; the next cycle starts
again from "at release".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import HistoryAction
from pronote_api.snapshots import (
    CalendarEvent,
    VersionChangeChoice,
    VersionChangeOption,
    VersionChangePlan,
)
from pronote_server.errors import Refusal
from pronote_server.jobs.acting import Actor, audited
from pronote_server.runtime import Runtime
from pronote_server.snapshots import backups as snapshots

CALENDAR_UPDATE: Final = HistoryAction.CALENDAR_UPDATE
EVENT_KEYS: Final = ("yearly_archive", "pre_release", "new_base", "version_change")
ACTIONS: Final = (CALENDAR_UPDATE, *(HistoryAction(f"calendar.{key}") for key in EVENT_KEYS))
"""History actions of the calendar (catalogue ``history.<action>``)."""

YEARLY_ARCHIVE: Final = (7, 3)
PRE_RELEASE: Final = (7, 1)
NEW_BASE: Final = (8, 15)
RELEASE: Final = (8, 22)
DEFER_LAST: Final = (9, 30)


def cycle_of(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _on(year: int, month_day: tuple[int, int]) -> date:
    return date(year, *month_day)


def stored_choice(state: dict[str, Any], cycle: int) -> VersionChangeChoice:
    raw = state.get("calendar")
    if isinstance(raw, dict) and raw.get("cycle") == cycle:
        try:
            return VersionChangeChoice.model_validate(raw.get("choice"))
        except ValueError:
            pass
    return VersionChangeChoice(option=VersionChangeOption.AT_RELEASE)


def events(choice: VersionChangeChoice, cycle: int) -> list[tuple[str, date]]:
    """The cycle's events for this choice, in date order."""
    option = choice.option
    yearly = _on(cycle, YEARLY_ARCHIVE)
    if option is VersionChangeOption.PRE_RELEASE:
        # last year's base is archived before the pre-release replaces it (same day, first)
        pre = choice.deferred_to or _on(cycle, PRE_RELEASE)
        found = [("yearly_archive", min(yearly, pre)), ("pre_release", pre)]
    else:
        found = [("yearly_archive", yearly)]
    if option is not VersionChangeOption.DEFERRED_KEEP_BASE:
        found.append(("new_base", _on(cycle, NEW_BASE)))
    deferred = option in (
        VersionChangeOption.DEFERRED_NEW_BASE,
        VersionChangeOption.DEFERRED_KEEP_BASE,
    )
    release = choice.deferred_to if deferred and choice.deferred_to else _on(cycle, RELEASE)
    found.append(("version_change", release))
    return sorted(found, key=lambda e: e[1])


def plan(state: dict[str, Any], today: date) -> VersionChangePlan:
    cycle = cycle_of(today)
    choice = stored_choice(state, cycle)
    done = set(state.get("scheduler", {}).get("done", []))
    return VersionChangePlan(
        choice=choice,
        release_on=_on(cycle, RELEASE),
        new_base_on=_on(cycle, NEW_BASE),
        pre_release_from=_on(cycle, PRE_RELEASE),
        yearly_archive_on=_on(cycle, YEARLY_ARCHIVE),
        events=[
            CalendarEvent(key=key, on=on, done=f"{cycle}:{key}" in done)
            for key, on in events(choice, cycle)
        ],
    )


def check(choice: VersionChangeChoice, today: date) -> None:
    """Refused (``invalid_calendar``, field ``deferred_to``) unless the date fits the option."""
    cycle = cycle_of(today)
    option = choice.option
    day = choice.deferred_to
    if option is VersionChangeOption.AT_RELEASE:
        if day is not None:
            raise Refusal(
                ErrorCode.INVALID_CALENDAR,
                field="deferred_to",
                reason="calendar.problem.date_not_allowed",
            )
        return
    if option is VersionChangeOption.PRE_RELEASE:
        first, last = _on(cycle, PRE_RELEASE), _on(cycle, (8, 21))
        if day is None:
            return
    else:
        first, last = _on(cycle, (8, 23)), _on(cycle, DEFER_LAST)
        if day is None:
            raise Refusal(
                ErrorCode.INVALID_CALENDAR,
                field="deferred_to",
                reason="calendar.problem.date_required",
            )
    if not first <= day <= last:
        raise Refusal(
            ErrorCode.INVALID_CALENDAR,
            field="deferred_to",
            reason="calendar.problem.date_range",
            reason_params={"first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"},
        )


def read(runtime: Runtime, hosting_number: str, now: datetime) -> VersionChangePlan:
    return plan(snapshots.read_state(runtime.data, hosting_number), now.date())


def save(
    runtime: Runtime, db: Session, who: Actor, choice: VersionChangeChoice
) -> VersionChangePlan:
    """Valider: the choice is checked, kept for this cycle, written to the history."""
    number = who.account.hosting_number
    with audited(db, who, CALENDAR_UPDATE) as detail:
        detail["option"] = choice.option.value
        check(choice, who.now.date())
        if choice.deferred_to is not None:
            detail["deferred_to"] = choice.deferred_to.isoformat()
        with snapshots.updating_state(runtime.data, number) as state:
            state["calendar"] = {
                "cycle": cycle_of(who.now.date()),
                "choice": choice.model_dump(mode="json"),
            }
    return read(runtime, number, who.now)
