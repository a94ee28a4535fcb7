"""Texts of the school server's clients on the service side: errors, history, doors, modes."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- errors (key: error.<ErrorCode value>) ----------------------------------------------
    "error.server_stopped": (
        "Le serveur de l'établissement est arrêté : aucune connexion n'est possible.",
        "The school's server is stopped: no connection is possible.",
    ),
    "error.unknown_user_or_password": (
        "Identifiant ou mot de passe incorrect.",
        "Wrong identifier or password.",
    ),
    "error.mode_not_allowed": (
        "Les droits de cet utilisateur ne permettent pas le {mode}.",
        "This user's rights do not allow {mode}.",
    ),
    "error.no_licence_left": (
        "Plus de licence disponible ({licence} : {total} utilisées).",
        "No licence left ({licence}: {total} in use).",
    ),
    "error.disconnected_by_administrator": (
        "Ce poste a été déconnecté par l'administrateur.",
        "This workstation was disconnected by the administrator.",
    ),
    "error.session_gone": (
        "La connexion a expiré : reconnectez-vous.",
        "The connection expired: log in again.",
    ),
    "error.protocol_error": (
        "Message incompréhensible du client : la connexion est fermée.",
        "The client sent something unreadable: the connection is closed.",
    ),
    "error.invalid_reservation": (
        "Le nombre de licences réservées aux administrateurs doit être entre 0 et {total}.",
        "The number of licences reserved for administrators must be between 0 and {total}.",
    ),
    # --- words of the contract (pronote_api.connections) -------------------------------------
    "mode.administrative": ("Mode administratif", "Administrative mode"),
    "mode.teacher": ("Mode enseignant", "Teacher mode"),
    "mode.school_life": ("Mode vie scolaire", "School life mode"),
    "application.client": ("Client PRONOTE", "PRONOTE client"),
    "application.pronote_net": ("PRONOTE.net", "PRONOTE.net"),
    "session_state.connected": ("Connecté", "Connected"),
    "session_state.silent": ("Sans nouvelles", "Not heard from"),
    "session_state.disabled": ("Désactivé", "Disabled"),
    "door.console": ("Console d'hébergement", "Hosting console"),
    "door.enrolment": ("Inscription d'un poste", "Workstation enrolment"),
    "door.client": ("Client PRONOTE", "PRONOTE client"),
    "door.espaces": ("Espaces", "Espaces"),
    "licence.editing": ("licences en modification", "editing licences"),
    "licence.consultation": ("licences en consultation", "consultation licences"),
    "licence.teachers": ("utilisateurs en Mode enseignant", "Teacher mode users"),
    "licence.school_life": ("utilisateurs en Mode vie scolaire", "School life mode users"),
    # --- history (key: history.<action>) ----------------------------------------------------
    "history.client.disable": ("Désactivation d'un client", "Client disabled"),
    "history.licences.reserve": (
        "Licences réservées pour les administrateurs",
        "Licences reserved for administrators",
    ),
    "history.security.unblock": (
        "Déblocage d'adresses IP suspendues",
        "Suspended addresses unblocked",
    ),
    # --- pronote-client (the command-line desktop client) ----------------------------------
    "client.password_prompt": ("Mot de passe : ", "Password: "),
    "client.no_password": (
        "Aucun mot de passe : saisissez-le, ou définissez {env}.",
        "No password: type it, or set {env}.",
    ),
    "client.missing_option": ("Option manquante : {option}.", "Missing option: {option}."),
    "client.unreachable": (
        "Serveur injoignable ({host}:{port}) : {reason}.",
        "Server unreachable ({host}:{port}): {reason}.",
    ),
    "client.refused": ("Connexion refusée : {message}", "Login refused: {message}"),
    "client.connected": (
        "Connecté à {base} en {mode} depuis {workstation} (session {session}).",
        "Connected to {base} in {mode} from {workstation} (session {session}).",
    ),
    "client.ended": ("Session terminée : {message}", "Session ended: {message}"),
    "client.lost": (
        "La connexion au serveur est perdue.",
        "The connection to the server was lost.",
    ),
    "client.logged_out": ("Déconnexion effectuée.", "Logged out."),
    "client.swarm.status": (
        "{connected} sessions ouvertes ; {logins} connexions, {refused} refusées, "
        "{disconnected} déconnectées par l'administrateur, {expired} expirées.",
        "{connected} sessions open; {logins} logins, {refused} refused, "
        "{disconnected} disconnected by the administrator, {expired} expired.",
    ),
    "client.swarm.bad_users": (
        "Fichier des utilisateurs illisible : {path}",
        "Unreadable users file: {path}",
    ),
}
