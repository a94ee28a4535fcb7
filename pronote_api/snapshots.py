"""Wire contract of backups, archives, restore, recovery of last year's data and the yearly
calendar (Fiches 6, 10, 12, Mes archives).

Routes (API listener, session required; see ``docs/api.md``):

* ``GET  /v1/snapshots`` -> :class:`SnapshotList` (ETag/304)
* ``POST /v1/snapshots`` (:class:`TakeSnapshotRequest`) -> :class:`~pronote_api.school.Job`
  (on demand; kind ``take_snapshot``; the result holds ``snapshot_id``, ``name``, ``deleted``)
* ``POST /v1/snapshots/{snapshot_id}/verify`` -> ``Job`` (kind ``verify_snapshot``; the result
  holds ``ok`` and, when not, ``reason`` and ``error`` (an ``ApiError``); the snapshot's
  ``verified_at``/``verified_ok`` follow)
* ``GET  /v1/snapshots/{snapshot_id}/restore-preview`` -> :class:`RestorePreview`
* ``POST /v1/snapshots/{snapshot_id}/restore`` -> ``Job`` (kind ``restore``; server stopped, else
  ``server_running``; the result holds ``before_restore_id``, the snapshot of the base as it was,
  so that a wrong restore can be undone by restoring that one (``None`` when no file was
  replaced: a base the account no longer has is installed beside the others), and ``base_id``,
  the base now current; a damaged or foreign snapshot fails the job with ``snapshot_corrupt`` or
  ``snapshot_foreign`` before anything is touched)
* ``GET  /v1/snapshots/{snapshot_id}/file`` -> the snapshot's bytes; honours ``Range: bytes=N-``
  (``206``) so a cut download resumes (``416`` beyond the end); ``X-Content-SHA256`` carries the
  whole file's checksum (also ``Snapshot.sha256``)
* ``POST /v1/snapshots/import`` (:class:`~pronote_api.school.UploadRef`, an upload of kind
  ``archive``) -> ``Job`` (kind ``import_snapshot``; a wrong checksum, a truncated file or another
  school's snapshot is refused and nothing is listed)
* ``GET  /v1/recovery/categories`` -> :class:`RecoveryTree` (Fiche 6's tree)
* ``POST /v1/recovery`` (:class:`RecoveryRequest`) -> ``Job`` (kind ``recover``; the result is a
  :class:`RecoveryReport` as a dict, one line per leaf category in the guide's order, then
  one line ``users`` when the users were asked for)
* ``GET  /v1/calendar`` -> :class:`VersionChangePlan`
* ``PUT  /v1/calendar`` (:class:`VersionChangeChoice`) -> ``VersionChangePlan`` (history)

The snapshot file format (``.sauvs``/``.archs``: a manifest and the base, compressed and
checksummed) is described in ``docs/formats.md``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pronote_api.error_body import ApiError
from pronote_api.school import BaseCounts


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


BACKUP_EVERY_HOURS = 2
BACKUPS_KEPT = 12
ARCHIVES_KEPT = 30


class SnapshotKind(StrEnum):
    """Type (catalogue ``snapshot.kind.<value>``)."""

    BACKUP = "backup"  # .sauvs, every 2 hours
    ARCHIVE = "archive"  # .archs, every day
    YEARLY = "yearly"  # .archs of the ending year, early July, kept for the next year
    BEFORE_RESTORE = "before_restore"  # the base as it was before a restore
    IMPORTED = "imported"  # uploaded from elsewhere (Mes archives)


class Snapshot(_Model):
    id: str
    name: str = Field(description="Nom: the file name shown, e.g. '2026-11-29 14h00.sauvs'")
    kind: SnapshotKind
    taken_at: datetime
    size_bytes: int
    sha256: str
    base_name: str
    school_year: str
    base_created_at: datetime
    last_entry_at: datetime | None = None
    counts: BaseCounts
    verified_at: datetime | None = None
    verified_ok: bool | None = None


class SnapshotList(_Model):
    backups: list[Snapshot] = Field(default_factory=list, description="newest first")
    archives: list[Snapshot] = Field(
        default_factory=list, description="archives, yearly, before-restore, imported; newest first"
    )
    last_failure: ApiError | None = Field(
        default=None, description="the last scheduled snapshot that failed, until one succeeds"
    )
    last_failure_at: datetime | None = None
    next_backup_at: datetime | None = None
    next_archive_at: datetime | None = None


class TakeSnapshotRequest(_Model):
    kind: SnapshotKind = Field(default=SnapshotKind.BACKUP, description="backup or archive")


class RestorePreview(_Model):
    """What the confirmation dialog names: what is replaced and how much work is lost."""

    snapshot: Snapshot
    current_base_name: str | None
    current_last_entry_at: datetime | None
    entries_lost: int = Field(description="entries made in the base after the snapshot's date")
    counts_now: BaseCounts | None


# --- recovery of last year's data (Fiche 6) ------------------------------------------------------


class RecoveryCategory(_Model):
    key: str = Field(description="catalogue ``category.<key>``")
    children: list[RecoveryCategory] = Field(default_factory=list)


class RecoveryTree(_Model):
    categories: list[RecoveryCategory]


class RecoveryRequest(_Model):
    snapshot_id: str
    categories: list[str] = Field(
        default_factory=list, description="leaf or parent keys; parents: all"
    )
    users: bool = Field(default=False, description="Récupérer les utilisateurs")

    @model_validator(mode="after")
    def _something_to_recover(self) -> RecoveryRequest:
        # Récupérer les utilisateurs alone ticks no category; otherwise one at least.
        if not self.categories and not self.users:
            raise ValueError("tick at least one category, or ask for the users")
        return self


class RecoveryLine(_Model):
    category: str
    recovered: int
    kept: int = Field(description="already in the base, left as they were")
    unmatched: int = Field(description="could not be tied to this year's resources")
    unmatched_examples: list[str] = Field(default_factory=list, max_length=5)


class RecoveryReport(_Model):
    snapshot_id: str
    lines: list[RecoveryLine]


# --- version change (Fiche 12) ---------------------------------------------------------------


class VersionChangeOption(StrEnum):
    """The three choices of Mon compte > Changement de version (deferral has two bases)."""

    AT_RELEASE = "at_release"
    DEFERRED_NEW_BASE = "deferred_new_base"
    DEFERRED_KEEP_BASE = "deferred_keep_base"
    PRE_RELEASE = "pre_release"


class VersionChangeChoice(_Model):
    option: VersionChangeOption
    deferred_to: date | None = Field(default=None, description="required for the deferred ones")


class CalendarEvent(_Model):
    key: str = Field(description="catalogue ``calendar.event.<key>``")
    on: date
    done: bool


class VersionChangePlan(_Model):
    choice: VersionChangeChoice
    release_on: date = Field(description="end of August of the current cycle")
    new_base_on: date = Field(description="mid-August: the new empty base")
    pre_release_from: date = Field(description="early July")
    yearly_archive_on: date
    events: list[CalendarEvent] = Field(default_factory=list, description="this cycle, in order")
