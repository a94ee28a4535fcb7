"""The registry of an account's bases: where their files live, which one is current, their
summaries, and the synchronous actions (create, register, open). The rules behind
``/v1/server/*`` and ``/v1/bases*`` (see ``docs/server.md``) are shared with
:mod:`~pronote_server.bases.server` (put in service, stop) and :mod:`~pronote_server.bases.loading`
(the long actions: load, annexes, users, prepare next year).

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
import uuid
from datetime import datetime
from pathlib import Path
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pronote_api.errors import ErrorCode
from pronote_api.models import HistoryAction, ServerState, ServerStatus
from pronote_api.school import (
    BaseCounts,
    BaseList,
    BaseOrigin,
    BaseSummary,
    CreateBaseRequest,
    TimeGrid,
    base_section,
    grid_problems,
)
from pronote_server.errors import Refusal, SchoolError
from pronote_server.jobs import runner as jobs
from pronote_server.jobs.acting import (
    Actor,
    audited,
    is_running,
    require_stopped,
)
from pronote_server.runtime import Runtime
from pronote_server.school.base import (
    create_base,
    read_summary,
)
from pronote_server.security import tenancy
from pronote_server.store.config import DataDir
from pronote_server.store.files import make_private_dir
from pronote_server.store.tables import SchoolBase

SERVER_START: Final = HistoryAction.SERVER_START
SERVER_STOP: Final = HistoryAction.SERVER_STOP
BASE_CREATE: Final = HistoryAction.BASE_CREATE
BASE_OPEN: Final = HistoryAction.BASE_OPEN
BASE_LOAD: Final = HistoryAction.BASE_LOAD
BASE_ANNEXES: Final = HistoryAction.BASE_ANNEXES
BASE_USERS: Final = HistoryAction.BASE_USERS
BASE_PREPARE_NEXT_YEAR: Final = HistoryAction.BASE_PREPARE_NEXT_YEAR
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


def relative_path(data: DataDir, path: Path) -> str:
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


def require_current(db: Session, account_id: int) -> SchoolBase:
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


def check_grid(grid: TimeGrid) -> None:
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
        return _known(row, size_bytes=path.stat().st_size if path.exists() else 0)
    return _known(row, size_bytes=info.size_bytes).model_copy(
        update={
            "name": info.name,
            "school_year": info.school_year,
            "created_at": info.created_at,
            "last_entry_at": info.last_entry_at,
            "counts": info.counts,
            "time_grid": info.grid,
        }
    )


def _known(row: SchoolBase, *, size_bytes: int) -> BaseSummary:
    """What the store knows of a base, without its file: no counts, no dates of entries."""
    return BaseSummary(
        id=row.id,
        name=row.name,
        school_year=row.school_year,
        origin=BaseOrigin(row.origin),
        created_at=row.created_at,
        first_in_service_at=row.first_in_service_at,
        added_at=row.added_at,
        source_filename=row.source_filename,
        current=row.is_current,
        size_bytes=size_bytes,
        counts=BaseCounts(),
    )


def listing(runtime: Runtime, db: Session, account_id: int) -> BaseList:
    """The current base, and the others in the section of Autres bases each belongs to
    (:func:`~pronote_api.school.base_section`): the last put in service first, else the last
    one added first."""
    rows = list(db.scalars(select(SchoolBase).where(SchoolBase.account_id == account_id)))
    current = next((r for r in rows if r.is_current), None)
    others = sorted(
        (r for r in rows if not r.is_current),
        key=lambda r: (r.first_in_service_at or r.added_at, r.added_at),
        reverse=True,
    )
    result = BaseList(current=summary(runtime, current) if current else None)
    for row in others:
        base = summary(runtime, row)
        result.section(base_section(base)).append(base)
    return result


# --- synchronous actions -----------------------------------------------------------------------


def create(runtime: Runtime, db: Session, who: Actor, body: CreateBaseRequest) -> SchoolBase:
    """Créer une base: a new empty base with the given time grid, made the current base."""
    with audited(db, who, BASE_CREATE) as detail:
        require_stopped(db, who.account_id, who.now)
        jobs.ensure_idle(db, who.account_id, who.now)
        check_grid(body.time_grid)
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
        path=relative_path(runtime.data, path),
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


# --- jobs ----------------------------------------------------------------------------------------
