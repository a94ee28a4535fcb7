"""The school base's schema: tables, numbered migrations, categories and counts.

One SQLite file holds one school's base for one school year. Its schema version is SQLite's own
``PRAGMA user_version``, and :data:`MIGRATIONS` lists the steps from an empty file to the current
version, each applied in one transaction with the version bump, so a base is always at a whole
version.

Why not Alembic here, when the control plane uses it: a base is a *document* that travels (it is
exported, uploaded from a school, archived, restored a year later), not a database the service
owns. Its version must live inside the file itself, readable without the service's migration
environment; the upgrade must run anywhere the file lands (the service, the export command, a
test) with the standard library only; and thousands of bases are upgraded one by one when opened,
not once at deployment. ``user_version`` plus a list of SQL scripts does that in a few lines and
has no alembic_version table to keep in step.

Counts (the console's Ressources / Scolarité / Vie scolaire figures) are kept in the ``counts``
table by triggers on the counted tables (migration 2). Reading them is one read of 16 rows
whatever the size of the base, where ``COUNT(*)`` must walk each table. Measured on the
benchmark's base (300,000 grades; ``python -m bench load_base``, warm cache): under 0.1 ms from
the table against 3 to 6 ms for the sixteen ``COUNT(*)`` (more from a cold disk, and it grows
with the base); the trigger adds 1 to 3 us to each inserted row (a bare grade insert: 1.4 to
3.3 us without it, 4 to 4.5 us with it, across runs). The console asks for them at each refresh
of its panels and every snapshot manifest carries them, so reads win.
:func:`~pronote_server.school.base.check_base` compares them with the real row counts, so a file
whose counts were tampered with or drifted is refused.
"""

from __future__ import annotations

from pronote_api.school import COUNT_GROUPS

SCHEMA_VERSION = 3

COUNTED_TABLES: tuple[str, ...] = tuple(name for names in COUNT_GROUPS.values() for name in names)
"""Each count of :data:`pronote_api.school.COUNT_GROUPS` is the row count of the table of the
same name."""

_TABLES_V1 = """
-- --- the base itself -----------------------------------------------------------------------
CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    base_id TEXT NOT NULL,
    name TEXT NOT NULL,
    school_year TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_entry_at TEXT,
    hosting_number TEXT NOT NULL
);
CREATE TABLE time_grid (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    first_day INTEGER NOT NULL,
    working_days TEXT NOT NULL,          -- JSON list of weekday numbers, 0 = Monday
    sequences INTEGER NOT NULL,
    sequence_minutes INTEGER NOT NULL,
    subdivision INTEGER NOT NULL
);
CREATE TABLE periods (                  -- trimestres / semestres
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL
);

-- --- Établissement --------------------------------------------------------------------------
CREATE TABLE school (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uai TEXT,
    name TEXT NOT NULL,
    address TEXT,
    postcode TEXT,
    city TEXT,
    phone TEXT,
    email TEXT
);

-- --- Ressources -----------------------------------------------------------------------------
CREATE TABLE teachers (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    civility TEXT,
    email TEXT,
    phone TEXT
);
CREATE TABLE subjects (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);
CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL,
    main_teacher_id INTEGER REFERENCES teachers(id)
);
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    birth_date TEXT,
    class_id INTEGER REFERENCES classes(id),
    ine TEXT
);
CREATE INDEX students_class ON students(class_id);
CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    class_id INTEGER REFERENCES classes(id)
);
CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, student_id)
) WITHOUT ROWID;
CREATE TABLE rooms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    capacity INTEGER
);
CREATE TABLE staff (                    -- personnels
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE TABLE guardians (                -- responsables
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    email TEXT,
    phone TEXT
);
CREATE TABLE photos (                   -- .HPHOTOS
    id INTEGER PRIMARY KEY,
    person_kind TEXT NOT NULL CHECK (person_kind IN ('student', 'teacher', 'staff')),
    person_id INTEGER NOT NULL,
    filename TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB                        -- NULL until the annex is attached
);

-- --- the timetable --------------------------------------------------------------------------
CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    teacher_id INTEGER REFERENCES teachers(id),
    class_id INTEGER REFERENCES classes(id),
    group_id INTEGER REFERENCES groups(id),
    room_id INTEGER REFERENCES rooms(id),
    day INTEGER NOT NULL,               -- weekday number, 0 = Monday
    start_step INTEGER NOT NULL,        -- in time steps from the start of the day
    steps INTEGER NOT NULL,
    weeks TEXT                          -- NULL: every week
);

-- --- Scolarité ------------------------------------------------------------------------------
CREATE TABLE homework (                 -- devoirs (graded assignments)
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    teacher_id INTEGER REFERENCES teachers(id),
    class_id INTEGER REFERENCES classes(id),
    period_id INTEGER REFERENCES periods(id),
    title TEXT NOT NULL,
    given_on TEXT NOT NULL,
    scale REAL NOT NULL DEFAULT 20,
    coefficient REAL NOT NULL DEFAULT 1
);
CREATE TABLE grades (                   -- notes
    id INTEGER PRIMARY KEY,
    homework_id INTEGER NOT NULL REFERENCES homework(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    value REAL,                         -- NULL with a status (absent, exempted)
    status TEXT
);
CREATE INDEX grades_student ON grades(student_id);
CREATE TABLE lesson_logs (              -- cahiers de textes
    id INTEGER PRIMARY KEY,
    course_id INTEGER REFERENCES courses(id),
    held_on TEXT NOT NULL,
    content TEXT NOT NULL,
    work_to_do TEXT
);
CREATE TABLE report_comments (          -- appréciations
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    subject_id INTEGER REFERENCES subjects(id),
    period_id INTEGER REFERENCES periods(id),
    author_teacher_id INTEGER REFERENCES teachers(id),
    text TEXT NOT NULL
);
CREATE TABLE attachments (              -- documents joints (.HDOCJOINTS)
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL,           -- 'lesson_log', 'homework', 'email' ...
    owner_id INTEGER,
    filename TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB                        -- NULL until the annex is attached
);
CREATE TABLE competence_domains (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);
CREATE TABLE competences (
    id INTEGER PRIMARY KEY,
    domain_id INTEGER REFERENCES competence_domains(id),
    code TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);
CREATE TABLE assessments (              -- évaluations (by competences)
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    class_id INTEGER REFERENCES classes(id),
    period_id INTEGER REFERENCES periods(id),
    title TEXT NOT NULL,
    held_on TEXT NOT NULL
);
CREATE TABLE assessment_results (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    competence_id INTEGER NOT NULL REFERENCES competences(id),
    level TEXT NOT NULL,                -- 'A+', 'A', 'B', 'C', 'D', 'Abs'
    PRIMARY KEY (assessment_id, student_id, competence_id)
) WITHOUT ROWID;
CREATE TABLE report_card_templates (    -- Bulletin: maquettes
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    layout TEXT NOT NULL
);
CREATE TABLE report_cards (             -- bulletins
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id),
    template_id INTEGER REFERENCES report_card_templates(id),
    general_comment TEXT,
    published_on TEXT
);
CREATE TABLE grading_scales (           -- Notations
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    max_value REAL NOT NULL,
    step REAL NOT NULL
);
CREATE TABLE curriculum_elements (      -- Éléments du programme
    id INTEGER PRIMARY KEY,
    subject_id INTEGER REFERENCES subjects(id),
    level TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE TABLE progressions (             -- Progressions
    id INTEGER PRIMARY KEY,
    subject_id INTEGER REFERENCES subjects(id),
    level TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE TABLE progression_items (
    id INTEGER PRIMARY KEY,
    progression_id INTEGER NOT NULL REFERENCES progressions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL
);
CREATE TABLE teaching_resources (       -- Ressources pédagogiques
    id INTEGER PRIMARY KEY,
    subject_id INTEGER REFERENCES subjects(id),
    title TEXT NOT NULL,
    url TEXT
);
CREATE TABLE locker_documents (         -- Documents des casiers numériques
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    deposited_at TEXT NOT NULL
);
CREATE TABLE orientations (             -- Orientations
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);
-- Key columns first: with a key column after a non-key one, SQLite 3.40's integrity_check
-- reports NOT NULL columns of a WITHOUT ROWID table as NULL.
CREATE TABLE student_orientations (
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    orientation_id INTEGER NOT NULL REFERENCES orientations(id),
    PRIMARY KEY (student_id, rank)
) WITHOUT ROWID;
CREATE TABLE education_paths (          -- Parcours éducatifs des élèves
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- avenir, citoyen, santé, artistique et culturel
    label TEXT NOT NULL,
    held_on TEXT
);
CREATE TABLE internships (              -- Stages
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    company TEXT NOT NULL,
    tutor TEXT,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL
);

-- --- Vie scolaire ---------------------------------------------------------------------------
CREATE TABLE absence_reasons (          -- Motifs d'absences et retards
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    counts_as_justified INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE absences (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    reason_id INTEGER REFERENCES absence_reasons(id),
    justified INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX absences_student ON absences(student_id);
CREATE TABLE lateness (                 -- retards
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    reason_id INTEGER REFERENCES absence_reasons(id)
);
CREATE TABLE sanction_reasons (         -- Motifs de sanctions et de punitions
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE
);
CREATE TABLE punishments (              -- punitions
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    given_on TEXT NOT NULL,
    nature TEXT NOT NULL,
    reason_id INTEGER REFERENCES sanction_reasons(id),
    given_by TEXT
);
CREATE TABLE sanctions (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    given_on TEXT NOT NULL,
    nature TEXT NOT NULL,
    reason_id INTEGER REFERENCES sanction_reasons(id),
    days INTEGER
);
CREATE TABLE medical_acts (             -- Actes et symptômes médicaux
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('act', 'symptom')),
    label TEXT NOT NULL
);
CREATE TABLE exit_permissions (         -- Autorisations de sortie
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT
);
CREATE TABLE exemptions (               -- Dispenses
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    subject_id INTEGER REFERENCES subjects(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    reason TEXT
);
CREATE TABLE student_notes (            -- Infos diverses (PAI, PPS, infos médicales ...)
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE roll_call_items (          -- Observations et rubriques de la feuille d'appel
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('observation', 'heading')),
    label TEXT NOT NULL
);
CREATE TABLE infirmary_visits (         -- Passages à l'infirmerie
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    medical_act_id INTEGER REFERENCES medical_acts(id),
    note TEXT
);

-- --- Communications -------------------------------------------------------------------------
CREATE TABLE agenda_categories (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    colour TEXT
);
CREATE TABLE agenda_events (
    id INTEGER PRIMARY KEY,
    category_id INTEGER REFERENCES agenda_categories(id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT
);
CREATE TABLE useful_links (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE TABLE sms_templates (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE letter_templates (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE letters (                  -- courriers sent (.HCOURRIERS)
    id INTEGER PRIMARY KEY,
    template_id INTEGER REFERENCES letter_templates(id),
    recipient TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    filename TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB                        -- NULL until the annex is attached
);
CREATE TABLE email_templates (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE document_templates (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE email_signatures (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE emails (                   -- E-mails sent from the base
    id INTEGER PRIMARY KEY,
    sender TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    sent_at TEXT NOT NULL
);

-- --- settings and identities ----------------------------------------------------------------
CREATE TABLE authorisations (           -- Autorisations (what each profile may do)
    profile TEXT NOT NULL,
    permission TEXT NOT NULL,
    allowed INTEGER NOT NULL,
    PRIMARY KEY (profile, permission)
) WITHOUT ROWID;
CREATE TABLE exchange_formats (         -- Formats d'import et d'export
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('import', 'export')),
    specification TEXT NOT NULL
);
CREATE TABLE person_credentials (       -- Identifiants et mots de passe (Espaces, clients)
    person_kind TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    login TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    PRIMARY KEY (person_kind, person_id)
) WITHOUT ROWID;
CREATE TABLE wsfed_identities (         -- Identifiants WS-Federation
    person_kind TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    identity TEXT NOT NULL,
    PRIMARY KEY (person_kind, person_id)
) WITHOUT ROWID;
CREATE TABLE cas_identities (           -- Identifiants ENT/CAS
    person_kind TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    identity TEXT NOT NULL,
    PRIMARY KEY (person_kind, person_id)
) WITHOUT ROWID;
CREATE TABLE inspectors (               -- Inspecteurs pédagogiques
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    subject_id INTEGER REFERENCES subjects(id),
    email TEXT
);
CREATE TABLE food_items (               -- Liste des aliments
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    allergens TEXT
);
CREATE TABLE ppms_alert_templates (     -- Modèles d'alertes PPMS
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE esidoc_portals (           -- Portails e-sidoc
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    url TEXT NOT NULL
);

-- --- users of the base (the desktop client's logins) ----------------------------------------
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('superadmin', 'administrator')),
    password_hash TEXT,                 -- NULL: no password yet (set at first login)
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_one_superadmin ON users(kind) WHERE kind = 'superadmin';
CREATE TABLE user_rights (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    right_key TEXT NOT NULL,
    PRIMARY KEY (user_id, right_key)
) WITHOUT ROWID;
"""


def _counts_v2() -> str:
    # Table names are this module's constants, never input: building SQL from them is safe.
    insert = "INSERT INTO counts (name, n) SELECT '{t}', COUNT(*) FROM {t};"
    on_insert = (
        "CREATE TRIGGER {t}_count_insert AFTER INSERT ON {t} BEGIN "
        "UPDATE counts SET n = n + 1 WHERE name = '{t}'; END;"
    )
    on_delete = (
        "CREATE TRIGGER {t}_count_delete AFTER DELETE ON {t} BEGIN "
        "UPDATE counts SET n = n - 1 WHERE name = '{t}'; END;"
    )
    lines = ["CREATE TABLE counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"]
    for table in COUNTED_TABLES:
        lines += [template.format(t=table) for template in (insert, on_insert, on_delete)]
    return "\n".join(lines)


# The web Espaces' users (PRONOTE.net, issue 13): the base's teachers, staff, guardians and
# students, and the companies of its internships, each get an identifier for their Espace
# ("prenom.nom", lower case, spaces as hyphens; the row's id appended when another person of the
# same Espace has it already). Kept by triggers, so that every way people enter a base (a .HNOT,
# a recovery, the demo) gives them one. No password until one is set (``pronote-server bases
# set-password``); the Espace Direction is the ``users`` table's own (administrators).
_PEOPLE_LOGINS: tuple[tuple[str, str], ...] = (
    ("teachers", "professeur"),
    ("staff", "viescolaire"),
    ("guardians", "parent"),
    ("students", "eleve"),
)


_LOGIN = "lower(replace(trim({p}first_name) || '.' || trim({p}last_name), ' ', '-'))"
_COMPANY_LOGIN = "lower(replace(trim({p}company), ' ', '-'))"
_TABLE_V3 = """CREATE TABLE espace_logins (          -- PRONOTE.net: who logs in to which Espace
    id INTEGER PRIMARY KEY,
    espace TEXT NOT NULL,               -- pronote_api.publication.EspaceKind value
    person_id INTEGER,                  -- the teacher, staff, guardian or student; NULL: a company
    login TEXT NOT NULL COLLATE NOCASE,
    display_name TEXT NOT NULL,
    password_hash TEXT,                 -- NULL: no password yet
    UNIQUE (espace, login)
);
CREATE UNIQUE INDEX espace_logins_person ON espace_logins(espace, person_id)
    WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX espace_logins_company ON espace_logins(espace, display_name)
    WHERE person_id IS NULL;"""
# OR IGNORE: an identifier that cannot be made unique leaves that one person without one,
# rather than a base that cannot be opened. The people already there get theirs in id order (the
# first of two namesakes keeps the plain identifier), every new one from a trigger.
_PEOPLE_V3 = (
    "INSERT OR IGNORE INTO espace_logins (espace, person_id, login, display_name) "
    "SELECT '{espace}', id, CASE WHEN n > 1 THEN login || '.' || id ELSE login END, name "
    "FROM (SELECT id, {login} AS login, first_name || ' ' || last_name AS name, "
    "row_number() OVER (PARTITION BY {login} ORDER BY id) AS n FROM {table}) ORDER BY id;\n"
    "CREATE TRIGGER {table}_espace_login AFTER INSERT ON {table} BEGIN "
    "INSERT OR IGNORE INTO espace_logins (espace, person_id, login, display_name) "
    "SELECT '{espace}', NEW.id, CASE WHEN EXISTS (SELECT 1 FROM espace_logins e "
    "WHERE e.espace = '{espace}' AND e.login = b.login) "
    "THEN b.login || '.' || NEW.id ELSE b.login END, NEW.first_name || ' ' || NEW.last_name "
    "FROM (SELECT {new_login} AS login) AS b; END;\n"
    "CREATE TRIGGER {table}_espace_login_gone AFTER DELETE ON {table} BEGIN "
    "DELETE FROM espace_logins WHERE espace = '{espace}' AND person_id = OLD.id; END;"
)
_COMPANIES_V3 = (
    "INSERT OR IGNORE INTO espace_logins (espace, person_id, login, display_name) "
    "SELECT 'entreprise', NULL, CASE WHEN n > 1 THEN login || '.' || n ELSE login END, company "
    "FROM (SELECT company, {login} AS login, "
    "row_number() OVER (PARTITION BY {login} ORDER BY company) AS n "
    "FROM (SELECT DISTINCT company FROM internships)) ORDER BY company;\n"
    "CREATE TRIGGER internships_espace_login AFTER INSERT ON internships BEGIN "
    "INSERT OR IGNORE INTO espace_logins (espace, person_id, login, display_name) "
    "SELECT 'entreprise', NULL, CASE WHEN EXISTS (SELECT 1 FROM espace_logins e "
    "WHERE e.espace = 'entreprise' AND e.login = b.login) "
    "THEN b.login || '.' || NEW.id ELSE b.login END, NEW.company "
    "FROM (SELECT {new_login} AS login) AS b "
    "WHERE NOT EXISTS (SELECT 1 FROM espace_logins e WHERE e.espace = 'entreprise' "
    "AND e.person_id IS NULL AND e.display_name = NEW.company); END;"
)


def _espace_logins_v3() -> str:
    # Table and Espace names are this module's constants, never input: building SQL is safe.
    lines = [_TABLE_V3]
    for table, espace in _PEOPLE_LOGINS:
        lines.append(
            _PEOPLE_V3.format(
                table=table,
                espace=espace,
                login=_LOGIN.format(p=""),
                new_login=_LOGIN.format(p="NEW."),
            )
        )
    lines.append(
        _COMPANIES_V3.format(
            login=_COMPANY_LOGIN.format(p=""), new_login=_COMPANY_LOGIN.format(p="NEW.")
        )
    )
    return "\n".join(lines)


MIGRATIONS: tuple[str, ...] = (
    _TABLES_V1,  # 1: every table
    _counts_v2(),  # 2: counts kept by triggers, filled from the rows already there
    _espace_logins_v3(),  # 3: the web Espaces' identifiers, kept by triggers
)
"""``MIGRATIONS[i]`` takes a base from version ``i`` to ``i + 1``."""

assert len(MIGRATIONS) == SCHEMA_VERSION
