"""Texts of backups, archives, restore, recovery and the yearly calendar on the service side."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- errors (key: error.<ErrorCode value>) ----------------------------------------------
    "error.snapshot_corrupt": (
        "Sauvegarde ou archive inutilisable : {reason}",
        "Unusable backup or archive: {reason}",
    ),
    "error.snapshot_foreign": (
        "Cette sauvegarde ou archive appartient à un autre établissement.",
        "This backup or archive belongs to another school.",
    ),
    "error.snapshot_failed": (
        "La sauvegarde a échoué : {reason}",
        "The backup failed: {reason}",
    ),
    "error.invalid_calendar": (
        "Choix de changement de version refusé : {reason}",
        "Version change choice refused: {reason}",
    ),
}
