"""Texts of the console's Suivi des connexions, Licences utilisées and Sécurité."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- Suivi des connexions: the table -----------------------------------------------------
    "conn.col.workstation": ("Poste", "Workstation"),
    "conn.col.application": ("Application connectée", "Connected application"),
    "conn.col.state": ("État", "State"),
    "conn.col.mode": ("Mode", "Mode"),
    "conn.col.user": ("Utilisateur", "User"),
    "conn.col.base": ("Base", "Base"),
    "conn.mode.administrative": ("Administratif", "Administrative"),
    "conn.mode.teacher": ("Enseignant", "Teacher"),
    "conn.mode.school_life": ("Vie scolaire", "School life"),
    "conn.state.editing": ("En modification", "Editing"),
    "conn.state.consultation": ("En consultation", "Read-only"),
    "conn.empty": ("Aucun utilisateur connecté.", "No user connected."),
    "conn.empty_filtered": (
        "Aucune connexion ne correspond au filtre.",
        "No connection matches the filter.",
    ),
    "conn.status": (
        "{count} connexion(s) · actualisation toutes les {seconds} s",
        "{count} connection(s) · refreshed every {seconds} s",
    ),
    "conn.status_paused": (
        "{count} connexion(s) · actualisation en pause",
        "{count} connection(s) · refreshing paused",
    ),
    "conn.filter_shown": ("filtre « {text} »", "filter “{text}”"),
    "conn.filter_placeholder": (
        "Filtrer (poste, utilisateur, mode…) ; Entrée : garder, Échap : effacer",
        "Filter (workstation, user, mode…); Enter: keep, Escape: clear",
    ),
    "conn.detail": (
        "{user} sur {workstation} ({address}) depuis {since} : {application}, {state}, {mode}",
        "{user} on {workstation} ({address}) since {since}: {application}, {state}, {mode}",
    ),
    "conn.unreachable": (
        "Service injoignable : le tableau reprendra à la reconnexion.",
        "Service unreachable: the table resumes at reconnection.",
    ),
    # --- keys ---------------------------------------------------------------------------------
    "conn.key.disable": ("Désactiver", "Disconnect"),
    "conn.key.disable.help": (
        "Désactiver un client : déconnecter le poste choisi",
        "Disconnect a client: end the chosen workstation's session",
    ),
    "conn.key.faster": ("Plus souvent", "More often"),
    "conn.key.slower": ("Moins souvent", "Less often"),
    "conn.key.pause": ("Pause", "Pause"),
    "conn.key.filter": ("Filtrer", "Filter"),
    "conn.key.sort": ("Trier", "Sort"),
    "conn.key.reverse": ("Inverser le tri", "Reverse the order"),
    "conn.key.reserve": ("Licences réservées", "Reserved licences"),
    "conn.key.refresh": ("Actualiser", "Refresh"),
    # --- command palette ---------------------------------------------------------------------
    "cmd.conn.disable": ("Désactiver un client", "Disconnect a client"),
    "cmd.conn.reserve.help": (
        "Suivi des connexions : licences gardées pour que les administrateurs se connectent",
        "Connections: licences kept so that administrators can always connect",
    ),
    "cmd.conn.pause": (
        "Suivi des connexions : pause / reprise de l'actualisation",
        "Connections: pause / resume refreshing",
    ),
    "cmd.conn.pause.help": ("Touche p dans l'onglet", "Key p in the tab"),
    "cmd.conn.faster": (
        "Suivi des connexions : actualiser plus souvent",
        "Connections: refresh more often",
    ),
    "cmd.conn.slower": (
        "Suivi des connexions : actualiser moins souvent",
        "Connections: refresh less often",
    ),
    "cmd.conn.interval.help": ("Touches + et - dans l'onglet", "Keys + and - in the tab"),
    "cmd.conn.filter": ("Suivi des connexions : filtrer", "Connections: filter"),
    "cmd.conn.filter.help": (
        "Touche / dans l'onglet ; Échap efface le filtre",
        "Key / in the tab; Escape clears the filter",
    ),
    "cmd.conn.sort": ("Suivi des connexions : trier", "Connections: sort"),
    "cmd.conn.sort.help": (
        "Touche s : colonne suivante ; S : ordre inverse",
        "Key s: next column; S: reverse order",
    ),
    "cmd.sec.unblock.help": (
        "Sécurité : lever la suspension d'adresses IP (après confirmation)",
        "Security: lift the suspension of addresses (after a confirmation)",
    ),
    # --- Désactiver un client -----------------------------------------------------------------
    "conn.menu.title": ("Connexion de {user}", "{user}'s connection"),
    "conn.menu.disable": ("Désactiver ce client", "Disconnect this client"),
    "conn.menu.cancel": ("Annuler", "Cancel"),
    "conn.disable.title": ("Désactiver un client", "Disconnect a client"),
    "conn.disable.body": (
        "Déconnecter {user} du poste {workstation} ({mode}) ?\n"
        "Le client est prévenu et cette session ne pourra pas reprendre.",
        "Disconnect {user} from workstation {workstation} ({mode})?\n"
        "The client is told and this session cannot resume.",
    ),
    "conn.disable.yes": ("Désactiver (o)", "Disconnect (y)"),
    "conn.disabled": (
        "{user} a été déconnecté du poste {workstation}.",
        "{user} was disconnected from workstation {workstation}.",
    ),
    "conn.no_row": ("Aucune connexion choisie.", "No connection chosen."),
    "conn.cancelled": ("Rien n'a été changé.", "Nothing was changed."),
    # --- Licences utilisées --------------------------------------------------------------------
    "lic.title": ("Licences utilisées", "Licences in use"),
    "lic.editing": ("Modification : {used}/{total}", "Editing: {used}/{total}"),
    "lic.reserved": ("dont réservées admin : {count}", "reserved for admins: {count}"),
    "lic.consultation": ("Consultation : {used}/{total}", "Read-only: {used}/{total}"),
    "lic.consultation_none": ("Consultation : aucune", "Read-only: none"),
    "lic.teachers": ("Enseignant : {used}/{limit}", "Teacher: {used}/{limit}"),
    "lic.school_life": ("Vie scolaire : {used}", "School life: {used}"),
    "lic.espaces": ("Espaces : {used}", "Espaces: {used}"),
    "lic.unlimited": ("illimité", "unlimited"),
    "lic.dialog.title": (
        "Licences réservées pour les administrateurs",
        "Licences reserved for administrators",
    ),
    "lic.dialog.body": (
        "Sur {total} licence(s) en modification, combien garder pour les administrateurs ?\n"
        "Un administrateur pourra toujours se connecter.",
        "Of {total} editing licence(s), how many to keep for administrators?\n"
        "An administrator can then always connect.",
    ),
    "lic.dialog.label": ("Licences réservées (0 à {total})", "Reserved licences (0 to {total})"),
    "lic.dialog.save": ("Enregistrer", "Save"),
    "lic.dialog.cancel": ("Annuler", "Cancel"),
    "lic.dialog.not_number": (
        "Saisissez un nombre entier entre 0 et {total}.",
        "Type a whole number between 0 and {total}.",
    ),
    "lic.saved": (
        "Licences réservées pour les administrateurs : {count}.",
        "Licences reserved for administrators: {count}.",
    ),
    "accueil.connected": ("Connectés : {kinds}", "Connected: {kinds}"),
    "accueil.connected_none": ("Aucun utilisateur connecté.", "No user connected."),
    "accueil.kind.editing": ("{count} en modification", "{count} editing"),
    "accueil.kind.consultation": ("{count} en consultation", "{count} read-only"),
    "accueil.kind.teachers": ("{count} en Mode enseignant", "{count} in teacher mode"),
    "accueil.kind.school_life": ("{count} en Mode vie scolaire", "{count} in school life mode"),
    "accueil.kind.espaces": ("{count} sur les Espaces", "{count} on the Espaces"),
    # --- Sécurité -------------------------------------------------------------------------------
    "sec.settings": (
        "Suspension après {failures} échecs en {window} pendant {duration}",
        "Suspended after {failures} failures within {window} for {duration}",
    ),
    "sec.allow_list": ("Jamais suspendues : {addresses}", "Never suspended: {addresses}"),
    "sec.allow_list_none": ("Jamais suspendues : aucune", "Never suspended: none"),
    "sec.minutes": ("{count} min", "{count} min"),
    "sec.seconds": ("{count} s", "{count} s"),
    "sec.hours": ("{count} h", "{count} h"),
    "sec.col.address": ("Adresse IP", "IP address"),
    "sec.col.since": ("Depuis", "Since"),
    "sec.col.until": ("Jusqu'à", "Until"),
    "sec.col.failures": ("Échecs", "Failures"),
    "sec.col.door": ("Accès", "Door"),
    "sec.detail": (
        "{address} suspendue du {since} au {until} après {failures} échecs (accès : {door})",
        "{address} suspended from {since} to {until} after {failures} failures (door: {door})",
    ),
    "sec.empty": ("Aucune adresse IP suspendue.", "No suspended address."),
    "sec.count": ("{count} adresse(s) IP suspendue(s)", "{count} suspended address(es)"),
    "sec.key.unblock": ("Débloquer", "Unblock"),
    "sec.key.unblock_all": ("Tout débloquer", "Unblock all"),
    "sec.key.refresh": ("Actualiser", "Refresh"),
    "sec.unblock.title": ("Débloquer une adresse IP", "Unblock an address"),
    "sec.unblock.body": (
        "Lever la suspension de {address} ({failures} échecs, accès : {door}) ?",
        "Lift the suspension of {address} ({failures} failures, door: {door})?",
    ),
    "sec.unblock_all.title": ("Débloquer toutes les adresses IP", "Unblock every address"),
    "sec.unblock_all.body": (
        "Lever la suspension des {count} adresse(s) IP suspendue(s) ?",
        "Lift the suspension of the {count} suspended address(es)?",
    ),
    "sec.unblock.yes": ("Débloquer (o)", "Unblock (y)"),
    "sec.unblocked": ("{address} est débloquée.", "{address} is unblocked."),
    "sec.unblocked_all": ("Toutes les adresses IP sont débloquées.", "Every address is unblocked."),
    "sec.nothing": ("Aucune adresse IP suspendue.", "No suspended address."),
}
