"""Texts of the console's PRONOTE.net panel (Fiches 8 and 9): the publication, its addresses,
the CAS delegation dialog, the matrix of delegation per Espace and the security parameters.
The Espaces' and protocols' names themselves are in :mod:`.espaces`."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the state and the action ------------------------------------------------------------
    "pub.state.published": (
        "Base publiée · Base en cours : {name}",
        "Base published · Current base: {name}",
    ),
    "pub.state.not_published": (
        "Base non publiée · Base en cours : {name}",
        "Base not published · Current base: {name}",
    ),
    "pub.state.no_base": (
        "Aucune base en service : mettez une base en service (Serveur PRONOTE) pour la publier.",
        "No base in service: put a base in service (PRONOTE server) to publish it.",
    ),
    "pub.state.server_stopped": (
        "Le serveur est arrêté : les Espaces ne répondent pas tant qu'il n'est pas en service.",
        "The server is stopped: the Espaces do not answer until it is in service again.",
    ),
    "pub.state.no_web": (
        "Espaces non servis : ce service n'a pas d'écoute web.",
        "Espaces not served: this service has no web listener.",
    ),
    "pub.publish": ("Publier la base", "Publish the base"),
    "pub.stop": ("Arrêter la publication", "Stop publishing"),
    "pub.publish.help": (
        "Publier les Espaces de la base en service sur Internet",
        "Publish the Espaces of the base in service on the Internet",
    ),
    "pub.stop.help": (
        "Arrêter la publication des Espaces (les internautes perdent leur accès)",
        "Stop publishing the Espaces (web users lose their access)",
    ),
    "pub.published_now": (
        "Base publiée : les Espaces cochés répondent dès maintenant.",
        "Base published: the ticked Espaces answer from now on.",
    ),
    "pub.stopped_now": (
        "Publication arrêtée : les Espaces ne répondent plus. Les paramètres sont modifiables.",
        "Publication stopped: the Espaces no longer answer. The settings can be changed.",
    ),
    "pub.already_published": ("La base est déjà publiée.", "The base is already published."),
    "pub.already_stopped": (
        "La publication est déjà arrêtée.",
        "The publication is already stopped.",
    ),
    "pub.stop_title": ("Arrêter la publication", "Stop publishing"),
    "pub.stop_yes": ("Arrêter la publication (o)", "Stop publishing (y)"),
    "pub.stop_body": (
        "Les Espaces de la base {name} ne répondront plus : parents, élèves, professeurs et "
        "personnels perdent l'accès à leur Espace jusqu'à la prochaine publication.",
        "The Espaces of the base {name} will no longer answer: parents, students, teachers and "
        "staff lose access to their Espace until the base is published again.",
    ),
    "pub.stop_to_edit_body": (
        "Pour modifier les paramètres, la publication doit être arrêtée. Les Espaces de la "
        "base {name} ne répondront plus : parents, élèves, professeurs et personnels perdent "
        "l'accès à leur Espace jusqu'à la prochaine publication.",
        "To change the settings, the publication must be stopped. The Espaces of the base "
        "{name} will no longer answer: parents, students, teachers and staff lose access to "
        "their Espace until the base is published again.",
    ),
    "pub.locked": (
        "Vous devez arrêter la publication de la base pour pouvoir modifier ces paramètres.",
        "You must stop publishing the base to change these settings.",
    ),
    "pub.locked_stop": ("Arrêter la publication", "Stop publishing"),
    # --- tabs ---------------------------------------------------------------------------------
    "pub.tab.publication": ("Paramètres de publication", "Publication settings"),
    "pub.tab.delegation": ("Déléguer l'authentification", "Delegate authentication"),
    "pub.tab.security": ("Paramètres de sécurité", "Security settings"),
    # --- Paramètres de publication: the addresses --------------------------------------------
    "pub.addresses": (
        "Adresses de connexion des internautes (sous {url})",
        "Web users' connection addresses (under {url})",
    ),
    "pub.col.espace": ("Espace", "Espace"),
    "pub.col.publish": ("Publier", "Publish"),
    "pub.col.page": ("Adresse", "Address"),
    "pub.detail": ("Adresse : {page}\nMobile : {mobile}", "Address: {page}\nMobile: {mobile}"),
    "pub.no_mobile": ("pas de page mobile", "no mobile page"),
    "pub.hint.stopped": (
        "Espace ou Entrée : cocher ou décocher Publier · c : copier l'adresse",
        "Space or Enter: tick or untick Publish · c: copy the address",
    ),
    "pub.hint.published": (
        "Entrée ou c : copier les adresses de l'Espace",
        "Enter or c: copy the Espace's addresses",
    ),
    "pub.copied": ("Adresse copiée : {address}", "Address copied: {address}"),
    "pub.espace_on": (
        "{espace} : publié à la prochaine publication.",
        "{espace}: published at the next publication.",
    ),
    "pub.espace_off": (
        "{espace} : ne sera pas publié.",
        "{espace}: will not be published.",
    ),
    # --- Déléguer l'authentification ----------------------------------------------------------
    "pub.deleg.intro": (
        "Gestion des délégations : une délégation CAS permet aux utilisateurs de se connecter "
        "depuis l'ENT sans s'authentifier à nouveau.",
        "Delegations: a CAS delegation lets users log in from the ENT without authenticating "
        "again.",
    ),
    "pub.deleg.none": (
        "Aucune délégation CAS. + : ajouter une délégation.",
        "No CAS delegation. +: add a delegation.",
    ),
    "pub.deleg.cas": ("Protocole CAS : {name}", "CAS protocol: {name}"),
    "pub.deleg.server": ("URL du serveur CAS : {url}", "CAS server URL: {url}"),
    "pub.deleg.login_link": ("Lien d'authentification : {url}", "Authentication link: {url}"),
    "pub.deleg.validate_link": ("Lien de validation : {url}", "Validation link: {url}"),
    "pub.deleg.matching": ("Rapprochement : {how}", "Matching: {how}"),
    "pub.deleg.matching_attribute": (
        "Rapprochement : {how}, attribut {attribute}",
        "Matching: {how}, attribute {attribute}",
    ),
    "pub.deleg.ent_url": (
        "URL à communiquer au socle ENT : {url}",
        "URL to give the ENT: {url}",
    ),
    "pub.deleg.direct": ("Autoriser la connexion directe", "Allow direct login"),
    "pub.deleg.direct_url": (
        "Autoriser l'authentification directe par PRONOTE.net : oui. URL à communiquer aux "
        "utilisateurs pour une connexion directe : {url}",
        "Allow direct authentication by PRONOTE.net: yes. URL to give the users for a direct "
        "login: {url}",
    ),
    "pub.deleg.direct_off": (
        "Autoriser l'authentification directe par PRONOTE.net : non. Seuls les Espaces sans "
        "délégation gardent leur page de connexion.",
        "Allow direct authentication by PRONOTE.net: no. Only the Espaces without delegation "
        "keep their login page.",
    ),
    "pub.deleg.active": ("Activer la délégation", "Activate the delegation"),
    "pub.deleg.needs_cas": (
        "Ajoutez d'abord une délégation CAS (+).",
        "Add a CAS delegation first (+).",
    ),
    "pub.deleg.add": ("+ Ajouter une délégation", "+ Add a delegation"),
    "pub.deleg.edit": ("+ Modifier la délégation", "+ Edit the delegation"),
    "pub.deleg.matrix": ("Choix par Espace", "Choice per Espace"),
    "pub.deleg.summary": (
        "Espaces délégués au CAS : {espaces}",
        "Espaces delegated to CAS: {espaces}",
    ),
    "pub.deleg.summary_none": (
        "Aucun Espace délégué : tous gardent leur propre connexion.",
        "No Espace delegated: each keeps its own login.",
    ),
    "pub.deleg.inactive": (
        "Délégation inactive : tous les Espaces gardent leur propre connexion.",
        "Delegation inactive: every Espace keeps its own login.",
    ),
    "pub.deleg.saved": ("Délégation enregistrée.", "Delegation saved."),
    "pub.deleg.activated": ("Délégation activée.", "Delegation activated."),
    "pub.deleg.deactivated": ("Délégation désactivée.", "Delegation deactivated."),
    "pub.deleg.direct_saved": (
        "Authentification directe : {state}.",
        "Direct authentication: {state}.",
    ),
    "pub.deleg.allowed": ("autorisée", "allowed"),
    "pub.deleg.refused": ("refusée", "refused"),
    # --- the CAS dialog -----------------------------------------------------------------------
    "pub.cas.title": ("Protocole CAS", "CAS protocol"),
    "pub.cas.ent": ("Mon ENT", "My ENT"),
    "pub.cas.manual": ("Configuration manuelle", "Manual configuration"),
    "pub.cas.ent_server": ("{name} · {url}", "{name} · {url}"),
    "pub.cas.name": ("Nom de la délégation", "Delegation name"),
    "pub.cas.from_ent": (
        "Les paramètres nécessaires à l'intégration doivent être communiqués par l'ENT.",
        "The parameters needed for the integration must be given by the ENT.",
    ),
    "pub.cas.server": ("URL du serveur CAS", "CAS server URL"),
    "pub.cas.separate": (
        "Les adresses d'authentification et de validation sont différentes",
        "The authentication and validation addresses are different",
    ),
    "pub.cas.login": ("Lien d'authentification", "Authentication link"),
    "pub.cas.validate": ("Lien de validation", "Validation link"),
    "pub.cas.matching": ("Rapprochement", "Matching"),
    "pub.cas.matching.identity": ("Attributs d'identité", "Identity attributes"),
    "pub.cas.matching.pronote_id": ("Attribut identifiant PRONOTE", "PRONOTE identifier attribute"),
    "pub.cas.matching.double_auth": ("Double authentification", "Double authentication"),
    "pub.cas.attribute": ("Attribut CAS", "CAS attribute"),
    "pub.cas.ok": ("Valider", "Confirm"),
    "pub.cas.cancel": ("Annuler", "Cancel"),
    "pub.cas.keys": (
        "Tab : champ suivant · Espace : cocher · Ctrl+S : valider · Échap : annuler",
        "Tab: next field · Space: tick · Ctrl+S: confirm · Escape: cancel",
    ),
    "pub.cas.problem.name": (
        "indiquez le nom de la délégation",
        "give the delegation's name",
    ),
    "pub.cas.problem.field": ("{field} : {reason}", "{field}: {reason}"),
    "pub.cas.ents_unavailable": (
        "Liste des ENT indisponible : {reason}",
        "List of ENTs unavailable: {reason}",
    ),
    # --- the matrix ---------------------------------------------------------------------------
    "pub.matrix.title": (
        "Choix de la délégation en fonction de l'espace",
        "Choice of delegation by Espace",
    ),
    "pub.matrix.mode": ("Mode de connexion", "Login mode"),
    # Column headings where the whole names do not fit (60 columns).
    "pub.matrix.short.cas": ("CAS", "CAS"),
    "pub.matrix.short.ws_federation": ("WS-F", "WS-F"),
    "pub.matrix.short.saml2": ("SAML2", "SAML2"),
    "pub.matrix.short.educonnect": ("EduC", "EduC"),
    "pub.matrix.short.none": ("Aucune", "None"),
    "pub.matrix.legend": (
        "● choisi · ○ possible · × pas encore disponible",
        "● chosen · ○ possible · × not available yet",
    ),
    "pub.matrix.keys": (
        "Flèches : se déplacer · Espace ou Entrée : choisir · Ctrl+S : valider · Échap : annuler",
        "Arrows: move · Space or Enter: choose · Ctrl+S: confirm · Escape: cancel",
    ),
    "pub.matrix.unavailable": (
        "{protocol} n'est pas encore disponible sur ce service : choisissez CAS ou Aucune.",
        "{protocol} is not available on this service yet: choose CAS or None.",
    ),
    "pub.matrix.cas_missing": (
        "CAS demande une délégation CAS : ajoutez-la d'abord (+).",
        "CAS needs a CAS delegation: add it first (+).",
    ),
    "pub.matrix.chosen": ("{espace} : {protocol}", "{espace}: {protocol}"),
    "pub.matrix.ok": ("Valider", "Confirm"),
    "pub.matrix.cancel": ("Annuler", "Cancel"),
    "pub.matrix.saved": (
        "Choix de la délégation par Espace enregistré.",
        "Choice of delegation by Espace saved.",
    ),
    # --- Paramètres de sécurité ---------------------------------------------------------------
    "pub.sec.inactivity": (
        "Temps d'inactivité avant déconnexion (minutes)",
        "Inactivity time before logout (minutes)",
    ),
    "pub.sec.bounds": (
        "Un internaute inactif est déconnecté après ce temps ({min} à {max} minutes).",
        "An inactive web user is logged out after this time ({min} to {max} minutes).",
    ),
    "pub.sec.save": ("Enregistrer", "Save"),
    "pub.sec.bad": (
        "Le temps d'inactivité doit être un nombre entier de minutes entre {min} et {max}.",
        "The inactivity time must be a whole number of minutes between {min} and {max}.",
    ),
    "pub.sec.saved": (
        "Temps d'inactivité enregistré : {minutes} minutes.",
        "Inactivity time saved: {minutes} minutes.",
    ),
    # --- keys ---------------------------------------------------------------------------------
    "pub.key.publish": ("Publier", "Publish"),
    "pub.key.stop": ("Arrêter", "Stop"),
    "pub.key.cas": ("Délégation CAS", "CAS delegation"),
    "pub.key.matrix": ("Choix par Espace", "Per Espace"),
    "pub.key.copy": ("Copier", "Copy"),
    "pub.key.toggle": ("Publier oui/non", "Publish yes/no"),
}
