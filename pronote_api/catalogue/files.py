"""Texts of the file formats (.HNOT, annexes, .profils), the school base's categories, and the
superadministrator's password rules (refusal reasons, strength meter, export CLI)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- password rules (pronote_api.passwords) ---------------------------------------------
    "password.problem.empty": (
        "Saisissez un mot de passe.",
        "Type a password.",
    ),
    "password.problem.too_long": (
        "Le mot de passe ne peut pas dépasser 128 caractères.",
        "The password cannot be longer than 128 characters.",
    ),
    "password.problem.too_short": (
        "Trop court : au moins 12 caractères des quatre sortes (majuscules, minuscules, "
        "chiffres, caractères spéciaux), 14 de trois sortes, ou une phrase de 7 mots.",
        "Too short: at least 12 characters of all four kinds (upper case, lower case, digits, "
        "special characters), 14 of three kinds, or a phrase of 7 words.",
    ),
    "password.problem.not_varied": (
        "Pas assez varié : mélangez majuscules, minuscules, chiffres et caractères spéciaux "
        "(les quatre sortes avec 12 caractères, trois sortes avec 14).",
        "Not varied enough: mix upper case, lower case, digits and special characters (all "
        "four kinds with 12 characters, three kinds with 14).",
    ),
    "password.problem.contains_identifier": (
        "Le mot de passe ne doit pas contenir l'identifiant.",
        "The password must not contain the identifier.",
    ),
    "password.problem.common": (
        "Ce mot de passe figure dans les listes de mots de passe connus ou divulgués.",
        "This password is on the lists of known or leaked passwords.",
    ),
    "password.problem.guessable": (
        "Trop facile à deviner (mots courants, dates, suites ou répétitions) : "
        "ajoutez des éléments imprévisibles.",
        "Too easy to guess (common words, dates, sequences or repeats): add something "
        "unpredictable.",
    ),
    "password.strength.0": ("Très faible", "Very weak"),
    "password.strength.1": ("Faible", "Weak"),
    "password.strength.2": ("Moyen", "Fair"),
    "password.strength.3": ("Presque robuste", "Nearly strong"),
    "password.strength.4": ("Robuste", "Strong"),
    # --- a base and its identity (pronote_server.school.base) --------------------------------
    "base.problem.name": (
        "Donnez un nom à la base (au plus {max} caractères imprimables).",
        "Give the base a name (at most {max} printable characters).",
    ),
    "base.problem.school_year": (
        "L'année scolaire s'écrit avec deux années qui se suivent, par exemple 2026-2027.",
        "The school year is written as two consecutive years, for example 2026-2027.",
    ),
    "base.problem.hosting_number": (
        "Le numéro d'hébergement compte 12 chiffres.",
        "The hosting number has 12 digits.",
    ),
    "base.problem.exists": (
        "Un fichier {file} existe déjà : il n'a pas été remplacé.",
        "A file {file} already exists: it was not replaced.",
    ),
    "base.problem.identifier": (
        "L'identifiant compte de 1 à 64 lettres, chiffres ou signes . _ - @, sans espace.",
        "The identifier has 1 to 64 letters, digits or the signs . _ - @, without spaces.",
    ),
    "base.problem.identifier_taken": (
        "L'identifiant {identifier} est déjà celui d'un autre utilisateur de la base.",
        "The identifier {identifier} already belongs to another user of the base.",
    ),
    # --- why a file is refused (pronote_server.school) ----------------------------------------
    "file.problem.missing": (
        "Le fichier {file} est introuvable.",
        "The file {file} cannot be found.",
    ),
    "file.problem.not_a_base": (
        "Le fichier {file} n'est pas une base PRONOTE.",
        "The file {file} is not a PRONOTE base.",
    ),
    "file.problem.base_too_new": (
        "Cette base a été enregistrée par une version plus récente (schéma {version}, "
        "ce serveur lit jusqu'au {supported}).",
        "This base was saved by a newer version (schema {version}; this server reads up "
        "to {supported}).",
    ),
    "file.problem.schema_mismatch": (
        "La structure de la base ne correspond pas à celle attendue (élément {name}).",
        "The base's structure is not the expected one (item {name}).",
    ),
    "file.problem.integrity": (
        "La base contenue dans {file} est endommagée (contrôle d'intégrité en échec).",
        "The base in {file} is damaged (integrity check failed).",
    ),
    "file.problem.base_incomplete": (
        "La base ne décrit pas son nom, son année ou sa grille horaire.",
        "The base does not state its name, year or time grid.",
    ),
    "file.problem.counts": (
        "Les effectifs enregistrés dans la base ne correspondent pas à son contenu.",
        "The counts recorded in the base do not match its contents.",
    ),
    # --- categories of a base (Fiche 6's recovery tree; pronote_server.school.schema) ----
    "category.authorisations": ("Autorisations", "Permissions"),
    "category.report_card": ("Bulletin", "Report card"),
    "category.communications": ("Communications", "Communications"),
    "category.agenda": ("Agenda", "Calendar"),
    "category.agenda_categories": ("Catégories de l'agenda", "Calendar categories"),
    "category.useful_links": ("Liens utiles", "Useful links"),
    "category.sms_templates": ("SMS types", "SMS templates"),
    "category.letter_templates": ("Lettres types", "Letter templates"),
    "category.email_templates": ("Modèles d'e-mails", "E-mail templates"),
    "category.document_templates": ("Modèles de documents", "Document templates"),
    "category.email_signatures": ("Signatures d'e-mails", "E-mail signatures"),
    "category.competences": ("Compétences", "Competences"),
    "category.locker_documents": ("Documents des casiers numériques", "Digital locker documents"),
    "category.curriculum_elements": ("Éléments du programme", "Curriculum elements"),
    "category.emails": ("E-mails", "E-mails"),
    "category.school": ("Établissement", "School"),
    "category.exchange_formats": ("Formats d'import et d'export", "Import and export formats"),
    "category.credentials": (
        "Identifiants et mots de passe de PRONOTE",
        "PRONOTE logins and passwords",
    ),
    "category.wsfed_identities": ("Identifiants WS-Federation", "WS-Federation identities"),
    "category.cas_identities": ("Identifiants ENT/CAS", "ENT/CAS identities"),
    "category.inspectors": ("Inspecteurs pédagogiques", "School inspectors"),
    "category.food_items": ("Liste des aliments", "Food list"),
    "category.ppms_alert_templates": ("Modèles d'alertes PPMS", "PPMS alert templates"),
    "category.grading": ("Notations", "Grading"),
    "category.orientations": ("Orientations", "Guidance tracks"),
    "category.education_paths": ("Parcours éducatifs des élèves", "Students' educational pathways"),
    "category.esidoc_portals": ("Portails e-sidoc", "e-sidoc portals"),
    "category.progressions": ("Progressions", "Progressions"),
    "category.resources": ("Ressources", "Resources"),
    "category.teaching_resources": ("Ressources pédagogiques", "Teaching resources"),
    "category.internships": ("Stages", "Internships"),
    "category.school_life": ("Vie scolaire", "School life"),
    "category.absences_lateness": ("Absences et retards", "Absences and lateness"),
    "category.absence_reasons": (
        "Motifs d'absences et retards",
        "Reasons for absence and lateness",
    ),
    "category.punishments_sanctions": ("Punitions et sanctions", "Punishments and sanctions"),
    "category.sanction_reasons": (
        "Motifs de sanctions et de punitions",
        "Reasons for sanctions and punishments",
    ),
    "category.medical_acts": ("Actes et symptômes médicaux", "Medical acts and symptoms"),
    "category.exit_permissions": ("Autorisations de sortie", "Exit permissions"),
    "category.exemptions": ("Dispenses", "Exemptions"),
    "category.student_notes": (
        "Infos diverses (PAI, PPS, infos médicales...)",
        "Other information (care plans, medical notes...)",
    ),
    "category.roll_call_items": (
        "Observations et rubriques de la feuille d'appel",
        "Roll-call observations and headings",
    ),
    "category.infirmary_visits": ("Passages à l'infirmerie", "Infirmary visits"),
    # --- .HNOT and the annexes (pronote_server.school.hnot, .annexes) ---------------------------
    "file.problem.not_hnot": (
        "Le fichier {file} n'est pas un fichier .HNOT.",
        "The file {file} is not a .HNOT file.",
    ),
    "file.problem.not_annex": (
        "Le fichier {file} n'est pas un fichier annexe (.HDOCJOINTS, .HPHOTOS, .HCOURRIERS).",
        "The file {file} is not an annex file (.HDOCJOINTS, .HPHOTOS, .HCOURRIERS).",
    ),
    "file.problem.format_version": (
        "Le fichier {file} est au format {version}, que ce serveur ne lit pas "
        "(il lit le format {supported}).",
        "The file {file} is in format {version}, which this server cannot read "
        "(it reads format {supported}).",
    ),
    "file.problem.manifest": (
        "L'en-tête du fichier {file} est illisible.",
        "The header of the file {file} cannot be read.",
    ),
    "file.problem.truncated": (
        "Le fichier {file} est incomplet : il a été tronqué pendant la copie ou l'envoi.",
        "The file {file} is incomplete: it was cut short while copied or sent.",
    ),
    "file.problem.trailing_data": (
        "Le fichier {file} contient des données après sa fin annoncée.",
        "The file {file} holds data after its stated end.",
    ),
    "file.problem.too_large": (
        "Le fichier {file} annonce {size} une fois décompressé, au-delà de la limite de {max}.",
        "The file {file} states {size} once decompressed, beyond the limit of {max}.",
    ),
    "file.problem.entry_too_large": (
        "Le fichier {file} contient un élément de {size} ({entry}), au-delà de la limite de "
        "{max} par élément.",
        "The file {file} holds an item of {size} ({entry}), beyond the limit of {max} an item.",
    ),
    "file.problem.manifest_too_large": (
        "L'en-tête du fichier {file} dépasse la limite de {max} : il annonce sans doute trop "
        "d'éléments.",
        "The header of the file {file} is larger than the limit of {max}: it most likely lists "
        "too many items.",
    ),
    "file.problem.no_room": (
        "Le service d'hébergement n'a pas la place de décompresser le fichier {file} ({size}) "
        "pour le moment : réessayez plus tard ou contactez votre hébergeur.",
        "The hosting service does not have room to decompress the file {file} ({size}) at the "
        "moment: try again later or contact your hosting provider.",
    ),
    "file.problem.foreign": (
        "Le fichier {file} a été généré pour un autre numéro d'hébergement (se terminant "
        "par {ending}) : générez-le à nouveau avec votre numéro.",
        "The file {file} was generated for another hosting number (ending in {ending}): "
        "generate it again with your number.",
    ),
    "file.problem.checksum": (
        "Le contenu du fichier {file} a été altéré (somme de contrôle différente).",
        "The contents of the file {file} were altered (checksum differs).",
    ),
    "file.problem.payload": (
        "Les données compressées du fichier {file} sont endommagées.",
        "The compressed data of the file {file} is damaged.",
    ),
    "file.problem.size_mismatch": (
        "Le fichier {file} ne se décompresse pas à la taille annoncée ({expected} octets).",
        "The file {file} does not decompress to its stated size ({expected} bytes).",
    ),
    "file.problem.manifest_mismatch": (
        "La base contenue dans {file} ne correspond pas à ce qu'annonce son en-tête.",
        "The base in {file} does not match what its header states.",
    ),
    "file.problem.too_many_entries": (
        "Le fichier {file} contient trop d'éléments (au plus {max}).",
        "The file {file} holds too many items (at most {max}).",
    ),
    "file.problem.ratio": (
        "Le fichier {file} se décompresserait plus de {max} fois sa taille : refusé par "
        "précaution (bombe de décompression).",
        "The file {file} would expand to more than {max} times its size: refused as a "
        "precaution (decompression bomb).",
    ),
    "file.problem.entry_name": (
        "Le fichier {file} contient un nom de fichier refusé ou répété : {entry}",
        "The file {file} holds a refused or repeated file name: {entry}",
    ),
    "file.problem.other_base": (
        "Le fichier {file} a été généré pour une autre base ({base}) que la base en cours.",
        "The file {file} was generated for another base ({base}) than the current one.",
    ),
    # --- .profils (pronote_server.school.profils) ---------------------------------------------
    "file.problem.not_profils": (
        "Le fichier {file} n'est pas un fichier .profils (sa première ligne doit être "
        "PROFILS suivi du numéro de format).",
        "The file {file} is not a .profils file (its first line must be PROFILS followed by "
        "the format number).",
    ),
    "file.problem.profils_line": (
        "Le fichier {file} est illisible à la ligne {line} : il faut un identifiant, un nom et "
        "des droits séparés par des tabulations.",
        "The file {file} cannot be read at line {line}: it needs an identifier, a name and "
        "rights separated by tabs.",
    ),
    "file.problem.unknown_rights": (
        "Droits inconnus à la ligne {line} du fichier {file} : {rights}. Aucun utilisateur "
        "n'a été créé.",
        "Unknown rights at line {line} of the file {file}: {rights}. No user was created.",
    ),
    "users.refused.identifier": (
        "Identifiant refusé (1 à 64 lettres, chiffres ou signes . _ - @, sans espace).",
        "Identifier refused (1 to 64 letters, digits or the signs . _ - @, without spaces).",
    ),
    "users.refused.repeated": (
        "Identifiant déjà présent plus haut dans le fichier.",
        "Identifier already listed earlier in the file.",
    ),
    "users.refused.superadmin": (
        "C'est l'identifiant du superadministrateur de la base.",
        "It is the identifier of the base's superadministrator.",
    ),
    "right.manage_users": ("Administration des utilisateurs", "User administration"),
    "right.edit_school": ("Paramètres de l'établissement", "School settings"),
    "right.edit_timetable": ("Emploi du temps et ressources", "Timetable and resources"),
    "right.edit_grades": ("Notes, évaluations et compétences", "Grades, assessments, competences"),
    "right.edit_report_cards": ("Bulletins et appréciations", "Report cards and comments"),
    "right.edit_school_life": ("Vie scolaire", "School life"),
    "right.send_communications": ("Communication", "Communications"),
    "right.publish_spaces": ("Publication des Espaces", "Publishing the Spaces"),
    "right.import_export": ("Imports et exports", "Imports and exports"),
    "right.view_only": ("Consultation seule", "Read only"),
    # --- pronote-server export-hosting-files ----------------------------------------------------
    "cli.export.done": (
        "Fichiers pour l'hébergement générés dans {dir} :",
        "Hosting files generated in {dir}:",
    ),
    "cli.export.file": ("  {file} ({size} octets)", "  {file} ({size} bytes)"),
}
