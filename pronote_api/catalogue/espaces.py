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
    "history.base.user_password": (
        "Mot de passe d'un utilisateur de la base défini par l'hébergeur (PRONOTE.net)",
        "A base user's password set by the provider (PRONOTE.net)",
    ),
    # --- the web pages (pronote_server.espaces.pages) ---
    "web.unknown.title": ("Établissement inconnu", "Unknown school"),
    "web.unknown.text": (
        "Aucun établissement n'est publié à cette adresse. Vérifiez l'adresse donnée par "
        "l'établissement.",
        "No school is published at this address. Check the address your school gave you.",
    ),
    "web.not_found.title": ("Page introuvable", "Page not found"),
    "web.not_found.text": (
        "Cette page n'existe pas. Les Espaces de l'établissement sont listés sur sa page commune.",
        "This page does not exist. The school's Espaces are listed on its common page.",
    ),
    "web.unavailable.title": ("Espace indisponible", "Espace unavailable"),
    "web.unavailable.later": ("Réessayez plus tard.", "Please try again later."),
    "web.unavailable.stopped": (
        "Les Espaces de {school} ne sont pas publiés pour le moment.",
        "{school}'s Espaces are not published for now.",
    ),
    "web.unavailable.server": (
        "Le serveur de {school} est arrêté : {espace} n'est pas accessible pour le moment.",
        "{school}'s server is stopped: {espace} cannot be reached for now.",
    ),
    "web.unavailable.espace": (
        "{espace} de {school} n'est pas publié.",
        "{school}'s {espace} is not published.",
    ),
    "web.unavailable.cas": (
        "La connexion à {espace} de {school} passe par l'ENT (délégation CAS), dont le serveur "
        "CAS n'est pas renseigné.",
        "Logging in to {school}'s {espace} goes through the ENT (CAS delegation), whose CAS "
        "server is not set.",
    ),
    "web.common.choose": ("Choisissez votre Espace", "Choose your Espace"),
    "web.common.none": (
        "Aucun Espace n'est publié pour le moment.",
        "No Espace is published for now.",
    ),
    "web.school.uai": ("UAI : {uai}", "UAI: {uai}"),
    "web.login.title": ("Connexion", "Log in"),
    "web.login.espace": ("Espace", "Espace"),
    "web.login.login": ("Identifiant", "Login"),
    "web.login.password": ("Mot de passe", "Password"),
    "web.login.submit": ("Se connecter", "Log in"),
    "web.login.refused": (
        "Identifiant ou mot de passe incorrect.",
        "Wrong login or password.",
    ),
    "web.login.suspended_title": ("Connexion suspendue", "Login suspended"),
    "web.login.suspended": (
        "Trop de tentatives de connexion ont échoué depuis votre adresse : la connexion est "
        "suspendue jusqu'au {until}.",
        "Too many failed login attempts came from your address: logging in is suspended until "
        "{until}.",
    ),
    "web.welcome.who": ("Connecté : {user} ({login})", "Logged in: {user} ({login})"),
    "web.welcome.school": ("Établissement : {school}", "School: {school}"),
    "web.welcome.logout": ("Se déconnecter", "Log out"),
    "web.form.expired_title": ("Formulaire expiré", "Form expired"),
    "web.form.expired": (
        "Ce formulaire n'est plus valable (il vient d'une autre page ou d'un autre navigateur). "
        "Rechargez la page et recommencez.",
        "This form is no longer valid (it came from another page or another browser). Reload "
        "the page and try again.",
    ),
    "web.method": ("Méthode non prise en charge.", "Method not supported."),
    "web.bad_form": (
        "Formulaire illisible ou trop long.",
        "The form could not be read or is too long.",
    ),
    "web.internal": (
        "Erreur interne du service : rien n'a été modifié. Réessayez plus tard.",
        "Internal service error: nothing was changed. Please try again later.",
    ),
    "web.people.unknown_login": (
        "aucun utilisateur de la base en service n'a l'identifiant {login}",
        "no user of the base in service has the login {login}",
    ),
    "web.people.ambiguous_login": (
        "l'identifiant {login} existe dans plusieurs Espaces ({espaces}) : précisez --espace",
        "the login {login} exists in several Espaces ({espaces}): give --espace",
    ),
    # --- pronote-server ---
    "cli.server.serve.web_port": (
        "port des Espaces web (PRONOTE.net, HTTPS), 0 = un port libre ; sans lui, pas d'Espaces",
        "port of the web Espaces (PRONOTE.net, HTTPS), 0 = any free port; without it, no Espaces",
    ),
    "cli.server.serve.web_http": (
        "Espaces en HTTP simple (seulement sur 127.0.0.1 : tests et démonstration)",
        "Espaces over plain HTTP (only on 127.0.0.1: tests and the demo)",
    ),
    "cli.server.bases": ("bases des établissements", "the schools' bases"),
    "cli.server.bases.set_password": (
        "définir le mot de passe d'un utilisateur de la base en service (lu sur l'entrée "
        "standard ou demandé, jamais en argument)",
        "set the password of a user of the base in service (read from standard input or "
        "prompted for, never an argument)",
    ),
    "cli.server.bases.uai": ("UAI de l'établissement", "the school's UAI"),
    "cli.server.bases.login": ("identifiant de l'utilisateur", "the user's login"),
    "cli.server.bases.espace": (
        "Espace de l'utilisateur, quand l'identifiant existe dans plusieurs",
        "the user's Espace, when the login exists in several",
    ),
    "cli.error.known_ents": (
        "liste des ENT inutilisable : {reason}",
        "unusable list of ENTs: {reason}",
    ),
    "cli.error.web_http": (
        "les Espaces en HTTP simple ne sont permis que sur 127.0.0.1 (hôte demandé : {host})",
        "plain HTTP Espaces are only allowed on 127.0.0.1 (host asked for: {host})",
    ),
    "cli.serve.web": (
        "Espaces web (PRONOTE.net) : {web_url}",
        "Web Espaces (PRONOTE.net): {web_url}",
    ),
    "cli.info.web_port": (
        "Espaces web (PRONOTE.net) : port {web_port}",
        "Web Espaces (PRONOTE.net): port {web_port}",
    ),
    "cli.bases.password_prompt": ("Nouveau mot de passe : ", "New password: "),
    "cli.bases.password_again": ("Confirmez le mot de passe : ", "Confirm the password: "),
    "cli.bases.password_mismatch": (
        "les deux mots de passe diffèrent : rien n'a été modifié",
        "the two passwords differ: nothing was changed",
    ),
    "cli.bases.unknown_school": (
        "aucun établissement n'a l'UAI {uai}",
        "no school has the UAI {uai}",
    ),
    "cli.bases.no_base": (
        "l'établissement {uai} n'a pas de base en cours",
        "school {uai} has no current base",
    ),
    "cli.bases.password_set": (
        "Mot de passe de {name} ({login}, {espace}) enregistré.",
        "Password of {name} ({login}, {espace}) saved.",
    ),
}
