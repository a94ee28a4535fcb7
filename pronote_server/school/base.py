"""A school base on disk: create it, read its summary, define its superadministrator, check it.

A base is one SQLite file (schema in :mod:`pronote_server.school.schema`) in rollback-journal
mode, so that a closed base is exactly one file that can be copied, compressed and renamed.
Connections turn foreign keys on and ``trusted_schema`` off (a base may come from elsewhere:
its schema is compared with ours before anything else reads it, see :func:`check_base`).

Every refusal is a :class:`~pronote_server.errors.SchoolError` (a code for the wire, a
catalogue key for the person); nothing is changed when one is raised.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pronote_api.errors import ErrorCode
from pronote_api.passwords import password_problems
from pronote_api.school import COUNT_GROUPS, BaseCounts, TimeGrid, grid_problems
from pronote_api.validation import is_hex_id, is_hosting_number
from pronote_server.errors import HostingFileError, SchoolError, WeakPasswordError
from pronote_server.school.schema import COUNTED_TABLES, MIGRATIONS, SCHEMA_VERSION
from pronote_server.school.timing import Laps
from pronote_server.security.passwords import hash_password, verify_password

SQLITE_MAGIC = b"SQLite format 3\x00"
SCHOOL_YEAR = re.compile(r"^([0-9]{4})-([0-9]{4})\Z")
IDENTIFIER = re.compile(r"^[\w.@-]{1,64}$")
NAME_MAX = 80


@dataclass(frozen=True)
class BaseInfo:
    """What the console shows of a base (Base en cours, Autres bases) and what a file carries."""

    id: str
    name: str
    school_year: str
    created_at: datetime
    last_entry_at: datetime | None
    hosting_number: str
    counts: BaseCounts
    grid: TimeGrid
    superadmin_defined: bool
    schema_version: int
    size_bytes: int


# --- connections and migrations -------------------------------------------------------------


def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the base at ``path`` (which must exist), configured as above.

    Transactions are explicit (``isolation_level=None``): callers write ``BEGIN`` ... ``COMMIT``
    or use :func:`transaction`.
    """
    if not path.is_file():
        raise HostingFileError(ErrorCode.NOT_FOUND, "file.problem.missing", file=path.name)
    mode = "ro" if readonly else "rw"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, isolation_level=None)
    return _configure(conn)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def known_version(conn: sqlite3.Connection) -> int:
    """The base's schema version, refused if this program is older than the base."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise HostingFileError(
            ErrorCode.UNSUPPORTED_FORMAT_VERSION,
            "file.problem.base_too_new",
            version=version,
            supported=SCHEMA_VERSION,
        )
    return version


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations up to ``target``, each in its own transaction; the version
    reached. A base newer than this program is refused."""
    version = known_version(conn)
    for step in range(version, target):
        try:
            conn.executescript(f"BEGIN;\n{MIGRATIONS[step]}\nPRAGMA user_version = {step + 1};")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return max(version, target)


@contextlib.contextmanager
def open_base(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-write connection to an existing base, upgraded to the current schema first.

    A file at version 0 (any SQLite file that is not a base) is refused, never "upgraded"."""
    conn = connect(path)
    try:
        if schema_version(conn) == 0:
            raise HostingFileError(
                ErrorCode.INVALID_FILE, "file.problem.not_a_base", file=path.name
            )
        migrate(conn)
        yield conn
    finally:
        conn.close()


# --- creation -------------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> datetime | None:
    """A stored date; one written without an offset (by another tool) is taken as UTC, the
    offset this program always writes, rather than compared naive against aware ones."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def validate_identity(name: str, school_year: str, hosting_number: str) -> None:
    """Refuse a base name, school year or hosting number that a base cannot carry."""
    if not name.strip() or len(name) > NAME_MAX or any(not c.isprintable() for c in name):
        raise SchoolError(
            ErrorCode.VALIDATION_ERROR, "base.problem.name", field="name", max=NAME_MAX
        )
    years = SCHOOL_YEAR.match(school_year)
    if not years or int(years[2]) != int(years[1]) + 1:
        raise SchoolError(
            ErrorCode.VALIDATION_ERROR, "base.problem.school_year", field="school_year"
        )
    if not is_hosting_number(hosting_number):
        raise SchoolError(
            ErrorCode.VALIDATION_ERROR, "base.problem.hosting_number", field="hosting_number"
        )


def check_grid(grid: TimeGrid) -> None:
    problems = grid_problems(grid)
    if problems:
        raise SchoolError(
            ErrorCode.INVALID_TIME_GRID,
            problems[0].key,
            reasons=[p.key for p in problems],
            **problems[0].params,
        )


def create_base(
    path: Path,
    *,
    grid: TimeGrid,
    name: str,
    school_year: str,
    hosting_number: str,
    base_id: str | None = None,
    now: datetime | None = None,
) -> BaseInfo:
    """Create an empty base at ``path`` (which must not exist) with its time grid.

    Built under a temporary name in the same directory and linked into place only when complete,
    so no reader ever sees half a base and an existing file is never overwritten (refused with
    ``conflict``). Returns the new base's summary.
    """
    validate_identity(name, school_year, hosting_number)
    if base_id is not None and not is_hex_id(base_id):
        raise SchoolError(ErrorCode.VALIDATION_ERROR, "base.problem.base_id", field="base_id")
    check_grid(grid)
    if path.exists():
        raise SchoolError(ErrorCode.CONFLICT, "base.problem.exists", file=path.name)
    created = now or datetime.now(UTC)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = _configure(sqlite3.connect(tmp, isolation_level=None))
        try:
            migrate(conn)
            with transaction(conn):
                conn.execute(
                    "INSERT INTO meta (id, base_id, name, school_year, created_at, "
                    "hosting_number) VALUES (1, ?, ?, ?, ?, ?)",
                    (
                        base_id or uuid.uuid4().hex,
                        name.strip(),
                        school_year,
                        _iso(created),
                        hosting_number,
                    ),
                )
                write_grid(conn, grid)
                conn.execute("INSERT INTO school (id, name) VALUES (1, ?)", (name.strip(),))
        finally:
            conn.close()
        _fsync(tmp)
        try:
            os.link(tmp, path)  # fails if the name was taken meanwhile: never overwrite
        except FileExistsError:
            raise SchoolError(ErrorCode.CONFLICT, "base.problem.exists", file=path.name) from None
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return read_summary(path)


def write_grid(conn: sqlite3.Connection, grid: TimeGrid) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO time_grid (id, first_day, working_days, sequences, "
        "sequence_minutes, subdivision) VALUES (1, ?, ?, ?, ?, ?)",
        (
            grid.first_day,
            json.dumps(sorted(grid.working_days)),
            grid.sequences,
            grid.sequence_minutes,
            grid.subdivision,
        ),
    )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be fsynced
        _fsync(path)


# --- reading --------------------------------------------------------------------------------


def read_counts(conn: sqlite3.Connection) -> BaseCounts:
    """The console's counts: from the ``counts`` table (one read, whatever the base's size);
    a base older than that table (version 1, checked before its upgrade) has its rows counted."""
    if schema_version(conn) < 2:
        stored = actual_counts(conn)
    else:
        stored = dict(conn.execute("SELECT name, n FROM counts").fetchall())
    return BaseCounts(
        **{
            group: {name: int(stored.get(name, 0)) for name in names}
            for group, names in COUNT_GROUPS.items()
        }
    )


def actual_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts of the counted tables, by walking them (what :func:`check_base` compares)."""
    return {
        table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
        for table in COUNTED_TABLES
    }


def read_grid(conn: sqlite3.Connection) -> TimeGrid:
    row = conn.execute(
        "SELECT first_day, working_days, sequences, sequence_minutes, subdivision "
        "FROM time_grid WHERE id = 1"
    ).fetchone()
    if row is None:
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.base_incomplete")
    return TimeGrid(
        first_day=row[0],
        working_days=json.loads(row[1]),
        sequences=row[2],
        sequence_minutes=row[3],
        subdivision=row[4],
    )


def _summary(conn: sqlite3.Connection, path: Path) -> BaseInfo:
    try:
        return _describe(conn, path)
    except (ValueError, TypeError, KeyError):  # a date, a grid or a count that is not one
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.base_incomplete") from None


def _describe(conn: sqlite3.Connection, path: Path) -> BaseInfo:
    row = conn.execute(
        "SELECT base_id, name, school_year, created_at, last_entry_at, hosting_number "
        "FROM meta WHERE id = 1"
    ).fetchone()
    created_at = _parse(row[3]) if row is not None else None
    if row is None or created_at is None:
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.base_incomplete")
    if not is_hex_id(row[0]) or not is_hosting_number(row[5]):
        # The id names the base's file and its snapshots: only the service's own form (issue 9).
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.identifier", file=path.name)
    superadmin = conn.execute("SELECT 1 FROM users WHERE kind = 'superadmin'").fetchone()
    return BaseInfo(
        id=str(row[0]),
        name=str(row[1]),
        school_year=str(row[2]),
        created_at=created_at,
        last_entry_at=_parse(row[4]),
        hosting_number=str(row[5]),
        counts=read_counts(conn),
        grid=read_grid(conn),
        superadmin_defined=superadmin is not None,
        schema_version=schema_version(conn),
        size_bytes=path.stat().st_size,
    )


def read_summary(path: Path) -> BaseInfo:
    """The summary of the base at ``path``: identity, dates, counts, grid, superadmin defined?

    Cheap whatever the size of the base (no table is walked). A base of an older schema is
    upgraded first; one that is not a base is refused (``invalid_file``).
    """
    _require_sqlite(path)
    try:
        with open_base(path) as conn:
            return _summary(conn, path)
    except sqlite3.DatabaseError:
        raise HostingFileError(
            ErrorCode.INVALID_FILE, "file.problem.not_a_base", file=path.name
        ) from None


def settle(path: Path, checked: BaseInfo) -> BaseInfo:
    """Put a base that :func:`check_base` passed (``checked`` is what it returned) in the form
    the service keeps: upgraded to the current schema and in rollback-journal mode (one file,
    whatever journal the school's server used: a WAL base would grow side files). Returns its
    summary; a base already in that form is not opened again (``checked`` is its summary)."""
    with path.open("rb") as handle:
        handle.seek(_JOURNAL_BYTES)
        journal = handle.read(2)
    if checked.schema_version == SCHEMA_VERSION and journal == _ROLLBACK:
        return checked
    try:
        with open_base(path) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")
            return _summary(conn, path)
    except sqlite3.DatabaseError:
        raise HostingFileError(
            ErrorCode.INVALID_FILE, "file.problem.not_a_base", file=path.name
        ) from None


_JOURNAL_BYTES = 18
_ROLLBACK = b"\x01\x01"
"""The file format's write and read versions (header offsets 18 and 19): 1 and 1 for a
rollback journal, 2 and 2 for WAL (the only journal mode a file remembers)."""


def record_entry(path: Path, at: datetime | None = None) -> None:
    """Note the time of the latest entry made in the base ("Dernière saisie")."""
    with open_base(path) as conn, transaction(conn):
        conn.execute(
            "UPDATE meta SET last_entry_at = ? WHERE id = 1", (_iso(at or datetime.now(UTC)),)
        )


# --- the superadministrator -----------------------------------------------------------------


def superadmin_problems(identifier: str, password: str) -> list[str]:
    """Why this identifier and password cannot be the superadministrator's (catalogue keys)."""
    problems = [] if IDENTIFIER.match(identifier) else ["base.problem.identifier"]
    return problems + password_problems(identifier, password)


def set_superadmin(
    path: Path, identifier: str, password: str, *, now: datetime | None = None
) -> None:
    """Define (or redefine) the superadministrator of the base: identifier and robust password.

    The password is checked against :func:`pronote_api.passwords.password_problems` (refused
    with ``weak_password`` and every reason) and stored hashed (scrypt). An identifier already
    held by another user of the base is refused with ``conflict``.
    """
    problems = superadmin_problems(identifier, password)
    if problems:
        raise WeakPasswordError(problems)
    hashed = hash_password(password)
    with open_base(path) as conn, transaction(conn):
        taken = conn.execute(
            "SELECT 1 FROM users WHERE identifier = ? AND kind <> 'superadmin'", (identifier,)
        ).fetchone()
        if taken:
            raise SchoolError(
                ErrorCode.CONFLICT, "base.problem.identifier_taken", identifier=identifier
            )
        updated = conn.execute(
            "UPDATE users SET identifier = ?, password_hash = ? WHERE kind = 'superadmin'",
            (identifier, hashed),
        ).rowcount
        if not updated:
            conn.execute(
                "INSERT INTO users (identifier, display_name, kind, password_hash, created_at) "
                "VALUES (?, ?, 'superadmin', ?, ?)",
                (identifier, identifier, hashed, _iso(now or datetime.now(UTC))),
            )


def verify_user(path: Path, identifier: str, password: str) -> bool:
    """Whether ``password`` is that user's (the desktop client's login checks this)."""
    conn = connect(path, readonly=True)
    try:
        row = conn.execute(
            "SELECT password_hash FROM users WHERE identifier = ?", (identifier,)
        ).fetchone()
    finally:
        conn.close()
    if row is None or row[0] is None:
        return False
    return verify_password(password, row[0])


# --- checking a base that came from elsewhere -----------------------------------------------


def _require_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise HostingFileError(
            ErrorCode.NOT_FOUND, "file.problem.missing", file=path.name
        ) from None
    if head != SQLITE_MAGIC:
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.not_a_base", file=path.name)


@functools.cache
def expected_schema(version: int) -> dict[tuple[str, str], str | None]:
    """``(type, name) -> sql`` of every table, index and trigger of a base at ``version``."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in range(version):
            conn.executescript(MIGRATIONS[step])
        return _schema_of(conn)
    finally:
        conn.close()


def _schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], str | None]:
    return {
        (kind, name): sql
        for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_schema")
    }


def check_base(
    path: Path, *, full: bool = True, timings: dict[str, float] | None = None
) -> BaseInfo:
    """Check a base before it is put anywhere: refused with a :class:`HostingFileError` unless

    * it is an SQLite file (``file.problem.not_a_base``),
    * its schema version is one this program knows (``unsupported_format_version``),
    * its schema is exactly ours at that version: no missing, extra or altered table, index,
      trigger or view (``file.problem.schema_mismatch``),
    * ``PRAGMA integrity_check`` and ``foreign_key_check`` find nothing
      (``file.problem.integrity``),
    * it describes itself (``meta``, a valid time grid: ``file.problem.base_incomplete``),
    * its counts equal its rows (``file.problem.counts``).

    ``full=False`` is for a file whose bytes are proven to be those of a base this service
    checked fully itself (a snapshot whose recorded checksum matches, ``docs/formats.md``):
    those bytes passed ``integrity_check``, ``foreign_key_check`` and the counts when the
    service wrote them, and reading them again would find the same; only the schema and the
    summary are read (what the caller compares with the manifest).

    ``timings``, if given, receives the seconds each part took (for the benchmarks).
    Read-only: the file is not changed (not even upgraded). Returns its summary.
    """
    laps = Laps(timings)
    _require_sqlite(path)
    conn = connect(path, readonly=True)
    try:
        try:
            return _check(conn, path, full, laps)
        except sqlite3.DatabaseError:
            raise HostingFileError(
                ErrorCode.INVALID_FILE, "file.problem.integrity", file=path.name
            ) from None
    finally:
        conn.close()


CHECK_CACHE_KIB = 8 * 1024
"""Page cache of the integrity check's connection: bounded, so that the check's memory stops
growing once the base is larger than this (SQLite's default is 2 MiB; more helps the check a
little, much more does not)."""


def _integrity_ok(conn: sqlite3.Connection, path: Path, laps: Laps) -> bool:
    """``integrity_check`` here and ``foreign_key_check`` on a second connection, at the same
    time (both are CPU-bound and SQLite releases the GIL while it works)."""
    conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
    dangling: list[bool] = []

    def foreign_keys() -> None:
        started = time.perf_counter()
        other = connect(path, readonly=True)
        try:
            dangling.append(other.execute("PRAGMA foreign_key_check").fetchone() is not None)
        except sqlite3.DatabaseError:
            dangling.append(True)
        finally:
            other.close()
            laps.add("foreign_key_check (beside)", time.perf_counter() - started)

    worker = threading.Thread(target=foreign_keys, name="foreign-key-check")
    worker.start()
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(1)")]
        laps.lap("integrity_check")
    finally:
        worker.join()
        laps.lap("waiting for foreign_key_check")
    return problems == ["ok"] and dangling == [False]


def _check(conn: sqlite3.Connection, path: Path, full: bool, laps: Laps) -> BaseInfo:
    version = known_version(conn)
    if version < 1:
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.not_a_base", file=path.name)
    expected = expected_schema(version)
    actual = _schema_of(conn)
    laps.lap("opening the base")
    order = {"table": 0, "view": 1, "index": 2, "trigger": 3}  # name the table before its index
    for key in sorted(set(expected) | set(actual), key=lambda k: (order.get(k[0], 4), k[1])):
        if expected.get(key, "missing") != actual.get(key, "missing"):
            raise HostingFileError(
                ErrorCode.INVALID_FILE, "file.problem.schema_mismatch", name=key[1]
            )
    laps.lap("schema comparison")
    if full and not _integrity_ok(conn, path, laps):
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.integrity", file=path.name)
    if conn.execute("SELECT COUNT(*) FROM meta").fetchone()[0] != 1:
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.base_incomplete")
    info = _summary(conn, path)
    if grid_problems(info.grid):
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.base_incomplete")
    laps.lap("summary")
    if full and version >= 2:
        flat = {k: v for group in info.counts.model_dump().values() for k, v in group.items()}
        if flat != actual_counts(conn):
            raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.counts")
        laps.lap("counts")
    return info
