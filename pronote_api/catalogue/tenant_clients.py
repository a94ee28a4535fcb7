"""Texts of the walls between schools (issue 9): clients."""

MESSAGES: dict[str, tuple[str, str]] = {}
