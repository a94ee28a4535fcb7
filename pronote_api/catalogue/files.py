"""Texts of the file formats (.HNOT, annexes, .profils), the school base's categories, and the
superadministrator's password rules (refusal reasons, strength meter, export CLI)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- password rules (pronote_api.passwords) ---------------------------------------------
    "password.problem.empty": (
        "Saisissez un mot de passe.",
        "Type a password.",
    ),
    "password.problem.too_long": (
        "Le mot de passe ne peut pas dépasser 128 caractères.",
        "The password cannot be longer than 128 characters.",
    ),
    "password.problem.too_short": (
        "Trop court : au moins 12 caractères des quatre sortes (majuscules, minuscules, "
        "chiffres, caractères spéciaux), 14 de trois sortes, ou une phrase de 7 mots.",
        "Too short: at least 12 characters of all four kinds (upper case, lower case, digits, "
        "special characters), 14 of three kinds, or a phrase of 7 words.",
    ),
    "password.problem.not_varied": (
        "Pas assez varié : mélangez majuscules, minuscules, chiffres et caractères spéciaux "
        "(les quatre sortes avec 12 caractères, trois sortes avec 14).",
        "Not varied enough: mix upper case, lower case, digits and special characters (all "
        "four kinds with 12 characters, three kinds with 14).",
    ),
    "password.problem.contains_identifier": (
        "Le mot de passe ne doit pas contenir l'identifiant.",
        "The password must not contain the identifier.",
    ),
    "password.problem.common": (
        "Ce mot de passe figure dans les listes de mots de passe connus ou divulgués.",
        "This password is on the lists of known or leaked passwords.",
    ),
    "password.problem.guessable": (
        "Trop facile à deviner (mots courants, dates, suites ou répétitions) : "
        "ajoutez des éléments imprévisibles.",
        "Too easy to guess (common words, dates, sequences or repeats): add something "
        "unpredictable.",
    ),
    "password.strength.0": ("Très faible", "Very weak"),
    "password.strength.1": ("Faible", "Weak"),
    "password.strength.2": ("Moyen", "Fair"),
    "password.strength.3": ("Presque robuste", "Nearly strong"),
    "password.strength.4": ("Robuste", "Strong"),
}
