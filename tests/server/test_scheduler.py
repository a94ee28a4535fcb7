"""The scheduler over a school year in seconds: ``run_once`` with a moving ``now`` (the pure
``tick`` decides, the real snapshot store and bases are changed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from live_service import LiveService, read_outbox
from sqlalchemy import delete, select

from pronote_api.school import BaseCounts, CreateBaseRequest, TimeGrid
from pronote_api.snapshots import SnapshotKind, VersionChangeChoice, VersionChangeOption
from pronote_server.bases import registry as bases
from pronote_server.jobs import acting
from pronote_server.runtime import Runtime, open_runtime
from pronote_server.snapshots import backups as snapshots
from pronote_server.snapshots import calendar, retention, scheduler
from pronote_server.snapshots import service as snapshots_service
from pronote_server.store.tables import Account, HistoryRecord, SchedulerLease, SchoolBase


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Runtime, str]]:
    base = tmp_path_factory.mktemp("scheduler")
    live = LiveService(data_dir=base / "data", log_path=base / "log")
    live.init()
    number = live.create_account().hosting_number
    rt = open_runtime(live.data_dir)
    try:
        yield rt, number
    finally:
        rt.close()


def account_of(rt: Runtime, number: str) -> Account:
    with rt.sessions() as db:
        account = db.scalar(select(Account).where(Account.hosting_number == number))
        assert account is not None
        db.expunge(account)
        return account


def new_base(rt: Runtime, account: Account, when: datetime, year: str | None = None) -> None:
    with rt.sessions() as db:
        row = db.get(Account, account.id)
        assert row is not None
        who = acting.Actor(account=row, source_ip=None, now=when)
        bases.create(rt, db, who, CreateBaseRequest(time_grid=TimeGrid(), school_year=year))


def counts(rt: Runtime, number: str) -> dict[SnapshotKind, int]:
    found: dict[SnapshotKind, int] = {}
    for item in snapshots.scan(rt.data, number):
        found[item.kind] = found.get(item.kind, 0) + 1
    return found


def facts(**changes: object) -> scheduler.Facts:
    values: dict[str, object] = {
        "now": datetime(2027, 3, 1, 10, 5, tzinfo=UTC),
        "school_year": "2026-2027",
        "last_backup_at": datetime(2027, 3, 1, 10, 0, tzinfo=UTC),
        "last_archive_at": datetime(2027, 3, 1, 4, 30, tzinfo=UTC),
        "since": datetime(2026, 9, 1, tzinfo=UTC),
        "done": frozenset(),
        "choice": VersionChangeChoice(option=VersionChangeOption.AT_RELEASE),
    }
    values.update(changes)
    return scheduler.Facts(**values)  # type: ignore[arg-type]


def test_tick_is_due_only_at_its_slots_and_on_its_dates() -> None:
    assert scheduler.tick(facts()) == []
    assert scheduler.tick(facts(now=datetime(2027, 3, 1, 12, 0, tzinfo=UTC))) == [
        scheduler.Action("backup")
    ]
    assert [a.key for a in scheduler.tick(facts(now=datetime(2027, 3, 2, 4, 31, tzinfo=UTC)))] == [
        "archive",
        "backup",
    ]
    assert scheduler.tick(facts(school_year=None, last_backup_at=None)) == []
    summer = facts(
        now=datetime(2027, 8, 22, 10, 5, tzinfo=UTC),
        last_archive_at=datetime(2027, 8, 22, 4, 30, tzinfo=UTC),
        last_backup_at=datetime(2027, 8, 22, 10, 0, tzinfo=UTC),
    )
    assert [a.key for a in scheduler.tick(summer)] == [
        "yearly_archive",
        "new_base",
        "version_change",
    ]
    done = frozenset({"2027:yearly_archive", "2027:new_base", "2027:version_change"})
    assert (
        scheduler.tick(
            facts(
                now=summer.now,
                last_archive_at=summer.last_archive_at,
                last_backup_at=summer.last_backup_at,
                done=done,
            )
        )
        == []
    )
    # events from before the scheduler first saw the school are not replayed
    late = facts(
        now=summer.now,
        since=datetime(2027, 8, 20, tzinfo=UTC),
        last_archive_at=summer.last_archive_at,
        last_backup_at=summer.last_backup_at,
    )
    assert [a.key for a in scheduler.tick(late)] == ["version_change"]
    keep = VersionChangeChoice(
        option=VersionChangeOption.DEFERRED_KEEP_BASE, deferred_to=date(2027, 9, 10)
    )
    assert [key for key, _ in calendar.events(keep, 2027)] == ["yearly_archive", "version_change"]


def test_a_year_of_backups_archives_and_the_version_change(
    runtime: tuple[Runtime, str],
) -> None:
    rt, number = runtime
    account = account_of(rt, number)
    start = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)
    new_base(rt, account, start, "2026-2027")

    # one day, every two hours: 12 backups kept, one archive
    now = start
    for _ in range(13):
        scheduler.run_once(rt, now)
        now += timedelta(hours=2)
    assert counts(rt, number) == {SnapshotKind.BACKUP: 12, SnapshotKind.ARCHIVE: 2}

    # thirty-three days, once a day: 30 archives kept, backups stay at 12
    for _ in range(33):
        scheduler.run_once(rt, now)
        now += timedelta(days=1)
    kept = counts(rt, number)
    assert kept[SnapshotKind.ARCHIVE] == 30
    assert kept[SnapshotKind.BACKUP] == 12

    # the summer, one day at a time from late June: yearly archive, new base, version change
    now = datetime(2027, 7, 1, 5, 0, tzinfo=UTC)
    while now < datetime(2027, 8, 24, tzinfo=UTC):
        scheduler.run_once(rt, now)
        now += timedelta(days=1)
    kept = counts(rt, number)
    assert kept[SnapshotKind.YEARLY] == 1
    assert kept[SnapshotKind.ARCHIVE] == 30
    with rt.sessions() as db:
        current = bases.current_base(db, account.id)
        assert current is not None and current.school_year == "2027-2028"
        actions = list(
            db.scalars(
                select(HistoryRecord.action).where(
                    HistoryRecord.account_id == account.id,
                    HistoryRecord.action.like("calendar.%"),
                )
            )
        )
    assert actions == ["calendar.yearly_archive", "calendar.new_base", "calendar.version_change"]
    plan = calendar.read(rt, number, datetime(2027, 8, 24, tzinfo=UTC))
    assert all(e.done for e in plan.events)
    (told,) = [m for m in read_outbox(rt.outbox.directory) if m.kind == "version_change"]
    assert "2027-2028" in told.text and told.channel == "email"


def test_retention_keeps_the_newest_and_the_only_copy() -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    items = [
        retention.Kept(f"{i:032x}", SnapshotKind.BACKUP, now - timedelta(hours=2 * i), "a")
        for i in range(20)
    ]
    lonely = retention.Kept("f" * 32, SnapshotKind.BACKUP, now - timedelta(days=9), "b")
    doomed = retention.retention([*items, lonely], now)
    assert doomed == {f"{i:032x}" for i in range(12, 20)}
    assert retention.retention(items[:1], now) == set()


def test_pre_release_replaces_last_years_base_early_july(
    tmp_path: Path,
) -> None:
    live = LiveService(data_dir=tmp_path / "data", log_path=tmp_path / "log")
    live.init()
    number = live.create_account().hosting_number
    rt = open_runtime(live.data_dir)
    try:
        account = account_of(rt, number)
        when = datetime(2027, 6, 1, tzinfo=UTC)
        new_base(rt, account, when, "2026-2027")
        with rt.sessions() as db:
            row = db.get(Account, account.id)
            assert row is not None
            who = acting.Actor(account=row, source_ip=None, now=when)
            calendar.save(rt, db, who, VersionChangeChoice(option=VersionChangeOption.PRE_RELEASE))
        scheduler.run_once(rt, when)
        scheduler.run_once(rt, datetime(2027, 7, 1, 6, 0, tzinfo=UTC))
        with rt.sessions() as db:
            current = bases.current_base(db, account.id)
            assert current is not None and current.school_year == "2027-2028"
        # the yearly archive was taken first, of last year's base
        (yearly,) = [s for s in snapshots.scan(rt.data, number) if s.kind is SnapshotKind.YEARLY]
        assert yearly.manifest.school_year == "2026-2027"
    finally:
        rt.close()


def test_a_scheduled_backup_on_a_full_disk_fails_loudly_and_deletes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = LiveService(data_dir=tmp_path / "data", log_path=tmp_path / "log")
    live.init()
    number = live.create_account().hosting_number
    rt = open_runtime(live.data_dir)
    try:
        account = account_of(rt, number)
        when = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
        new_base(rt, account, when)
        scheduler.run_once(rt, when)
        before = {s.path.name for s in snapshots.scan(rt.data, number)}
        assert len(before) == 2  # the first archive and backup
        quota = tmp_path / "quota"
        quota.write_text("1", encoding="ascii")
        monkeypatch.setenv(snapshots.QUOTA_ENV, str(quota))
        mails_before = len(read_outbox(live.outbox))
        scheduler.run_once(rt, when + timedelta(hours=2))
        assert {s.path.name for s in snapshots.scan(rt.data, number)} == before
        listing = snapshots_service.listing(rt, account, when + timedelta(hours=2))
        assert listing.last_failure is not None
        assert listing.last_failure.code.value == "snapshot_failed"
        assert listing.last_failure.params["reason"] == "snapshot.problem.disk_full"
        (mail,) = read_outbox(live.outbox)[mails_before:]
        assert (mail.channel, mail.kind) == ("email", "backup_failed")
        assert "plus de place sur le disque" in mail.text
        with rt.sessions() as db:
            failed = db.scalar(
                select(HistoryRecord).where(
                    HistoryRecord.account_id == account.id,
                    HistoryRecord.action == "snapshot.scheduled_failure",
                )
            )
            assert failed is not None and failed.outcome == "failure"
        monkeypatch.delenv(snapshots.QUOTA_ENV)
        scheduler.run_once(rt, when + timedelta(hours=4))  # the next one succeeds: cleared
        assert snapshots_service.listing(rt, account, when).last_failure is None
    finally:
        rt.close()


def test_entries_lost_follow_the_last_entry_and_the_counts() -> None:
    empty = BaseCounts()
    more = BaseCounts.model_validate(
        {"resources": {"students": 40}, "schooling": {"grades": 7}, "school_life": {}}
    )
    taken = datetime(2027, 3, 1, 10, 0, 0, 700_000, tzinfo=UTC)
    assert snapshots_service.entries_lost(empty, more, None, taken) == 0
    assert snapshots_service.entries_lost(empty, more, taken - timedelta(seconds=5), taken) == 0
    # the same second (the base keeps seconds): what the counts show
    same = taken.replace(microsecond=0)
    assert snapshots_service.entries_lost(empty, more, same, taken) == 47
    assert snapshots_service.entries_lost(more, more, same, taken) == 0
    # later: at least one (an entry that changed a row without adding one)
    later = taken + timedelta(minutes=5)
    assert snapshots_service.entries_lost(more, more, later, taken) == 1
    assert snapshots_service.entries_lost(more, empty, later, taken) == 47


def test_one_worker_holds_the_lease_until_it_expires(runtime: tuple[Runtime, str]) -> None:
    rt, _ = runtime
    at = datetime(2030, 1, 1, tzinfo=UTC)
    assert scheduler.take_lease(rt, "host-a:1", at)
    assert not scheduler.take_lease(rt, "host-b:2", at + timedelta(minutes=1))
    assert scheduler.take_lease(rt, "host-a:1", at + timedelta(minutes=5))  # renewed
    assert not scheduler.take_lease(rt, "host-b:2", at + timedelta(minutes=14))
    assert scheduler.take_lease(rt, "host-b:2", at + timedelta(minutes=16))  # a's expired
    assert not scheduler.take_lease(rt, "host-a:1", at + timedelta(minutes=17))
    # b holds it until 2030: this process's turns are skipped meanwhile
    with scheduler._turn(rt) as mine:
        assert mine is False
    with rt.sessions() as db:
        db.execute(delete(SchedulerLease))
        db.commit()
    with scheduler._turn(rt) as mine:
        assert mine is True


def test_deferring_with_the_base_in_service_keeps_it_at_the_date_chosen(tmp_path: Path) -> None:
    live = LiveService(data_dir=tmp_path / "data", log_path=tmp_path / "log")
    live.init()
    number = live.create_account().hosting_number
    rt = open_runtime(live.data_dir)
    try:
        account = account_of(rt, number)
        june = datetime(2027, 6, 1, tzinfo=UTC)
        new_base(rt, account, june, "2026-2027")
        with rt.sessions() as db:
            row = db.get(Account, account.id)
            assert row is not None
            who = acting.Actor(account=row, source_ip=None, now=june)
            keep = VersionChangeChoice(
                option=VersionChangeOption.DEFERRED_KEEP_BASE, deferred_to=date(2027, 9, 10)
            )
            calendar.save(rt, db, who, keep)
        scheduler.run_once(rt, june)
        scheduler.run_once(rt, datetime(2027, 8, 25, tzinfo=UTC))  # no new base, no change yet
        with rt.sessions() as db:
            years = sorted(
                db.scalars(
                    select(SchoolBase.school_year).where(SchoolBase.account_id == account.id)
                )
            )
        assert years == ["2026-2027"]
        scheduler.run_once(rt, datetime(2027, 9, 10, 6, 0, tzinfo=UTC))
        with rt.sessions() as db:
            current = bases.current_base(db, account.id)
            assert current is not None and current.school_year == "2026-2027"
            event = db.scalar(
                select(HistoryRecord).where(
                    HistoryRecord.account_id == account.id,
                    HistoryRecord.action == "calendar.version_change",
                )
            )
            assert event is not None and event.detail["kept"] is True
    finally:
        rt.close()
