"""The three commands' own words: argparse's messages, and the help of pronote-server and
pronote-client (pronote-tui's is in :mod:`connection`).

The ``argparse.*`` texts replace argparse's English messages (see
:mod:`pronote_api.command_line`): they keep argparse's ``%``-placeholders, the same in both
languages. A heading ends with a space in French: argparse adds the colon right after it.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- argparse ---
    "argparse.usage": ("utilisation : ", "usage: "),
    "argparse.positionals": ("arguments positionnels ", "positional arguments"),
    "argparse.options": ("options ", "options"),
    "argparse.subcommands": ("sous-commandes ", "subcommands"),
    "argparse.help": ("afficher cette aide et quitter", "show this help message and exit"),
    "argparse.required": (
        "les arguments suivants sont obligatoires : %s",
        "the following arguments are required: %s",
    ),
    "argparse.one_required": (
        "l'un des arguments %s est obligatoire",
        "one of the arguments %s is required",
    ),
    "argparse.unrecognized": ("arguments non reconnus : %s", "unrecognized arguments: %s"),
    "argparse.invalid_choice": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)",
        "invalid choice: %(value)r (choose from %(choices)s)",
    ),
    "argparse.invalid_value": (
        "valeur %(type)s invalide : %(value)r",
        "invalid %(type)s value: %(value)r",
    ),
    "argparse.argument": (
        "argument %(argument_name)s : %(message)s",
        "argument %(argument_name)s: %(message)s",
    ),
    "argparse.expected_one": ("une valeur attendue", "expected one argument"),
    "argparse.expected_at_most_one": (
        "au plus une valeur attendue",
        "expected at most one argument",
    ),
    "argparse.expected_at_least_one": (
        "au moins une valeur attendue",
        "expected at least one argument",
    ),
    "argparse.expected_n": ("%s valeur(s) attendue(s)", "expected %s argument(s)"),
    "argparse.not_allowed_with": (
        "interdit avec l'argument %s",
        "not allowed with argument %s",
    ),
    "argparse.ambiguous": (
        "option ambiguë : %(option)s peut désigner %(matches)s",
        "ambiguous option: %(option)s could match %(matches)s",
    ),
    "argparse.ignored_explicit": (
        "valeur donnée à tort ignorée : %r",
        "ignored explicit argument %r",
    ),
    "argparse.unexpected_option": (
        "option inattendue : %s",
        "unexpected option string: %s",
    ),
    "argparse.cannot_open": (
        "impossible d'ouvrir «\u00a0%(filename)s\u00a0» : %(error)s",
        "can't open '%(filename)s': %(error)s",
    ),
    "argparse.error": ("%(prog)s : erreur : %(message)s\n", "%(prog)s: error: %(message)s\n"),
    # --- pronote-server ---
    "cli.server.description": (
        "Service d'hébergement PRONOTE : comptes des établissements, console et clients.",
        "PRONOTE hosting service: school accounts, console and clients.",
    ),
    "cli.server.command": ("COMMANDE", "COMMAND"),
    "cli.server.lang": ("langue des messages (fr ou en)", "language of the messages (fr or en)"),
    "cli.server.data": (
        "répertoire de données (par défaut : ${env})",
        "data directory (default: ${env})",
    ),
    "cli.server.init": (
        "créer un répertoire de données, sa base de contrôle et son autorité",
        "create a data directory, its control database and its authority",
    ),
    "cli.server.init.db": (
        "URL de la base de contrôle (par défaut : un fichier SQLite dans le répertoire)",
        "control database URL (default: an SQLite file in the data directory)",
    ),
    "cli.server.init.domain": (
        "domaine d'hébergement des établissements",
        "hosting domain of the schools",
    ),
    "cli.server.init.san": (
        "autre nom TLS du service (répétable)",
        "another TLS name of the service (repeatable)",
    ),
    "cli.server.serve": (
        "faire tourner le service (API, enrôlement, Clients PRONOTE et EDT)",
        "run the service (API, enrolment, PRONOTE and EDT Clients)",
    ),
    "cli.server.serve.host": (
        "adresse d'écoute (par défaut : celle de la configuration)",
        "listening address (default: the configuration's)",
    ),
    "cli.server.serve.port": (
        "port de l'API (console), 0 = un port libre",
        "API port (console), 0 = any free port",
    ),
    "cli.server.serve.enrol_port": (
        "port d'enrôlement, 0 = un port libre",
        "enrolment port, 0 = any free port",
    ),
    "cli.server.serve.client_port": (
        "port TCP des Clients PRONOTE et EDT, 0 = un port libre",
        "TCP port of the PRONOTE and EDT Clients, 0 = any free port",
    ),
    "cli.server.serve.ready_file": (
        "une fois prêt, y écrire les adresses (JSON, 0600)",
        "once ready, write the addresses there (JSON, 0600)",
    ),
    "cli.server.info": (
        "ports, domaine et empreinte de l'autorité",
        "ports, domain and fingerprint of the authority",
    ),
    "cli.server.demo": (
        "servir sur 127.0.0.1 avec le compte de démonstration",
        "serve on 127.0.0.1 with the demo account",
    ),
    "cli.server.accounts": (
        "comptes d'hébergement des établissements",
        "hosting accounts of the schools",
    ),
    "cli.server.accounts.create": (
        "ouvrir un compte ; ses secrets vont dans la boîte d'envoi",
        "open an account; its secrets go to the outbox",
    ),
    "cli.server.accounts.uai": ("UAI de l'établissement", "the school's UAI"),
    "cli.server.accounts.name": ("nom de l'établissement", "the school's name"),
    "cli.server.accounts.manager_name": (
        "nom du responsable de l'hébergement",
        "name of the hosting manager",
    ),
    "cli.server.accounts.manager_email": (
        "adresse e-mail du responsable (numéro de facture)",
        "the manager's e-mail address (invoice number)",
    ),
    "cli.server.accounts.manager_phone": (
        "téléphone portable du responsable (mot de passe par SMS)",
        "the manager's mobile phone (password by text message)",
    ),
    "cli.server.accounts.hosting_number": (
        "numéro d'hébergement, 12 chiffres (par défaut : un nouveau)",
        "hosting number, 12 digits (default: a new one)",
    ),
    "cli.server.accounts.client_reference": ("référence client", "client reference"),
    "cli.server.accounts.licence_expires": (
        "AAAA-MM-JJ (par défaut : le 31 août)",
        "YYYY-MM-DD (default: 31 August)",
    ),
    "cli.server.accounts.editors": ("licences d'édition", "editing licences"),
    "cli.server.accounts.formula": ("formule enseignants", "teachers' formula"),
    "cli.server.accounts.option": ("option du compte", "account option"),
    "cli.server.accounts.list": (
        "lister les comptes (sans secret)",
        "list the accounts (no secret)",
    ),
    "cli.server.accounts.reset": (
        "envoyer un nouveau mot de passe par SMS",
        "send a new password by text message",
    ),
    "cli.server.accounts.number": ("le numéro d'hébergement du compte", "the account's number"),
    "cli.server.outbox": (
        "messages aux responsables en attente d'être transmis",
        "messages to managers waiting to be passed on",
    ),
    "cli.server.outbox.list": (
        "à qui est chaque message (jamais son texte)",
        "who each message is for (never its text)",
    ),
    "cli.server.outbox.all": (
        "aussi ceux relayés ou remis",
        "also the relayed and delivered ones",
    ),
    "cli.server.outbox.account": (
        "seulement les messages de ce compte",
        "only this account's messages",
    ),
    "cli.server.outbox.show": (
        "afficher des messages décodés, secrets compris",
        "print messages decoded, secrets included",
    ),
    "cli.server.outbox.ids": (
        "identifiant donné par «\u00a0outbox list\u00a0»",
        "identifier given by 'outbox list'",
    ),
    "cli.server.outbox.show_account": (
        "tous les messages en attente de ce compte",
        "every waiting message of this account",
    ),
    "cli.server.outbox.mark_delivered": (
        "transmis à la main : ne jamais les relayer",
        "passed on by hand: never relay them",
    ),
    "cli.server.export": (
        "écrire NOM.HNOT, ses annexes et NOM.profils à partir d'une base («\u00a0Générer les"
        " fichiers pour l'hébergement\u00a0» de l'ancien serveur)",
        "write NAME.HNOT, its annexes and NAME.profils from a base (the old server's"
        " 'Générer les fichiers pour l'hébergement')",
    ),
    "cli.server.export.base": ("le fichier de la base (SQLite)", "the base file (SQLite)"),
    "cli.server.export.hosting_number": (
        "le compte auquel les fichiers sont destinés",
        "the account the files are for",
    ),
    "cli.server.export.out": ("dossier où écrire les fichiers", "folder to write the files into"),
    "cli.server.backups": (
        "sauvegardes et archives des établissements (.sauvs, .archs)",
        "backups and archives of the schools (.sauvs, .archs)",
    ),
    "cli.server.backups.list": ("les lister, les plus récentes d'abord", "list them, newest first"),
    "cli.server.backups.verify": (
        "lire chacune entièrement et la vérifier ; code 1 si l'une est abîmée",
        "read each one fully and check it; exit 1 if one is damaged",
    ),
    "cli.server.backups.school": (
        "numéro d'hébergement (par défaut : tous les établissements)",
        "hosting number (default: every school)",
    ),
    "cli.server.security": (
        "adresses suspendues, tous établissements confondus",
        "suspended addresses, across schools",
    ),
    "cli.server.security.list": (
        "les suspensions en vigueur et l'établissement que chacune protège",
        "the suspensions in force and the school each protects",
    ),
    "cli.server.security.school": (
        "numéro d'hébergement : seulement ce qui refuse à ses portes",
        "hosting number: only what refuses at its doors",
    ),
    "cli.server.security.unblock": (
        "lever la suspension d'une adresse",
        "lift an address's suspension",
    ),
    "cli.server.security.address": ("l'adresse suspendue", "the suspended address"),
    "cli.server.security.unblock_school": (
        "numéro d'hébergement : la lever pour cet établissement seulement",
        "hosting number: lift it for this school only",
    ),
    "cli.server.security.everywhere": (
        "la lever pour tous les établissements, suspension au niveau de l'hébergeur comprise",
        "lift it for every school, the provider-level suspension included",
    ),
    # --- pronote-client ---
    "cli.client.description": (
        "Client PRONOTE en ligne de commande (connexions réelles au serveur d'un établissement)",
        "PRONOTE desktop client on the command line (real connections to a school's server)",
    ),
    "cli.client.lang": ("langue des messages (fr ou en)", "language of the messages (fr or en)"),
    "cli.client.host": ("adresse du service", "the service's address"),
    "cli.client.port": (
        "port TCP des Clients PRONOTE et EDT (celui de «\u00a0pronote-server info\u00a0»)",
        "TCP port of the PRONOTE and EDT Clients (the one 'pronote-server info' gives)",
    ),
    "cli.client.ca": (
        "certificat de l'autorité du service (PEM) ; par défaut ${env}",
        "the service's CA certificate (PEM); default ${env}",
    ),
    "cli.client.uai": ("UAI de l'établissement", "the school's UAI"),
    "cli.client.login": (
        "se connecter et garder la session jusqu'à Ctrl-C",
        "log in and keep the session alive until Ctrl-C",
    ),
    "cli.client.mode": ("mode de connexion", "connection mode"),
    "cli.client.user": ("identifiant dans la base", "identifier in the base"),
    "cli.client.workstation": ("nom du poste", "workstation name"),
    "cli.client.consultation": ("en consultation seulement", "consultation only"),
    "cli.client.swarm": (
        "ouvrir de nombreuses sessions réalistes (démonstrations, essais de charge)",
        "open many realistic sessions (demos, load tests)",
    ),
    "cli.client.clients": ("sessions à garder ouvertes", "sessions to keep open"),
    "cli.client.users": (
        "fichier JSON privé des utilisateurs (voir la documentation), - pour l'entrée standard",
        "private JSON file of users (see docs), - for the standard input",
    ),
    "cli.client.churn": (
        "durée de vie moyenne d'une session (s), 0 = rester",
        "mean life of a session (s), 0 = stay",
    ),
    "cli.client.ramp": (
        "secondes sur lesquelles étaler les connexions",
        "seconds over which to log in",
    ),
    "cli.client.duration": (
        "s'arrêter après (s), 0 = sur signal",
        "stop after (s), 0 = on signal",
    ),
    "cli.client.status_every": (
        "afficher les comptes toutes les (s)",
        "print counts every (s)",
    ),
    "cli.client.seed": ("graine du hasard", "random seed"),
    "cli.client.exit_with_parent": (
        "s'arrêter quand le processus parent s'arrête",
        "stop when the parent dies",
    ),
}
