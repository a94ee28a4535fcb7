"""The one way a path under a school's folder is built (issue 9): plain names only, no link on
the way, never outside the root; and the identifier forms it relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from pronote_api.validation import is_hex_id, is_hosting_number
from pronote_server.security import tenancy
from pronote_server.store.config import DataDir

NUMBER = "012345678912"
BASE = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    "part",
    ["..", ".", "", "a/b", "/etc", "a\x00b", ".hidden", "a\\b", "é", "a" * 201, "ｂａｓｅ"],
)
def test_a_part_that_is_not_a_plain_name_is_refused(tmp_path: Path, part: str) -> None:
    with pytest.raises(tenancy.OutsideTenant):
        tenancy.inside(tmp_path, "schools", part)


def test_plain_names_give_the_path_below_the_resolved_root(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")  # the root itself may be behind a link
    path = tenancy.inside(tmp_path / "alias", "schools", NUMBER, "bases", f"{BASE}.sqlite")
    assert path == (tmp_path / "real" / "schools" / NUMBER / "bases" / f"{BASE}.sqlite")


def test_a_link_below_the_root_is_refused_wherever_it_leads(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "schools" / NUMBER).mkdir(parents=True)
    (root / "schools" / "other").mkdir()
    (root / "schools" / NUMBER / "bases").symlink_to(root / "schools" / "other")
    with pytest.raises(tenancy.OutsideTenant):
        tenancy.inside(root, "schools", NUMBER, "bases", f"{BASE}.sqlite")
    (root / "schools" / "inner").symlink_to(root / "schools" / NUMBER)  # even one inside
    with pytest.raises(tenancy.OutsideTenant):
        tenancy.inside(root, "schools", "inner")


def test_school_paths_take_only_the_services_forms(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    assert tenancy.base_file(data, NUMBER, BASE).name == f"{BASE}.sqlite"
    for number, base in [
        ("01234567891", BASE),
        (NUMBER + "\n", BASE),
        ("０１２３４５６７８９１２", BASE),
        (NUMBER, BASE.upper()),
        (NUMBER, "../" + BASE[3:]),
        (NUMBER, BASE + "\n"),
    ]:
        with pytest.raises(tenancy.OutsideTenant):
            tenancy.base_file(data, number, base)


def test_a_stored_path_must_name_its_own_base(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    good = f"schools/{NUMBER}/bases/{BASE}.sqlite"
    assert tenancy.stored_base_file(data, good, BASE) == tenancy.base_file(data, NUMBER, BASE)
    other = "f" * 32
    for relative, base in [
        (good, other),
        (f"schools/{NUMBER}/backups/{BASE}.sqlite", BASE),
        (f"schools/{NUMBER}/bases/../bases/{BASE}.sqlite", BASE),
        (f"/schools/{NUMBER}/bases/{BASE}.sqlite", BASE),
    ]:
        with pytest.raises(tenancy.OutsideTenant):
            tenancy.stored_base_file(data, relative, base)


def test_identifier_forms_are_ascii_and_exact() -> None:
    assert is_hosting_number(NUMBER) and is_hex_id(BASE)
    assert not is_hosting_number("٠١٢٣٤٥٦٧٨٩١٢")  # Arabic-Indic digits: \d would take them
    assert not is_hosting_number(NUMBER + "\n") and not is_hex_id(BASE + "\n")
    assert not is_hex_id(BASE.upper()) and not is_hex_id(None) and not is_hex_id(BASE[:-1])
