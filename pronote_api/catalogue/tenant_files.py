"""Texts of the walls between schools (issue 9): files."""

MESSAGES: dict[str, tuple[str, str]] = {}
