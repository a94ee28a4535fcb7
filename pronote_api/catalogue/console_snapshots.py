"""Texts of the console: Sauvegardes, Mes archives, recovery of data, Changement de version."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- Serveur PRONOTE > Sauvegardes (Fiche 10) ---------------------------------------------
    "backups.title": ("Sauvegardes ({n}) et archives ({m})", "Backups ({n}) and archives ({m})"),
    "backups.col.name": ("Nom", "Name"),
    "backups.col.kind": ("Type", "Type"),
    "backups.col.date": ("Date", "Date"),
    "backups.col.size": ("Taille", "Size"),
    "backups.kind_short.backup": ("Sauvegarde", "Backup"),
    "backups.kind_short.archive": ("Archive", "Archive"),
    "backups.kind_short.yearly": ("Annuelle", "Yearly"),
    "backups.kind_short.before_restore": ("Avant rest.", "Pre-restore"),
    "backups.kind_short.imported": ("Importée", "Imported"),
    "backups.none": (
        "Aucune sauvegarde ni archive : elles sont prises dès qu'une base est en cours "
        "(une sauvegarde toutes les 2 heures, une archive chaque jour).",
        "No backups or archives: they are taken once there is a current base (a backup every "
        "2 hours, an archive every day).",
    ),
    "backups.dates": (
        "Créée le {created} · dern. saisie le {last}",
        "Created {created} · last entry {last}",
    ),
    "backups.no_entry": ("—", "—"),
    "backups.verified_ok": ("vérifiée le {at}", "verified {at}"),
    "backups.verified_bad": ("ILLISIBLE (vérifiée le {at})", "UNREADABLE (verified {at})"),
    "backups.open": ("Ouvrir cette archive", "Open this archive"),
    "backups.verify": ("Vérifier", "Verify"),
    "backups.take": ("Sauvegarder", "Back up"),
    "backups.key.open": ("Ouvrir cette archive", "Open this archive"),
    "backups.key.verify": ("Vérifier", "Verify"),
    "backups.key.take": ("Sauvegarder maintenant", "Back up now"),
    "backups.key.archive": ("Archiver maintenant", "Archive now"),
    "backups.key.download": ("Télécharger cette archive", "Download this archive"),
    "backups.take.help": (
        "Une sauvegarde de la base en cours, tout de suite",
        "A backup of the current base, right now",
    ),
    "backups.archive.help": (
        "Une archive de la base en cours, tout de suite",
        "An archive of the current base, right now",
    ),
    "backups.verify.help": (
        "Relire entièrement la sauvegarde choisie (sommes de contrôle, intégrité)",
        "Read the chosen backup again in full (checksums, integrity)",
    ),
    "backups.open.help": (
        "Remettre la base telle qu'elle était à la date d'une sauvegarde ou d'une archive",
        "Put the base back as it was at the date of a backup or an archive",
    ),
    "backups.none_chosen": (
        "Choisissez d'abord une sauvegarde ou une archive dans la liste.",
        "Choose a backup or an archive in the list first.",
    ),
    "backups.take_title": ("Sauvegarde de la base en cours", "Backup of the current base"),
    "backups.archive_title": ("Archive de la base en cours", "Archive of the current base"),
    "backups.taken": ("Faite : {name}", "Done: {name}"),
    "backups.verify_title": ("Vérification de {name}", "Verifying {name}"),
    "backups.verify_ok": (
        "{name} a été relue entièrement : sommes de contrôle et intégrité correctes.",
        "{name} was read in full: checksums and integrity are correct.",
    ),
    "backups.verify_bad": (
        "{name} est inutilisable : {reason}",
        "{name} is unusable: {reason}",
    ),
    # --- restore -------------------------------------------------------------------------------
    "restore.title": ("Ouvrir cette archive ?", "Open this archive?"),
    "restore.body": (
        "La base en cours « {current} » sera remplacée par « {base} » telle qu'elle était "
        "le {at} ({name}).",
        'The current base "{current}" will be replaced by "{base}" as it was on {at} ({name}).',
    ),
    "restore.body_no_current": (
        "« {base} » telle qu'elle était le {at} ({name}) deviendra la base en cours.",
        '"{base}" as it was on {at} ({name}) will become the current base.',
    ),
    "restore.lost": (
        "{n} saisie(s) faite(s) depuis cette date seront perdues (dernière saisie le {last}).",
        "{n} entries made since that date will be lost (last entry {last}).",
    ),
    "restore.lost_none": (
        "Aucune saisie n'a été faite depuis cette date : rien ne sera perdu.",
        "No entry was made since that date: nothing will be lost.",
    ),
    "restore.kept": (
        "La base actuelle est d'abord gardée (type « Avant restauration ») : vous pourrez "
        "revenir en arrière.",
        'The current base is kept first (type "Before restore"): you will be able to go back.',
    ),
    "restore.yes": ("Remplacer (o)", "Replace (y)"),
    "restore.stop_yes": ("Arrêter et remplacer (o)", "Stop and replace (y)"),
    "restore.progress_title": ("Ouvrir {name}", "Opening {name}"),
    "restore.done": (
        "« {name} » est la base en cours. La base d'avant est gardée (type « Avant "
        "restauration ») : l'ouvrir reviendra en arrière.",
        '"{name}" is the current base. The base before is kept (type "Before restore"): '
        "opening it goes back.",
    ),
    "restore.done_no_before": ("« {name} » est la base en cours.", '"{name}" is the current base.'),
    "restore.undo_hint": (
        "La base d'avant la restauration est sélectionnée : l'ouvrir (o) revient en arrière.",
        "The base before the restore is selected: opening it (o) goes back.",
    ),
    # --- Mes archives ---------------------------------------------------------------------------
    "archives.title": ("Archives ({n})", "Archives ({n})"),
    "archives.download": ("Télécharger", "Download"),
    "archives.upload": ("Importer", "Import"),
    "archives.recover": ("Récupérer des données", "Recover data"),
    "archives.key.download": ("Télécharger", "Download"),
    "archives.key.upload": ("Importer une archive", "Import an archive"),
    "archives.upload.help": (
        "Envoyer une archive (.archs, .sauvs) faite ailleurs, pour en récupérer les données",
        "Send an archive (.archs, .sauvs) made elsewhere, to recover data from it",
    ),
    "archives.download.help": (
        "Enregistrer l'archive choisie sur ce poste (reprise après coupure, somme vérifiée)",
        "Save the chosen archive on this workstation (resumes after a drop, checksum verified)",
    ),
    "archives.save_title": ("Télécharger {name}", "Download {name}"),
    "archives.save_to": ("Enregistrer sous", "Save as"),
    "archives.save_hint": (
        "Entrée : télécharger · Échap : annuler. Une partie déjà reçue (.part) est reprise.",
        "Enter: download · Escape: cancel. A part already received (.part) is resumed.",
    ),
    "archives.save_ok": ("Télécharger (Entrée)", "Download (Enter)"),
    "archives.exists": (
        "{path} existe déjà : choisissez un autre nom.",
        "{path} already exists: choose another name.",
    ),
    "archives.no_folder": (
        "Le dossier {folder} n'existe pas.",
        "The folder {folder} does not exist.",
    ),
    "archives.receiving": ("Réception du fichier", "Receiving the file"),
    "archives.checking": (
        "Vérification de la somme de contrôle…",
        "Checking the checksum…",
    ),
    "archives.resumes": (
        "liaison coupée {n} fois, reprise là où elle s'était arrêtée",
        "link dropped {n} times, resumed where it stopped",
    ),
    "archives.downloaded": (
        "{name} est enregistrée dans {path} ({size}) ; somme de contrôle vérifiée.",
        "{name} is saved in {path} ({size}); checksum verified.",
    ),
    "archives.kept_part": (
        "La partie reçue est gardée ({path}) : relancez le téléchargement pour reprendre.",
        "The part received is kept ({path}): start the download again to resume.",
    ),
    "archives.write_failed": (
        "Impossible d'écrire {path} : {reason}",
        "Cannot write {path}: {reason}",
    ),
    "archive.download.checksum": (
        "le fichier reçu ne correspond pas à l'archive (somme de contrôle différente) ; il a "
        "été supprimé, recommencez le téléchargement",
        "the file received does not match the archive (different checksum); it was deleted, "
        "start the download again",
    ),
    "archives.import_title": (
        "Importer une archive (.archs, .sauvs)",
        "Import an archive (.archs, .sauvs)",
    ),
    "archives.imported": (
        "Archive importée : {name}. Elle peut servir à récupérer des données (r).",
        "Archive imported: {name}. It can be used to recover data (r).",
    ),
    # --- recovery (Fiche 6) ---------------------------------------------------------------------
    "recovery.title": (
        "Récupérer les données d'une base PRONOTE",
        "Recover data from a PRONOTE base",
    ),
    "recovery.users_title": (
        "Récupérer les utilisateurs d'une archive",
        "Recover the users from an archive",
    ),
    "recovery.help": (
        "Cocher les données de l'an passé (archive de juillet ou importée) à reprendre",
        "Tick last year's data (July's archive or an imported one) to bring in",
    ),
    "recovery.users_help": (
        "Reprendre les utilisateurs et leurs droits d'une archive",
        "Bring in the users and their rights from an archive",
    ),
    "recovery.archive": ("Archive", "Archive"),
    "recovery.check_all": ("Cocher toutes les données", "Tick all the data"),
    "recovery.keys": (
        "Espace : cocher · ↑↓ : se déplacer · Tab : archive, boutons",
        "Space: tick · ↑↓: move · Tab: archive, buttons",
    ),
    "recovery.users_note": (
        "Les utilisateurs (et leurs droits) de l'archive seront ajoutés à la base en cours ; "
        "ceux qui y sont déjà sont gardés tels quels.",
        "The archive's users (and their rights) will be added to the current base; those "
        "already there are kept as they are.",
    ),
    "recovery.validate": ("Valider", "Confirm"),
    "recovery.cancel": ("Annuler", "Cancel"),
    "recovery.nothing": (
        "Cochez au moins une donnée à récupérer.",
        "Tick at least one kind of data to recover.",
    ),
    "recovery.no_archive": (
        "Aucune archive : celle de l'année passée est faite début juillet ; une archive faite "
        "ailleurs s'importe depuis Mes archives.",
        "No archive: last year's is made early July; an archive made elsewhere is imported "
        "from My archives.",
    ),
    "recovery.progress_title": ("Récupération depuis {name}", "Recovering from {name}"),
    "recovery.report.category": ("Donnée", "Data"),
    "recovery.report.recovered": ("Reprises", "Recovered"),
    "recovery.report.kept": ("Déjà là", "Kept"),
    "recovery.report.unmatched": ("Sans lien", "Unmatched"),
    "recovery.report.users": ("Utilisateurs", "Users"),
    "recovery.report.total": ("Total", "Total"),
    "recovery.report.examples": (
        "Sans lien avec cette année (exemples) : {examples}",
        "Not tied to this year (examples): {examples}",
    ),
    "recovery.report.explain": (
        "Reprises : copiées dans la base en cours. Déjà là : gardées telles quelles. Sans lien :"
        " liées à ce qui n'existe plus cette année, non copiées.",
        "Recovered: copied into the current base. Kept: already there, left as they were. "
        "Unmatched: tied to what no longer exists this year, not copied.",
    ),
    "recovery.report.close": ("Fermer", "Close"),
    # --- Mon compte > Changement de version (Fiche 12) --------------------------------------
    "account.tab.version": ("Changement de version", "Version change"),
    "vchange.title": ("Changement de version de PRONOTE", "PRONOTE version change"),
    "vchange.opt.at_release": ("À la sortie (à partir du {date})", "At release (from {date})"),
    "vchange.opt.deferred_new_base": (
        "Différer, avec une nouvelle base vide",
        "Defer, with a new empty base",
    ),
    "vchange.opt.deferred_keep_base": (
        "Différer, en gardant la base en service",
        "Defer, keeping the base in service",
    ),
    "vchange.opt.pre_release": (
        "Préversion pour la rentrée (dès le {date})",
        "Pre-release for the new year (from {date})",
    ),
    "vchange.note.at_release": (
        "La nouvelle version s'installe le {date}. Si la base en service est celle de l'année "
        "qui se termine, une nouvelle base vide la remplace ; sinon elle est conservée.",
        "The new version installs on {date}. If the base in service is the ending year's, a new "
        "empty base replaces it; otherwise it is kept.",
    ),
    "vchange.note.deferred_new_base": (
        "La version définitive s'installe à la date indiquée (après le {date}) et une nouvelle "
        "base vide est mise en service.",
        "The final version installs on the date given (after {date}) and a new empty base is "
        "put in service.",
    ),
    "vchange.note.deferred_keep_base": (
        "La version définitive s'installe à la date indiquée (après le {date}) ; la base en "
        "service à ce moment-là est conservée.",
        "The final version installs on the date given (after {date}); the base in service at "
        "that time is kept.",
    ),
    "vchange.note.pre_release": (
        "La préversion s'installe à la date indiquée (dès le {date}). Si la base de l'année qui "
        "se termine est encore en service, elle est dépubliée et remplacée par une base vide : "
        "parents, élèves et enseignants n'y ont plus accès.",
        "The pre-release installs on the date given (from {date}). If the ending year's base is "
        "still in service, it is unpublished and replaced by an empty base: parents, students "
        "and teachers can no longer reach it.",
    ),
    "vchange.date": ("Date", "Date"),
    "vchange.date_hint": ("JJ/MM/AAAA", "DD Mon YYYY"),
    "vchange.no_date": (
        "(pas de date pour ce choix)",
        "(no date for this choice)",
    ),
    "vchange.bad_date": (
        "Date illisible : écrivez-la JJ/MM/AAAA (par exemple {example}).",
        "Unreadable date: write it as day, month and year (for example {example}).",
    ),
    "vchange.date_needed": (
        "Indiquez la date de l'installation différée.",
        "Give the date of the deferred installation.",
    ),
    "vchange.after_release": (
        "Une installation différée a lieu après la sortie : le {first} au plus tôt.",
        "A deferred installation comes after the release: {first} at the earliest.",
    ),
    "vchange.pre_range": (
        "La préversion commence entre le {first} et la veille de la sortie ({last}).",
        "The pre-release starts between {first} and the day before the release ({last}).",
    ),
    "vchange.save": ("Valider", "Confirm"),
    "vchange.saved": ("Choix enregistré.", "Choice saved."),
    "vchange.unchanged": ("Rien n'a changé.", "Nothing changed."),
    "vchange.events": ("Calendrier de ce cycle :", "This cycle's calendar:"),
    "vchange.done": ("fait", "done"),
    "vchange.key.save": ("Valider le changement de version", "Confirm the version change"),
    # --- Serveur PRONOTE actions, Accueil -------------------------------------------------------
    "accueil.backup_failed": (
        "La dernière sauvegarde automatique a échoué le {at} : {reason}",
        "The last scheduled backup failed on {at}: {reason}",
    ),
}
