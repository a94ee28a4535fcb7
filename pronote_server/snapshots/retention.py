"""Which snapshots are kept (:func:`retention`, a pure function, applied after a snapshot
succeeded) and the sweep of what a killed service left behind. Imports
:mod:`~pronote_server.snapshots.backups`."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pronote_api.snapshots import (
    ARCHIVES_KEPT,
    BACKUPS_KEPT,
    SnapshotKind,
)
from pronote_api.validation import is_hosting_number
from pronote_server.snapshots.backups import (
    BEFORE_RESTORE_KEPT,
    YEARLY_KEPT_FOR,
    scan,
    updating_state,
    writer_gone,
)
from pronote_server.store.config import DataDir


@dataclass(frozen=True)
class Kept:
    """What retention needs to know of a snapshot."""

    id: str
    kind: SnapshotKind
    taken_at: datetime
    base_id: str


def retention(items: Iterable[Kept], now: datetime) -> set[str]:
    """The ids to delete: beyond the last :data:`BACKUPS_KEPT` backups, the last
    :data:`ARCHIVES_KEPT` daily archives, the last :data:`BEFORE_RESTORE_KEPT` before-restore
    ones, and yearly archives older than :data:`YEARLY_KEPT_FOR`. Never the newest snapshot,
    never the newest of a base (the only copy of anything), never an imported one."""
    ordered = sorted(items, key=lambda k: k.taken_at, reverse=True)
    keep: set[str] = set()
    if ordered:
        keep.add(ordered[0].id)
    seen_bases: set[str] = set()
    for item in ordered:
        if item.base_id not in seen_bases:
            seen_bases.add(item.base_id)
            keep.add(item.id)
    limits = {
        SnapshotKind.BACKUP: BACKUPS_KEPT,
        SnapshotKind.ARCHIVE: ARCHIVES_KEPT,
        SnapshotKind.BEFORE_RESTORE: BEFORE_RESTORE_KEPT,
    }
    for kind, limit in limits.items():
        keep.update(k.id for k in [k for k in ordered if k.kind is kind][:limit])
    yearly = [k for k in ordered if k.kind is SnapshotKind.YEARLY]
    keep.update(k.id for k in yearly[:1])
    keep.update(k.id for k in yearly if now - k.taken_at <= YEARLY_KEPT_FOR)
    keep.update(k.id for k in ordered if k.kind is SnapshotKind.IMPORTED)
    return {k.id for k in ordered} - keep


def apply_retention(data: DataDir, hosting_number: str, now: datetime) -> list[str]:
    """Delete what :func:`retention` lets go; the names deleted."""
    stored = scan(data, hosting_number)
    doomed = retention((Kept(s.id, s.kind, s.taken_at, s.manifest.base_id) for s in stored), now)
    deleted: list[str] = []
    with updating_state(data, hosting_number) as state:
        for item in stored:
            if item.id in doomed:
                item.path.unlink(missing_ok=True)
                deleted.append(item.path.name)
                for key in ("sha256", "verified"):
                    state.get(key, {}).pop(item.id, None)
    return deleted


SWEEP_AFTER = timedelta(hours=1)


def sweep(data: DataDir, older_than: timedelta = SWEEP_AFTER) -> int:
    """Delete the temporary files a killed service left in the schools' folders (a snapshot or a
    restore under way): they are never listed, and never half of a base in service. Those whose
    writing process is gone, and any untouched for ``older_than`` (wall time, as the files'
    own); a young one of a live process (another worker) is left alone."""
    limit = time.time() - older_than.total_seconds()
    removed = 0
    root = data.root / "schools"
    if not root.is_dir():
        return 0
    for school in root.iterdir():
        if school.is_symlink() or not is_hosting_number(school.name):
            continue  # only the schools' own folders, never through a link
        for folder in ("backups", "archives", "bases"):
            directory = school / folder
            if not directory.is_dir():
                continue
            for path in directory.iterdir():
                if not (path.name.startswith(".") and ".tmp" in path.name):  # and -journal
                    continue
                with contextlib.suppress(OSError):
                    if not writer_gone(path.name) and path.stat().st_mtime > limit:
                        continue
                    path.unlink()
                    removed += 1
    return removed
