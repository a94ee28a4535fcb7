"""The rights an administrative user of a base can hold (``user_rights.right_key``).

A ``.profils`` file names them by these keys; any other key is refused (``unknown_rights``).
Labels: catalogue ``right.<key>``. The superadministrator holds every right implicitly.
"""

from __future__ import annotations

RIGHTS: tuple[str, ...] = (
    "manage_users",  # Administration des utilisateurs
    "edit_school",  # Établissement, paramètres généraux
    "edit_timetable",  # Emploi du temps, ressources
    "edit_grades",  # Notes, évaluations, compétences
    "edit_report_cards",  # Bulletins, appréciations
    "edit_school_life",  # Absences, retards, punitions, sanctions
    "send_communications",  # Courriers, SMS, e-mails, agenda
    "publish_spaces",  # Publication des Espaces, délégation
    "import_export",  # Imports et exports, récupération de données
    "view_only",  # Consultation seule
)
