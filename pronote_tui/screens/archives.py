"""Mes archives: the school's archives; empty, and explained, until a base has been in service."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from pronote_tui.screens.panel import Panel


class ArchivesPanel(Panel):
    panel_id = "archives"
    title_key = "nav.archives"

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("archives.empty"), id="archives-empty", classes="empty-state")
        yield Static(self.t("archives.explain"), classes="body-text", markup=False)
