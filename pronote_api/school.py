"""Wire contract of the school base: time grid, bases, uploads and jobs (``/v1``).

Routes (API listener, session required; see ``docs/api.md``):

* ``GET  /v1/server/status`` -> :class:`~pronote_api.models.ServerStatus`
* ``POST /v1/server/start`` (:class:`StartRequest`) -> ``ServerStatus``; the first start of a
  base needs ``superadmin`` (refused with ``superadmin_required`` otherwise)
* ``POST /v1/server/stop`` -> ``ServerStatus``
* ``GET  /v1/bases`` -> :class:`BaseList`
* ``POST /v1/bases`` (:class:`CreateBaseRequest`) -> :class:`BaseSummary` (server stopped)
* ``POST /v1/bases/{base_id}/open`` -> ``BaseSummary`` (server stopped)
* ``POST /v1/uploads`` (:class:`UploadCreate`) -> :class:`UploadStatus`
* ``GET  /v1/uploads/{upload_id}`` -> ``UploadStatus`` (how much the service holds: resume there)
* ``PUT  /v1/uploads/{upload_id}`` raw bytes with ``Content-Range: bytes START-END/TOTAL``
  (at most :data:`UPLOAD_CHUNK_MAX` bytes) -> ``UploadStatus``; a START other than the received
  size is refused with ``upload_offset_mismatch`` and the received size in ``params``
* ``DELETE /v1/uploads/{upload_id}``
* ``POST /v1/bases/load`` (:class:`UploadRef`, a ``.HNOT``) -> :class:`Job` (server stopped)
* ``POST /v1/bases/current/annexes`` (``UploadRef``) -> ``Job``
* ``POST /v1/bases/current/users`` (``UploadRef``, a ``.profils``) -> ``Job``
* ``POST /v1/bases/prepare-next-year`` (:class:`PrepareNextYearRequest`) -> ``Job``
* ``GET  /v1/jobs/{job_id}`` -> ``Job``

The time grid's rules live here, not in the service, so that the console can show the derived
values and the reasons for a refusal live, as the manager types, with the very rules the service
applies.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pronote_api.error_body import ApiError
from pronote_api.models import WireSecret

UPLOAD_CHUNK_MAX = 4 * 1024 * 1024


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- time grid (Fiche 2) -------------------------------------------------------------------------

SUBDIVISIONS: tuple[int, ...] = (2, 3, 4, 6, 12, 1)
"""The choices of "Découpage d'une séquence", in the dialog's order; 1 is "Aucun"."""

DAY_START_MINUTES = 8 * 60
"""A day starts at 8:00 (the guide: 10 periods of 60 minutes run from 8:00 to 18:00)."""


class TimeGrid(_Model):
    first_day: int = Field(default=0, description="0 = Monday ... 6 = Sunday")
    working_days: list[int] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4], description="weekday numbers, 1 to 7 of them"
    )
    sequences: int = Field(default=10, description="periods per day")
    sequence_minutes: int = Field(default=60, description="length of one period")
    subdivision: int = Field(default=2, description="steps per period: 2, 3, 4, 6, 12, or 1")

    @property
    def day_minutes(self) -> int:
        return self.sequences * self.sequence_minutes

    @property
    def day_end_minutes(self) -> int:
        return DAY_START_MINUTES + self.day_minutes

    @property
    def step_minutes(self) -> float:
        return self.sequence_minutes / self.subdivision if self.subdivision else 0.0


class GridProblem(_Model):
    """Why a grid is refused: a catalogue key (``grid.problem.*``) and its parameters."""

    field: str
    key: str
    params: dict[str, int | str] = Field(default_factory=dict)


def grid_problems(grid: TimeGrid) -> list[GridProblem]:
    """Every reason the grid cannot be used; empty when it can. Pure, shared by both sides."""
    problems: list[GridProblem] = []
    if not 0 <= grid.first_day <= 6:
        problems.append(GridProblem(field="first_day", key="grid.problem.first_day"))
    days = grid.working_days
    if not days:
        problems.append(GridProblem(field="working_days", key="grid.problem.no_day"))
    elif len(set(days)) != len(days) or any(not 0 <= d <= 6 for d in days):
        problems.append(GridProblem(field="working_days", key="grid.problem.bad_day"))
    if not 1 <= grid.sequences <= 24:
        problems.append(
            GridProblem(field="sequences", key="grid.problem.sequences", params={"max": 24})
        )
    if not 5 <= grid.sequence_minutes <= 240:
        problems.append(
            GridProblem(
                field="sequence_minutes",
                key="grid.problem.sequence_minutes",
                params={"min": 5, "max": 240},
            )
        )
    if grid.subdivision not in SUBDIVISIONS:
        problems.append(GridProblem(field="subdivision", key="grid.problem.subdivision"))
    elif grid.sequence_minutes % grid.subdivision:
        problems.append(
            GridProblem(
                field="subdivision",
                key="grid.problem.step_not_whole",
                params={"minutes": grid.sequence_minutes, "parts": grid.subdivision},
            )
        )
    if not problems and grid.day_end_minutes > 24 * 60:
        problems.append(
            GridProblem(
                field="sequences",
                key="grid.problem.day_too_long",
                params={"end": format_minutes(grid.day_end_minutes)},
            )
        )
    return problems


def format_minutes(total: int | float) -> str:
    """``480`` -> ``8h00`` (the guide's way of writing a time of day or a duration)."""
    minutes = round(total)
    return f"{minutes // 60}h{minutes % 60:02d}"


# --- bases ----------------------------------------------------------------------------------------

COUNT_GROUPS: dict[str, tuple[str, ...]] = {
    "resources": ("teachers", "subjects", "classes", "groups", "students", "rooms"),
    "schooling": (
        "homework",
        "grades",
        "lesson_logs",
        "report_comments",
        "attachments",
        "assessments",
    ),
    "school_life": ("sanctions", "absences", "punishments", "lateness"),
}
"""The counts the console shows (Ressources / Scolarité / Vie scolaire), in display order.
Labels: catalogue ``count.<group>`` and ``count.<name>`` (with a ``{n}`` placeholder)."""


class BaseCounts(_Model):
    resources: dict[str, int] = Field(default_factory=dict)
    schooling: dict[str, int] = Field(default_factory=dict)
    school_life: dict[str, int] = Field(default_factory=dict)


class BaseOrigin(StrEnum):
    CREATED = "created"  # Créer une base
    UPLOADED = "uploaded"  # Charger une base (.HNOT from the school)
    NEXT_YEAR = "next_year"  # Préparer l'année suivante
    RESTORED = "restored"  # a backup or an archive put back (Fiche 10), unknown to the store


class BaseSection(StrEnum):
    """Where Autres bases files a base that is not the current one."""

    PREVIOUSLY = "previously_in_service"  # "Bases précédemment mises en service"
    UPLOADED = "uploaded"  # "Bases téléchargées depuis l'établissement" (a .HNOT loaded)
    PREPARED = "prepared"  # made here: created empty, prepared for next year, restored


class BaseSummary(_Model):
    id: str
    name: str
    school_year: str = Field(description="'2026-2027'")
    origin: BaseOrigin
    created_at: datetime
    last_entry_at: datetime | None = None
    first_in_service_at: datetime | None = None
    added_at: datetime | None = Field(
        default=None, description="when it joined the account: created, loaded, restored"
    )
    source_filename: str | None = Field(
        default=None, description="the file it was loaded or restored from, if any"
    )
    current: bool = Field(description="the 'Base en cours' (in service or to be put in service)")
    size_bytes: int
    counts: BaseCounts
    time_grid: TimeGrid | None = None


def base_section(base: BaseSummary) -> BaseSection:
    """The section of Autres bases ``base`` is in once it is not the current base: put in
    service once, else where it came from (loaded from the school, or made here)."""
    if base.first_in_service_at is not None:
        return BaseSection.PREVIOUSLY
    if base.origin == BaseOrigin.UPLOADED:
        return BaseSection.UPLOADED
    return BaseSection.PREPARED


class BaseList(_Model):
    current: BaseSummary | None = None
    previously_in_service: list[BaseSummary] = Field(default_factory=list)
    uploaded: list[BaseSummary] = Field(
        default_factory=list,
        description="never put in service, loaded from the school (a .HNOT)",
    )
    prepared: list[BaseSummary] = Field(
        default_factory=list,
        description="never put in service, made here: created empty, prepared for next year, "
        "restored from a backup or an archive (see origin)",
    )

    def section(self, section: BaseSection) -> list[BaseSummary]:
        return {
            BaseSection.PREVIOUSLY: self.previously_in_service,
            BaseSection.UPLOADED: self.uploaded,
            BaseSection.PREPARED: self.prepared,
        }[section]


class CreateBaseRequest(_Model):
    time_grid: TimeGrid
    name: str | None = Field(default=None, max_length=80)
    school_year: str | None = Field(default=None, pattern=r"^\d{4}-\d{4}$")


class SuperadminDefinition(_Model):
    identifier: str = Field(min_length=1, max_length=64)
    password: WireSecret


class StartRequest(_Model):
    superadmin: SuperadminDefinition | None = None


class PrepareNextYearRequest(_Model):
    time_grid: TimeGrid | None = Field(default=None, description="None: keep the current grid")


# --- uploads and jobs ------------------------------------------------------------------------


class UploadKind(StrEnum):
    HNOT = "hnot"
    ANNEX = "annex"  # .HDOCJOINTS, .HPHOTOS, .HCOURRIERS
    PROFILS = "profils"
    ARCHIVE = "archive"  # a .sauvs/.archs from elsewhere, for Mes archives (pronote_api.snapshots)


class UploadCreate(_Model):
    kind: UploadKind
    filename: str = Field(min_length=1, max_length=255)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="of the whole file")


class UploadStatus(_Model):
    id: str
    kind: UploadKind
    filename: str
    size: int
    received: int
    complete: bool


class UploadRef(_Model):
    upload_id: str


class JobState(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(_Model):
    id: str
    kind: str = Field(description="'load_base', 'annexes', 'users', 'prepare_next_year' ...")
    state: JobState
    progress: float = Field(ge=0.0, le=1.0)
    step: str | None = Field(default=None, description="catalogue key of the current step")
    error: ApiError | None = Field(default=None, description="set when state is failed")
    result: dict[str, Any] = Field(default_factory=dict)
