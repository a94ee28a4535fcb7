"""Snapshots of each panel at 60x20, the smallest size the console is used at (those at 80x24
are in ``test_snapshots``), against the ``demo_account`` fixture whose visible data is fixed.
Generate with ``pytest --snapshot-update tests/tui/test_snapshots_walk.py`` and look at them:
every button and tab whole or reachable, the key bar not cut.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from console_support import logged_in_app_sync
from test_snapshots import Snap, _after

from pronote_tui.screens.main import PANEL_KEYS

SMALL = (60, 20)


# Clients shows the port the service really listens on: its 60x20 snapshot is in
# ``test_snapshots`` beside the 80x24 one, on the service bound to the default port.
@pytest.mark.parametrize("panel", [name for name in PANEL_KEYS if name != "clients"])
def test_each_panel_at_60x20(
    snap_compare: Snap, service: Any, demo_account: Any, console_dir: Path, panel: str
) -> None:
    app = logged_in_app_sync(service, demo_account, console_dir)
    assert snap_compare(app, terminal_size=SMALL, run_before=_after(PANEL_KEYS[panel]))
