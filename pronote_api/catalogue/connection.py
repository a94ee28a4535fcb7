"""Texts of the console's connection layer (service reachability, certificates, credentials)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- connection state (key: connection.state.<state>) ---
    "connection.state.connected": ("Connecté", "Connected"),
    "connection.state.reconnecting": (
        "Service injoignable, nouvelle tentative…",
        "Service unreachable, trying again…",
    ),
    "connection.state.offline": (
        "Service injoignable : la console réessaiera d'elle-même.",
        "Service unreachable: the console will keep trying by itself.",
    ),
    # --- failures to reach the service ---
    "connection.unreachable": (
        "Le service d'hébergement ne répond pas à l'adresse {url}. Vérifiez l'adresse et le réseau,"
        " ou réessayez dans un instant.",
        "The hosting service does not answer at {url}. Check the address and the network, or try"
        " again in a moment.",
    ),
    "connection.timeout": (
        "Le service d'hébergement ({url}) met trop de temps à répondre. Réessayez dans un instant.",
        "The hosting service ({url}) takes too long to answer. Try again in a moment.",
    ),
    "connection.untrusted": (
        "Le service à l'adresse {url} ne présente pas le certificat attendu : son autorité n'est"
        " pas celle enregistrée sur ce poste au premier contact. Rien n'a été envoyé. Si votre"
        " hébergeur confirme avoir changé d'autorité, supprimez le dossier {folder} et relancez"
        " la console pour refaire le premier contact.",
        "The service at {url} does not show the expected certificate: its authority is not the"
        " one this workstation recorded at first contact. Nothing was sent. If your provider"
        " confirms a change of authority, delete the folder {folder} and start the console again"
        " to make the first contact anew.",
    ),
    "connection.certificate_rejected": (
        "Le service a refusé le certificat de ce poste. Installez un nouveau certificat (numéro de"
        " facture demandé).",
        "The service refused this workstation's certificate. Install a new certificate (the"
        " invoice number is asked).",
    ),
    "connection.unexpected_answer": (
        "Réponse inattendue du service (code HTTP {status}). Rien n'a été modifié sur ce poste.",
        "Unexpected answer from the service (HTTP status {status}). Nothing was changed on this"
        " workstation.",
    ),
    "connection.not_a_service": (
        "L'adresse {url} ne semble pas être un service d'hébergement PRONOTE.",
        "The address {url} does not look like a PRONOTE hosting service.",
    ),
    "connection.invalid_url": (
        "Adresse de service invalide : {url} (attendu par ex. https://hebergement.exemple.fr:49302).",
        "Invalid service address: {url} (expected e.g. https://hosting.example.org:49302).",
    ),
    "connection.no_server": (
        "Aucun service d'hébergement n'est encore connu sur ce poste : indiquez son adresse avec"
        " --server URL (par ex. pronote-tui --server https://hebergement.exemple.fr:49302).",
        "No hosting service is known on this workstation yet: give its address with --server URL"
        " (e.g. pronote-tui --server https://hosting.example.org:49302).",
    ),
    "connection.not_enrolled": (
        "Ce poste n'a pas encore de certificat pour ce service.",
        "This workstation has no certificate for this service yet.",
    ),
    "connection.not_logged_in": (
        "Vous n'êtes pas connecté à la console.",
        "You are not logged in to the console.",
    ),
    "connection.session_ended": (
        "Votre session a pris fin : reconnectez-vous avec votre mot de passe.",
        "Your session has ended: log in again with your password.",
    ),
    # --- first contact: pinning the service's certificate authority ---
    "firstcontact.title": (
        "Premier contact avec le service d'hébergement {url}",
        "First contact with the hosting service {url}",
    ),
    "firstcontact.fingerprint": (
        "Empreinte SHA-256 de son autorité de certification :\n  {fingerprint}",
        "SHA-256 fingerprint of its certificate authority:\n  {fingerprint}",
    ),
    "firstcontact.compare": (
        "Comparez-la avec l'empreinte que votre hébergeur vous a communiquée. Si elles diffèrent,"
        " répondez non : quelqu'un pourrait se faire passer pour le service.",
        "Compare it with the fingerprint your provider gave you. If they differ, answer no:"
        " someone could be posing as the service.",
    ),
    "firstcontact.question": (
        "Les empreintes sont-elles identiques ? [o/N] ",
        "Are the fingerprints the same? [y/N] ",
    ),
    "firstcontact.yes_letters": ("o,oui,y,yes", "y,yes,o,oui"),
    "firstcontact.refused": (
        "Autorité non enregistrée : la console ne s'est pas connectée à ce service.",
        "Authority not recorded: the console did not connect to this service.",
    ),
    "firstcontact.mismatch": (
        "L'empreinte de l'autorité du service ({actual}) ne correspond pas à celle donnée avec"
        " --ca-fingerprint ({expected}). Rien n'a été enregistré.",
        "The fingerprint of the service's authority ({actual}) does not match the one given with"
        " --ca-fingerprint ({expected}). Nothing was recorded.",
    ),
    "firstcontact.not_interactive": (
        "Impossible de demander la confirmation de l'empreinte sans terminal : relancez avec"
        " --ca-fingerprint EMPREINTE (donnée par votre hébergeur).",
        "The fingerprint cannot be confirmed without a terminal: run again with"
        " --ca-fingerprint FINGERPRINT (given by your provider).",
    ),
    "firstcontact.bad_fingerprint": (
        "Empreinte invalide : 64 chiffres hexadécimaux attendus (les « : » sont permis).",
        "Invalid fingerprint: 64 hexadecimal digits expected (':' separators allowed).",
    ),
    "firstcontact.pinned": (
        "Autorité du service enregistrée pour {url}.",
        "Service authority recorded for {url}.",
    ),
    "firstcontact.not_a_ca": (
        "Le service a envoyé un certificat d'autorité illisible : rien n'a été enregistré.",
        "The service sent an unreadable authority certificate: nothing was recorded.",
    ),
    # --- the workstation's certificate (key: certificate.<problem>) ---
    "certificate.missing": (
        "Ce poste n'a pas encore de certificat pour la console : il sera installé à la première"
        " connexion (numéro de facture demandé).",
        "This workstation has no console certificate yet: it is installed at the first login (the"
        " invoice number is asked).",
    ),
    "certificate.unreadable": (
        "Le certificat de ce poste ne peut pas être lu (droits du fichier ?). Installez-en un"
        " nouveau.",
        "This workstation's certificate cannot be read (file permissions?). Install a new one.",
    ),
    "certificate.corrupt": (
        "Le certificat de ce poste est endommagé. Installez-en un nouveau.",
        "This workstation's certificate is damaged. Install a new one.",
    ),
    "certificate.expired": (
        "Le certificat de ce poste a expiré le {date}. Installez-en un nouveau.",
        "This workstation's certificate expired on {date}. Install a new one.",
    ),
    "certificate.not_yet_valid": (
        "Le certificat de ce poste n'est valable qu'à partir du {date} : vérifiez l'horloge de ce"
        " poste, ou installez un nouveau certificat.",
        "This workstation's certificate is only valid from {date}: check this workstation's clock,"
        " or install a new certificate.",
    ),
    "certificate.key_mismatch": (
        "La clé privée de ce poste ne correspond pas à son certificat. Installez un nouveau"
        " certificat.",
        "This workstation's private key does not match its certificate. Install a new certificate.",
    ),
    "certificate.other_number": (
        "Le certificat de ce poste a été installé pour le numéro d'hébergement {number}. Installez"
        " un certificat pour ce numéro-ci.",
        "This workstation's certificate was installed for hosting number {number}. Install a"
        " certificate for this number.",
    ),
    "certificate.other_service": (
        "Le certificat de ce poste n'a pas été émis par ce service. Installez-en un nouveau.",
        "This workstation's certificate was not issued by this service. Install a new one.",
    ),
    "certificate.offer_new": (
        "Installer un nouveau certificat",
        "Install a new certificate",
    ),
    "certificate.installed": (
        "Certificat installé sur ce poste (valable jusqu'au {date}).",
        "Certificate installed on this workstation (valid until {date}).",
    ),
    # --- where the password is kept (key: credentials.<backend>) ---
    "credentials.keyring": (
        "Le mot de passe est gardé dans le trousseau du système ({name}).",
        "The password is kept in the system keyring ({name}).",
    ),
    "credentials.file": (
        "Aucun trousseau n'est disponible sur ce poste : le mot de passe est gardé dans un fichier"
        " lisible par vous seul ({path}), sans chiffrement.",
        "No keyring is available on this workstation: the password is kept in a file only you can"
        " read ({path}), without encryption.",
    ),
    "credentials.ask": (
        "Le mot de passe n'est pas gardé : il sera demandé à chaque connexion.",
        "The password is not kept: it is asked at each login.",
    ),
    "credentials.keyring_failed": (
        "Le trousseau du système ne répond pas : le mot de passe est gardé dans un fichier lisible"
        " par vous seul ({path}), sans chiffrement.",
        "The system keyring does not answer: the password is kept in a file only you can read"
        " ({path}), without encryption.",
    ),
    "credentials.remember": (
        "Se souvenir du mot de passe sur ce poste",
        "Remember the password on this workstation",
    ),
    # --- command line ---
    "cli.description": (
        "Console d'hébergement PRONOTE : pilote votre serveur hébergé depuis un terminal.",
        "PRONOTE hosting console: drive your hosted server from a terminal.",
    ),
    "cli.server": (
        "adresse du service d'hébergement (écoute d'inscription), ex. https://hote:49302",
        "address of the hosting service (enrolment listener), e.g. https://host:49302",
    ),
    "cli.lang": ("langue de l'interface (fr ou en)", "interface language (fr or en)"),
    "cli.config_dir": (
        "dossier de configuration (par défaut : dossier XDG de l'utilisateur)",
        "configuration folder (default: the user's XDG folder)",
    ),
    "cli.ca_fingerprint": (
        "empreinte SHA-256 attendue de l'autorité du service (évite la question au premier"
        " contact)",
        "expected SHA-256 fingerprint of the service's authority (skips the first-contact"
        " question)",
    ),
    "cli.no_blink": ("curseur fixe (pas de clignotement)", "steady cursor (no blinking)"),
    "cli.demo": (
        "ouvrir la console sur un service de démonstration local, déjà connecté",
        "open the console on a local demo service, already logged in",
    ),
    "cli.bad_setting": (
        "Réglage invalide dans l'environnement : {names}.",
        "Invalid setting in the environment: {names}.",
    ),
    "cli.interrupted": ("Interrompu.", "Interrupted."),
    "cli.app_missing": (
        "L'interface de la console n'est pas installée avec ce paquet ({detail}).",
        "The console's interface is not installed with this package ({detail}).",
    ),
    # --- demo ---
    "demo.starting": (
        "Démarrage du service de démonstration…",
        "Starting the demo service…",
    ),
    "demo.service_failed": (
        "Le service de démonstration n'a pas démarré. Ses derniers messages :\n{tail}",
        "The demo service did not start. Its last messages:\n{tail}",
    ),
    "demo.service_timeout": (
        "Le service de démonstration n'a pas démarré en {seconds} s. Ses derniers messages :\n"
        "{tail}",
        "The demo service did not start within {seconds} s. Its last messages:\n{tail}",
    ),
    "demo.service_missing": (
        "Le service d'hébergement n'est pas installé avec cette console (module pronote_server"
        " introuvable) : le mode démonstration en a besoin.",
        "The hosting service is not installed with this console (no pronote_server module): the"
        " demo mode needs it.",
    ),
    "demo.ready_file_invalid": (
        "Le service de démonstration a écrit un fichier de démarrage illisible.",
        "The demo service wrote an unreadable start-up file.",
    ),
    "demo.workstation": ("Poste de démonstration", "Demo workstation"),
    "demo.login_failed": (
        "La connexion au service de démonstration a échoué : {reason}",
        "Logging in to the demo service failed: {reason}",
    ),
}
