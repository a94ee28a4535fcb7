"""Backups of the school bases: their files and format (``backups``), the actions on them
(``service``: take, verify, restore, import, recover), their scheduler and its calendar, and the
``pronote-server backups`` command (``cli``) and demo data (``demo``).

``backups`` sits below :mod:`pronote_server.bases` (which takes the yearly archive) and imports
only the store, security, the base model and jobs; the rest may import bases too. Never ``web``.
"""
