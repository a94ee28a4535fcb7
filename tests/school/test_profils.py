"""Récupérer les utilisateurs: the .profils file read line by line, unknown rights refusing the
whole file, and a report of what was created, already there, or refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from school_support import HOSTING_NUMBER, ROBUST_PASSWORD

from pronote_api.errors import ErrorCode
from pronote_api.school import TimeGrid
from pronote_server.errors import HostingFileError
from pronote_server.school.base import create_base, set_superadmin
from pronote_server.school.profils import RefusedUser, import_profils, write_profils


def _users(base: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(base)
    try:
        return conn.execute(
            "SELECT u.identifier, u.display_name, COALESCE(group_concat(r.right_key), '') "
            "FROM users u LEFT JOIN user_rights r ON r.user_id = u.id "
            "WHERE u.kind = 'administrator' GROUP BY u.id ORDER BY u.id"
        ).fetchall()
    finally:
        conn.close()


def _file(tmp_path: Path, text: str, name: str = "Ma_base.profils") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    "PROFILS 1\n"
    "# exported by the old server\n"
    "\n"
    "proviseur\tProviseur\tmanage_users,edit_school\n"
    "cpe\tConseillère principale d'éducation\tedit_school_life\n"
    "gestion\tGestionnaire\t\n"
)


def test_users_are_created_with_their_rights(empty_base: Path, tmp_path: Path) -> None:
    report = import_profils(empty_base, _file(tmp_path, GOOD))
    assert (report.created, report.already_there, report.refused) == (
        ["proviseur", "cpe", "gestion"],
        [],
        [],
    )
    assert _users(empty_base) == [
        ("proviseur", "Proviseur", "edit_school,manage_users"),
        ("cpe", "Conseillère principale d'éducation", "edit_school_life"),
        ("gestion", "Gestionnaire", ""),
    ]


def test_a_second_import_finds_them_already_there(empty_base: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, GOOD)
    import_profils(empty_base, path)
    again = import_profils(empty_base, path)
    assert again.created == [] and again.already_there == ["proviseur", "cpe", "gestion"]


def test_windows_line_endings_and_a_byte_order_mark_are_read(
    empty_base: Path, tmp_path: Path
) -> None:
    path = tmp_path / "win.profils"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert len(import_profils(empty_base, path).created) == 3


def test_unknown_rights_refuse_the_whole_file_naming_the_line(
    empty_base: Path, tmp_path: Path
) -> None:
    text = GOOD + "intendant\tIntendant\tedit_grades,fly_planes,open_doors\n"
    with pytest.raises(HostingFileError) as refused:
        import_profils(empty_base, _file(tmp_path, text))
    assert refused.value.code is ErrorCode.UNKNOWN_RIGHTS
    assert refused.value.params == {
        "file": "Ma_base.profils",
        "rights": "fly_planes, open_doors",
        "line": 7,
    }
    assert refused.value.reason("en") == (
        "Unknown rights at line 7 of the file Ma_base.profils: fly_planes, open_doors. "
        "No user was created."
    )
    assert _users(empty_base) == []  # not even the users of the lines before


def test_users_that_cannot_be_created_are_refused_one_by_one(
    empty_base: Path, tmp_path: Path
) -> None:
    set_superadmin(empty_base, "admin", ROBUST_PASSWORD)
    text = (
        "PROFILS 1\n"
        "proviseur\tProviseur\tmanage_users\n"
        "Proviseur\tEncore lui\tview_only\n"
        "jean dupont\tJean Dupont\tview_only\n"
        "ADMIN\tLe superadministrateur\tview_only\n"
        "cpe\tCPE\tedit_school_life\n"
    )
    report = import_profils(empty_base, _file(tmp_path, text))
    assert report.created == ["proviseur", "cpe"]
    assert report.refused == [
        RefusedUser(identifier="Proviseur", line=3, reason="users.refused.repeated"),
        RefusedUser(identifier="jean dupont", line=4, reason="users.refused.identifier"),
        RefusedUser(identifier="ADMIN", line=5, reason="users.refused.superadmin"),
    ]


@pytest.mark.parametrize(
    ("text", "code", "reason", "params"),
    [
        ("proviseur\tProviseur\tview_only\n", ErrorCode.INVALID_FILE, "file.problem.not_profils",
         {}),
        ("", ErrorCode.INVALID_FILE, "file.problem.not_profils", {}),
        ("PROFILS 2\n", ErrorCode.UNSUPPORTED_FORMAT_VERSION, "file.problem.format_version",
         {"version": 2, "supported": 1}),
        ("PROFILS 1\nproviseur Proviseur view_only\n", ErrorCode.INVALID_FILE,
         "file.problem.profils_line", {"line": 2}),
        ("PROFILS 1\nproviseur\t\tview_only\n", ErrorCode.INVALID_FILE,
         "file.problem.profils_line", {"line": 2}),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_profils_file_is_refused(
    empty_base: Path,
    tmp_path: Path,
    text: str,
    code: ErrorCode,
    reason: str,
    params: dict[str, object],
) -> None:
    with pytest.raises(HostingFileError) as refused:
        import_profils(empty_base, _file(tmp_path, text))
    assert (refused.value.code, refused.value.reason_key) == (code, reason)
    assert refused.value.params == {"file": "Ma_base.profils", **params}
    assert _users(empty_base) == []


def test_a_line_that_is_not_utf8_is_named(empty_base: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.profils"
    path.write_bytes(
        b"PROFILS 1\nproviseur\tProviseur\tview_only\ncpe\tConseill\xe8re\tview_only\n"
    )
    with pytest.raises(HostingFileError) as refused:
        import_profils(empty_base, path)
    assert refused.value.params["line"] == 3


def test_the_written_file_reads_back_as_the_same_users(empty_base: Path, tmp_path: Path) -> None:
    import_profils(empty_base, _file(tmp_path, GOOD))
    out = tmp_path / "again.profils"
    assert write_profils(empty_base, out) == 3
    assert out.read_text(encoding="utf-8").splitlines()[0] == "PROFILS 1"
    assert out.stat().st_mode & 0o077 == 0
    other = tmp_path / "other.sqlite"
    create_base(other, grid=TimeGrid(), name="B", school_year="2026-2027",
                hosting_number=HOSTING_NUMBER)  # fmt: skip
    import_profils(other, out)
    assert _users(other) == _users(empty_base)


def test_a_display_name_with_a_control_character_is_refused(
    empty_base: Path, tmp_path: Path
) -> None:
    with pytest.raises(HostingFileError) as refused:
        import_profils(empty_base, _file(tmp_path, "PROFILS 1\ncpe\tC\x1b[2JPE\tview_only\n"))
    assert (refused.value.reason_key, refused.value.params["line"]) == (
        "file.problem.profils_line",
        2,
    )
