"""Texts of the school base on the service side: errors, history, time grid, counts, jobs."""

MESSAGES: dict[str, tuple[str, str]] = {}
