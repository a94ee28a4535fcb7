"""The rules behind ``/v1/snapshots*``: list, take on demand, verify, preview and restore, import
an archive from elsewhere; and the scheduled snapshot with its failure handling.

Restoring (Fiche 10) needs the server stopped and runs as a job: the snapshot is first verified
fully (checksums, integrity, this school's) into a temporary file of the bases' folder, before
anything is touched; then the base as it is is itself kept as a ``before_restore`` snapshot; then
the verified file is renamed over the base (one ``rename``: a kill leaves the old base or the new
one, never a mix). See :mod:`pronote_server.snapshots.backups` for the files.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import HistoryAction
from pronote_api.school import BaseCounts, BaseOrigin, Job, UploadKind
from pronote_api.snapshots import (
    BACKUP_EVERY_HOURS,
    RecoveryRequest,
    RestorePreview,
    SnapshotKind,
    SnapshotList,
)
from pronote_server.bases import recovery, uploads
from pronote_server.bases import registry as bases
from pronote_server.errors import Refusal, SchoolError
from pronote_server.jobs import acting, checkpoints
from pronote_server.jobs import runner as jobs
from pronote_server.jobs.acting import Actor
from pronote_server.jobs.runner import JobContext
from pronote_server.runtime import Runtime
from pronote_server.school.base import BaseInfo, read_summary, record_entry
from pronote_server.school.hnot import read_hnot, read_manifest
from pronote_server.security import tenancy
from pronote_server.snapshots import backups as snapshots
from pronote_server.snapshots import retention
from pronote_server.store import history
from pronote_server.store.files import make_private_dir
from pronote_server.store.tables import Account, SchoolBase

log = logging.getLogger("pronote_server.snapshots")

SNAPSHOT_TAKE: Final = HistoryAction.SNAPSHOT_TAKE
SNAPSHOT_SCHEDULED_FAILURE: Final = HistoryAction.SNAPSHOT_SCHEDULED_FAILURE
SNAPSHOT_VERIFY: Final = HistoryAction.SNAPSHOT_VERIFY
SNAPSHOT_RESTORE: Final = HistoryAction.SNAPSHOT_RESTORE
SNAPSHOT_IMPORT: Final = HistoryAction.SNAPSHOT_IMPORT
SNAPSHOT_DELETE: Final = HistoryAction.SNAPSHOT_DELETE
ACTIONS: Final = (
    SNAPSHOT_TAKE,
    SNAPSHOT_SCHEDULED_FAILURE,
    SNAPSHOT_VERIFY,
    SNAPSHOT_RESTORE,
    SNAPSHOT_IMPORT,
    SNAPSHOT_DELETE,
    HistoryAction.RECOVERY_RECOVER,
)
"""History actions of this module (catalogue ``history.<action>``)."""

JOB_KINDS: Final = ("take_snapshot", "verify_snapshot", "restore", "import_snapshot", "recover")
ARCHIVE_HOUR = 4
"""Daily archives are taken at 04:30 (UTC), backups at every even hour."""
ARCHIVE_MINUTE = 30


def hosting(who: Actor) -> str:
    return who.account.hosting_number


# --- listing ---------------------------------------------------------------------------------


def next_backup_at(now: datetime) -> datetime:
    hour = (now.hour // BACKUP_EVERY_HOURS + 1) * BACKUP_EVERY_HOURS
    return now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=hour)


def next_archive_at(now: datetime) -> datetime:
    today = now.replace(hour=ARCHIVE_HOUR, minute=ARCHIVE_MINUTE, second=0, microsecond=0)
    return today if today > now else today + timedelta(days=1)


def listing(runtime: Runtime, account: Account, now: datetime) -> SnapshotList:
    number = account.hosting_number
    state = snapshots.read_state(runtime.data, number)
    items = [
        snapshots.to_wire(runtime.data, number, item, state)
        for item in snapshots.scan(runtime.data, number)
    ]
    failure, failure_at = snapshots.last_failure(state)
    return SnapshotList(
        backups=[s for s in items if s.kind is SnapshotKind.BACKUP],
        archives=[s for s in items if s.kind is not SnapshotKind.BACKUP],
        last_failure=failure,
        last_failure_at=failure_at,
        next_backup_at=next_backup_at(now),
        next_archive_at=next_archive_at(now),
    )


# --- jobs ------------------------------------------------------------------------------------


def _reporter(context: JobContext) -> snapshots.Step:
    return context.report


def _current_path(runtime: Runtime, db: Session, account_id: int) -> tuple[SchoolBase, Path]:
    base = bases.current_base(db, account_id)
    if base is None:
        raise Refusal(ErrorCode.NO_BASE)
    return base, bases.base_path(runtime.data, base)


def clear_failure(runtime: Runtime, number: str) -> None:
    with snapshots.updating_state(runtime.data, number) as state:
        state.pop("last_failure", None)


def take_job(runtime: Runtime, db: Session, who: Actor, kind: SnapshotKind) -> Job:
    """A backup or an archive on demand."""
    detail: history.Detail = {"kind": kind.value}
    with acting.refusals_recorded(db, who, SNAPSHOT_TAKE, detail):
        if kind not in (SnapshotKind.BACKUP, SnapshotKind.ARCHIVE):
            raise Refusal(ErrorCode.VALIDATION_ERROR, field="kind", reason="snapshot.problem.kind")
        jobs.ensure_idle(db, who.account_id, who.now)
        base, path = _current_path(runtime, db, who.account_id)
        detail["base_id"] = base.id
        number = hosting(who)

        def work(context: JobContext) -> dict[str, Any]:
            now = runtime.clock.now()
            item = snapshots.take(
                runtime.data, number, path, kind=kind, now=now, report=_reporter(context)
            )
            clear_failure(runtime, number)
            deleted = retention.apply_retention(runtime.data, number, now)
            return {"snapshot_id": item.id, "name": item.path.name, "deleted": len(deleted)}

        return acting.start_job(
            runtime,
            db,
            who,
            action=SNAPSHOT_TAKE,
            kind="take_snapshot",
            work=work,
            first_step="job.step.snapshotting",
            detail=detail,
        )


def verify_job(runtime: Runtime, db: Session, who: Actor, snapshot_id: str) -> Job:
    detail: history.Detail = {"snapshot_id": snapshot_id}
    with acting.refusals_recorded(db, who, SNAPSHOT_VERIFY, detail):
        item = snapshots.find(runtime.data, hosting(who), snapshot_id)
        detail["name"] = item.path.name
        number = hosting(who)

        def work(context: JobContext) -> dict[str, Any]:
            context.report("job.step.checking_snapshot", 0.1)
            error = snapshots.verify(runtime.data, number, item, runtime.clock.now())
            if error is None:
                return {"ok": True}
            reason = error.params.get("reason") or error.code.value
            return {"ok": False, "reason": reason, "error": error.model_dump(mode="json")}

        return acting.start_job(
            runtime,
            db,
            who,
            action=SNAPSHOT_VERIFY,
            kind="verify_snapshot",
            work=work,
            first_step="job.step.checking_snapshot",
            detail=detail,
        )


def _flat(counts: BaseCounts) -> dict[str, int]:
    return {k: v for group in counts.model_dump().values() for k, v in group.items()}


def entries_lost(
    then: BaseCounts, now: BaseCounts, last_entry_now: datetime | None, taken_at: datetime
) -> int:
    """How many entries the base received after the snapshot: none if its last entry is older;
    otherwise the rows added or removed since, table by table (the base's own counts), at least
    one. The base keeps its last entry to the second: one in the snapshot's second counts only
    what the counts show."""
    if last_entry_now is None:
        return 0
    second = taken_at.replace(microsecond=0)
    if last_entry_now < second:
        return 0
    a, b = _flat(then), _flat(now)
    changed = sum(abs(b.get(k, 0) - a.get(k, 0)) for k in set(a) | set(b))
    return max(changed, 1) if last_entry_now > second else changed


def _own_row(
    runtime: Runtime, db: Session, account_id: int, file_base_id: str
) -> SchoolBase | None:
    """The account's base whose file carries ``file_base_id`` (a snapshot names its base by the
    id inside the file). A base created here has that id in the store too; a base loaded from a
    ``.HNOT`` keeps the old server's id inside (its annexes are bound to it) under an id of the
    store's own, so the account's few bases are read, the current one first."""
    row = db.get(SchoolBase, file_base_id)
    if row is not None and row.account_id == account_id:
        return row
    rows = db.scalars(
        select(SchoolBase)
        .where(SchoolBase.account_id == account_id)
        .order_by(SchoolBase.is_current.desc())
    )
    for candidate in rows:
        with contextlib.suppress(SchoolError, OSError):
            if read_summary(bases.base_path(runtime.data, candidate)).id == file_base_id:
                return candidate
    return None


def _foreign(db: Session, account_id: int, file_base_id: str) -> bool:
    """Whether the base a snapshot names is another school's: its id is that of a base of
    another account. Such a snapshot was made (or forged) elsewhere: nothing is written for it."""
    row = db.get(SchoolBase, file_base_id)
    if row is not None and row.account_id != account_id:
        log.warning("refused a snapshot naming another school's base (account %s)", account_id)
        return True
    return False


def _replaced_file(
    runtime: Runtime, db: Session, account_id: int, item: snapshots.Stored
) -> Path | None:
    """The file a restore of ``item`` replaces: its own base's, if the account still has it
    (usually the current base); else none (it is installed beside the others)."""
    own = _own_row(runtime, db, account_id, item.manifest.base_id)
    return bases.base_path(runtime.data, own) if own is not None else None


def preview(runtime: Runtime, db: Session, who: Actor, snapshot_id: str) -> RestorePreview:
    """What the confirmation names: the base in service now, and the entries the restore loses
    (made in the replaced base after the snapshot's date; none if no base is replaced)."""
    number = hosting(who)
    item = snapshots.find(runtime.data, number, snapshot_id)
    state = snapshots.read_state(runtime.data, number)
    wire = snapshots.to_wire(runtime.data, number, item, state)
    base = bases.current_base(db, who.account_id)
    current = None
    if base is not None:
        with contextlib.suppress(SchoolError, OSError):
            current = read_summary(bases.base_path(runtime.data, base))
    lost = 0
    replaced = _replaced_file(runtime, db, who.account_id, item)
    if replaced is not None:
        with contextlib.suppress(SchoolError, OSError):
            info = read_summary(replaced)
            lost = entries_lost(
                item.manifest.counts, info.counts, info.last_entry_at, item.taken_at
            )
    return RestorePreview(
        snapshot=wire,
        current_base_name=current.name if current else base.name if base else None,
        current_last_entry_at=current.last_entry_at if current else None,
        entries_lost=lost,
        counts_now=current.counts if current else None,
    )


def restore_job(runtime: Runtime, db: Session, who: Actor, snapshot_id: str) -> Job:
    """Ouvrir cette archive (Fiche 10), server stopped."""
    detail: history.Detail = {"snapshot_id": snapshot_id}
    with acting.refusals_recorded(db, who, SNAPSHOT_RESTORE, detail):
        acting.require_stopped(db, who.account_id, who.now)
        jobs.ensure_idle(db, who.account_id, who.now)
        number = hosting(who)
        item = snapshots.find(runtime.data, number, snapshot_id)
        detail["name"] = item.path.name
        if _foreign(db, who.account_id, item.manifest.base_id):
            raise Refusal(ErrorCode.SNAPSHOT_FOREIGN)
        current = bases.current_base(db, who.account_id)
        current_id = current.id if current else None
        # The before-restore snapshot keeps the file the restore replaces; the current base,
        # if it is another one, is left as it is (it only stops being current).
        replaced = _replaced_file(runtime, db, who.account_id, item)

        def work(context: JobContext) -> dict[str, Any]:
            # 1. the snapshot is verified whole before anything is touched
            with _extracted(runtime, number, item, "restore", context) as (tmp, info):
                # 2. the base as it is, kept so that a wrong restore can be undone
                before_id = None
                if replaced is not None and replaced.is_file():
                    context.report("job.step.saving_before_restore", 0.4)
                    before = snapshots.take(
                        runtime.data,
                        number,
                        replaced,
                        kind=SnapshotKind.BEFORE_RESTORE,
                        now=runtime.clock.now(),
                    )
                    before_id = before.id
                    checkpoints.reached("restore.saved_before")
                # 3. one rename
                context.report("job.step.restoring", 0.9)
                base_id = _swap_in(
                    runtime,
                    who,
                    info.id,
                    info.name,
                    info.school_year,
                    tmp,
                    current_id,
                    source=item.path.name,
                )
            retention.apply_retention(runtime.data, number, runtime.clock.now())
            return {
                "before_restore_id": before_id,
                "base_id": base_id,
                "snapshot_id": item.id,
                "name": info.name,
            }

        return acting.start_job(
            runtime,
            db,
            who,
            action=SNAPSHOT_RESTORE,
            kind="restore",
            work=work,
            first_step="job.step.checking_snapshot",
            detail=detail,
        )


@contextlib.contextmanager
def _extracted(
    runtime: Runtime, number: str, item: snapshots.Stored, label: str, context: JobContext
) -> Iterator[tuple[Path, BaseInfo]]:
    """The snapshot's base, verified whole and extracted to a temporary file beside the bases
    (removed on leaving, whatever happens), with its summary."""
    folder = make_private_dir(bases.bases_dir(runtime.data, number))
    tmp = folder / snapshots.temp_name(label)
    try:
        context.report("job.step.checking_snapshot", 0.05)
        halfway = [False]

        def progress(done: int, total: int) -> None:
            if not halfway[0] and 2 * done >= total:
                halfway[0] = True
                checkpoints.reached(f"{label}.extracting")

        # A snapshot this service wrote and verified is not checked fully a second time.
        ours = snapshots.verified_sha256(runtime.data, number, item)
        try:
            info = read_hnot(
                item.path, tmp, hosting_number=number, progress=progress, verified_sha256=ours
            )
        except SchoolError as exc:
            raise snapshots.refusal_of_file(exc) from None
        yield tmp, info
    finally:
        tmp.unlink(missing_ok=True)


def _swap_in(
    runtime: Runtime,
    who: Actor,
    base_id: str,
    name: str,
    school_year: str,
    verified: Path,
    current_id: str | None,
    *,
    source: str,
) -> str:
    """Rename the verified base into place and make it the current one. The snapshot's own base
    replaces its file; a base the store no longer knows (an archive of a deleted or another
    year's base) is installed beside the others."""
    with acting.account_lock(who.account_id), runtime.sessions() as db:
        now = runtime.clock.now()
        acting.require_stopped(db, who.account_id, now)
        if _foreign(db, who.account_id, base_id):
            raise Refusal(ErrorCode.SNAPSHOT_FOREIGN)
        row = _own_row(runtime, db, who.account_id, base_id)
        # Both paths are proven inside this school's bases/ (tenancy): nothing else is written.
        if row is not None:
            target = bases.base_path(runtime.data, row)
        else:
            target = bases.base_file(runtime.data, who.account.hosting_number, base_id)
        if verified.parent != target.parent:
            raise tenancy.OutsideTenant()
        snapshots.fsync_file(verified)
        checkpoints.reached("restore.before_rename")
        verified.replace(target)
        snapshots.fsync_dir(target.parent)
        checkpoints.reached("restore.after_rename")
        if row is None:
            row = bases.register(
                runtime, db, who, base_id, target, name, school_year, BaseOrigin.RESTORED, source
            )
        row.name = name[:120]
        row.school_year = school_year
        row.superadmin_defined = read_summary(target).superadmin_defined
        if current_id != row.id:
            bases.make_current(db, who.account_id, row)
        db.commit()
        return row.id


def import_job(runtime: Runtime, db: Session, who: Actor, upload_id: str) -> Job:
    """An archive from elsewhere (Mes archives): verified whole, then kept as ``imported``."""
    detail: history.Detail = {"upload_id": upload_id}
    with acting.refusals_recorded(db, who, SNAPSHOT_IMPORT, detail):
        jobs.ensure_idle(db, who.account_id, who.now)
        upload, _ = uploads.take(runtime, db, who.account_id, upload_id, (UploadKind.ARCHIVE,))
        filename = upload.filename
        detail["file"] = filename
        number = hosting(who)

        def foreign(base_id: str) -> bool:
            with runtime.sessions() as session:
                return _foreign(session, who.account_id, base_id)

        def work(context: JobContext) -> dict[str, Any]:
            folder = make_private_dir(
                snapshots.store_dir(runtime.data, number, SnapshotKind.IMPORTED)
            )
            tmp = folder / snapshots.temp_name("import")
            try:
                with uploads.named(runtime, upload_id, filename) as named:
                    context.report("job.step.checking_snapshot", 0.1)
                    try:
                        manifest = read_manifest(named)
                        if foreign(manifest.base_id):
                            raise Refusal(ErrorCode.SNAPSHOT_FOREIGN)
                        if manifest.snapshot is None:
                            raise snapshots.refusal_of_file(
                                SchoolError(
                                    ErrorCode.INVALID_FILE,
                                    "snapshot.problem.not_snapshot",
                                    file=filename,
                                )
                            )
                        info = uploads.read_uploaded_hnot(runtime, named, tmp, number)
                    except SchoolError as exc:
                        raise snapshots.refusal_of_file(exc) from None
                context.report("job.step.importing_archive", 0.5)
                stem = Path(snapshots.slug(Path(filename).stem)).name
                item = snapshots.pack(
                    runtime.data,
                    number,
                    tmp,
                    info,
                    kind=SnapshotKind.IMPORTED,
                    taken_at=manifest.snapshot.taken_at,
                    name=f"{stem}{snapshots.ARCHIVE_SUFFIX}",
                    report=_reporter(context),
                )
            finally:
                tmp.unlink(missing_ok=True)
                uploads.discard(runtime, upload_id)
            return {"snapshot_id": item.id, "name": item.path.name}

        return acting.start_job(
            runtime,
            db,
            who,
            action=SNAPSHOT_IMPORT,
            kind="import_snapshot",
            work=work,
            first_step="job.step.checking_snapshot",
            detail=detail,
        )


# --- scheduled ---------------------------------------------------------------------------------


# --- recovery (Fiche 6) ----------------------------------------------------------------------

RECOVERY_RECOVER: Final = HistoryAction.RECOVERY_RECOVER


def recover_job(runtime: Runtime, db: Session, who: Actor, body: RecoveryRequest) -> Job:
    """Récupérer les données d'une base PRONOTE (and Récupérer les utilisateurs): the archive is
    verified whole into a temporary file, then the ticked categories copied into the base in
    service (one transaction)."""
    detail: history.Detail = {"snapshot_id": body.snapshot_id, "users": body.users}
    with acting.refusals_recorded(db, who, RECOVERY_RECOVER, detail):
        keys = recovery.expand(body.categories)
        detail["categories"] = len(keys)
        jobs.ensure_idle(db, who.account_id, who.now)
        number = hosting(who)
        item = snapshots.find(runtime.data, number, body.snapshot_id)
        _, path = _current_path(runtime, db, who.account_id)

        def work(context: JobContext) -> dict[str, Any]:
            with _extracted(runtime, number, item, "recovery", context) as (tmp, _):
                context.report("job.step.recovering", 0.5)
                report = recovery.recover(
                    path, tmp, body.categories, users=body.users, snapshot_id=item.id
                )
            record_entry(path, runtime.clock.now())
            return report.model_dump(mode="json")

        return acting.start_job(
            runtime,
            db,
            who,
            action=RECOVERY_RECOVER,
            kind="recover",
            work=work,
            first_step="job.step.checking_snapshot",
            detail=detail,
        )
