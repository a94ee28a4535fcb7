"""Texts of the console's Suivi des connexions, Licences utilisées and Sécurité."""

MESSAGES: dict[str, tuple[str, str]] = {}
