"""Texts of the walls between schools (issue 9): clients."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- history (key: history.<action>) ----------------------------------------------------
    "history.certificate.revoke": (
        "Révocation du certificat d'un poste",
        "Workstation certificate revoked",
    ),
}
