"""Texts of the walls between schools (issue 9): identifiers in files, paths inside a school."""

MESSAGES: dict[str, tuple[str, str]] = {
    "file.problem.identifier": (
        "Le fichier « {file} » porte un identifiant de base qui n'est pas de la forme attendue : "
        "il a été modifié ou ne vient pas d'un serveur PRONOTE.",
        "The file \u201c{file}\u201d carries a base identifier that is not of the expected form: "
        "it was altered or does not come from a PRONOTE server.",
    ),
    "base.problem.base_id": (
        "L'identifiant de base n'est pas de la forme attendue (32 caractères hexadécimaux).",
        "The base identifier is not of the expected form (32 hexadecimal characters).",
    ),
    "tenant.problem.outside": (
        "Opération refusée : elle toucherait des fichiers hors du dossier de votre établissement.",
        "Operation refused: it would touch files outside your school's folder.",
    ),
}
