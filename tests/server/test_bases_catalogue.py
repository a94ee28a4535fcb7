"""The texts of the school base on the service side: every history action, count, grid reason,
job step and reason key the service uses is in the catalogue, in both languages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import pronote_server
from pronote_api import catalogue
from pronote_api.catalogue import CATALOGUE, tr
from pronote_api.school import COUNT_GROUPS, SUBDIVISIONS, TimeGrid, grid_problems
from pronote_server.bases.registry import ACTIONS

SERVICE = Path(pronote_server.__file__).parent
SOURCES = [
    *sorted((SERVICE / "bases").glob("*.py")),
    *sorted((SERVICE / "jobs").glob("*.py")),
    SERVICE / "demo.py",
]


def test_no_key_is_defined_twice_across_every_part() -> None:
    parts = [
        catalogue.common,
        catalogue.server,
        catalogue.connection,
        catalogue.console,
        catalogue.files,
        catalogue.school,
        catalogue.console_school,
    ]
    counts = Counter(key for part in parts for key in part.MESSAGES)
    assert [key for key, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_of_the_bases_has_a_history_label(action: str) -> None:
    assert tr(f"history.{action}", "fr") != tr(f"history.{action}", "en")


@pytest.mark.parametrize(
    ("group", "name"), [(g, n) for g, names in COUNT_GROUPS.items() for n in names]
)
def test_every_count_has_a_label_with_its_number(group: str, name: str) -> None:
    assert tr(f"count.{group}", "fr") and tr(f"count.{group}", "en")
    assert tr(f"count.{name}", "fr", n=12).startswith("12 ")
    assert tr(f"count.{name}", "en", n=12).startswith("12 ")


def test_every_reason_of_the_time_grid_is_worded() -> None:
    grids = [
        TimeGrid(first_day=9),
        TimeGrid(working_days=[]),
        TimeGrid(working_days=[0, 0]),
        TimeGrid(sequences=30),
        TimeGrid(sequence_minutes=2),
        TimeGrid(subdivision=5),
        TimeGrid(sequence_minutes=50, subdivision=3),
        TimeGrid(sequences=20, sequence_minutes=60),
    ]
    seen = set()
    for grid in grids:
        for problem in grid_problems(grid):
            seen.add(problem.key)
            for lang in ("fr", "en"):
                assert "{" not in tr(problem.key, lang, **problem.params)
    assert seen == {key for key in CATALOGUE if key.startswith("grid.problem.")}
    assert len(SUBDIVISIONS) == 6


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_key_the_service_uses_is_in_the_catalogue(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    used = set(
        re.findall(
            r'"((?:job\.step|job\.problem|upload\.problem|server\.problem|base\.problem)'
            r'\.[a-z_]+)"',
            text,
        )
    )
    assert [key for key in sorted(used) if key not in CATALOGUE] == []
