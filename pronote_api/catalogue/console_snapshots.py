"""Texts of the console: Sauvegardes, Mes archives, recovery of data, Changement de version."""

MESSAGES: dict[str, tuple[str, str]] = {}
