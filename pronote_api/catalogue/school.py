"""Texts of the school base on the service side: errors, history, time grid, counts, jobs."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- errors of the school base (key: error.<ErrorCode value>) ---------------------------
    "error.server_running": (
        "Le serveur est en service : arrêtez-le d'abord (Arrêter le serveur), puis recommencez.",
        "The server is in service: stop it first (Stop the server), then try again.",
    ),
    "error.no_base": (
        "Aucune base en cours : créez une base ou chargez-en une d'abord.",
        "No current base: create a base or load one first.",
    ),
    "error.superadmin_required": (
        "Première mise en service de cette base : définissez d'abord l'identifiant et le mot "
        "de passe du superadministrateur.",
        "This base is put in service for the first time: define the superadministrator's "
        "identifier and password first.",
    ),
    "error.weak_password": (
        "Mot de passe du superadministrateur refusé : {reason}",
        "Superadministrator's password refused: {reason}",
    ),
    "error.invalid_time_grid": (
        "Grille horaire impossible : {reason}",
        "Impossible time grid: {reason}",
    ),
    "error.invalid_file": ("Fichier refusé : {reason}", "File refused: {reason}"),
    "error.foreign_file": (
        "Fichier d'un autre hébergement : {reason}",
        "File of another hosting account: {reason}",
    ),
    "error.unsupported_format_version": (
        "Version de fichier non prise en charge : {reason}",
        "File version not supported: {reason}",
    ),
    "error.checksum_mismatch": (
        "Fichier altéré : {reason}",
        "Damaged file: {reason}",
    ),
    "error.upload_offset_mismatch": (
        "Le transfert doit reprendre à l'octet {received}.",
        "The transfer must resume at byte {received}.",
    ),
    "error.upload_incomplete": (
        "Le fichier n'est pas entièrement transféré ({received} octets reçus sur {size}).",
        "The file has not been sent completely ({received} of {size} bytes received).",
    ),
    "error.unknown_rights": (
        "Droits inconnus dans le fichier des utilisateurs : {reason}",
        "Unknown rights in the users file: {reason}",
    ),
    "error.job_running": (
        "Une opération est déjà en cours sur les bases de ce compte : attendez qu'elle se termine.",
        "An operation is already running on this account's bases: wait until it ends.",
    ),
    # --- reasons of the service (server.problem.*, base.problem.*, upload.problem.*) --------
    "server.problem.already_running": (
        "le serveur est déjà en service",
        "the server is already in service",
    ),
    "server.problem.already_stopped": (
        "le serveur est déjà arrêté",
        "the server is already stopped",
    ),
    "server.problem.superadmin_defined": (
        "le superadministrateur de cette base est déjà défini ; il se modifie depuis un "
        "Client PRONOTE",
        "this base's superadministrator is already defined; it is changed from a PRONOTE Client",
    ),
    "base.problem.next_year_exists": (
        "la base de l'année {school_year} est déjà préparée (voir Autres bases)",
        "the base of the year {school_year} is already prepared (see Other bases)",
    ),
    "upload.problem.filename": (
        "le nom du fichier est vide ou contient un dossier ou des caractères de contrôle",
        "the file name is empty or holds a folder or control characters",
    ),
    "upload.problem.extension": (
        "{file} n'a pas l'extension attendue ({expected})",
        "{file} does not have the expected extension ({expected})",
    ),
    "upload.problem.content_range": (
        "l'en-tête Content-Range manque ou ne correspond pas au fichier annoncé",
        "the Content-Range header is missing or does not match the declared file",
    ),
    "upload.problem.short_chunk": (
        "morceau incomplet ({received} octets reçus sur {expected}) : renvoyez-le",
        "incomplete chunk ({received} of {expected} bytes received): send it again",
    ),
    "upload.problem.checksum": (
        "l'empreinte SHA-256 de {file} reçu ne correspond pas à celle annoncée ; le transfert "
        "reprend depuis le début",
        "the SHA-256 of the received {file} does not match the declared one; the transfer "
        "starts again from the beginning",
    ),
    "job.problem.interrupted": (
        "l'opération a été interrompue par un arrêt du service ; rien n'a été modifié, relancez-la",
        "the operation was interrupted when the service stopped; nothing was changed, start "
        "it again",
    ),
    # --- history: labels of the action keys (key: history.<action>) --------------------------
    "history.server.start": ("Mise en service du serveur", "Server put in service"),
    "history.server.stop": ("Arrêt du serveur", "Server stopped"),
    "history.base.create": ("Création d'une base", "Base created"),
    "history.base.open": ("Ouverture d'une autre base", "Other base opened"),
    "history.base.load": ("Chargement d'une base (.HNOT)", "Base loaded (.HNOT)"),
    "history.base.annexes": (
        "Complément de la base hébergée (fichiers annexes)",
        "Hosted base completed (annex files)",
    ),
    "history.base.users": (
        "Récupération des utilisateurs (.profils)",
        "Users recovered (.profils)",
    ),
    "history.base.prepare_next_year": (
        "Préparation de l'année suivante",
        "Next year prepared",
    ),
    # --- the time grid (pronote_api.school.grid_problems) ------------------------------------
    "grid.problem.first_day": (
        "le premier jour de la semaine doit être un jour du lundi au dimanche",
        "the first day of the week must be a day from Monday to Sunday",
    ),
    "grid.problem.no_day": (
        "gardez au moins un jour ouvré",
        "keep at least one working day",
    ),
    "grid.problem.bad_day": (
        "chaque jour ouvré est un jour de la semaine, cité une seule fois",
        "each working day is a day of the week, given once",
    ),
    "grid.problem.sequences": (
        "une journée compte de 1 à {max} séquences",
        "a day has 1 to {max} periods",
    ),
    "grid.problem.sequence_minutes": (
        "une séquence dure de {min} à {max} minutes",
        "a period lasts {min} to {max} minutes",
    ),
    "grid.problem.subdivision": (
        "découpez une séquence en 2, 3, 4, 6, 12, ou choisissez Aucun",
        "split a period into 2, 3, 4, 6, 12, or choose None",
    ),
    "grid.problem.step_not_whole": (
        "{minutes} minutes ne se découpent pas en {parts} pas d'un nombre entier de minutes",
        "{minutes} minutes do not split into {parts} steps of a whole number of minutes",
    ),
    "grid.problem.day_too_long": (
        "la journée finirait à {end}, après minuit : moins de séquences ou plus courtes",
        "the day would end at {end}, after midnight: fewer or shorter periods",
    ),
    # --- counts shown for a base (pronote_api.school.COUNT_GROUPS) ---------------------------
    "count.resources": ("Ressources", "Resources"),
    "count.schooling": ("Scolarité", "Schooling"),
    "count.school_life": ("Vie scolaire", "School life"),
    "count.teachers": ("{n} professeurs", "{n} teachers"),
    "count.subjects": ("{n} matières", "{n} subjects"),
    "count.classes": ("{n} classes", "{n} classes"),
    "count.groups": ("{n} groupes", "{n} groups"),
    "count.students": ("{n} élèves", "{n} students"),
    "count.rooms": ("{n} salles", "{n} rooms"),
    "count.homework": ("{n} devoirs", "{n} homework"),
    "count.grades": ("{n} notes", "{n} grades"),
    "count.lesson_logs": ("{n} cahiers de textes", "{n} lesson logs"),
    "count.report_comments": ("{n} appréciations", "{n} report comments"),
    "count.attachments": ("{n} doc. joints", "{n} attachments"),
    "count.assessments": ("{n} évaluations", "{n} assessments"),
    "count.sanctions": ("{n} sanctions", "{n} sanctions"),
    "count.absences": ("{n} absences", "{n} absences"),
    "count.punishments": ("{n} punitions", "{n} punishments"),
    "count.lateness": ("{n} retards", "{n} late arrivals"),
    # --- steps of a job (Job.step) -----------------------------------------------------------
    "job.step.verifying": (
        "Vérification du fichier (format, intégrité, numéro d'hébergement)",
        "Checking the file (format, integrity, hosting number)",
    ),
    "job.step.installing": ("Installation de la base", "Installing the base"),
    "job.step.attaching": (
        "Ajout des fichiers annexes à la base",
        "Adding the annex files to the base",
    ),
    "job.step.importing_users": (
        "Création des utilisateurs et de leurs droits",
        "Creating the users and their rights",
    ),
    "job.step.archiving": (
        "Archivage de l'année en cours",
        "Archiving the current year",
    ),
    "job.step.creating_base": (
        "Création de la base de l'année suivante",
        "Creating next year's base",
    ),
    "job.step.done": ("Terminé", "Done"),
}
