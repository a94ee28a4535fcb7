"""Console texts of the school base: Serveur PRONOTE actions, dialogs, Autres bases."""

MESSAGES: dict[str, tuple[str, str]] = {}
