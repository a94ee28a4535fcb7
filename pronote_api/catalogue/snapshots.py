"""Texts of backups, archives, restore, recovery and the yearly calendar on the service side.

Keys defined here (the console part may use them, not redefine them): ``snapshot.kind.<kind>``,
``calendar.event.<key>``, ``calendar.option.<option>``, ``history.<action>`` of
:mod:`pronote_server.snapshots`, ``job.step.*`` of the snapshot jobs, the ``*.problem.*``
reasons and the outbox message of a failed backup.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- errors (key: error.<ErrorCode value>) ----------------------------------------------
    "error.snapshot_corrupt": (
        "Sauvegarde ou archive inutilisable : {reason}",
        "Unusable backup or archive: {reason}",
    ),
    "error.snapshot_foreign": (
        "Cette sauvegarde ou archive appartient à un autre établissement.",
        "This backup or archive belongs to another school.",
    ),
    "error.snapshot_failed": (
        "La sauvegarde a échoué : {reason}",
        "The backup failed: {reason}",
    ),
    "error.invalid_calendar": (
        "Choix de changement de version refusé : {reason}",
        "Version change choice refused: {reason}",
    ),
    # --- reasons -----------------------------------------------------------------------------
    "snapshot.problem.disk_full": (
        "plus de place sur le disque ; rien d'ancien n'a été supprimé",
        "the disk is full; nothing older was deleted",
    ),
    "snapshot.problem.write": (
        "le fichier n'a pas pu être écrit",
        "the file could not be written",
    ),
    "snapshot.problem.no_base": (
        "aucune base en cours à sauvegarder",
        "no current base to back up",
    ),
    "snapshot.problem.not_snapshot": (
        "ce fichier n'est pas une sauvegarde ni une archive",
        "this file is neither a backup nor an archive",
    ),
    "snapshot.problem.kind": (
        "seules une sauvegarde ou une archive peuvent être demandées",
        "only a backup or an archive can be asked for",
    ),
    "snapshot.problem.range": (
        "plage d'octets impossible",
        "impossible byte range",
    ),
    "recovery.problem.category": (
        "catégorie inconnue : {category}",
        "unknown category: {category}",
    ),
    "calendar.problem.date_required": (
        "indiquez la date",
        "give the date",
    ),
    "calendar.problem.date_not_allowed": (
        "cette option ne prend pas de date",
        "this option takes no date",
    ),
    "calendar.problem.date_range": (
        "la date doit être comprise entre le {first} et le {last}",
        "the date must be between {first} and {last}",
    ),
    # --- kinds, options, events ----------------------------------------------------------------
    "snapshot.kind.backup": ("Sauvegarde", "Backup"),
    "snapshot.kind.archive": ("Archive", "Archive"),
    "snapshot.kind.yearly": ("Archive annuelle", "Yearly archive"),
    "snapshot.kind.before_restore": ("Avant restauration", "Before restore"),
    "snapshot.kind.imported": ("Archive importée", "Imported archive"),
    "calendar.event.yearly_archive": (
        "Archive de l'année qui se termine",
        "Archive of the ending year",
    ),
    "calendar.event.pre_release": (
        "Préversion : base de l'an passé dépubliée et remplacée par une base vide",
        "Pre-release: last year's base unpublished and replaced by an empty base",
    ),
    "calendar.event.new_base": (
        "Nouvelle base vide de l'année suivante",
        "New empty base for next year",
    ),
    "calendar.event.version_change": ("Changement de version", "Version change"),
    # --- history (key: history.<action>) --------------------------------------------------
    "history.snapshot.take": ("Sauvegarde ou archive", "Backup or archive"),
    "history.snapshot.scheduled_failure": (
        "Sauvegarde automatique en échec",
        "Scheduled backup failed",
    ),
    "history.snapshot.verify": ("Vérification d'une sauvegarde", "Backup verified"),
    "history.snapshot.restore": (
        "Mise en service d'une sauvegarde ou d'une archive",
        "Backup or archive restored",
    ),
    "history.snapshot.import": ("Archive importée", "Archive imported"),
    "history.snapshot.delete": (
        "Sauvegardes et archives anciennes supprimées",
        "Old backups and archives deleted",
    ),
    "history.recovery.recover": (
        "Récupération des données d'une base",
        "Data recovered from a base",
    ),
    "history.calendar.update": (
        "Choix du changement de version",
        "Version change choice",
    ),
    "history.calendar.yearly_archive": (
        "Archive de l'année qui se termine",
        "Archive of the ending year",
    ),
    "history.calendar.pre_release": (
        "Préversion : base de l'an passé remplacée",
        "Pre-release: last year's base replaced",
    ),
    "history.calendar.new_base": (
        "Nouvelle base vide de l'année suivante",
        "New empty base for next year",
    ),
    "history.calendar.version_change": ("Changement de version", "Version change"),
    # --- job steps ----------------------------------------------------------------------------
    "job.step.snapshotting": ("Copie de la base", "Copying the base"),
    "job.step.compressing": ("Compression", "Compressing"),
    "job.step.checking_snapshot": (
        "Vérification de la sauvegarde",
        "Checking the backup",
    ),
    "job.step.saving_before_restore": (
        "Sauvegarde de la base actuelle",
        "Saving the current base",
    ),
    "job.step.restoring": ("Remplacement de la base", "Replacing the base"),
    "job.step.recovering": ("Récupération des données", "Recovering the data"),
    "job.step.importing_archive": ("Import de l'archive", "Importing the archive"),
    # --- outbox --------------------------------------------------------------------------------
    "outbox.backup_failed.subject": (
        "Sauvegarde de votre base en échec",
        "Backup of your base failed",
    ),
    "outbox.backup_failed.body": (
        "Bonjour {manager_name},\n\nLa sauvegarde automatique de la base « {base_name} » du "
        "{at} a échoué : {reason}\nLes sauvegardes précédentes sont conservées.\n",
        'Hello {manager_name},\n\nThe scheduled backup of the base "{base_name}" at {at} '
        "failed: {reason}\nThe earlier backups are kept.\n",
    ),
    "outbox.backup_failed.sms": (
        "PRONOTE : la sauvegarde de la base du {at} a échoué ({reason}).",
        "PRONOTE: the backup of the base at {at} failed ({reason}).",
    ),
    "outbox.version_change.subject": (
        "Changement de version : nouvelle base {school_year}",
        "Version change: new base {school_year}",
    ),
    "outbox.version_change.body": (
        "Bonjour {manager_name},\n\nLe {at}, la base de l'an passé a été remplacée par une "
        "nouvelle base vide {school_year}. Le serveur est arrêté : mettez la nouvelle base en "
        "service depuis la console (volet Serveur PRONOTE). L'ancienne base reste dans Autres "
        "bases et dans vos archives.\n",
        "Hello {manager_name},\n\nOn {at}, last year's base was replaced by a new empty "
        "{school_year} base. The server is stopped: put the new base in service from the "
        "console (Serveur PRONOTE panel). The old base stays in Autres bases and in your "
        "archives.\n",
    ),
    "outbox.version_change.sms": (
        "PRONOTE : le {at}, nouvelle base {school_year} vide ; serveur arrêté, à remettre en "
        "service.",
        "PRONOTE: on {at}, new empty {school_year} base; server stopped, to be put back in "
        "service.",
    ),
    # --- command line (pronote-server backups) -------------------------------------------
    "cli.backups.line": (
        "{school}  {kind:<18}  {taken_at}  {size:>9}  {status:<11}  {name}",
        "{school}  {kind:<18}  {taken_at}  {size:>9}  {status:<11}  {name}",
    ),
    "cli.backups.ok": ("vérifiée", "verified"),
    "cli.backups.failed": ("EN ÉCHEC", "FAILED"),
    "cli.backups.unverified": ("non vérifiée", "unverified"),
    "cli.backups.verified": ("{school}  {name} : intacte", "{school}  {name}: sound"),
    "cli.backups.refused": ("{school}  {name} : {message}", "{school}  {name}: {message}"),
}
