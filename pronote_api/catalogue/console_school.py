"""Console texts of the school base: Serveur PRONOTE actions, dialogs, Autres bases."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- time grid dialog (Fiche 2) -------------------------------------------------------------
    "timegrid.title": ("Paramétrage de la grille horaire", "Time grid settings"),
    "timegrid.first_day": ("Premier jour de la semaine", "First day of the week"),
    "timegrid.working_days": (
        "Jours ouvrés (cochés ; de 1 à 7, Espace pour en ôter ou en remettre un)",
        "Working days (ticked; 1 to 7, Space removes or puts one back)",
    ),
    "timegrid.day.0": ("lundi", "Monday"),
    "timegrid.day.1": ("mardi", "Tuesday"),
    "timegrid.day.2": ("mercredi", "Wednesday"),
    "timegrid.day.3": ("jeudi", "Thursday"),
    "timegrid.day.4": ("vendredi", "Friday"),
    "timegrid.day.5": ("samedi", "Saturday"),
    "timegrid.day.6": ("dimanche", "Sunday"),
    "timegrid.day_short.0": ("lun.", "Mon"),
    "timegrid.day_short.1": ("mar.", "Tue"),
    "timegrid.day_short.2": ("mer.", "Wed"),
    "timegrid.day_short.3": ("jeu.", "Thu"),
    "timegrid.day_short.4": ("ven.", "Fri"),
    "timegrid.day_short.5": ("sam.", "Sat"),
    "timegrid.day_short.6": ("dim.", "Sun"),
    "timegrid.day_section": ("Découpage d'une journée", "Dividing the day"),
    "timegrid.sequences": ("Nombre de séquences", "Number of periods"),
    "timegrid.sequences_unit": ("séquences", "periods"),
    "timegrid.minutes": ("Durée d'une séquence", "Length of a period"),
    "timegrid.minutes_unit": ("minutes", "minutes"),
    "timegrid.day_length": ("Durée totale d'une journée : {length}", "Length of the day: {length}"),
    "timegrid.day_hours": (
        "{n} séquences de {minutes} min : la journée va de {start} à {end}.",
        "{n} periods of {minutes} min: the day runs from {start} to {end}.",
    ),
    "timegrid.subdivision": ("Découpage d'une séquence", "Dividing a period"),
    "timegrid.subdivision.in": ("en {n}", "in {n}"),
    "timegrid.subdivision.none": ("Aucun", "None"),
    "timegrid.step": ("Durée de chaque pas horaire : {step}", "Length of each time step: {step}"),
    "timegrid.step_courses": (
        "Les cours pourront durer {examples}…",
        "Courses can then last {examples}…",
    ),
    "timegrid.validate": ("Valider", "Confirm"),
    "timegrid.cancel": ("Annuler", "Cancel"),
    # --- superadministrator dialog (first "Mettre en service") --------------------------------
    "superadmin.title": ("Définir le superadministrateur", "Define the superadministrator"),
    "superadmin.for_base": ("Première mise en service de « {name} ».", 'First start of "{name}".'),
    "superadmin.intro": (
        "Ce compte ouvre la base depuis un Client PRONOTE, en Mode administratif : "
        "gardez son identifiant et son mot de passe en lieu sûr.",
        "This account opens the base from a PRONOTE client, in Administrative mode: "
        "keep its identifier and password safe.",
    ),
    "superadmin.identifier": ("Identifiant", "Identifier"),
    "superadmin.password": ("Mot de passe", "Password"),
    "superadmin.confirm": ("Mot de passe (encore)", "Password (again)"),
    "superadmin.strength": ("Robustesse : {bar} {label}", "Strength: {bar} {label}"),
    "superadmin.problem.identifier": ("Saisissez un identifiant.", "Type an identifier."),
    "superadmin.problem.mismatch": (
        "Les deux mots de passe saisis diffèrent.",
        "The two passwords typed differ.",
    ),
    "superadmin.validate": ("Valider", "Confirm"),
    "superadmin.cancel": ("Annuler", "Cancel"),
    # --- file picker --------------------------------------------------------------------------
    "units.b": ("{n} o", "{n} B"),
    "units.kb": ("{n} Ko", "{n} KB"),
    "units.mb": ("{n} Mo", "{n} MB"),
    "units.gb": ("{n} Go", "{n} GB"),
    "units.tb": ("{n} To", "{n} TB"),
    "picker.folder": ("Dossier", "Folder"),
    "picker.wanted": (
        "Fichiers {suffixes}, suivis en direct (un fichier copié ici apparaît).",
        "{suffixes} files, followed live (a file copied here shows up).",
    ),
    "picker.keys": (
        "Entrée : choisir · Retour arrière : dossier parent · Ctrl+L : dossier",
        "Enter: choose · Backspace: parent folder · Ctrl+L: folder",
    ),
    "picker.parent_entry": ("../  (dossier parent)", "../  (parent folder)"),
    "picker.dir_entry": ("{name}/", "{name}/"),
    "picker.count": ("{n} fichier(s) à choisir.", "{n} file(s) to choose from."),
    "picker.none": (
        "Aucun fichier {suffixes} dans ce dossier pour l'instant.",
        "No {suffixes} file in this folder yet.",
    ),
    "picker.no_folder": (
        "Le dossier {folder} n'existe pas.",
        "The folder {folder} does not exist.",
    ),
    "picker.not_a_folder": ("{folder} n'est pas un dossier.", "{folder} is not a folder."),
    "picker.unreadable": (
        "Le dossier {folder} ne peut pas être lu (droits d'accès).",
        "The folder {folder} cannot be read (access rights).",
    ),
    "picker.choose": ("Choisir", "Choose"),
    "picker.cancel": ("Annuler", "Cancel"),
    "picker.folder_key": ("Dossier", "Folder"),
    "picker.parent": ("Dossier parent", "Parent folder"),
    # --- progress of a long operation ----------------------------------------------------------
    "progress.file": ("Fichier : {file}", "File: {file}"),
    "progress.sending": ("Envoi du fichier", "Sending the file"),
    "progress.hashing": (
        "Calcul de l'empreinte : {done} sur {total}",
        "Computing the checksum: {done} of {total}",
    ),
    "progress.bytes": ("{done} sur {total} · {rate}/s", "{done} of {total} · {rate}/s"),
    "progress.resumes": ("reprise(s) après coupure : {n}", "resumed after a drop: {n}"),
    "progress.job": ("Traitement par le service", "Processing by the service"),
    "progress.waiting": ("En attente…", "Waiting…"),
    "progress.failed": ("L'opération a échoué.", "The operation failed."),
    "progress.unreadable": (
        "Le fichier {file} ne peut pas être lu.",
        "The file {file} cannot be read.",
    ),
    "progress.start": ("Mettre en service", "Put in service"),
    "progress.cancel": ("Abandonner", "Abandon"),
    "progress.close": ("Fermer", "Close"),
    "progress.result.load": (
        "La base « {name} » ({year}) est chargée : c'est désormais la base en cours.",
        'The base "{name}" ({year}) is loaded: it is now the current base.',
    ),
    "progress.result.annexes": (
        "{file} : {attached} élément(s) ajouté(s), {already} déjà présent(s), {unmatched} "
        "inconnu(s) de la base, {mismatched} différent(s) de la base.",
        "{file}: {attached} item(s) added, {already} already there, {unmatched} unknown to the "
        "base, {mismatched} differing from the base.",
    ),
    "progress.result.users": (
        "{file} : {created} utilisateur(s) créé(s), {already} déjà présent(s), "
        "{refused} refusé(s).",
        "{file}: {created} user(s) created, {already} already there, {refused} refused.",
    ),
    "progress.result.refused_user": ("ligne {line} : {identifier}", "line {line}: {identifier}"),
    "progress.result.prepare": (
        "Archive de l'année enregistrée ({archive}, {size}). La base « {name} » attend "
        "l'année {year} dans Autres bases, parmi les « {section} ».",
        'This year\'s archive is saved ({archive}, {size}). The base "{name}" waits for '
        '{year} in Other bases, under "{section}".',
    ),
    # --- Autres bases ---------------------------------------------------------------------------
    "bases.previously": ("Bases précédemment mises en service", "Bases previously in service"),
    "bases.uploaded": (
        "Bases téléchargées depuis l'établissement",
        "Bases brought from the school",
    ),
    "bases.prepared": ("Bases créées sur l'hébergement", "Bases made on the hosting service"),
    "bases.none": ("(aucune)", "(none)"),
    "bases.line": ("{name} · {added}", "{name} · {added}"),
    "bases.line_year": ("{name} ({year}) · {added}", "{name} ({year}) · {added}"),
    "bases.added.created": ("créée vide le {at}", "created empty {at}"),
    "bases.added.uploaded": ("chargée le {at}", "loaded {at}"),
    "bases.added.next_year": ("préparée le {at}", "prepared {at}"),
    "bases.added.restored": ("restaurée le {at}", "restored {at}"),
    "bases.origin.created": ("créée vide ici", "created empty here"),
    "bases.origin.uploaded": ("chargée (.HNOT)", "loaded (.HNOT)"),
    "bases.origin.uploaded_file": ("chargée de {file}", "loaded from {file}"),
    "bases.origin.next_year": ("préparée pour l'année suivante", "prepared for next year"),
    "bases.origin.restored": ("restaurée", "restored"),
    "bases.origin.restored_file": ("restaurée de {file}", "restored from {file}"),
    "bases.created": ("créée le {at}", "created {at}"),
    "bases.last_entry": ("dernière saisie le {at}", "last entry {at}"),
    "bases.in_service": ("en service le {at}", "in service {at}"),
    "bases.summary": (
        "{size} · {students} élèves · {teachers} professeurs · {grades} notes",
        "{size} · {students} students · {teachers} teachers · {grades} grades",
    ),
    "bases.open": ("Ouvrir cette base", "Open this base"),
    "bases.open_key": ("Ouvrir cette base", "Open this base"),
    "bases.nothing_to_open": (
        "Aucune base à ouvrir ici : les bases remplacées, chargées ou préparées y viendront.",
        "No base to open here: the bases replaced, loaded or prepared will come here.",
    ),
    # --- Serveur PRONOTE panel ------------------------------------------------------------------
    "serveur.start": ("Mettre en service", "Put in service"),
    "serveur.start.help": (
        "La base en cours devient accessible aux Clients et aux Espaces (touche m)",
        "The current base opens to the clients and the Espaces (key m)",
    ),
    "serveur.stop": ("Arrêter le serveur", "Stop the server"),
    "serveur.stop.help": (
        "Clients et Espaces déconnectés, après confirmation (touche x)",
        "Clients and Espaces disconnected, after a confirmation (key x)",
    ),
    "serveur.load": ("Charger une base", "Load a base"),
    "serveur.load.help": (
        "Envoyer le fichier .HNOT généré par l'ancien serveur (touche c)",
        "Send the .HNOT file the old server generated (key c)",
    ),
    "serveur.create": ("Créer une base", "Create a base"),
    "serveur.create.help": (
        "Une base vide, avec sa grille horaire (touche b)",
        "An empty base, with its time grid (key b)",
    ),
    "serveur.prepare": ("Préparer l'année suivante", "Prepare next year"),
    "serveur.prepare.help": (
        "Archiver l'année et créer la base de l'année suivante (touche y)",
        "Archive the year and create next year's base (key y)",
    ),
    "serveur.annexes": ("Compléter la base hébergée", "Complete the hosted base"),
    "serveur.annexes_short": ("Annexes", "Annexes"),
    "serveur.annexes.help": (
        "Documents joints, photos, courriers de l'ancien serveur (touche h)",
        "Attached documents, photos, letters from the old server (key h)",
    ),
    "serveur.users": ("Récupérer les utilisateurs", "Bring the users in"),
    "serveur.users_short": ("Utilisateurs", "Users"),
    "serveur.users.help": (
        "Les utilisateurs administratifs d'un fichier .profils (touche u)",
        "The administrative users of a .profils file (key u)",
    ),
    "serveur.no_base": (
        "Aucune base en cours : créez-en une ou chargez celle de l'établissement.",
        "No current base: create one or load the school's.",
    ),
    "serveur.current": ("Base en cours : {name} ({year})", "Current base: {name} ({year})"),
    "serveur.created": ("Créée le {at}", "Created {at}"),
    "serveur.last_entry": ("dern. saisie le {at}", "last entry {at}"),
    "serveur.no_entry": ("aucune saisie encore", "no entry yet"),
    "serveur.already_running": (
        "Le serveur est déjà en service.",
        "The server is already in service.",
    ),
    "serveur.already_stopped": ("Le serveur est déjà arrêté.", "The server is already stopped."),
    "serveur.started": ("« {name} » est en service.", '"{name}" is in service.'),
    "serveur.stopped": ("Le serveur est arrêté.", "The server is stopped."),
    "serveur.cancelled": ("Rien n'a été changé.", "Nothing was changed."),
    "serveur.stop_title": ("Arrêter le serveur ?", "Stop the server?"),
    "serveur.stop_body": (
        "La base « {name} » ne sera plus accessible : les Clients PRONOTE connectés et les "
        "Espaces PRONOTE.net seront déconnectés, jusqu'à la prochaine mise en service.",
        'The base "{name}" will no longer be reachable: the connected PRONOTE clients and the '
        "PRONOTE.net Espaces will be disconnected until it is put in service again.",
    ),
    "serveur.stop_yes": ("Arrêter (o)", "Stop (y)"),
    "serveur.created_base": (
        "« {name} » est créée : c'est la base en cours. Mettez-la en service (m).",
        '"{name}" is created: it is the current base. Put it in service (m).',
    ),
    "serveur.replace_title": ("Remplacer la base en cours ?", "Replace the current base?"),
    "serveur.replace_body": (
        "Une base vide deviendra la base en cours à la place de « {name} » ({year}, {size}, "
        "{students} élèves). « {name} » n'est pas effacée : elle ira dans Autres bases, parmi "
        "les « {section} », d'où « Ouvrir cette base » la ramène.",
        'An empty base will become the current base in place of "{name}" ({year}, {size}, '
        '{students} students). "{name}" is not deleted: it goes to Other bases, under '
        '"{section}", where "Open this base" brings it back.',
    ),
    "serveur.load_replace_body": (
        "La base de {file} deviendra la base en cours à la place de « {name} » ({year}, "
        "{size}, {students} élèves). « {name} » n'est pas effacée : elle ira dans Autres bases, "
        "parmi les « {section} », d'où « Ouvrir cette base » la ramène.",
        'The base of {file} will become the current base in place of "{name}" ({year}, '
        '{size}, {students} students). "{name}" is not deleted: it goes to Other bases, under '
        '"{section}", where "Open this base" brings it back.',
    ),
    "serveur.stops_first": (
        "Le serveur est en service avec « {name} » : il sera arrêté d'abord, et les Clients "
        "PRONOTE connectés et les Espaces PRONOTE.net seront déconnectés.",
        'The server is in service with "{name}": it will be stopped first, and the connected '
        "PRONOTE clients and the PRONOTE.net Espaces will be disconnected.",
    ),
    "serveur.stop_open_yes": ("Arrêter et ouvrir (o)", "Stop and open (y)"),
    "serveur.replace_yes": ("Remplacer (o)", "Replace (y)"),
    "serveur.stop_replace_yes": ("Arrêter et remplacer (o)", "Stop and replace (y)"),
    "serveur.left_stopped": (
        "Le serveur a été arrêté et le reste : « {name} » est toujours la base en cours. "
        "Remettez-la en service (m).",
        'The server was stopped and stays so: "{name}" is still the current base. Put it in '
        "service again (m).",
    ),
    "serveur.load_title": ("Charger une base (.HNOT)", "Load a base (.HNOT)"),
    "serveur.annexes_title": (
        "Compléter la base hébergée (.HDOCJOINTS, .HPHOTOS, .HCOURRIERS)",
        "Complete the hosted base (.HDOCJOINTS, .HPHOTOS, .HCOURRIERS)",
    ),
    "serveur.users_title": (
        "Récupérer les utilisateurs (.profils)",
        "Bring the users in (.profils)",
    ),
    "serveur.prepare_title": ("Préparer l'année suivante", "Prepare next year"),
    "serveur.prepare_body": (
        "L'année de « {name} » sera archivée (l'archive servira à récupérer ses données), et "
        "une base vide sera créée pour l'année suivante. Elle attendra dans Autres bases ; "
        "« {name} » reste la base en cours.",
        'The year of "{name}" will be archived (the archive is where its data can be brought '
        "back from), and an empty base will be created for next year. It will wait in Other "
        'bases; "{name}" stays the current base.',
    ),
    "serveur.prepare_yes": ("Préparer (o)", "Prepare (y)"),
    "serveur.prepare_grid_title": ("Grille horaire de l'année suivante", "Next year's time grid"),
    "serveur.prepare_grid_body": (
        "Garder la grille horaire de la base en cours, ou en définir une autre ?",
        "Keep the current base's time grid, or define another one?",
    ),
    "serveur.prepare_grid_keep": ("La garder (o)", "Keep it (y)"),
    "serveur.prepare_grid_change": ("En changer (n)", "Change it (n)"),
    "serveur.prepare_grid_dialog": (
        "Grille horaire de l'année suivante",
        "Next year's time grid",
    ),
    "serveur.open_title": ("Ouvrir cette base ?", "Open this base?"),
    "serveur.open_yes": ("Ouvrir (o)", "Open (y)"),
    "serveur.open_body": (
        "« {base} » ({base_year}) deviendra la base en cours à la place de « {name} » ({year}, "
        "{size}, {students} élèves), qui ira dans Autres bases, parmi les « {section} ».",
        '"{base}" ({base_year}) will become the current base in place of "{name}" ({year}, '
        '{size}, {students} students), which goes to Other bases, under "{section}".',
    ),
    "serveur.open_body_first": (
        "« {name} » ({year}) deviendra la base en cours.",
        '"{name}" ({year}) will become the current base.',
    ),
    "serveur.opened": (
        "« {name} » est la base en cours. Mettez-la en service (m).",
        '"{name}" is the current base. Put it in service (m).',
    ),
}
