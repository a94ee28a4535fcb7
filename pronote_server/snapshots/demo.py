"""Backups and archives of the demo school, so that Sauvegardes, Mes archives and the recovery of
last year's data show something at once: real snapshots of its base (taken now, dated as the
scheduler would have dated them over the last hours and days), and the yearly archive of a
generated last-year base (what Fiche 6 recovers from). Written in the background once the service
answers; nothing is done if the demo school already has snapshots."""

from __future__ import annotations

import tempfile
import threading
from datetime import datetime, timedelta
from pathlib import Path

from pronote_api.snapshots import SnapshotKind
from pronote_server.bases import registry as bases
from pronote_server.demo import in_background
from pronote_server.runtime import Runtime
from pronote_server.school.populate import generate_base
from pronote_server.security import accounts
from pronote_server.snapshots import backups as snapshots
from pronote_server.snapshots.scheduler import archive_slot, backup_slot

DEMO_BACKUPS = 4
DEMO_ARCHIVES = 3
LAST_YEAR_SCALE = 0.1


def fill_demo_snapshots(runtime: Runtime, hosting_number: str) -> int:
    """Take the demo school's snapshots; how many were written."""
    data = runtime.data
    if snapshots.scan(data, hosting_number):
        return 0
    now = runtime.clock.now()
    with runtime.sessions() as db:
        account = accounts.find(db, hosting_number)
        base = bases.current_base(db, account.id) if account else None
        if account is None or base is None:
            return 0
        source = bases.base_path(data, base)
        year = base.school_year
    written = 0
    first = int(year[:4])
    with tempfile.TemporaryDirectory(prefix=".demo-", dir=data.root) as tmp:
        last_year = Path(tmp) / "last-year.sqlite"
        previous = f"{first - 1}-{first}"
        generate_base(
            last_year,
            scale=LAST_YEAR_SCALE,
            seed=first - 1,
            name=bases.default_name(previous),
            school_year=previous,
            hosting_number=hosting_number,
        )
        july = datetime(first, 7, 3, 4, 33, tzinfo=now.tzinfo)
        snapshots.take(data, hosting_number, last_year, kind=SnapshotKind.YEARLY, now=july)
        written += 1
    moments = [
        (SnapshotKind.ARCHIVE, archive_slot(now) - timedelta(days=d))
        for d in range(DEMO_ARCHIVES - 1, -1, -1)
    ]
    moments += [
        (SnapshotKind.BACKUP, backup_slot(now) - timedelta(hours=2 * h))
        for h in range(DEMO_BACKUPS - 1, -1, -1)
    ]
    for kind, at in moments:
        snapshots.take(data, hosting_number, source, kind=kind, now=at)
        written += 1
    with snapshots.updating_state(data, hosting_number) as state:
        scheduler = state.setdefault("scheduler", {})
        scheduler["last_backup_at"] = backup_slot(now).isoformat()
        scheduler["last_archive_at"] = archive_slot(now).isoformat()
    return written


def fill_demo_snapshots_later(runtime: Runtime, hosting_number: str) -> threading.Thread:
    return in_background(
        "demo-snapshots",
        lambda: fill_demo_snapshots(runtime, hosting_number),
        failed="demo snapshots not written",
    )
