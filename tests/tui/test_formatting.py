"""Dates as each language reads them without doubt: 14/08/2026 in French, 14 Aug 2026 in
English (never 26-08-14), whatever the machine's locale; and what English writes reads back."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pronote_tui.formatting import (
    format_date,
    format_datetime,
    format_datetime_short,
    format_day_time,
)
from pronote_tui.widgets.version_change import parse_date

DAY = date(2026, 8, 14)
# Noon in UTC stays on the 14th in the machine's time zone, wherever it is.
AT = datetime(2026, 8, 14, 12, 5, tzinfo=UTC)
CONSOLE = Path(__file__).resolve().parents[2] / "pronote_tui"


def test_french_writes_day_month_year() -> None:
    assert format_date(DAY, "fr") == "14/08/2026"
    assert format_datetime(AT, "fr").startswith("14/08/2026 ")
    assert format_datetime_short(AT, "fr").startswith("14/08/26 ")
    assert format_day_time(AT, "fr").startswith("14/08 ")


def test_english_spells_the_month_after_the_day() -> None:
    assert format_date(DAY, "en") == "14 Aug 2026"
    assert format_date(date(2027, 3, 1), "en") == "01 Mar 2027"
    assert format_datetime(AT, "en").startswith("14 Aug 2026 ")
    assert format_datetime_short(AT, "en").startswith("14 Aug 26 ")
    assert format_day_time(AT, "en").startswith("14 Aug ")
    for text in (format_datetime(AT, "en"), format_datetime_short(AT, "en")):
        assert "26-08" not in text and "08-14" not in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_date_written_reads_back(lang: str) -> None:
    assert parse_date(format_date(DAY, lang)) == DAY  # type: ignore[arg-type]


def test_the_console_writes_no_date_of_its_own() -> None:
    """Every date on screen goes through pronote_tui.formatting: no strftime elsewhere."""
    found = []
    for path in sorted(CONSOLE.rglob("*.py")):
        if path.name == "formatting.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "strftime":
                found.append(f"{path.relative_to(CONSOLE)}:{node.lineno}")
    assert found == []
