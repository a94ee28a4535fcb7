"""Moved to :mod:`pronote_tui.formatting` (below the widgets); kept for the dialogs that still
import it from here, until they import the new place."""

from pronote_tui.formatting import (
    account_lines,
    base_label,
    format_date,
    format_datetime,
    format_datetime_short,
    formula_label,
    server_state_label,
    yes_no,
)

__all__ = [
    "account_lines",
    "base_label",
    "format_date",
    "format_datetime",
    "format_datetime_short",
    "formula_label",
    "server_state_label",
    "yes_no",
]
