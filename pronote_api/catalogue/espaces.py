"""Texts of PRONOTE.net (Fiches 8 and 9): the Espaces' names, the delegation protocols, the
publication's refusals and history lines, the reasons a setting is refused, and the web pages
themselves (``web.*``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the Espaces (pronote_api.publication.EspaceKind) ---
    "espace.commune": ("Page commune", "Common page"),
    "espace.etablissement": ("Page Établissement", "School page"),
    "espace.direction": ("Espace Direction", "Management Espace"),
    "espace.professeur": ("Espace Professeurs", "Teachers' Espace"),
    "espace.viescolaire": ("Espace Vie scolaire", "School life Espace"),
    "espace.parent": ("Espace Parents", "Parents' Espace"),
    "espace.accompagnant": ("Espace Accompagnants", "Companions' Espace"),
    "espace.eleve": ("Espace Élèves", "Students' Espace"),
    "espace.entreprise": ("Espace Entreprise", "Company Espace"),
    "espace.academie": ("Espace Académie", "Academy Espace"),
    "espace.inscription": ("Espace Inscription", "Enrolment Espace"),
    # --- the delegation matrix (DelegationProtocol, CasMatching) ---
    "delegation.cas": ("CAS", "CAS"),
    "delegation.ws_federation": ("WS-Federation", "WS-Federation"),
    "delegation.saml2": ("SAML2", "SAML2"),
    "delegation.educonnect": ("EduConnect", "EduConnect"),
    "delegation.none": ("Aucune", "None"),
    "cas_matching.identity": ("Par les attributs d'identité", "By identity attributes"),
    "cas_matching.pronote_id": (
        "Par un attribut portant l'identifiant PRONOTE",
        "By an attribute carrying the PRONOTE identifier",
    ),
    "cas_matching.double_auth": (
        "Par double authentification (l'utilisateur saisit une fois son identifiant PRONOTE)",
        "By double authentication (the user types their PRONOTE login once)",
    ),
    # --- refusals of the publication (pronote_server.espaces.publication) ---
    "error.publication_running": (
        "La base est publiée : arrêtez la publication (Arrêter la publication) pour modifier "
        "ces paramètres.",
        "The base is published: stop the publication (Stop publishing) to change these settings.",
    ),
    "error.no_base_in_service": (
        "Aucune base en service : mettez une base en service (Administration du serveur) avant "
        "de la publier.",
        "No base in service: put a base in service (Server administration) before publishing it.",
    ),
    "publication.problem.already_published": (
        "la base est déjà publiée",
        "the base is already published",
    ),
    "publication.problem.already_stopped": (
        "la publication est déjà arrêtée",
        "the publication is already stopped",
    ),
    # --- reasons a setting is refused (validators of pronote_api.publication) ---
    "cas_url.length": (
        "l'adresse du serveur CAS est vide ou trop longue (2000 caractères au plus)",
        "the CAS server address is empty or too long (2000 characters at most)",
    ),
    "cas_url.characters": (
        "l'adresse du serveur CAS contient des espaces ou des caractères de contrôle",
        "the CAS server address contains spaces or control characters",
    ),
    "cas_url.malformed": (
        "l'adresse du serveur CAS n'est pas une adresse web complète (https://serveur/...)",
        "the CAS server address is not a full web address (https://server/...)",
    ),
    "cas_url.not_https": (
        "l'adresse du serveur CAS doit commencer par https:// (http:// seulement sur 127.0.0.1)",
        "the CAS server address must start with https:// (http:// only on 127.0.0.1)",
    ),
    "cas_url.credentials": (
        "l'adresse du serveur CAS ne doit contenir ni identifiant ni mot de passe",
        "the CAS server address must not contain a user name or a password",
    ),
    "cas_url.fragment": (
        "l'adresse du serveur CAS ne doit pas contenir de partie après #",
        "the CAS server address must not contain a part after #",
    ),
    "cas_url.missing": (
        "indiquez l'URL du serveur CAS",
        "give the CAS server URL",
    ),
    "cas_url.links_missing": (
        "indiquez le lien d'authentification et le lien de validation",
        "give both the authentication link and the validation link",
    ),
    "cas_matching.attribute_missing": (
        "indiquez l'attribut CAS qui identifie l'utilisateur",
        "give the CAS attribute that identifies the user",
    ),
    "publication.duplicate_espace": (
        "un Espace est coché deux fois",
        "an Espace is ticked twice",
    ),
    "delegation.not_delegable": (
        "cet Espace ne peut pas déléguer son authentification",
        "this Espace cannot delegate its login",
    ),
    "delegation.not_available": (
        "ce protocole n'est pas encore disponible (seuls CAS et Aucune le sont)",
        "this protocol is not available yet (only CAS and None are)",
    ),
    "delegation.cas_missing": (
        "ajoutez d'abord une délégation CAS",
        "add a CAS delegation first",
    ),
    # --- history ---
    "history.publication.publish": ("Publication de la base (PRONOTE.net)", "Base published"),
    "history.publication.stop": (
        "Arrêt de la publication (PRONOTE.net)",
        "Publication stopped (PRONOTE.net)",
    ),
    "history.publication.settings": (
        "Paramètres de publication modifiés (PRONOTE.net)",
        "Publication settings changed (PRONOTE.net)",
    ),
}
