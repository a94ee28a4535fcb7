"""The ``.profils`` file: the administrative users of a base and their rights, and "Récupérer les
utilisateurs" (:func:`import_profils`).

A UTF-8 text file (a byte-order mark is tolerated, CR LF too) read line by line so that a refusal
can name its line::

    PROFILS 1
    # comments and blank lines are ignored
    proviseur<TAB>Proviseur<TAB>manage_users,edit_school
    cpe<TAB>Conseillère principale d'éducation<TAB>edit_school_life

The first meaningful line is the format line (``PROFILS`` and the format version); each other is
a user: identifier, display name, rights (keys of :data:`~pronote_server.school.rights.RIGHTS`,
comma-separated, possibly none), separated by tabs. No password travels in it: a user created
from it sets one at the first login. Text rather than JSON because a school's secretary may well
open it in an editor, and a refusal by line number is then easy to act on.

The whole file is read and judged before anything is written: a right this program does not know
refuses the whole file (``unknown_rights``, with the rights and the line), so that no user is
created with fewer rights than the school gave them; then the users are created in one
transaction. A user whose identifier is already in the base is left as it is ("already there");
an identifier that cannot be one, a repeated one, or the superadministrator's is refused on its
own and listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from pronote_api.errors import ErrorCode
from pronote_server.errors import HostingFileError, human_size
from pronote_server.school.base import IDENTIFIER, connect, open_base, transaction
from pronote_server.school.rights import RIGHTS
from pronote_server.store.files import write_private

FORMAT_LINE = "PROFILS"
FORMAT_VERSION = 1
SIZE_MAX = 4 * 1024 * 1024
USERS_MAX = 10_000
NAME_MAX = 80


class RefusedUser(BaseModel):
    identifier: str
    line: int
    reason: str = Field(description="catalogue key (users.refused.*)")


class UsersReport(BaseModel):
    """What "Récupérer les utilisateurs" did (``Job.result`` of the users job)."""

    file: str
    created: list[str] = Field(default_factory=list)
    already_there: list[str] = Field(default_factory=list)
    refused: list[RefusedUser] = Field(default_factory=list)


@dataclass(frozen=True)
class ProfilUser:
    line: int
    identifier: str
    display_name: str
    rights: tuple[str, ...]


def parse_profils(path: Path) -> list[ProfilUser]:
    """Read and judge the whole file; raises :class:`HostingFileError` at the first bad line."""
    name = path.name
    size = path.stat().st_size
    if size > SIZE_MAX:
        raise HostingFileError(
            ErrorCode.PAYLOAD_TOO_LARGE, "file.problem.too_large", file=name,
            size=human_size(size), max=human_size(SIZE_MAX),
        )  # fmt: skip
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    users: list[ProfilUser] = []
    header_seen = False
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            raise HostingFileError(
                ErrorCode.INVALID_FILE, "file.problem.profils_line", file=name, line=number
            ) from None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header_seen:
            _check_format_line(line, name)
            header_seen = True
            continue
        users.append(_user(line, number, name))
        if len(users) > USERS_MAX:
            raise HostingFileError(
                ErrorCode.INVALID_FILE, "file.problem.too_many_entries", file=name, max=USERS_MAX
            )
    if not header_seen:
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.not_profils", file=name)
    return users


def _check_format_line(line: str, name: str) -> None:
    parts = line.split()
    if len(parts) != 2 or parts[0] != FORMAT_LINE or not parts[1].isdigit():
        raise HostingFileError(ErrorCode.INVALID_FILE, "file.problem.not_profils", file=name)
    if int(parts[1]) != FORMAT_VERSION:
        raise HostingFileError(
            ErrorCode.UNSUPPORTED_FORMAT_VERSION,
            "file.problem.format_version",
            file=name,
            version=int(parts[1]),
            supported=FORMAT_VERSION,
        )


def _user(line: str, number: int, name: str) -> ProfilUser:
    fields = line.split("\t")
    if (
        len(fields) != 3
        or not fields[1].strip()
        or len(fields[1]) > NAME_MAX
        or not fields[1].isprintable()
    ):
        raise HostingFileError(
            ErrorCode.INVALID_FILE, "file.problem.profils_line", file=name, line=number
        )
    identifier, display, rights_field = (field.strip() for field in fields)
    rights = tuple(r.strip() for r in rights_field.split(",") if r.strip())
    unknown = [r for r in rights if r not in RIGHTS]
    if unknown:
        raise HostingFileError(
            ErrorCode.UNKNOWN_RIGHTS,
            "file.problem.unknown_rights",
            file=name,
            rights=", ".join(unknown),
            line=number,
        )
    return ProfilUser(number, identifier, display, rights)


def import_profils(
    base_path: Path, profils_path: Path, *, now: datetime | None = None
) -> UsersReport:
    """Create the administrative users of the ``.profils`` file in the base, with their rights."""
    users = parse_profils(profils_path)
    report = UsersReport(file=profils_path.name)
    created_at = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    with open_base(base_path) as conn, transaction(conn):
        existing = {
            row[0].casefold(): row[1] for row in conn.execute("SELECT identifier, kind FROM users")
        }
        seen: set[str] = set()
        for user in users:
            folded = user.identifier.casefold()
            reason = None
            if not IDENTIFIER.match(user.identifier):
                reason = "users.refused.identifier"
            elif folded in seen:
                reason = "users.refused.repeated"
            elif existing.get(folded) == "superadmin":
                reason = "users.refused.superadmin"
            seen.add(folded)
            if reason:
                report.refused.append(
                    RefusedUser(identifier=user.identifier[:64], line=user.line, reason=reason)
                )
                continue
            if folded in existing:
                report.already_there.append(user.identifier)
                continue
            cursor = conn.execute(
                "INSERT INTO users (identifier, display_name, kind, created_at) "
                "VALUES (?, ?, 'administrator', ?)",
                (user.identifier, user.display_name, created_at),
            )
            conn.executemany(
                "INSERT INTO user_rights (user_id, right_key) VALUES (?, ?)",
                [(cursor.lastrowid, right) for right in dict.fromkeys(user.rights)],
            )
            report.created.append(user.identifier)
    return report


def write_profils(base_path: Path, out: Path) -> int:
    """Write the base's administrative users (not the superadministrator) as a ``.profils``
    file, atomically; how many users it lists."""
    lines = [f"{FORMAT_LINE} {FORMAT_VERSION}"]
    conn = connect(base_path, readonly=True)
    try:
        rows = conn.execute(
            "SELECT u.identifier, u.display_name, "
            "COALESCE(group_concat(r.right_key, ','), '') FROM users u "
            "LEFT JOIN user_rights r ON r.user_id = u.id "
            "WHERE u.kind = 'administrator' GROUP BY u.id ORDER BY u.id"
        ).fetchall()
    finally:
        conn.close()
    for identifier, display, rights in rows:
        ordered = ",".join(r for r in RIGHTS if r in rights.split(","))
        lines.append(f"{identifier}\t{_one_line(display)}\t{ordered}")
    write_private(out, "\n".join(lines) + "\n")
    return len(rows)


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())
