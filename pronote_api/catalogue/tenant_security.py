"""Texts of the walls between schools (issue 9): security."""

MESSAGES: dict[str, tuple[str, str]] = {}
