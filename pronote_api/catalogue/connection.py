"""Texts of the console's connection layer (service reachability, certificates, credentials)."""

MESSAGES: dict[str, tuple[str, str]] = {}
