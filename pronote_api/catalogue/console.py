"""Texts of the console: see the package docstring."""

MESSAGES: dict[str, tuple[str, str]] = {}
