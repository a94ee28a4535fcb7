"""The texts of the school files: every key the engine can raise or report exists in both
languages, with the parameters the engine passes, and no other part of the catalogue redefines
them."""

from __future__ import annotations

import re
import string
from pathlib import Path

from pronote_api.catalogue import (
    CATALOGUE,
    common,
    connection,
    console,
    console_school,
    files,
    school,
    server,
    tr,
)
from pronote_server.school.categories import CATEGORIES
from pronote_server.school.rights import RIGHTS

ENGINE = Path(__file__).parents[2] / "pronote_server" / "school"


def test_no_other_part_defines_a_key_of_the_files_part() -> None:
    others = [common, server, connection, console, school, console_school]
    assert [k for part in others for k in part.MESSAGES if k in files.MESSAGES] == []


def test_every_reason_the_engine_names_has_its_text() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in ENGINE.glob("*.py"))
    keys = set(re.findall(r'"((?:file|base|password|users)\.problem\.[a-z_]+)"', source))
    keys |= set(re.findall(r'"(users\.refused\.[a-z_]+)"', source))
    assert len(keys) > 30
    assert sorted(k for k in keys if k not in CATALOGUE) == []


def test_each_reason_is_worded_with_the_parameters_the_engine_gives() -> None:
    samples: dict[str, dict[str, object]] = {
        "file.problem.foreign": {"file": "a.HNOT", "ending": "8912"},
        "file.problem.unknown_rights": {"file": "a.profils", "rights": "x", "line": 3},
        "file.problem.too_large": {"file": "a.HNOT", "size": 10, "max": 5},
        "file.problem.format_version": {"file": "a.HNOT", "version": 2, "supported": 1},
        "file.problem.size_mismatch": {"file": "a.HNOT", "expected": 10},
        "file.problem.entry_name": {"file": "a.HPHOTOS", "entry": "../x"},
    }
    for key, params in samples.items():
        for lang in ("fr", "en"):
            names = {n for _, n, _, _ in string.Formatter().parse(CATALOGUE[key][0]) if n}
            assert names <= set(params), key
            assert all(str(v) in tr(key, lang, **params) for k, v in params.items() if k in names)


def test_every_category_and_right_has_a_label() -> None:
    for item in CATEGORIES:
        assert tr(item.label_key, "fr") and tr(item.label_key, "en")
    for right in RIGHTS:
        assert tr(f"right.{right}", "fr") != tr(f"right.{right}", "en")
