"""Texts of the file formats: .HNOT, annexes, .profils (refusal reasons, export CLI)."""

MESSAGES: dict[str, tuple[str, str]] = {}
