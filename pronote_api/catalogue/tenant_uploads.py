"""Texts of the walls between schools (issue 9): uploads."""

MESSAGES: dict[str, tuple[str, str]] = {}
