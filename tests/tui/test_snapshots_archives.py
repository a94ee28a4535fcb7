"""Snapshots at 80x24 of Sauvegardes, the restore confirmation, Mes archives, the recovery tree
and its report, and Changement de version.

The views are fed with data built from the contract's models (fixed names, dates and sizes, in
UTC), so that the screens are the same at every run; the flows themselves run against the real
service in ``test_backups_archives.py``. Update with ``pytest --snapshot-update`` and look at them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from console_support import SIZE, wait_workers
from dialog_support import DialogHost
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget

from pronote_api.catalogue import Lang, tr
from pronote_api.school import BaseCounts
from pronote_api.snapshots import (
    CalendarEvent,
    RecoveryLine,
    RecoveryReport,
    RestorePreview,
    Snapshot,
    SnapshotKind,
    SnapshotList,
    VersionChangeChoice,
    VersionChangeOption,
    VersionChangePlan,
)
from pronote_server.bases.recovery import tree
from pronote_tui.app import FULL_THEME, PronoteApp
from pronote_tui.screens.archives import ArchivesPanel
from pronote_tui.screens.main import MainScreen
from pronote_tui.widgets.backups_view import BackupsView
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.recovery_dialog import (
    RecoveryDialog,
    RecoveryReportDialog,
    recovery_sources,
)
from pronote_tui.widgets.restore_dialog import restore_body
from pronote_tui.widgets.version_change import VersionChangeForm

Snap = Callable[..., bool]
PANEL_WIDTH = 57

COUNTS = BaseCounts(
    resources={
        "teachers": 35,
        "subjects": 46,
        "classes": 16,
        "groups": 60,
        "students": 422,
        "rooms": 38,
    },
    schooling={"homework": 0, "grades": 0, "lesson_logs": 0},
    school_life={},
)


def snapshot(n: int, kind: SnapshotKind, at: datetime, size: int) -> Snapshot:
    stamp = at.strftime("%Y%m%d_%Hh%M")
    suffix = ".sauvs" if kind is SnapshotKind.BACKUP else ".archs"
    return Snapshot(
        id=f"s{n}",
        name=f"Annee Base 2022-2023_{stamp}{suffix}",
        kind=kind,
        taken_at=at,
        size_bytes=size,
        sha256="0" * 64,
        base_name="Annee Base 2022-2023",
        school_year="2022-2023",
        base_created_at=datetime(2023, 6, 29, 14, 53, tzinfo=UTC),
        last_entry_at=at,
        counts=COUNTS,
        verified_at=at,
        verified_ok=True,
    )


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2023, 7, day, hour, minute, tzinfo=UTC)


LISTING = SnapshotList(
    backups=[snapshot(1, SnapshotKind.BACKUP, at(13, 17, 42), 475_136)],
    archives=[
        snapshot(2, SnapshotKind.BEFORE_RESTORE, at(13, 15, 20), 5_469_184),
        snapshot(3, SnapshotKind.ARCHIVE, at(13, 4, 33), 5_469_184),
        snapshot(4, SnapshotKind.YEARLY, at(3, 4, 30), 5_476_352),
        snapshot(5, SnapshotKind.IMPORTED, at(1, 9, 0), 5_100_000),
        snapshot(6, SnapshotKind.ARCHIVE, at(12, 4, 33), 5_476_352),
    ],
)


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """The dates are shown in the workstation's time zone: UTC here, the same everywhere."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


class WidgetHost(App[None]):
    """A bare host for one view (the console's styles and theme), with the console's ``lang``."""

    CSS_PATH = [*PronoteApp.CSS_PATH, *MainScreen.CSS_PATH]  # the panels' styles too

    def __init__(self, make: Callable[[], Widget], setup: Callable[[Widget], None]) -> None:
        super().__init__()
        self.lang: Lang = "fr"
        self._make = make
        self._setup = setup
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        widget = self._make()
        # Where the panels stand in the console: right of the 22-column navigation.
        widget.styles.width = PANEL_WIDTH
        widget.styles.margin = (1, 0, 1, 80 - PANEL_WIDTH)
        yield widget

    def on_mount(self) -> None:
        self.theme = FULL_THEME
        self._setup(self.query_one(Widget))


async def _settled(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await wait_workers(pilot)
    await pilot.pause()


def _press(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press(*keys)
        await _settled(pilot)

    return run


def test_sauvegardes(snap_compare: Snap) -> None:
    def setup(view: Widget) -> None:
        assert isinstance(view, BackupsView)
        view.show_listing(LISTING, select="s3")

    app = WidgetHost(lambda: BackupsView(id="backups-view"), setup)
    assert snap_compare(app, terminal_size=SIZE, run_before=_press("tab"))


def restore_question(lang: Lang = "fr") -> ConfirmDialog:
    """The restore's confirmation of an archive over the base in service (127 entries lost)."""
    preview = RestorePreview(
        snapshot=LISTING.archives[1],
        current_base_name="Annee Base 2022-2023",
        current_last_entry_at=datetime(2023, 7, 13, 17, 40, tzinfo=UTC),
        entries_lost=127,
        counts_now=COUNTS,
    )
    return ConfirmDialog(
        tr("restore.title", lang),
        restore_body(preview, lang),
        yes_label=tr("restore.yes", lang),
    )


def test_restore_confirmation(snap_compare: Snap) -> None:
    assert snap_compare(DialogHost(restore_question()), terminal_size=SIZE, run_before=_press())


class ShownArchives(ArchivesPanel):
    """Mes archives showing the fixed listing (the panel's own drawing, no service)."""

    async def load(self) -> None:
        self.show_listing(LISTING)


def test_mes_archives(snap_compare: Snap) -> None:
    app = WidgetHost(ShownArchives, lambda _panel: None)
    assert snap_compare(app, terminal_size=SIZE, run_before=_press("tab", "down"))


def test_recovery_tree(snap_compare: Snap) -> None:
    dialog = RecoveryDialog(recovery_sources(LISTING), tree())
    # Communications ticked (its children too), then Agenda unticked: the parent half ticked.
    keys = ("down", "down", "down", "space", "down", "space")
    assert snap_compare(DialogHost(dialog), terminal_size=SIZE, run_before=_press(*keys))


def test_recovery_report(snap_compare: Snap) -> None:
    report = RecoveryReport(
        snapshot_id="s4",
        lines=[
            RecoveryLine(category="agenda_categories", recovered=12, kept=3, unmatched=0),
            RecoveryLine(
                category="absences_lateness",
                recovered=1_840,
                kept=0,
                unmatched=2,
                unmatched_examples=["absences: MARTIN Léa", "absences: PETIT Noé"],
            ),
            RecoveryLine(category="users", recovered=4, kept=1, unmatched=0),
        ],
    )
    dialog = RecoveryReportDialog(tr("recovery.title", "fr"), report)
    assert snap_compare(DialogHost(dialog), terminal_size=SIZE, run_before=_press("down"))


def test_changement_de_version(snap_compare: Snap) -> None:
    plan = VersionChangePlan(
        choice=VersionChangeChoice(
            option=VersionChangeOption.DEFERRED_NEW_BASE, deferred_to=date(2027, 9, 6)
        ),
        release_on=date(2027, 8, 22),
        new_base_on=date(2027, 8, 15),
        pre_release_from=date(2027, 7, 1),
        yearly_archive_on=date(2027, 7, 3),
        events=[
            CalendarEvent(key="yearly_archive", on=date(2027, 7, 3), done=False),
            CalendarEvent(key="new_base", on=date(2027, 8, 15), done=False),
            CalendarEvent(key="version_change", on=date(2027, 9, 6), done=False),
        ],
    )

    def setup(form: Widget) -> None:
        assert isinstance(form, VersionChangeForm)
        form.show_plan(plan)

    app = WidgetHost(lambda: VersionChangeForm(id="version-form"), setup)
    assert snap_compare(app, terminal_size=SIZE, run_before=_press("tab"))
