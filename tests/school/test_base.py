"""A school base on disk: creation, summary and counts, migrations, the superadministrator,
and the checks that refuse a damaged or foreign-shaped base."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from school_support import HOSTING_NUMBER, ROBUST_PASSWORD, version_1_base

from pronote_api.catalogue import tr
from pronote_api.errors import ErrorCode
from pronote_api.school import COUNT_GROUPS, TimeGrid
from pronote_server.errors import HostingFileError, SchoolError, WeakPasswordError
from pronote_server.school.base import (
    check_base,
    create_base,
    read_summary,
    record_entry,
    set_superadmin,
    verify_user,
)
from pronote_server.school.categories import CATEGORIES, NON_CATEGORY_TABLES
from pronote_server.school.schema import SCHEMA_VERSION

GUIDE_GRID = TimeGrid(
    first_day=0, working_days=[0, 1, 2, 3, 4, 5], sequences=10, sequence_minutes=60, subdivision=2
)


def _create(path: Path, **changes: object) -> None:
    args: dict[str, object] = {
        "grid": GUIDE_GRID,
        "name": "Base année 2026-2027",
        "school_year": "2026-2027",
        "hosting_number": HOSTING_NUMBER,
    }
    args.update(changes)
    create_base(path, **args)  # type: ignore[arg-type]


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    finally:
        conn.close()


# --- creation ---------------------------------------------------------------------------------


def test_a_new_base_describes_itself_and_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "base.sqlite"
    created = datetime(2026, 8, 14, 9, 30, tzinfo=UTC)
    _create(path, base_id="b1" * 16, now=created)
    info = read_summary(path)
    assert (info.id, info.name, info.school_year, info.hosting_number) == (
        "b1" * 16,
        "Base année 2026-2027",
        "2026-2027",
        HOSTING_NUMBER,
    )
    assert info.created_at == created and info.last_entry_at is None
    assert info.grid == GUIDE_GRID
    assert info.superadmin_defined is False
    assert info.size_bytes == path.stat().st_size
    assert info.counts.model_dump() == {
        group: dict.fromkeys(names, 0) for group, names in COUNT_GROUPS.items()
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.sqlite"]  # no temporary left


def test_creating_over_an_existing_file_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "base.sqlite"
    path.write_bytes(b"precious")
    with pytest.raises(SchoolError) as refused:
        _create(path)
    assert refused.value.code is ErrorCode.CONFLICT
    assert refused.value.reason("en") == "A file base.sqlite already exists: it was not replaced."
    assert path.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.sqlite"]


@pytest.mark.parametrize(
    ("changes", "code", "reason"),
    [
        ({"grid": TimeGrid(sequences=30)}, ErrorCode.INVALID_TIME_GRID, "grid.problem.sequences"),
        ({"grid": TimeGrid(working_days=[])}, ErrorCode.INVALID_TIME_GRID, "grid.problem.no_day"),
        ({"school_year": "2026-2028"}, ErrorCode.VALIDATION_ERROR, "base.problem.school_year"),
        ({"hosting_number": "12345"}, ErrorCode.VALIDATION_ERROR, "base.problem.hosting_number"),
        ({"name": "  "}, ErrorCode.VALIDATION_ERROR, "base.problem.name"),
        ({"name": "x" * 81}, ErrorCode.VALIDATION_ERROR, "base.problem.name"),
    ],
)
def test_bad_creation_input_is_refused_and_nothing_is_written(
    tmp_path: Path, changes: dict[str, object], code: ErrorCode, reason: str
) -> None:
    with pytest.raises(SchoolError) as refused:
        _create(tmp_path / "base.sqlite", **changes)
    assert (refused.value.code, refused.value.reason_key) == (code, reason)
    assert list(tmp_path.iterdir()) == []


def test_a_refused_grid_names_every_reason(tmp_path: Path) -> None:
    with pytest.raises(SchoolError) as refused:
        _create(tmp_path / "b.sqlite", grid=TimeGrid(working_days=[], sequence_minutes=300))
    assert refused.value.params["reasons"] == [
        "grid.problem.no_day",
        "grid.problem.sequence_minutes",
    ]


# --- schema and categories --------------------------------------------------------------------

GUIDE_TREE_FR = [
    "Autorisations", "Bulletin", "Communications", "Agenda", "Catégories de l'agenda",
    "Liens utiles", "SMS types", "Lettres types", "Modèles d'e-mails", "Modèles de documents",
    "Signatures d'e-mails", "Compétences", "Documents des casiers numériques",
    "Éléments du programme", "E-mails", "Établissement", "Formats d'import et d'export",
    "Identifiants et mots de passe de PRONOTE", "Identifiants WS-Federation",
    "Identifiants ENT/CAS", "Inspecteurs pédagogiques", "Liste des aliments",
    "Modèles d'alertes PPMS", "Notations", "Orientations", "Parcours éducatifs des élèves",
    "Portails e-sidoc", "Progressions", "Ressources", "Ressources pédagogiques", "Stages",
    "Vie scolaire", "Absences et retards", "Motifs d'absences et retards",
    "Punitions et sanctions", "Motifs de sanctions et de punitions",
    "Actes et symptômes médicaux", "Autorisations de sortie", "Dispenses",
    "Infos diverses (PAI, PPS, infos médicales...)",
    "Observations et rubriques de la feuille d'appel", "Passages à l'infirmerie",
]  # fmt: skip


def test_the_category_tree_is_the_guides_in_french_and_worded_in_english() -> None:
    assert [tr(c.label_key, "fr") for c in CATEGORIES] == GUIDE_TREE_FR
    assert all(tr(c.label_key, "en") for c in CATEGORIES)
    parents = {c.key for c in CATEGORIES if c.parent is None}
    assert {c.parent for c in CATEGORIES if c.parent} == {"communications", "school_life"}
    assert {c.parent for c in CATEGORIES if c.parent} <= parents


def test_every_category_has_real_tables_and_every_table_a_category(empty_base: Path) -> None:
    tables = _tables(empty_base)
    for item in CATEGORIES:
        is_group = item.key in {"communications", "school_life"}
        assert bool(item.tables) != is_group, item.key
        assert set(item.tables) <= tables, item.key
    categorised = {t for c in CATEGORIES for t in c.tables}
    assert tables - categorised == NON_CATEGORY_TABLES


def test_each_count_is_the_row_count_of_its_table(empty_base: Path) -> None:
    _sql(
        empty_base,
        "INSERT INTO classes (id, name, level) VALUES (1, '6A', '6e')",
        "INSERT INTO students (id, last_name, first_name, class_id) VALUES (1, 'Roy', 'Léa', 1)",
        "INSERT INTO students (id, last_name, first_name, class_id) VALUES (2, 'Roy', 'Tom', 1)",
        "INSERT INTO subjects (id, code, label) VALUES (1, 'MATHS', 'Mathématiques')",
        "INSERT INTO homework (id, subject_id, title, given_on) VALUES (1, 1, 'DS', '2026-09-20')",
        "INSERT INTO grades (homework_id, student_id, value) VALUES (1, 1, 12), (1, 2, 15)",
        "INSERT INTO absences (student_id, starts_at, ends_at) VALUES (1, 'a', 'b'), (2, 'a', 'b')",
        "INSERT INTO lateness (student_id, at, minutes) VALUES (1, 'x', 5)",
        "DELETE FROM absences WHERE student_id = 2",
    )
    counts = read_summary(empty_base).counts
    assert counts.resources["students"] == 2 and counts.resources["classes"] == 1
    assert counts.schooling["grades"] == 2 and counts.schooling["homework"] == 1
    assert counts.school_life == {"sanctions": 0, "absences": 1, "punishments": 0, "lateness": 1}
    check_base(empty_base)  # the counts agree with the rows


def test_a_version_1_base_is_checked_as_it_is_then_upgraded_with_its_counts(
    tmp_path: Path,
) -> None:
    path = version_1_base(tmp_path / "old.sqlite")
    checked = check_base(path)
    assert checked.schema_version == 1 and checked.counts.resources["rooms"] == 3
    summary = read_summary(path)  # upgrades
    assert summary.schema_version == SCHEMA_VERSION and summary.counts.resources["rooms"] == 3
    _sql(path, "INSERT INTO rooms (name) VALUES ('Gymnase')")
    assert read_summary(path).counts.resources["rooms"] == 4
    assert check_base(path).schema_version == SCHEMA_VERSION


def test_the_last_entry_is_recorded(empty_base: Path) -> None:
    at = datetime(2026, 9, 3, 16, 45, tzinfo=UTC)
    record_entry(empty_base, at)
    assert read_summary(empty_base).last_entry_at == at


# --- check_base refusals, one by one ----------------------------------------------------------


def _refusal(path: Path) -> HostingFileError:
    with pytest.raises(HostingFileError) as refused:
        check_base(path)
    return refused.value


def test_a_text_file_is_not_a_base(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("bonjour")
    refused = _refusal(path)
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.not_a_base")
    assert refused.reason("fr") == "Le fichier notes.txt n'est pas une base PRONOTE."


def test_an_sqlite_file_that_is_not_a_base_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    _sql(path, "CREATE TABLE t (x)")
    before = path.read_bytes()
    assert _refusal(path).reason_key == "file.problem.not_a_base"
    with pytest.raises(HostingFileError) as refused:
        read_summary(path)
    assert refused.value.reason_key == "file.problem.not_a_base"
    with pytest.raises(HostingFileError):
        set_superadmin(path, "pmartin", ROBUST_PASSWORD)
    assert path.read_bytes() == before


def test_a_base_from_a_newer_version_is_refused(empty_base: Path) -> None:
    _sql(empty_base, "PRAGMA user_version = 99")
    refused = _refusal(empty_base)
    assert refused.code is ErrorCode.UNSUPPORTED_FORMAT_VERSION
    assert refused.params == {"version": 99, "supported": SCHEMA_VERSION}
    with pytest.raises(HostingFileError):
        read_summary(empty_base)


@pytest.mark.parametrize(
    ("statement", "name"),
    [
        ("CREATE TRIGGER wipe AFTER INSERT ON grades BEGIN DELETE FROM students; END", "wipe"),
        ("DROP TABLE food_items", "food_items"),
        ("CREATE VIEW v AS SELECT 1", "v"),
        ("DROP TRIGGER grades_count_insert", "grades_count_insert"),
    ],
)
def test_a_base_whose_structure_was_altered_is_refused(
    empty_base: Path, statement: str, name: str
) -> None:
    _sql(empty_base, statement)
    refused = _refusal(empty_base)
    assert (refused.reason_key, refused.params) == ("file.problem.schema_mismatch", {"name": name})


def test_counts_that_disagree_with_the_rows_are_refused(empty_base: Path) -> None:
    _sql(empty_base, "UPDATE counts SET n = 5000 WHERE name = 'students'")
    assert _refusal(empty_base).reason_key == "file.problem.counts"


def test_a_base_without_its_description_is_refused(empty_base: Path) -> None:
    _sql(empty_base, "DELETE FROM meta")
    assert _refusal(empty_base).reason_key == "file.problem.base_incomplete"


def test_a_damaged_page_fails_the_integrity_check(empty_base: Path) -> None:
    rows = ", ".join(f"('Salle {i}', {i})" for i in range(400))
    _sql(empty_base, f"INSERT INTO rooms (name, capacity) VALUES {rows}")  # noqa: S608
    conn = sqlite3.connect(empty_base)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'rooms'").fetchone()[0]
    conn.close()
    with empty_base.open("r+b") as handle:  # the root page's b-tree header: an impossible type
        handle.seek((root - 1) * page_size)
        handle.write(b"\x7f")
    refused = _refusal(empty_base)
    assert (refused.code, refused.reason_key) == (ErrorCode.INVALID_FILE, "file.problem.integrity")


def test_checking_changes_nothing(empty_base: Path) -> None:
    before = empty_base.read_bytes()
    check_base(empty_base)
    assert empty_base.read_bytes() == before


# --- the superadministrator -------------------------------------------------------------------


def test_the_superadministrator_is_defined_with_a_hashed_password(empty_base: Path) -> None:
    set_superadmin(empty_base, "pmartin", ROBUST_PASSWORD)
    assert read_summary(empty_base).superadmin_defined is True
    assert verify_user(empty_base, "pmartin", ROBUST_PASSWORD)
    assert verify_user(empty_base, "PMartin", ROBUST_PASSWORD)  # identifiers ignore case
    assert not verify_user(empty_base, "pmartin", ROBUST_PASSWORD + "x")
    assert ROBUST_PASSWORD.encode() not in empty_base.read_bytes()


def test_defining_it_again_replaces_it(empty_base: Path) -> None:
    set_superadmin(empty_base, "pmartin", ROBUST_PASSWORD)
    set_superadmin(empty_base, "direction", "Rv8tQm2wLz7Kpn")
    assert not verify_user(empty_base, "pmartin", ROBUST_PASSWORD)
    assert verify_user(empty_base, "direction", "Rv8tQm2wLz7Kpn")
    conn = sqlite3.connect(empty_base)
    assert conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
    conn.close()


def test_a_weak_password_is_refused_with_every_reason_and_nothing_stored(
    empty_base: Path,
) -> None:
    with pytest.raises(WeakPasswordError) as refused:
        set_superadmin(empty_base, "pmartin", "pmartin2026")
    assert refused.value.code is ErrorCode.WEAK_PASSWORD
    assert refused.value.reasons == [
        "password.problem.too_short",
        "password.problem.contains_identifier",
        "password.problem.guessable",
    ]
    assert "pmartin2026" not in str(refused.value)
    assert read_summary(empty_base).superadmin_defined is False


def test_an_identifier_with_spaces_is_refused(empty_base: Path) -> None:
    with pytest.raises(WeakPasswordError) as refused:
        set_superadmin(empty_base, "p martin", ROBUST_PASSWORD)
    assert refused.value.reasons == ["base.problem.identifier"]


def test_an_identifier_held_by_another_user_is_refused(empty_base: Path) -> None:
    _sql(
        empty_base,
        "INSERT INTO users (identifier, display_name, kind, created_at) "
        "VALUES ('cpe', 'CPE', 'administrator', '2026-09-01')",
    )
    with pytest.raises(SchoolError) as refused:
        set_superadmin(empty_base, "CPE", ROBUST_PASSWORD)
    assert refused.value.code is ErrorCode.CONFLICT
    assert read_summary(empty_base).superadmin_defined is False


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE meta SET created_at = 'hier soir'",
        "UPDATE time_grid SET working_days = 'lundi'",
        "UPDATE time_grid SET sequences = 99",
    ],
)
def test_a_base_that_describes_itself_wrongly_is_refused(empty_base: Path, statement: str) -> None:
    _sql(empty_base, statement)
    refused = _refusal(empty_base)
    assert (refused.code, refused.reason_key) == (
        ErrorCode.INVALID_FILE,
        "file.problem.base_incomplete",
    )
