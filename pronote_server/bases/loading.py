"""The long actions on an account's bases, run as jobs: load a ``.HNOT``, attach annexes, import
the users of a ``.profils``, prepare next year's base (after its yearly archive)."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.school import (
    BaseOrigin,
    Job,
    PrepareNextYearRequest,
    UploadKind,
)
from pronote_api.snapshots import SnapshotKind
from pronote_server.bases import uploads
from pronote_server.bases.registry import (
    BASE_ANNEXES,
    BASE_LOAD,
    BASE_PREPARE_NEXT_YEAR,
    BASE_USERS,
    base_file,
    base_path,
    check_grid,
    default_name,
    make_current,
    next_school_year,
    register,
    require_current,
)
from pronote_server.errors import Refusal
from pronote_server.jobs import runner as jobs
from pronote_server.jobs.acting import (
    Actor,
    account_lock,
    refusals_recorded,
    require_stopped,
    start_job,
)
from pronote_server.jobs.runner import JobContext
from pronote_server.runtime import Runtime
from pronote_server.school.annexes import attach_annex
from pronote_server.school.base import (
    BaseInfo,
    connect,
    create_base,
    read_summary,
)
from pronote_server.school.profils import import_profils
from pronote_server.snapshots import backups as snapshots
from pronote_server.store import history
from pronote_server.store.tables import SchoolBase


def load(runtime: Runtime, db: Session, who: Actor, upload_id: str) -> Job:
    """Charger une base: verify the uploaded ``.HNOT``, install its base and make it current."""
    detail: history.Detail = {"upload_id": upload_id}
    with refusals_recorded(db, who, BASE_LOAD, detail):
        require_stopped(db, who.account_id, who.now)
        jobs.ensure_idle(db, who.account_id, who.now)
        upload, _ = uploads.take(runtime, db, who.account_id, upload_id, (UploadKind.HNOT,))
        detail["file"] = upload.filename
        filename = upload.filename
        hosting_number = who.account.hosting_number
        base_id = uuid.uuid4().hex

        def work(context: JobContext) -> dict[str, Any]:
            final = base_file(runtime.data, hosting_number, base_id)
            tmp = final.with_name(f".{base_id}.sqlite.tmp")
            try:
                with uploads.named(runtime, upload_id, filename) as named:
                    info = uploads.read_uploaded_hnot(
                        runtime,
                        named,
                        tmp,
                        hosting_number,
                        progress=context.step_reporter("job.step.verifying", 0.0, 0.9),
                    )
                context.report("job.step.installing", 0.95)
                tmp.replace(final)  # its bytes were synced by read_hnot; now the rename
                snapshots.fsync_dir(final.parent)
                try:
                    _install_loaded(runtime, who, base_id, final, info.name, info, filename)
                except BaseException:
                    final.unlink(missing_ok=True)
                    raise
            finally:
                tmp.unlink(missing_ok=True)
                uploads.discard(runtime, upload_id)
            return {
                "base_id": base_id,
                "name": info.name,
                "school_year": info.school_year,
                "file": filename,
            }

        return start_job(
            runtime,
            db,
            who,
            action=BASE_LOAD,
            kind="load_base",
            work=work,
            first_step="job.step.verifying",
            detail={**detail, "base_id": base_id},
        )


@dataclass(frozen=True)
class _Reading:
    """A file read into the current base: the history's action, the upload's kind, the job's
    kind and its first step."""

    action: str
    upload: UploadKind
    job_kind: str
    step: str


_ANNEXES: Final = _Reading(BASE_ANNEXES, UploadKind.ANNEX, "annexes", "job.step.attaching")
_USERS: Final = _Reading(BASE_USERS, UploadKind.PROFILS, "users", "job.step.importing_users")


def _on_current(
    runtime: Runtime,
    db: Session,
    who: Actor,
    upload_id: str,
    reading: _Reading,
    apply: Callable[[Path, Path, JobContext], dict[str, Any]],
) -> Job:
    """A job that reads an uploaded file into the current base (annexes, users)."""
    detail: history.Detail = {"upload_id": upload_id}
    with refusals_recorded(db, who, reading.action, detail):
        jobs.ensure_idle(db, who.account_id, who.now)
        base = require_current(db, who.account_id)
        upload, _ = uploads.take(runtime, db, who.account_id, upload_id, (reading.upload,))
        filename = upload.filename
        detail.update(file=filename, base_id=base.id)
        path = base_path(runtime.data, base)

        def work(context: JobContext) -> dict[str, Any]:
            try:
                with uploads.named(runtime, upload_id, filename) as named:
                    return apply(path, named, context)
            finally:
                uploads.discard(runtime, upload_id)

        return start_job(
            runtime,
            db,
            who,
            action=reading.action,
            kind=reading.job_kind,
            work=work,
            first_step=reading.step,
            detail=detail,
        )


def annexes(runtime: Runtime, db: Session, who: Actor, upload_id: str) -> Job:
    """Compléter la base hébergée: attach an annex's documents, photos or letters to the base."""
    hosting_number = who.account.hosting_number

    def apply(base: Path, annex: Path, context: JobContext) -> dict[str, Any]:
        report = attach_annex(
            base,
            annex,
            hosting_number=hosting_number,
            ratio_max=runtime.config.expansion_ratio_max,
            progress=context.step_reporter(_ANNEXES.step, 0.0, 1.0),
        )
        return report.model_dump(mode="json")

    return _on_current(runtime, db, who, upload_id, _ANNEXES, apply)


def users(runtime: Runtime, db: Session, who: Actor, upload_id: str) -> Job:
    """Récupérer les utilisateurs: create the administrative users of a ``.profils`` file."""

    def apply(base: Path, profils: Path, context: JobContext) -> dict[str, Any]:
        context.report(_USERS.step, 0.1)
        report = import_profils(base, profils, now=runtime.clock.now())
        return report.model_dump(mode="json")

    return _on_current(runtime, db, who, upload_id, _USERS, apply)


def _install_loaded(
    runtime: Runtime,
    who: Actor,
    base_id: str,
    path: Path,
    name: str,
    info: BaseInfo,
    filename: str,
) -> None:
    with account_lock(who.account_id), runtime.sessions() as db:
        now = runtime.clock.now()
        require_stopped(db, who.account_id, now)
        row = register(
            runtime, db, who, base_id, path, name, info.school_year, BaseOrigin.UPLOADED, filename
        )
        row.created_at = info.created_at
        row.added_at = now
        make_current(db, who.account_id, row)
        db.commit()


def archive_name(name: str, at: datetime) -> str:
    """``Base année 2026-2027`` at 2027-07-03 04:33 -> ``Base_annee_2026-2027_20270703_04h33.archs``
    (the old server's way of naming an archive, with only portable characters)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9-]+", "_", plain).strip("_") or "base"
    return f"{slug[:60]}_{at:%Y%m%d}_{at:%H}h{at:%M}.archs"


def snapshot(source: Path, dest: Path) -> None:
    """A consistent copy of the base at ``source`` (SQLite's online backup), even in service."""
    src = connect(source, readonly=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()


def prepare_next_year(
    runtime: Runtime, db: Session, who: Actor, body: PrepareNextYearRequest
) -> Job:
    """Préparer l'année suivante: archive the current base (the file the recovery of last
    year's data reads, Fiche 6) and create next year's empty base, with the same time grid
    unless another is given. The new base is not made current: it waits in "Autres bases"
    (origin ``next_year``) until it is opened, so the base in service is not disturbed."""
    detail: history.Detail = {}
    with refusals_recorded(db, who, BASE_PREPARE_NEXT_YEAR, detail):
        jobs.ensure_idle(db, who.account_id, who.now)
        current = require_current(db, who.account_id)
        if body.time_grid is not None:
            check_grid(body.time_grid)
        source = base_path(runtime.data, current)
        info = read_summary(source)
        year = next_school_year(info.school_year)
        detail.update(base_id=current.id, school_year=year)
        taken = db.scalar(
            select(SchoolBase.id).where(
                SchoolBase.account_id == who.account_id,
                SchoolBase.origin == BaseOrigin.NEXT_YEAR.value,
                SchoolBase.school_year == year,
            )
        )
        if taken is not None:
            raise Refusal(
                ErrorCode.CONFLICT,
                reason="base.problem.next_year_exists",
                reason_params={"school_year": year},
            )
        grid = body.time_grid or info.grid
        hosting_number = who.account.hosting_number
        new_id = uuid.uuid4().hex

        def work(context: JobContext) -> dict[str, Any]:
            now = runtime.clock.now()
            context.report("job.step.archiving", 0.05)
            # The yearly archive is a verified snapshot of the store (listed in Sauvegardes).
            archive = snapshots.take(
                runtime.data,
                hosting_number,
                source,
                kind=SnapshotKind.YEARLY,
                now=now,
                name=archive_name(info.name, now),
            ).path
            context.report("job.step.creating_base", 0.8)
            path = base_file(runtime.data, hosting_number, new_id)
            created = create_base(
                path,
                grid=grid,
                name=default_name(year),
                school_year=year,
                hosting_number=hosting_number,
                base_id=new_id,
                now=now,
            )
            try:
                with account_lock(who.account_id), runtime.sessions() as session:
                    row = register(
                        runtime,
                        session,
                        who,
                        new_id,
                        path,
                        created.name,
                        year,
                        BaseOrigin.NEXT_YEAR,
                    )
                    row.created_at = created.created_at
                    row.added_at = now
                    session.commit()
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            return {
                "archive": archive.name,
                "archive_size": archive.stat().st_size,
                "base_id": new_id,
                "name": created.name,
                "school_year": year,
            }

        return start_job(
            runtime,
            db,
            who,
            action=BASE_PREPARE_NEXT_YEAR,
            kind="prepare_next_year",
            work=work,
            first_step="job.step.archiving",
            detail=detail,
        )
