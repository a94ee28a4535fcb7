"""Texts of the walls between schools (issue 9): security (``pronote-server security``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.security.line": (
        "{address}  {school}  suspendue du {since} au {until} après {failures} échecs"
        " (accès : {door})",
        "{address}  {school}  suspended from {since} to {until} after {failures} failures"
        " (door: {door})",
    ),
    "cli.security.school": ("{hosting_number} {school_name}", "{hosting_number} {school_name}"),
    "cli.security.every_school": (
        "tous les établissements (niveau hébergeur)",
        "every school (provider level)",
    ),
    "cli.security.none": ("Aucune adresse IP suspendue.", "No suspended address."),
    "cli.security.unblocked": (
        "{address} débloquée pour {school}.",
        "{address} unblocked for {school}.",
    ),
    "cli.security.nothing": (
        "{address} n'est pas suspendue pour {school}",
        "{address} is not suspended for {school}",
    ),
    "cli.security.nothing_anywhere": (
        "{address} n'est suspendue pour aucun établissement",
        "{address} is not suspended for any school",
    ),
}
