"""The school server of an account and its bases: create, open, load, put in service, stop,
prepare next year (the rules behind ``/v1/server/*`` and ``/v1/bases*``, see ``docs/server.md``).

Files: ``<data>/schools/<hosting number>/bases/<base id>.sqlite`` (one per base) and
``.../archives/`` (the yearly archives). The store says which base is current, which were in
service, which server state the account is in; the files hold the school's data (read through
:mod:`pronote_server.school`).

Rules:

* creating, opening or loading a base needs the server stopped (``server_running``);
* one long operation (job) per account at a time, and nothing else that changes the bases
  meanwhile (``job_running``);
* putting a base in service needs a current base (``no_base``) and, the first time, the
  superadministrator (``superadmin_required``, then ``weak_password``);
* a load that fails, for whatever reason, leaves the bases as they were.

Every action is written to the history (``base.*``, ``server.*``), with its outcome and never a
secret. Operations that change the bases run under a per-account lock and commit before they
return, so two requests of one account never interleave in this process; across workers the
server row is locked (``SELECT ... FOR UPDATE``, PostgreSQL) and a partial unique index keeps one
current base per account.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import ServerState, ServerStatus
from pronote_api.school import (
    BaseCounts,
    BaseList,
    BaseOrigin,
    BaseSummary,
    CreateBaseRequest,
    Job,
    PrepareNextYearRequest,
    StartRequest,
    TimeGrid,
    UploadKind,
    grid_problems,
)
from pronote_api.snapshots import SnapshotKind
from pronote_server.bases import uploads
from pronote_server.clients import sessions as clients
from pronote_server.errors import Refusal, SchoolError, WeakPasswordError
from pronote_server.jobs import runner as jobs
from pronote_server.jobs.acting import (
    Actor,
    account_lock,
    audited,
    is_running,
    refusals_recorded,
    require_stopped,
    server_row,
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
    set_superadmin,
)
from pronote_server.school.hnot import read_hnot
from pronote_server.school.profils import import_profils
from pronote_server.security import tenancy
from pronote_server.snapshots import backups as snapshots
from pronote_server.store import history
from pronote_server.store.config import DataDir
from pronote_server.store.files import make_private_dir
from pronote_server.store.tables import SchoolBase

SERVER_START: Final = "server.start"
SERVER_STOP: Final = "server.stop"
BASE_CREATE: Final = "base.create"
BASE_OPEN: Final = "base.open"
BASE_LOAD: Final = "base.load"
BASE_ANNEXES: Final = "base.annexes"
BASE_USERS: Final = "base.users"
BASE_PREPARE_NEXT_YEAR: Final = "base.prepare_next_year"
ACTIONS: Final = (
    SERVER_START,
    SERVER_STOP,
    BASE_CREATE,
    BASE_OPEN,
    BASE_LOAD,
    BASE_ANNEXES,
    BASE_USERS,
    BASE_PREPARE_NEXT_YEAR,
)
"""History actions of this module (catalogue ``history.<action>``)."""

JOB_KINDS: Final = ("load_base", "annexes", "users", "prepare_next_year")


# --- paths ---------------------------------------------------------------------------------------


def school_dir(data: DataDir, hosting_number: str) -> Path:
    return tenancy.school_dir(data, hosting_number)


def bases_dir(data: DataDir, hosting_number: str) -> Path:
    return tenancy.school_folder(data, hosting_number, "bases")


def archives_dir(data: DataDir, hosting_number: str) -> Path:
    return tenancy.school_folder(data, hosting_number, "archives")


def base_file(data: DataDir, hosting_number: str, base_id: str) -> Path:
    """Where the base ``base_id`` of the school lives (its folder made if needed): the only
    path a base is written to, proven inside the school's ``bases/``."""
    make_private_dir(bases_dir(data, hosting_number))
    return tenancy.base_file(data, hosting_number, base_id)


def base_path(data: DataDir, row: SchoolBase) -> Path:
    """The file of a registered base, proven to be of the service's form and inside its folder."""
    return tenancy.stored_base_file(data, row.path, row.id)


def _relative(data: DataDir, path: Path) -> str:
    return path.relative_to(data.root.resolve()).as_posix()


# --- who does it, and the history ----------------------------------------------------------------


# --- state ---------------------------------------------------------------------------------------


def current_base(db: Session, account_id: int) -> SchoolBase | None:
    return db.scalar(
        select(SchoolBase).where(SchoolBase.account_id == account_id, SchoolBase.is_current)
    )


def find_base(db: Session, account_id: int, base_id: str) -> SchoolBase:
    row = db.get(SchoolBase, base_id) if re.fullmatch(r"[0-9a-f]{32}", base_id) else None
    if row is None or row.account_id != account_id:
        raise Refusal(ErrorCode.NOT_FOUND)
    return row


def status(db: Session, account_id: int) -> ServerStatus:
    base = current_base(db, account_id)
    return ServerStatus(
        state=ServerState.RUNNING if is_running(db, account_id) else ServerState.STOPPED,
        base_id=base.id if base else None,
        base_name=base.name if base else None,
        school_year=base.school_year if base else None,
        superadmin_defined=bool(base and base.superadmin_defined),
    )


def _require_current(db: Session, account_id: int) -> SchoolBase:
    base = current_base(db, account_id)
    if base is None:
        raise Refusal(ErrorCode.NO_BASE)
    return base


def make_current(db: Session, account_id: int, row: SchoolBase) -> None:
    # The old current row is cleared first: the unique index allows one at a time.
    db.execute(
        update(SchoolBase)
        .where(SchoolBase.account_id == account_id, SchoolBase.is_current, SchoolBase.id != row.id)
        .values(is_current=False)
    )
    db.flush()
    row.is_current = True
    db.flush()


def _check_grid(grid: TimeGrid) -> None:
    problems = grid_problems(grid)
    if problems:
        first = problems[0]
        raise Refusal(
            ErrorCode.INVALID_TIME_GRID,
            field=f"time_grid.{first.field}",
            reason=first.key,
            reason_params={**first.params, "reasons": [p.key for p in problems]},
        )


def school_year_of(now: datetime) -> str:
    """The school year running at ``now``: it starts on 1 August (the new base of mid-August)."""
    first = now.year if now.month >= 8 else now.year - 1
    return f"{first}-{first + 1}"


def next_school_year(year: str) -> str:
    first = int(year[:4]) + 1
    return f"{first}-{first + 1}"


def default_name(school_year: str) -> str:
    return f"Base année {school_year}"


# --- summaries -----------------------------------------------------------------------------------


def summary(runtime: Runtime, row: SchoolBase) -> BaseSummary:
    """What the console shows of a base, read from its file (cheap: counts are kept by the base
    itself). A file that cannot be read still shows what the store knows, with no counts."""
    path = base_path(runtime.data, row)
    try:
        info = read_summary(path)
    except (SchoolError, OSError, sqlite3.Error):
        return BaseSummary(
            id=row.id,
            name=row.name,
            school_year=row.school_year,
            origin=BaseOrigin(row.origin),
            created_at=row.created_at,
            first_in_service_at=row.first_in_service_at,
            current=row.is_current,
            size_bytes=path.stat().st_size if path.exists() else 0,
            counts=BaseCounts(),
        )
    return BaseSummary(
        id=row.id,
        name=info.name,
        school_year=info.school_year,
        origin=BaseOrigin(row.origin),
        created_at=info.created_at,
        last_entry_at=info.last_entry_at,
        first_in_service_at=row.first_in_service_at,
        current=row.is_current,
        size_bytes=info.size_bytes,
        counts=info.counts,
        time_grid=info.grid,
    )


def listing(runtime: Runtime, db: Session, account_id: int) -> BaseList:
    rows = list(db.scalars(select(SchoolBase).where(SchoolBase.account_id == account_id)))
    current = next((r for r in rows if r.is_current), None)
    served = sorted(
        (r for r in rows if not r.is_current and r.first_in_service_at is not None),
        key=lambda r: (r.first_in_service_at, r.added_at),
        reverse=True,
    )
    never = sorted(
        (r for r in rows if not r.is_current and r.first_in_service_at is None),
        key=lambda r: r.added_at,
        reverse=True,
    )
    return BaseList(
        current=summary(runtime, current) if current else None,
        previously_in_service=[summary(runtime, r) for r in served],
        uploaded=[summary(runtime, r) for r in never],
    )


# --- synchronous actions -----------------------------------------------------------------------


def create(runtime: Runtime, db: Session, who: Actor, body: CreateBaseRequest) -> SchoolBase:
    """Créer une base: a new empty base with the given time grid, made the current base."""
    with audited(db, who, BASE_CREATE) as detail:
        require_stopped(db, who.account_id, who.now)
        jobs.ensure_idle(db, who.account_id, who.now)
        _check_grid(body.time_grid)
        year = body.school_year or school_year_of(who.now)
        name = (body.name or "").strip() or default_name(year)
        base_id = uuid.uuid4().hex
        path = base_file(runtime.data, who.account.hosting_number, base_id)
        info = create_base(
            path,
            grid=body.time_grid,
            name=name,
            school_year=year,
            hosting_number=who.account.hosting_number,
            base_id=base_id,
            now=who.now,
        )
        try:
            row = register(runtime, db, who, base_id, path, info.name, year, BaseOrigin.CREATED)
            row.created_at = info.created_at
            make_current(db, who.account_id, row)
            db.commit()
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        detail.update(base_id=base_id, name=info.name, school_year=year)
    return row


def register(
    runtime: Runtime,
    db: Session,
    who: Actor,
    base_id: str,
    path: Path,
    name: str,
    school_year: str,
    origin: BaseOrigin,
    source_filename: str | None = None,
) -> SchoolBase:
    if path != tenancy.base_file(runtime.data, who.account.hosting_number, base_id):
        raise tenancy.OutsideTenant()
    row = SchoolBase(
        id=base_id,
        account_id=who.account_id,
        origin=origin.value,
        path=_relative(runtime.data, path),
        name=name[:120],
        school_year=school_year,
        created_at=who.now,
        added_at=who.now,
        is_current=False,
        first_in_service_at=None,
        superadmin_defined=False,
        source_filename=source_filename,
    )
    db.add(row)
    db.flush()
    return row


def open_base(runtime: Runtime, db: Session, who: Actor, base_id: str) -> SchoolBase:
    """Ouvrir cette base (Autres bases): make another base of the account the current one."""
    with audited(db, who, BASE_OPEN) as detail:
        detail["base_id"] = base_id
        require_stopped(db, who.account_id, who.now)
        jobs.ensure_idle(db, who.account_id, who.now)
        row = find_base(db, who.account_id, base_id)
        read_summary(base_path(runtime.data, row))  # refuses a file that cannot be read
        make_current(db, who.account_id, row)
        detail.update(name=row.name, school_year=row.school_year)
        db.commit()
    return row


def _superadmin_field(exc: WeakPasswordError) -> str:
    first = exc.reasons[0] if exc.reasons else ""
    return "superadmin.identifier" if first.startswith("base.") else "superadmin.password"


def start(runtime: Runtime, db: Session, who: Actor, body: StartRequest) -> ServerStatus:
    """Mettre en service. The first time for a base, its superadministrator is defined."""
    with audited(db, who, SERVER_START) as detail:
        server = server_row(db, who.account_id, who.now, lock=True)
        jobs.ensure_idle(db, who.account_id, who.now)
        base = _require_current(db, who.account_id)
        detail.update(base_id=base.id)
        if server.state == ServerState.RUNNING.value:
            raise Refusal(ErrorCode.CONFLICT, reason="server.problem.already_running")
        path = base_path(runtime.data, base)
        if not base.superadmin_defined:
            if body.superadmin is None:
                raise Refusal(ErrorCode.SUPERADMIN_REQUIRED, field="superadmin")
            try:
                set_superadmin(
                    path,
                    body.superadmin.identifier,
                    body.superadmin.password.get_secret_value(),
                    now=who.now,
                )
            except WeakPasswordError as exc:
                raise Refusal(
                    ErrorCode.WEAK_PASSWORD,
                    field=_superadmin_field(exc),
                    reason=exc.reasons[0],
                    reason_params={"reasons": list(exc.reasons)},
                ) from None
            base.superadmin_defined = True
            detail["superadmin_defined"] = True
        elif body.superadmin is not None:
            raise Refusal(
                ErrorCode.CONFLICT,
                field="superadmin",
                reason="server.problem.superadmin_defined",
            )
        else:
            read_summary(path)  # a base that cannot be read is not put in service
        if base.first_in_service_at is None:
            base.first_in_service_at = who.now
        server.state = ServerState.RUNNING.value
        server.changed_at = who.now
        db.commit()
    return status(db, who.account_id)


def stop(db: Session, who: Actor) -> ServerStatus:
    """Arrêter le serveur."""
    with audited(db, who, SERVER_STOP) as detail:
        server = server_row(db, who.account_id, who.now, lock=True)
        if server.state != ServerState.RUNNING.value:
            raise Refusal(ErrorCode.CONFLICT, reason="server.problem.already_stopped")
        base = current_base(db, who.account_id)
        if base is not None:
            detail["base_id"] = base.id
        server.state = ServerState.STOPPED.value
        server.changed_at = who.now
        # Every desktop client's session ends; each client is told at its next heartbeat.
        detail["clients_ended"] = clients.end_all(
            db, who.account_id, who.now, clients.EndReason.SERVER_STOPPED
        )
        db.commit()
    return status(db, who.account_id)


# --- jobs ----------------------------------------------------------------------------------------


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
                    info = read_hnot(
                        named,
                        tmp,
                        hosting_number=hosting_number,
                        progress=context.step_reporter("job.step.verifying", 0.0, 0.9),
                    )
                context.report("job.step.installing", 0.95)
                tmp.replace(final)
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


def _on_current(
    runtime: Runtime,
    db: Session,
    who: Actor,
    upload_id: str,
    *,
    action: str,
    kind: UploadKind,
    job_kind: str,
    step: str,
    apply: Callable[[Path, Path, JobContext], dict[str, Any]],
) -> Job:
    """A job that reads an uploaded file into the current base (annexes, users)."""
    detail: history.Detail = {"upload_id": upload_id}
    with refusals_recorded(db, who, action, detail):
        jobs.ensure_idle(db, who.account_id, who.now)
        base = _require_current(db, who.account_id)
        upload, _ = uploads.take(runtime, db, who.account_id, upload_id, (kind,))
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
            action=action,
            kind=job_kind,
            work=work,
            first_step=step,
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
            progress=context.step_reporter("job.step.attaching", 0.0, 1.0),
        )
        return report.model_dump(mode="json")

    return _on_current(
        runtime,
        db,
        who,
        upload_id,
        action=BASE_ANNEXES,
        kind=UploadKind.ANNEX,
        job_kind="annexes",
        step="job.step.attaching",
        apply=apply,
    )


def users(runtime: Runtime, db: Session, who: Actor, upload_id: str) -> Job:
    """Récupérer les utilisateurs: create the administrative users of a ``.profils`` file."""

    def apply(base: Path, profils: Path, context: JobContext) -> dict[str, Any]:
        context.report("job.step.importing_users", 0.1)
        report = import_profils(base, profils, now=runtime.clock.now())
        return report.model_dump(mode="json")

    return _on_current(
        runtime,
        db,
        who,
        upload_id,
        action=BASE_USERS,
        kind=UploadKind.PROFILS,
        job_kind="users",
        step="job.step.importing_users",
        apply=apply,
    )


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
        current = _require_current(db, who.account_id)
        if body.time_grid is not None:
            _check_grid(body.time_grid)
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
