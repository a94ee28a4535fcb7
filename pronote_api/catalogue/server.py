"""Texts of the hosting service: outbox messages, history labels, CLI output and errors."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- outbox: messages to the hosting manager (never shown on screen, never logged) ---
    "outbox.account_created.subject": (
        "Vos informations de console d'hébergement PRONOTE",
        "Your PRONOTE hosting console details",
    ),
    "outbox.account_created.body": (
        "Bonjour {manager_name},\n\n"
        "Le compte d'hébergement de l'établissement {school_name} (UAI {uai}) est ouvert.\n\n"
        "Numéro d'hébergement : {hosting_number}\n"
        "Dernier numéro de facture : {invoice_number}\n\n"
        "Le mot de passe de la console vous parvient séparément par SMS. Le numéro de facture "
        "n'est demandé qu'à la première connexion d'un poste, pour y installer son certificat.\n\n"
        "Service d'hébergement PRONOTE\n",
        "Hello {manager_name},\n\n"
        "The hosting account of {school_name} (UAI {uai}) is open.\n\n"
        "Hosting number: {hosting_number}\n"
        "Latest invoice number: {invoice_number}\n\n"
        "The console password reaches you separately by text message. The invoice number is only "
        "asked at a workstation's first login, to install its certificate.\n\n"
        "PRONOTE hosting service\n",
    ),
    "outbox.password.sms": (
        "PRONOTE hébergement - mot de passe de votre console : {password}",
        "PRONOTE hosting - your console password: {password}",
    ),
    "outbox.hosting_number.subject": (
        "Votre numéro d'hébergement PRONOTE",
        "Your PRONOTE hosting number",
    ),
    "outbox.hosting_number.body": (
        "Bonjour {manager_name},\n\n"
        "Vous avez demandé à recevoir de nouveau vos identifiants d'hébergement.\n\n"
        "Numéro d'hébergement : {hosting_number}\n\n"
        "Un nouveau mot de passe vous parvient par SMS ; l'ancien ne fonctionne plus.\n\n"
        "Service d'hébergement PRONOTE\n",
        "Hello {manager_name},\n\n"
        "You asked to receive your hosting credentials again.\n\n"
        "Hosting number: {hosting_number}\n\n"
        "A new password reaches you by text message; the old one no longer works.\n\n"
        "PRONOTE hosting service\n",
    ),
    "outbox.invoice.subject": (
        "Votre dernier numéro de facture d'hébergement PRONOTE",
        "Your latest PRONOTE hosting invoice number",
    ),
    "outbox.invoice.body": (
        "Bonjour {manager_name},\n\n"
        "Vous avez demandé le numéro de votre dernière facture d'hébergement, nécessaire pour "
        "installer le certificat de la console sur un nouveau poste.\n\n"
        "Numéro d'hébergement : {hosting_number}\n"
        "Dernier numéro de facture : {invoice_number}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer ce message.\n\n"
        "Service d'hébergement PRONOTE\n",
        "Hello {manager_name},\n\n"
        "You asked for the number of your latest hosting invoice, needed to install the console's "
        "certificate on a new workstation.\n\n"
        "Hosting number: {hosting_number}\n"
        "Latest invoice number: {invoice_number}\n\n"
        "If you did not ask for it, you can ignore this message.\n\n"
        "PRONOTE hosting service\n",
    ),
    # --- history: labels of the action keys (key: history.<action>) ---
    "history.account.create": (
        "Création du compte d'hébergement",
        "Hosting account created",
    ),
    "history.account.reset_password": (
        "Nouveau mot de passe envoyé par l'hébergeur",
        "New password sent by the provider",
    ),
    "history.certificate.enrol": (
        "Installation du certificat d'un poste",
        "Workstation certificate installed",
    ),
    "history.session.login": ("Connexion à la console", "Console login"),
    "history.session.logout": ("Déconnexion de la console", "Console logout"),
    "history.contact.update": (
        "Modification des coordonnées du responsable",
        "Manager's contact details changed",
    ),
    "history.notifications.update": (
        "Modification des notifications",
        "Notification settings changed",
    ),
    "history.credentials.resend": (
        "Envoi des identifiants d'hébergement",
        "Hosting credentials sent again",
    ),
    "history.invoice.reminder": (
        "Envoi du numéro de facture",
        "Invoice number sent",
    ),
    "history.outcome.success": ("Réussi", "Succeeded"),
    "history.outcome.failure": ("Échoué", "Failed"),
    # --- validation reasons only the service gives ---
    "validation.invalid": ("valeur invalide", "invalid value"),
    "validation.at_least": (
        "la valeur doit valoir au moins {min}",
        "the value must be at least {min}",
    ),
    "validation.at_most": (
        "la valeur doit valoir au plus {max}",
        "the value must be at most {max}",
    ),
    "validation.choice": (
        "valeur qui n'est pas parmi les choix possibles",
        "a value that is not one of the choices",
    ),
    "validation.json": (
        "le corps de la requête n'est pas un JSON valide",
        "the request body is not valid JSON",
    ),
    "validation.unexpected_field": ("champ inattendu", "unexpected field"),
    "validation.date": ("date attendue au format AAAA-MM-JJ", "expected a date as YYYY-MM-DD"),
    "validation.editors": (
        "le nombre de licences en modification va de 1 à 99",
        "the number of editing licences ranges from 1 to 99",
    ),
    "validation.school_name": (
        "le nom de l'établissement compte de 1 à 200 caractères",
        "the school name has 1 to 200 characters",
    ),
    "validation.manager_name": (
        "le nom du responsable compte de 1 à 120 caractères",
        "the manager's name has 1 to 120 characters",
    ),
    "validation.client_reference": (
        "la référence client compte de 1 à 32 chiffres ou lettres",
        "the client reference has 1 to 32 letters or digits",
    ),
    "csr.unreadable": (
        "la demande n'est pas un PKCS#10 PEM lisible",
        "the request is not a readable PEM PKCS#10",
    ),
    "csr.signature": (
        "la signature de la demande est invalide",
        "the request's signature is invalid",
    ),
    "csr.key_type": (
        "la clé doit être une clé EC P-256 ou P-384",
        "the key must be an EC P-256 or P-384 key",
    ),
    "csr.common_name": (
        "le nom commun (CN) doit être le numéro d'hébergement",
        "the common name (CN) must be the hosting number",
    ),
    # --- CLI ---
    "cli.error": ("Erreur : {message}", "Error: {message}"),
    "cli.error.already_initialised": (
        "{path} est déjà initialisé (config.json existe) : rien n'a été modifié",
        "{path} is already initialised (config.json exists): nothing was changed",
    ),
    "cli.error.not_initialised": (
        "{path} n'est pas un répertoire de données initialisé : lancez d'abord "
        "« pronote-server init --data {path} »",
        "{path} is not an initialised data directory: run "
        "'pronote-server init --data {path}' first",
    ),
    "cli.error.schema_outdated": (
        "la base de contrôle n'est pas à jour : relancez « pronote-server init » ou la migration",
        "the control database is not up to date: run the migration",
    ),
    "cli.error.database": (
        "base de contrôle injoignable ({url})",
        "control database unreachable ({url})",
    ),
    "cli.error.port_in_use": (
        "impossible d'écouter sur {host}:{port} ({reason})",
        "cannot listen on {host}:{port} ({reason})",
    ),
    "cli.error.unknown_account": (
        "aucun compte d'hébergement n'a le numéro {hosting_number}",
        "no hosting account has the number {hosting_number}",
    ),
    "cli.error.duplicate_account": (
        "le numéro d'hébergement {hosting_number} existe déjà",
        "the hosting number {hosting_number} already exists",
    ),
    "cli.error.invalid_value": (
        "{option} : {reason}",
        "{option}: {reason}",
    ),
    "cli.error.unexpected": (
        "erreur inattendue ({kind}) : voir le journal du service",
        "unexpected error ({kind}): see the service log",
    ),
    "cli.init.done": (
        "Répertoire de données prêt : {path}\nEmpreinte SHA-256 de l'autorité (à transmettre aux "
        "établissements) :\n{fingerprint}",
        "Data directory ready: {path}\nSHA-256 fingerprint of the authority (give it to the "
        "schools):\n{fingerprint}",
    ),
    "cli.info": (
        "Répertoire de données : {path}\n"
        "Base de contrôle : {db}\n"
        "Domaine d'hébergement : {domain}\n"
        "Adresse d'écoute : {host}\n"
        "Port de l'API (TLS mutuel, console) : {api_port}\n"
        "Port d'enrôlement (premier contact de la console) : {enrol_port}\n"
        "Port TCP des Clients PRONOTE et EDT : {client_port}\n"
        "Empreinte SHA-256 de l'autorité :\n{fingerprint}",
        "Data directory: {path}\n"
        "Control database: {db}\n"
        "Hosting domain: {domain}\n"
        "Listening address: {host}\n"
        "API port (mutual TLS, console): {api_port}\n"
        "Enrolment port (the console's first contact): {enrol_port}\n"
        "TCP port of the PRONOTE and EDT Clients: {client_port}\n"
        "SHA-256 fingerprint of the authority:\n{fingerprint}",
    ),
    "cli.info.web_absent": (
        "Espaces web (PRONOTE.net) : aucun port web configuré (serve --web-port)",
        "Web Espaces (PRONOTE.net): no web port configured (serve --web-port)",
    ),
    "cli.accounts.created": (
        "Compte d'hébergement ouvert : {school_name} (UAI {uai})\nNuméro d'hébergement : "
        "{hosting_number}",
        "Hosting account opened: {school_name} (UAI {uai})\nHosting number: {hosting_number}",
    ),
    "cli.accounts.secrets_waiting": (
        "Le numéro de facture (e-mail à {email}) et le mot de passe (SMS au {phone}) attendent"
        " dans la boîte d'envoi ; pour les lire et les transmettre :\n"
        "  pronote-server outbox show --account {hosting_number} --data {data}",
        "The invoice number (e-mail to {email}) and the password (text message to {phone}) wait"
        " in the outbox; to read and pass them on:\n"
        "  pronote-server outbox show --account {hosting_number} --data {data}",
    ),
    "cli.accounts.secrets_sent": (
        "Le numéro de facture a été envoyé par e-mail à {email} et le mot de passe par SMS au"
        " {phone}.",
        "The invoice number was sent by e-mail to {email} and the password by text message to"
        " {phone}.",
    ),
    # --- pronote-server outbox ---
    "cli.outbox.empty": (
        "Aucun message en attente dans {path}.",
        "No message waiting in {path}.",
    ),
    "cli.outbox.header": (
        "{count} message(s) dans {path} :",
        "{count} message(s) in {path}:",
    ),
    "cli.outbox.line": (
        "{id}  {created}  {channel}  {state}  compte {account}\n    à {to}\n    {subject}",
        "{id}  {created}  {channel}  {state}  account {account}\n    to {to}\n    {subject}",
    ),
    "cli.outbox.channel.email": ("e-mail", "e-mail"),
    "cli.outbox.channel.sms": ("SMS", "SMS"),
    "cli.outbox.state.pending": ("en attente", "waiting"),
    "cli.outbox.state.sent": ("relayé", "relayed"),
    "cli.outbox.state.delivered": ("remis", "delivered"),
    "cli.outbox.sms_subject": (
        "(SMS : {kind}, texte non affiché ici)",
        "(text message: {kind}, text not shown here)",
    ),
    "cli.outbox.how_to_show": (
        "Pour afficher un message (il peut contenir un mot de passe ou un numéro de facture) :\n"
        "  pronote-server outbox show IDENTIFIANT --data {data}\n"
        "et, une fois transmis : ... show IDENTIFIANT --mark-delivered",
        "To print a message (it may hold a password or an invoice number):\n"
        "  pronote-server outbox show ID --data {data}\n"
        "and, once passed on: ... show ID --mark-delivered",
    ),
    "cli.outbox.message": (
        "--- Message {id} ({channel}, {state}) ---\nÀ : {to}\nCompte : {account}\nDate : {created}",
        "--- Message {id} ({channel}, {state}) ---\nTo: {to}\nAccount: {account}\nDate: {created}",
    ),
    "cli.outbox.subject": ("Objet : {subject}", "Subject: {subject}"),
    "cli.outbox.marked": (
        "Message {id} marqué comme remis (déplacé dans {path}) : il ne sera pas relayé.",
        "Message {id} marked as delivered (moved to {path}): it will not be relayed.",
    ),
    "cli.outbox.already_done": (
        "Message {id} : déjà {state}, laissé où il est.",
        "Message {id}: already {state}, left where it is.",
    ),
    "cli.outbox.mark_hint": (
        "Une fois le message transmis à son destinataire : pronote-server outbox show {id}"
        " --mark-delivered --data {data}",
        "Once the message is passed on to its recipient: pronote-server outbox show {id}"
        " --mark-delivered --data {data}",
    ),
    "cli.error.outbox_unknown": (
        "aucun message {id} dans la boîte d'envoi (voir « pronote-server outbox list --all »)",
        "no message {id} in the outbox (see 'pronote-server outbox list --all')",
    ),
    "cli.error.outbox_nothing": (
        "indiquez l'identifiant d'un message (voir « pronote-server outbox list ») ou --account",
        "name a message's identifier (see 'pronote-server outbox list') or --account",
    ),
    "cli.accounts.none": ("Aucun compte d'hébergement.", "No hosting account."),
    "cli.accounts.header": (
        "N° hébergement  UAI       Expiration  État       Établissement",
        "Hosting number  UAI       Expires     State      School",
    ),
    "cli.accounts.active": ("actif", "active"),
    "cli.accounts.disabled": ("désactivé", "disabled"),
    "cli.accounts.password_sent": (
        "Nouveau mot de passe envoyé par SMS au responsable de {hosting_number}.",
        "New password sent by text message to the manager of {hosting_number}.",
    ),
    "cli.serve.listening": (
        "Service à l'écoute : API {api_url}, enrôlement {enrol_url}, Clients PRONOTE et EDT"
        " port TCP {client_port}",
        "Service listening: API {api_url}, enrolment {enrol_url}, PRONOTE and EDT Clients"
        " TCP port {client_port}",
    ),
    "cli.outbox.relay_failed": (
        "Relais SMTP en échec pour {name} ({reason}) : message gardé pour un nouvel essai",
        "SMTP relay failed for {name} ({reason}): message kept for a retry",
    ),
}
