"""Texts of the walls between schools (issue 9): uploads.

A refusal names the account's own figures only (its quota, its own uploads under way) or the
request's own (the file's size): never a figure that depends on other schools' uploads.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.upload_unknown": (
        "Cet envoi de fichier a expiré ou n'existe pas : envoyez le fichier à nouveau.",
        "This upload has expired or does not exist: send the file again.",
    ),
    "error.upload_quota_exceeded": (
        "Les envois en cours de votre compte dépasseraient sa limite de {limit} (déjà "
        "{pending} en cours) : terminez ou supprimez un envoi en cours, puis réessayez.",
        "Your account's uploads under way would exceed its limit of {limit} ({pending} "
        "already under way): finish or delete an upload under way, then try again.",
    ),
    "error.too_many_uploads": (
        "Votre compte a déjà {limit} envois de fichiers en cours, le maximum : terminez ou "
        "supprimez-en un, puis réessayez.",
        "Your account already has {limit} uploads under way, the most allowed: finish or "
        "delete one, then try again.",
    ),
    "error.storage_full": (
        "Le service d'hébergement n'a pas la place de recevoir ce fichier ({size}) pour le "
        "moment : réessayez plus tard ou contactez votre hébergeur.",
        "The hosting service does not have room for this file ({size}) at the moment: try "
        "again later or contact your hosting provider.",
    ),
}
