"""Texts of the server: see the package docstring."""

MESSAGES: dict[str, tuple[str, str]] = {}
