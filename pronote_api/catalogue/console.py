"""Texts of the console's screens: see the package docstring.

Labels follow the guide's French wording (Fiche 1, the panels, Mon compte); the sentences
around them are our own.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- application and shared words ---
    "app.title": ("Console d'hébergement PRONOTE", "PRONOTE hosting console"),
    "common.colon": (" :", ":"),
    "common.loading": ("Chargement…", "Loading…"),
    "common.yes": ("oui", "yes"),
    "common.yes_caps": ("OUI", "YES"),
    "common.no_caps": ("NON", "NO"),
    "status.number": ("Hébergement {number}", "Hosting {number}"),
    "palette.placeholder": ("Rechercher une commande…", "Search for a command…"),
    # --- key bindings (footer, keys panel) ---
    "binding.quit": ("Quitter", "Quit"),
    "binding.keys": ("Touches", "Keys"),
    "binding.lang": ("English", "Français"),
    "binding.palette": ("Commandes", "Commands"),
    # --- Ctrl+C (it copies in a field; it does not quit) ---
    "quit.hint.title": ("Quitter la console ?", "Quit the console?"),
    "quit.hint": (
        "Ctrl+C ne quitte pas la console (dans un champ, il copie). Pour quitter : {key}.",
        "Ctrl+C does not quit the console (in a field, it copies). To quit: {key}.",
    ),
    "quit.hint.demo": (
        "Ctrl+C ne quitte pas la console (dans un champ, il copie). Pour quitter : {key}. "
        "Le service de démonstration s'arrête alors et ses données sont effacées.",
        "Ctrl+C does not quit the console (in a field, it copies). To quit: {key}. "
        "The demonstration service then stops and its data is deleted.",
    ),
    "binding.logout": ("Se déconnecter", "Log out"),
    "binding.focus_nav": ("Retour aux volets", "Back to the panels"),
    # --- dialogs ---
    "dialog.yes": ("Oui (o)", "Yes (y)"),
    "dialog.no": ("Non (n)", "No (n)"),
    "dialog.close": ("Fermer", "Close"),
    "dialog.cancel": ("Annuler", "Cancel"),
    "dialog.keys_yes_no": (
        "o ou y : oui · n ou Échap : non",
        "y: yes · n or Escape: no",
    ),
    # --- command palette ---
    "cmd.goto": ("Aller à : {panel}", "Go to: {panel}"),
    "cmd.goto.help": ("Touche {key}", "Key {key}"),
    "cmd.key": ("Touche {key}", "Key {key}"),
    "cmd.server_tab": ("Serveur PRONOTE : onglet {tab}", "PRONOTE server: {tab} tab"),
    "cmd.server_tab.help": (
        "Ouvre le volet Serveur PRONOTE sur cet onglet",
        "Opens the PRONOTE server panel on this tab",
    ),
    "cmd.account_tab": ("Mon compte : onglet {tab}", "My account: {tab} tab"),
    "cmd.account_tab.help": (
        "Ouvre Mon compte sur cet onglet",
        "Opens My account on this tab",
    ),
    "cmd.resend.help": (
        "Nouveau mot de passe par SMS, numéro d'hébergement par e-mail (confirmation demandée)",
        "New password by SMS, hosting number by e-mail (asks for confirmation)",
    ),
    "cmd.lang": ("Changer de langue (English)", "Change language (Français)"),
    "cmd.lang.help": ("Touche F2", "Key F2"),
    "cmd.keys": ("Afficher les touches", "Show the keys"),
    "cmd.keys.help": ("Touche F1", "Key F1"),
    "cmd.logout": ("Se déconnecter", "Log out"),
    "cmd.logout.help": (
        "Ferme la session et revient à l'écran de connexion (Ctrl+O)",
        "Ends the session and goes back to the login screen (Ctrl+O)",
    ),
    "cmd.quit": ("Quitter la console", "Quit the console"),
    "cmd.quit.help": (
        "Ferme la session puis quitte (q ou Ctrl+Q)",
        "Ends the session, then quits (q or Ctrl+Q)",
    ),
    "cmd.where.help": (
        "D'où viennent le numéro d'hébergement, le mot de passe et le numéro de facture (F3)",
        "Where the hosting number, the password and the invoice number come from (F3)",
    ),
    "cmd.licence.help": ("Le texte du contrat à accepter (F4)", "The agreement to accept (F4)"),
    # --- login (Fiche 1) ---
    "login.title": ("Accès à votre console d'hébergement", "Access to your hosting console"),
    "login.intro": (
        "Seul le responsable de l'hébergement se connecte ici, avec les identifiants reçus"
        " de l'hébergeur.",
        "Only the hosting manager logs in here, with the credentials received from the provider.",
    ),
    "login.hosting_number": ("Numéro d'hébergement", "Hosting number"),
    "login.number_placeholder": ("12 chiffres, reçu par e-mail", "12 digits, received by e-mail"),
    "login.password": ("Mot de passe hébergement", "Hosting password"),
    "login.remember": ("Se souvenir du mot de passe", "Remember the password"),
    "login.submit": ("Se connecter", "Log in"),
    "login.where": ("Où trouver ces informations ?", "Where do I find these?"),
    "login.key.where": ("Où trouver ?", "Where to find?"),
    "login.key.licence": ("Contrat de licence", "Licence agreement"),
    "input.key.reveal": ("Voir/masquer la saisie", "Show/hide what is typed"),
    "login.password_required": (
        "Saisissez le mot de passe hébergement reçu par SMS.",
        "Type the hosting password received by SMS.",
    ),
    "login.connecting": ("Connexion…", "Logging in…"),
    "login.logged_out": ("Vous êtes déconnecté.", "You are logged out."),
    # --- first login: installing the certificate ---
    "enrol.title": ("Première connexion depuis ce poste", "First login from this workstation"),
    "enrol.invoice": ("Dernier n° facture hébergement", "Last hosting invoice number"),
    "enrol.reminder": ("Recevoir mon n° de facture", "Send me my invoice number"),
    "enrol.reminder_note": (
        "Il sera envoyé au responsable d'hébergement déclaré, jamais affiché ici.",
        "It is sent to the hosting manager on record, never shown here.",
    ),
    "enrol.reminder_sent": (
        "Demande transmise : si ce numéro d'hébergement existe, le numéro de facture part par"
        " e-mail au responsable déclaré.",
        "Request sent: if this hosting number exists, the invoice number goes by e-mail to the"
        " manager on record.",
    ),
    "enrol.licence": ("J'accepte le Contrat de licence", "I accept the Licence agreement"),
    "enrol.read_licence": ("Lire le contrat de licence", "Read the licence agreement"),
    "enrol.install": ("Installer le certificat", "Install the certificate"),
    "enrol.installing": ("Installation du certificat…", "Installing the certificate…"),
    # --- first contact (authority fingerprint) ---
    "firstcontact.dialog_title": (
        "Premier contact avec ce service",
        "First contact with this service",
    ),
    "firstcontact.dialog_body": (
        "Le service {url} présente une autorité de certification inconnue de ce poste.\n\n"
        "Empreinte SHA-256 :\n{fingerprint}\n\n"
        "Comparez-la avec celle que votre hébergeur vous a donnée. Acceptez seulement si elles"
        " sont identiques : sinon, quelqu'un pourrait se faire passer pour le service.",
        "The service {url} shows a certificate authority this workstation does not know.\n\n"
        "SHA-256 fingerprint:\n{fingerprint}\n\n"
        "Compare it with the one your provider gave you. Accept only if they are the same:"
        " otherwise someone could be posing as the service.",
    ),
    "firstcontact.accept": ("Identiques (o)", "The same (y)"),
    "firstcontact.refuse": ("Différentes (n)", "Different (n)"),
    # --- "Où trouver ces informations ?" ---
    "where.title": ("Où trouver ces informations ?", "Where do I find these?"),
    "where.text": (
        "Votre hébergeur vous a remis trois éléments, chacun par un canal différent :\n\n"
        "- **Numéro d'hébergement** (12 chiffres) : dans l'e-mail « Informations liées à votre"
        " console d'hébergement », avec votre référence client.\n"
        "- **Mot de passe hébergement** (14 caractères) : par SMS, sur le téléphone du"
        " responsable de l'hébergement. Vous ne pouvez pas le changer vous-même.\n"
        "- **Dernier numéro de facture** (10 chiffres) : dans l'e-mail de votre dernière facture"
        " d'hébergement. Il n'est demandé qu'à la première connexion depuis un poste, pour"
        " installer le certificat de la console.\n\n"
        "**Vous les avez perdus ?**\n\n"
        "- Le numéro de facture : bouton « Recevoir mon n° de facture » sur cet écran ; il est"
        " envoyé par e-mail au responsable déclaré.\n"
        "- Le numéro et le mot de passe : depuis un Client PRONOTE, *Hébergement > Recevoir mes"
        " identifiants d'hébergement*, ou depuis cette console une fois connecté (Mon compte >"
        " Mot de passe). Sinon, votre hébergeur peut les réinitialiser.\n\n"
        "Rien de tout cela n'est jamais affiché à l'écran : tout part vers le responsable"
        " déclaré.",
        "Your provider gave you three items, each through a different channel:\n\n"
        '- **Hosting number** (12 digits): in the e-mail "Information about your hosting'
        ' console", with your client reference.\n'
        "- **Hosting password** (14 characters): by SMS, on the hosting manager's phone. You"
        " cannot change it yourself.\n"
        "- **Last invoice number** (10 digits): in the e-mail of your latest hosting invoice."
        " It is only asked at the first login from a workstation, to install the console's"
        " certificate.\n\n"
        "**Lost them?**\n\n"
        '- The invoice number: the "Send me my invoice number" button on this screen; it goes'
        " by e-mail to the manager on record.\n"
        "- The number and the password: from a PRONOTE Client, *Hosting > Receive my hosting"
        " credentials*, or from this console once logged in (My account > Password). Otherwise"
        " your provider can reset them.\n\n"
        "None of these is ever shown on screen: everything goes to the manager on record.",
    ),
    # --- the licence agreement (our own short text) ---
    "licence.title": ("Contrat de licence", "Licence agreement"),
    "licence.text": (
        "## Contrat de licence de la console d'hébergement\n\n"
        "1. **Objet.** La console permet au responsable de l'hébergement de piloter le serveur"
        " hébergé de son établissement. Elle est concédée pour la durée de l'abonnement"
        " d'hébergement.\n"
        "2. **Personne autorisée.** Seul le responsable de l'hébergement déclaré utilise la"
        " console. Il garde pour lui le numéro d'hébergement, le mot de passe et le certificat"
        " installé sur ses postes, et prévient l'hébergeur sans délai en cas de perte ou de"
        " vol.\n"
        "3. **Certificat.** Le certificat installé identifie un poste. Il ne doit pas être copié"
        " sur un autre poste ; un nouveau certificat peut être installé à tout moment avec le"
        " numéro de la dernière facture.\n"
        "4. **Données.** Les données de l'établissement restent sa propriété. L'hébergeur les"
        " traite uniquement pour fournir le service, les sauvegarde et ne les communique à"
        " personne d'autre.\n"
        "5. **Traçabilité.** Chaque action d'administration est inscrite à l'historique, avec"
        " sa date et l'adresse d'origine, et reste consultable par le responsable.\n"
        "6. **Fin.** À la fin de l'abonnement, l'établissement peut récupérer ses archives"
        " pendant trente jours ; les certificats cessent alors d'être acceptés.",
        "## Hosting console licence agreement\n\n"
        "1. **Purpose.** The console lets the hosting manager run the school's hosted server."
        " It is licensed for the duration of the hosting subscription.\n"
        "2. **Authorised person.** Only the hosting manager on record uses the console. They"
        " keep the hosting number, the password and the certificates installed on their"
        " workstations to themselves, and tell the provider at once if any is lost or"
        " stolen.\n"
        "3. **Certificate.** An installed certificate identifies one workstation. It must not"
        " be copied to another; a new certificate can be installed at any time with the latest"
        " invoice number.\n"
        "4. **Data.** The school's data remains its own. The provider processes it only to"
        " deliver the service, backs it up and discloses it to nobody else.\n"
        "5. **Traceability.** Every administrative action is written to the history, with its"
        " date and originating address, and the manager can read it.\n"
        "6. **End.** When the subscription ends, the school can download its archives for"
        " thirty days; certificates are then no longer accepted.",
    ),
    # --- navigation (panel names) ---
    "nav.compte": ("Mon compte", "My account"),
    "nav.accueil": ("Accueil", "Home"),
    "nav.serveur": ("Serveur PRONOTE", "PRONOTE server"),
    "nav.clients": ("Clients", "Clients"),
    "nav.pronote_net": ("PRONOTE.net", "PRONOTE.net"),
    "nav.archives": ("Mes archives", "My archives"),
    "nav.assistance": ("Assistance", "Help"),
    # --- server state (Accueil, Serveur PRONOTE) ---
    "server.state.running": ("● En service", "● In service"),
    "server.state.stopped": ("● Arrêté", "● Stopped"),
    "server.state_line": ("Serveur PRONOTE : {state}", "PRONOTE server: {state}"),
    "server.no_base": (
        "Aucune base en service : créez ou chargez une base (Serveur PRONOTE).",
        "No base in service: create or load a base (PRONOTE server).",
    ),
    "server.base": ("Base en service : {name} ({year})", "Base in service: {name} ({year})"),
    "server.actions_later": (
        "Mettre en service, Charger une base, Créer une base et Préparer l'année suivante"
        " arrivent avec la gestion des bases.",
        "Put in service, Load a base, Create a base and Prepare next year come with base"
        " management.",
    ),
    "server.tab.backups": ("Sauvegardes", "Backups"),
    "server.tab.connections": ("Suivi des connexions", "Connections"),
    "server.tab.other_bases": ("Autres bases", "Other bases"),
    "server.tab.history": ("Historique", "History"),
    "server.tab.security": ("Sécurité", "Security"),
    "server.tab.delegation": ("Déléguer l'authentification", "Delegate authentication"),
    "server.later.backups": (
        "Les sauvegardes (toutes les 2 heures, les 12 dernières) et les archives (chaque jour,"
        " les 30 dernières) apparaîtront ici avec la gestion des sauvegardes, une fois une base"
        " en service.",
        "Backups (every 2 hours, the last 12) and archives (daily, the last 30) will appear"
        " here with backup management, once a base is in service.",
    ),
    "server.later.connections": (
        "Le suivi des connexions (postes, mode, utilisateur, licences utilisées) arrive avec"
        " le serveur de la base : aucun client ne peut encore s'y connecter.",
        "The connections table (workstations, mode, user, licences in use) comes with the"
        " base's server: no client can connect to it yet.",
    ),
    "server.later.other_bases": (
        "Les bases précédemment mises en service et celles téléchargées depuis l'établissement"
        " seront listées ici avec la gestion des bases.",
        "Bases previously put in service and those uploaded from the school will be listed"
        " here with base management.",
    ),
    "server.later.security": (
        "Les adresses IP suspendues après trop de tentatives erronées seront listées ici, avec"
        " la possibilité de les débloquer, quand le serveur de la base comptera les échecs.",
        "Addresses suspended after too many failed attempts will be listed here, with a way to"
        " unblock them, once the base's server counts failures.",
    ),
    "server.later.delegation": (
        "La délégation de l'authentification à l'ENT (CAS et autres) arrive avec la"
        " publication des Espaces (PRONOTE.net).",
        "Delegating authentication to the ENT (CAS and others) comes with publishing the"
        " Spaces (PRONOTE.net).",
    ),
    # --- history ---
    "history.col.date": ("Date", "Date"),
    "history.col.action": ("Action", "Action"),
    "history.col.outcome": ("Résultat", "Outcome"),
    "history.all_actions": ("toutes", "all"),
    "history.all_outcomes": ("tous", "all"),
    "history.from": ("depuis {source}", "from {source}"),
    "history.filters": (
        "Action : {action} · Résultat : {outcome} · Page {page}",
        "Action: {action} · Outcome: {outcome} · Page {page}",
    ),
    "history.empty": ("aucune entrée", "no entries"),
    "history.key.action": ("Filtre action", "Action filter"),
    "history.key.outcome": ("Filtre résultat", "Outcome filter"),
    "history.key.older": ("Plus anciens", "Older"),
    "history.key.newer": ("Plus récents", "Newer"),
    "history.key.refresh": ("Actualiser", "Refresh"),
    # --- Accueil ---
    "accueil.account": ("Votre compte", "Your account"),
    "accueil.hint": (
        "Pour commencer : Serveur PRONOTE (touche 2). Les fiches d'aide sont dans Assistance"
        " (touche 6).",
        "To begin: PRONOTE server (key 2). The help sheets are in Help (key 6).",
    ),
    "accueil.net.published": (
        "PRONOTE.net : Espaces publiés ({count} ouverts sur Internet)",
        "PRONOTE.net: Espaces published ({count} open on the Internet)",
    ),
    "accueil.net.not_published": (
        "PRONOTE.net : Espaces non publiés (volet PRONOTE.net, touche 4)",
        "PRONOTE.net: Espaces not published (PRONOTE.net panel, key 4)",
    ),
    "accueil.net.no_web": (
        "PRONOTE.net : Espaces non servis (ce service n'a pas d'écoute web)",
        "PRONOTE.net: Espaces not served (this service has no web listener)",
    ),
    # --- Clients (Fiche 3) ---
    "clients.address_title": (
        "Adresse de connexion des clients PRONOTE et EDT",
        "Connection address of the PRONOTE and EDT clients",
    ),
    "clients.address": ("Adresse de la machine", "Machine address"),
    "clients.port": ("Port TCP", "TCP port"),
    "clients.how_to": (
        "Dans un Client PRONOTE ou EDT, fenêtre « Paramètres de connexion au serveur », saisissez"
        " cette adresse dans « Adresse de la machine (Nom ou IP) » et ce port dans « Port TCP ».",
        'In a PRONOTE or EDT Client, window "Server connection settings", type this address in'
        ' "Machine address (name or IP)" and this port in "TCP port".',
    ),
    "clients.not_yet": (
        "Les clients pourront s'y connecter quand une base sera en service.",
        "Clients can connect there once a base is in service.",
    ),
    "clients.in_service": (
        "Le serveur est en service : les clients peuvent s'y connecter maintenant.",
        "The server is in service: clients can connect there now.",
    ),
    "clients.stopped": (
        "Le serveur est arrêté : les clients pourront s'y connecter quand il sera remis en"
        " service.",
        "The server is stopped: clients can connect there once it is put back in service.",
    ),
    "clients.no_listener": (
        "Le service n'écoute pas les clients en ce moment : demandez à votre hébergeur.",
        "The service is not listening for clients at the moment: ask your provider.",
    ),
    # --- Mes archives ---
    "archives.empty": ("Aucune archive pour l'instant.", "No archives yet."),
    "archives.explain": (
        "Dès qu'une base est en service, une archive en est faite chaque jour (les 30 dernières"
        " sont gardées), et une archive de l'année qui se termine début juillet, qui sert"
        " l'année suivante à récupérer des données (fiche 6). Elles seront listées ici.",
        "Once a base is in service, an archive of it is made every day (the last 30 are kept),"
        " plus an archive of the ending year early July, used the next year to recover data"
        " (sheet 6). They will be listed here.",
    ),
    # --- Assistance ---
    "assistance.search": ("Rechercher dans les fiches…", "Search the sheets…"),
    "assistance.none": ("Aucune fiche ne contient ces mots.", "No sheet holds these words."),
    # --- Mon compte ---
    "account.tab.card": ("Compte", "Account"),
    "account.tab.contact": ("Mes coordonnées", "My details"),
    "account.tab.notifications": ("Notifications", "Notifications"),
    "account.tab.password": ("Mot de passe", "Password"),
    "account.key.save": ("Enregistrer", "Save"),
    "account.client_reference": ("Référence client", "Client reference"),
    "account.hosting_number": ("N° d'hébergement", "Hosting number"),
    "account.school": ("Établissement", "School"),
    "account.licence_expiry": (
        "Votre licence d'hébergement expire le",
        "Your hosting licence expires on",
    ),
    "account.editors": ("Administrateurs et modifiants", "Administrators and editors"),
    "account.formula": ("Formule", "Plan"),
    "account.formula.unlimited": ("Profs illimités", "Unlimited teachers"),
    "account.formula.count": ("{count} profs", "{count} teachers"),
    "account.edt_connection": ("Connexion EDT", "EDT connection"),
    "account.consultation": ("Consultation", "Read-only"),
    "account.sms": ("SMS", "SMS"),
    "account.pronote_net": ("PRONOTE.net", "PRONOTE.net"),
    "account.per_product": ("EDT : {edt} / PRONOTE : {pronote}", "EDT: {edt} / PRONOTE: {pronote}"),
    "contact.intro": (
        "Le responsable de l'hébergement : c'est à lui que partent les identifiants et les"
        " alertes.",
        "The hosting manager: credentials and alerts are sent to them.",
    ),
    "contact.name": ("Nom", "Name"),
    "contact.email": ("E-mail", "E-mail"),
    "contact.phone": ("Téléphone portable", "Mobile phone"),
    "contact.save": ("Enregistrer (Ctrl+S)", "Save (Ctrl+S)"),
    "contact.confirm_title": ("Enregistrer ces coordonnées ?", "Save these details?"),
    "contact.confirm_body": (
        "Nom : {name}\nE-mail : {email}\nTéléphone : {phone}\n\nLes prochains identifiants et"
        " alertes partiront vers ces coordonnées.",
        "Name: {name}\nE-mail: {email}\nPhone: {phone}\n\nThe next credentials and alerts will"
        " go to these details.",
    ),
    "contact.saved": ("Coordonnées enregistrées.", "Details saved."),
    "contact.not_saved": (
        "Rien n'a été enregistré : corrigez le champ signalé.",
        "Nothing was saved: correct the field shown.",
    ),
    "contact.unchanged": ("Aucune modification à enregistrer.", "Nothing changed to save."),
    "contact.cancelled": ("Enregistrement annulé.", "Saving cancelled."),
    "notif.intro": (
        "Par quel canal être prévenu de chaque événement : touche e pour l'e-mail, s pour le "
        "SMS, n pour aucun.",
        "How to be told of each event: key e for e-mail, s for SMS, n for none.",
    ),
    "notif.col.event": ("Événement", "Event"),
    "notif.col.channel": ("Canal", "Channel"),
    "notif.event.backup_failed": ("Sauvegarde en échec", "Backup failed"),
    "notif.event.server_stopped": ("Serveur arrêté", "Server stopped"),
    "notif.event.address_suspended": ("Adresse IP suspendue", "Address suspended"),
    "notif.event.version_change": ("Changement de version", "Version change"),
    "notif.event.licence_expiry": ("Fin de licence proche", "Licence about to expire"),
    "notif.channel.email": ("E-mail", "E-mail"),
    "notif.channel.sms": ("SMS", "SMS"),
    "notif.channel.none": ("Aucun", "None"),
    "notif.key.email": ("E-mail", "E-mail"),
    "notif.key.sms": ("SMS", "SMS"),
    "notif.key.none": ("Aucun", "None"),
    "notif.saved": ("Préférence enregistrée.", "Preference saved."),
    "password.explain": (
        "Le mot de passe de la console vous est envoyé par SMS par l'hébergeur ; vous ne pouvez"
        " pas le choisir ni le modifier vous-même.\n\n"
        "En cas de perte ou de doute, demandez de nouveaux identifiants : un nouveau mot de"
        " passe part par SMS et votre numéro d'hébergement par e-mail, vers les coordonnées"
        " du responsable (onglet Mes coordonnées). L'ancien mot de passe cesse aussitôt de"
        " fonctionner ; la session en cours reste ouverte.",
        "The console password is sent to you by SMS by the provider; you cannot choose or"
        " change it yourself.\n\n"
        "If it is lost or you have a doubt, ask for new credentials: a new password goes by"
        " SMS and your hosting number by e-mail, to the manager's details (My details tab). The"
        " old password stops working at once; the current session stays open.",
    ),
    "password.resend": (
        "Recevoir mes identifiants d'hébergement",
        "Receive my hosting credentials",
    ),
    "password.confirm_title": ("Recevoir de nouveaux identifiants ?", "Receive new credentials?"),
    "password.confirm_body": (
        "Un nouveau mot de passe sera envoyé par SMS et le numéro d'hébergement par e-mail au"
        " responsable déclaré.\n\nVotre mot de passe actuel cessera de fonctionner dès"
        " maintenant. Cette session reste ouverte.",
        "A new password will be sent by SMS and the hosting number by e-mail to the manager on"
        " record.\n\nYour current password will stop working right away. This session stays"
        " open.",
    ),
    "password.confirm_yes": ("Envoyer (o)", "Send (y)"),
    "password.cancelled": ("Rien n'a été envoyé.", "Nothing was sent."),
    "password.sent": (
        "Identifiants envoyés : nouveau mot de passe par SMS, numéro d'hébergement par e-mail.",
        "Credentials sent: new password by SMS, hosting number by e-mail.",
    ),
}
