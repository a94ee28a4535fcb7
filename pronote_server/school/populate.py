"""A populated school base, generated: realistic shapes and sizes, deterministic (seeded).

Used by the benchmark (``bench/large_base.py``, the full size), by the demo (a few hundred
students) and by tests (a handful). At scale 1 (:data:`FULL`): 2,000 students in 67 classes,
150 teachers, 300,000 grades, 100,000 absences, and everything around them: timetable, homework,
lesson logs, report comments, assessments by competences, report cards, lateness, punishments,
sanctions, attached documents, photos and letters (with their contents, so that the annexes can be
exported), administrative users with rights, and a few rows in every category of Fiche 6.

The same ``seed`` and ``scale`` give the same rows, ids and contents (the base id included), so a
test may assert exact counts. ``created_at`` defaults to the 14th of August of the school year
(when the guide's new base appears), not to the clock.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pronote_api.school import TimeGrid
from pronote_server.school.base import BaseInfo, create_base, read_summary, transaction
from pronote_server.school.rights import RIGHTS


@dataclass(frozen=True)
class Sizes:
    """The headline sizes; everything else is derived from them."""

    students: int = 2_000
    teachers: int = 150
    grades: int = 300_000
    absences: int = 100_000

    def scaled(self, scale: float) -> Sizes:
        def one(n: int) -> int:
            return max(1, round(n * scale))

        return Sizes(one(self.students), one(self.teachers), one(self.grades), one(self.absences))


FULL = Sizes()
CLASS_SIZE = 30
PERIODS = (
    ("Trimestre 1", 9, 1, 11, 30),
    ("Trimestre 2", 12, 1, 3, 10),
    ("Trimestre 3", 3, 11, 7, 4),
)

SUBJECTS = (
    ("FRANC", "Français"), ("MATHS", "Mathématiques"), ("HIGEO", "Histoire-géographie"),
    ("ANG", "Anglais LV1"), ("ESP", "Espagnol LV2"), ("ALL", "Allemand LV2"),
    ("PHCH", "Physique-chimie"), ("SVT", "Sciences de la vie et de la Terre"),
    ("SES", "Sciences économiques et sociales"), ("EPS", "Éducation physique et sportive"),
    ("PHILO", "Philosophie"), ("EMC", "Enseignement moral et civique"),
    ("SNT", "Sciences numériques et technologie"), ("ARTS", "Arts plastiques"),
    ("MUS", "Éducation musicale"), ("LATIN", "Latin"), ("NSI", "Numérique et sciences inf."),
    ("DOC", "Documentation"),
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Diallo", "Nguyen",
    "Benali", "Haddad", "Traoré", "Da Silva", "Kowalski", "Rossi", "Yilmaz", "Bounhar",
)  # fmt: skip
FIRST_NAMES = (
    "Léa", "Emma", "Chloé", "Inès", "Jade", "Louise", "Manon", "Sarah", "Camille", "Zoé",
    "Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Adam", "Nathan", "Ethan", "Noah",
    "Yanis", "Rayan", "Mohamed", "Théo", "Tom", "Lina", "Maëlys", "Anaïs", "Samia", "Amine",
)  # fmt: skip
LEVELS = ("2nde", "1re", "Tle")
ABSENCE_REASONS = ("Maladie", "Rendez-vous médical", "Raison familiale", "Transport", "Inconnu")
SANCTION_REASONS = ("Bavardages répétés", "Travail non fait", "Insolence", "Retards répétés")
ADMINISTRATORS = (
    ("proviseur", "Proviseur", ("manage_users", "edit_school", "publish_spaces", "import_export")),
    ("adjoint", "Proviseur adjoint", ("edit_timetable", "edit_report_cards", "import_export")),
    ("cpe", "Conseillère principale d'éducation", ("edit_school_life", "send_communications")),
    ("secretariat", "Secrétariat", ("send_communications", "edit_school")),
    ("gestion", "Gestionnaire", ("view_only",)),
    ("documentation", "Professeur documentaliste", ("view_only", "send_communications")),
)


def generate_base(
    path: Path,
    *,
    scale: float = 1.0,
    sizes: Sizes = FULL,
    seed: int = 2026,
    name: str = "Base année 2026-2027",
    school_year: str = "2026-2027",
    hosting_number: str = "012345678912",
    grid: TimeGrid | None = None,
) -> BaseInfo:
    """Write a populated base at ``path`` (which must not exist) and return its summary.

    Built under a temporary name beside ``path`` and renamed into place when complete.
    """
    if path.exists():
        raise FileExistsError(path)
    rng = random.Random(seed)  # noqa: S311 (sample data, deterministic by design)
    first_year = int(school_year[:4])
    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    tmp = tmp_dir / path.name
    try:
        create_base(
            tmp,
            grid=grid or TimeGrid(),
            name=name,
            school_year=school_year,
            hosting_number=hosting_number,
            base_id=f"{rng.getrandbits(128):032x}",
            now=datetime(first_year, 8, 14, 9, 0, tzinfo=UTC),
        )
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            # A file that is not in place yet: a crash loses nothing, so skip the syncs.
            conn.execute("PRAGMA synchronous = OFF")
            with transaction(conn):
                _Populator(conn, rng, sizes.scaled(scale), first_year).run()
        finally:
            conn.close()
        os.link(tmp, path)  # FileExistsError if the name was taken meanwhile: never overwrite
    finally:
        for leftover in tmp_dir.iterdir():
            leftover.unlink()
        tmp_dir.rmdir()
    return read_summary(path)


class _Populator:
    def __init__(
        self, conn: sqlite3.Connection, rng: random.Random, sizes: Sizes, first_year: int
    ) -> None:
        self.conn = conn
        self.rng = rng
        self.sizes = sizes
        self.year = first_year
        self.start = date(first_year, 9, 1)

    # --- helpers ----------------------------------------------------------------------------

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            rows,
        )

    def day(self, span: int = 300) -> date:
        return self.start + timedelta(days=self.rng.randrange(span))

    def moment(self) -> str:
        hour = self.rng.randrange(8, 17)
        return f"{self.day().isoformat()}T{hour:02d}:{self.rng.choice((0, 30)):02d}:00"

    def person(self) -> tuple[str, str]:
        return self.rng.choice(LAST_NAMES), self.rng.choice(FIRST_NAMES)

    def blob(self, low: int, high: int, magic: bytes = b"") -> tuple[int, str, bytes]:
        content = magic + self.rng.randbytes(self.rng.randrange(low, high))
        return len(content), hashlib.sha256(content).hexdigest(), content

    def period_of(self, when: date) -> int:
        for index, (_, _, _, end_month, end_day) in enumerate(PERIODS, start=1):
            end_year = self.year if end_month >= 9 else self.year + 1
            if when <= date(end_year, end_month, end_day):
                return index
        return len(PERIODS)

    # --- the whole base ---------------------------------------------------------------------

    def run(self) -> None:
        self.school_and_settings()
        self.resources()
        self.timetable()
        self.schooling()
        self.school_life()
        self.communications()
        self.users()
        last = self.start + timedelta(days=88)
        self.conn.execute(
            "UPDATE meta SET last_entry_at = ? WHERE id = 1",
            (f"{last.isoformat()}T17:42:00+00:00",),
        )

    def school_and_settings(self) -> None:
        y = self.year
        self.conn.execute(
            "UPDATE school SET uai = '0750655E', address = '14 rue Charlemagne', "
            "postcode = '75004', city = 'Paris', phone = '0142740000', "
            "email = 'ce.0750655E@ac-paris.fr' WHERE id = 1"
        )
        self.insert(
            "periods",
            ("name", "starts_on", "ends_on"),
            [
                (
                    label,
                    date(y if sm >= 9 else y + 1, sm, sd).isoformat(),
                    date(y if em >= 9 else y + 1, em, ed).isoformat(),
                )
                for label, sm, sd, em, ed in PERIODS
            ],
        )
        self.insert(
            "authorisations",
            ("profile", "permission", "allowed"),
            [
                (profile, permission, int(self.rng.random() < 0.7))
                for profile in ("professeur", "vie_scolaire", "personnel")
                for permission in ("saisir_notes", "saisir_absences", "envoyer_sms", "voir_edt")
            ],
        )
        self.insert(
            "grading_scales",
            ("label", "max_value", "step"),
            [("Sur 20", 20, 0.5), ("Sur 10", 10, 0.5), ("Sur 100", 100, 1)],
        )
        self.insert(
            "exchange_formats",
            ("label", "direction", "specification"),
            [
                ("SIECLE élèves", "import", "xml:siecle-eleves"),
                ("STSWEB", "import", "xml:sts"),
                ("LSU", "export", "xml:lsu"),
            ],
        )
        self.insert(
            "food_items",
            ("label", "allergens"),
            [("Pain", "gluten"), ("Yaourt", "lait"), ("Noix", "fruits à coque"), ("Riz", None)],
        )
        self.insert(
            "ppms_alert_templates",
            ("label", "message"),
            [
                ("Confinement", "Confinement immédiat : restez dans les salles."),
                ("Évacuation", "Évacuation vers le point de rassemblement."),
            ],
        )
        self.insert("esidoc_portals", ("label", "url"), [("CDI", "https://0750655e.esidoc.fr")])
        self.insert(
            "orientations",
            ("code", "label"),
            [("GEN", "Voie générale"), ("TECH", "Voie technologique"), ("PRO", "Voie pro")],
        )

    def resources(self) -> None:
        s = self.sizes
        self.insert("subjects", ("code", "label"), SUBJECTS)
        self.subject_ids = list(range(1, len(SUBJECTS) + 1))
        self.insert(
            "teachers",
            ("last_name", "first_name", "civility", "email"),
            [
                (*self.person(), self.rng.choice(("M.", "Mme")), f"prof{i}@example.org")
                for i in range(1, s.teachers + 1)
            ],
        )
        self.class_count = max(1, math.ceil(s.students / CLASS_SIZE))
        self.insert(
            "classes",
            ("name", "level", "main_teacher_id"),
            [
                (f"{LEVELS[c % 3]} {c // 3 + 1}", LEVELS[c % 3], c % s.teachers + 1)
                for c in range(self.class_count)
            ],
        )
        self.class_of = [i % self.class_count + 1 for i in range(s.students)]
        self.insert(
            "students",
            ("last_name", "first_name", "birth_date", "class_id", "ine"),
            [
                (*self.person(), date(self.year - 16, 1, 1).isoformat(), cls, f"{i:09d}AB")
                for i, cls in enumerate(self.class_of, start=1)
            ],
        )
        self.students_in: dict[int, list[int]] = {}
        for student, cls in enumerate(self.class_of, start=1):
            self.students_in.setdefault(cls, []).append(student)
        self.insert(
            "groups",
            ("name", "class_id"),
            [(f"Groupe {half}", cls) for cls in range(1, self.class_count + 1) for half in "AB"],
        )
        self.insert(
            "group_members",
            ("group_id", "student_id"),
            [
                (2 * (cls - 1) + 1 + (n % 2), student)
                for cls, members in self.students_in.items()
                for n, student in enumerate(members)
            ],
        )
        self.insert(
            "rooms",
            ("name", "capacity"),
            [(f"Salle {100 + r}", 35) for r in range(max(3, s.teachers // 2))],
        )
        self.insert(
            "staff",
            ("last_name", "first_name", "role"),
            [
                (*self.person(), self.rng.choice(("Surveillant", "Infirmière", "Agent")))
                for _ in range(max(2, s.teachers // 4))
            ],
        )
        self.insert(
            "guardians",
            ("student_id", "last_name", "first_name", "email"),
            [
                (i, self.rng.choice(LAST_NAMES), self.rng.choice(FIRST_NAMES), None)
                for i in range(1, s.students + 1)
            ],
        )
        self.insert(
            "photos",
            ("person_kind", "person_id", "filename", "size", "sha256", "content"),
            [
                ("student", i, f"eleve-{i}.jpg", *self.blob(1500, 3000, b"\xff\xd8\xff\xe0"))
                for i in range(1, s.students + 1)
            ],
        )
        self.insert(
            "inspectors",
            ("last_name", "first_name", "subject_id", "email"),
            [(*self.person(), sid, None) for sid in self.subject_ids[:4]],
        )

    def timetable(self) -> None:
        grid_rows = []
        for cls in range(1, self.class_count + 1):
            for slot in range(12):
                grid_rows.append(
                    (
                        self.subject_ids[slot % len(self.subject_ids)],
                        self.rng.randrange(self.sizes.teachers) + 1,
                        cls,
                        slot % 5,
                        2 * (slot // 5 * 3 + 1),
                        2,
                    )
                )
        self.insert(
            "courses",
            ("subject_id", "teacher_id", "class_id", "day", "start_step", "steps"),
            grid_rows,
        )
        self.course_count = len(grid_rows)

    def schooling(self) -> None:
        s = self.sizes
        homework: list[tuple[Any, ...]] = []
        grades: list[tuple[Any, ...]] = []
        classes = list(self.students_in)
        while len(grades) < s.grades:
            cls = classes[len(homework) % len(classes)]
            given = self.day(280)
            homework.append(
                (
                    self.rng.choice(self.subject_ids),
                    self.rng.randrange(s.teachers) + 1,
                    cls,
                    self.period_of(given),
                    f"Devoir {len(homework) + 1}",
                    given.isoformat(),
                )
            )
            for student in self.students_in[cls][: s.grades - len(grades)]:
                absent = self.rng.random() < 0.03
                value = None if absent else round(self.rng.triangular(2, 20, 13) * 2) / 2
                grades.append((len(homework), student, value, "absent" if absent else None))
        self.insert(
            "homework",
            ("subject_id", "teacher_id", "class_id", "period_id", "title", "given_on"),
            homework,
        )
        self.insert("grades", ("homework_id", "student_id", "value", "status"), grades)
        logs = self.course_count * 30 * s.grades // FULL.grades or 1
        self.insert(
            "lesson_logs",
            ("course_id", "held_on", "content", "work_to_do"),
            [
                (
                    self.rng.randrange(self.course_count) + 1,
                    self.day().isoformat(),
                    f"Séance {n}: notions du chapitre {n % 12 + 1}",
                    None,
                )
                for n in range(1, logs + 1)
            ],
        )
        self.insert(
            "report_comments",
            ("student_id", "subject_id", "period_id", "author_teacher_id", "text"),
            [
                (
                    student,
                    subject,
                    period,
                    self.rng.randrange(s.teachers) + 1,
                    self.rng.choice(("Bon trimestre.", "Des efforts à poursuivre.", "Très bien.")),
                )
                for student in range(1, s.students + 1)
                for subject in self.subject_ids[:6]
                for period in (1, 2, 3)
            ],
        )
        self.insert(
            "attachments",
            ("owner_kind", "owner_id", "filename", "size", "sha256", "content"),
            [
                ("lesson_log", n, f"cours-{n}.pdf", *self.blob(1000, 6000, b"%PDF-1.7\n"))
                for n in range(1, max(1, logs // 100) + 1)
            ],
        )
        self.insert(
            "competence_domains",
            ("code", "label"),
            [
                ("D1", "Les langages pour penser et communiquer"),
                ("D2", "Les méthodes et outils pour apprendre"),
                ("D3", "La formation de la personne et du citoyen"),
            ],
        )
        self.insert(
            "competences",
            ("domain_id", "code", "label"),
            [
                (d, f"D{d}.{n}", f"Compétence {n} du domaine {d}")
                for d in (1, 2, 3)
                for n in (1, 2, 3, 4)
            ],
        )
        assessments = []
        results = []
        for cls in classes:
            for n in range(20 * s.grades // FULL.grades or 1):
                held = self.day(280)
                assessments.append(
                    (
                        self.rng.choice(self.subject_ids),
                        cls,
                        self.period_of(held),
                        f"Évaluation {n + 1}",
                        held.isoformat(),
                    )
                )
                aid = len(assessments)
                competence = self.rng.randrange(12) + 1
                results += [
                    (aid, st, competence, self.rng.choice(("A+", "A", "B", "C", "D")))
                    for st in self.students_in[cls]
                ]
        self.insert(
            "assessments", ("subject_id", "class_id", "period_id", "title", "held_on"), assessments
        )
        self.insert(
            "assessment_results", ("assessment_id", "student_id", "competence_id", "level"), results
        )
        self.insert("report_card_templates", ("label", "layout"), [("Bulletin trimestriel", "A4")])
        self.insert(
            "report_cards",
            ("student_id", "period_id", "template_id", "general_comment"),
            [
                (st, p, 1, "Ensemble satisfaisant.")
                for st in range(1, s.students + 1)
                for p in (1, 2)
            ],
        )
        self.insert(
            "curriculum_elements",
            ("subject_id", "level", "label"),
            [(sid, lvl, f"Programme {lvl}") for sid in self.subject_ids[:6] for lvl in LEVELS],
        )
        self.insert(
            "progressions",
            ("subject_id", "level", "label"),
            [(2, "2nde", "Progression de mathématiques")],
        )
        self.insert(
            "progression_items",
            ("progression_id", "position", "label"),
            [(1, n, f"Chapitre {n}") for n in range(1, 9)],
        )
        self.insert(
            "teaching_resources",
            ("subject_id", "title", "url"),
            [(1, "Manuel numérique", "https://manuel.example.org")],
        )
        self.insert(
            "locker_documents",
            ("owner_kind", "owner_id", "filename", "size", "sha256", "deposited_at"),
            [("student", 1, "exposé.odt", 12000, "0" * 64, self.moment())],
        )
        some = range(1, min(s.students, 50) + 1)
        self.insert(
            "student_orientations",
            ("student_id", "orientation_id", "rank"),
            [(st, 1 + st % 3, 1) for st in some],
        )
        self.insert(
            "education_paths",
            ("student_id", "kind", "label", "held_on"),
            [(st, "avenir", "Forum des métiers", self.day().isoformat()) for st in some],
        )
        self.insert(
            "internships",
            ("student_id", "company", "tutor", "starts_on", "ends_on"),
            [(st, "Mairie du 4e", "M. Leroy", "2027-01-11", "2027-01-22") for st in some],
        )

    def school_life(self) -> None:
        s = self.sizes
        students = s.students
        self.insert(
            "absence_reasons",
            ("label", "counts_as_justified"),
            [(label, int(n < 3)) for n, label in enumerate(ABSENCE_REASONS)],
        )
        self.insert("sanction_reasons", ("label",), [(r,) for r in SANCTION_REASONS])
        absences = []
        for _ in range(s.absences):
            day = self.day(280).isoformat()
            hour = self.rng.randrange(8, 17)
            absences.append(
                (
                    self.rng.randrange(students) + 1,
                    f"{day}T{hour:02d}:00:00",
                    f"{day}T{hour + 1:02d}:00:00",
                    self.rng.randrange(5) + 1,
                    int(self.rng.random() < 0.6),
                )
            )
        self.insert(
            "absences", ("student_id", "starts_at", "ends_at", "reason_id", "justified"), absences
        )
        self.insert(
            "lateness",
            ("student_id", "at", "minutes", "reason_id"),
            [
                (
                    self.rng.randrange(students) + 1,
                    self.moment(),
                    self.rng.randrange(1, 30),
                    self.rng.randrange(5) + 1,
                )
                for _ in range(max(1, s.absences // 5))
            ],
        )
        self.insert(
            "punishments",
            ("student_id", "given_on", "nature", "reason_id", "given_by"),
            [
                (
                    self.rng.randrange(students) + 1,
                    self.day().isoformat(),
                    self.rng.choice(("Retenue", "Devoir supplémentaire", "Exclusion de cours")),
                    self.rng.randrange(4) + 1,
                    "Vie scolaire",
                )
                for _ in range(max(1, students * 3 // 2))
            ],
        )
        self.insert(
            "sanctions",
            ("student_id", "given_on", "nature", "reason_id", "days"),
            [
                (
                    self.rng.randrange(students) + 1,
                    self.day().isoformat(),
                    self.rng.choice(("Avertissement", "Blâme", "Exclusion temporaire")),
                    self.rng.randrange(4) + 1,
                    None,
                )
                for _ in range(max(1, students // 4))
            ],
        )
        self.insert(
            "medical_acts",
            ("kind", "label"),
            [
                ("act", "Soins"),
                ("act", "Écoute"),
                ("symptom", "Maux de tête"),
                ("symptom", "Fièvre"),
            ],
        )
        some = range(1, min(students, 40) + 1)
        self.insert(
            "infirmary_visits",
            ("student_id", "at", "medical_act_id", "note"),
            [(st, self.moment(), 1 + st % 4, None) for st in some],
        )
        self.insert(
            "exit_permissions",
            ("student_id", "label", "valid_from", "valid_to"),
            [(st, "Sortie libre entre les cours", None, None) for st in some],
        )
        self.insert(
            "exemptions",
            ("student_id", "subject_id", "starts_on", "ends_on", "reason"),
            [(st, 10, "2026-10-01", "2026-12-20", "Certificat médical") for st in some[:10]],
        )
        self.insert(
            "student_notes",
            ("student_id", "kind", "text"),
            [(st, "PAI", "Allergie alimentaire") for st in some[:10]],
        )
        self.insert(
            "roll_call_items",
            ("kind", "label"),
            [("observation", "Oubli de matériel"), ("heading", "Carnet de liaison")],
        )

    def communications(self) -> None:
        s = self.sizes
        self.insert(
            "agenda_categories",
            ("label", "colour"),
            [("Réunion", "bleu"), ("Sortie", "vert"), ("Examen", "rouge")],
        )
        self.insert(
            "agenda_events",
            ("category_id", "starts_at", "ends_at", "title", "text"),
            [
                (1 + n % 3, self.moment(), self.moment(), f"Événement {n}", None)
                for n in range(1, 31)
            ],
        )
        self.insert(
            "useful_links",
            ("label", "url"),
            [("Académie", "https://www.ac-paris.fr"), ("ENT", "https://ent.example.org")],
        )
        self.insert(
            "sms_templates", ("label", "body"), [("Absence", "Votre enfant est absent ce jour.")]
        )
        self.insert(
            "letter_templates",
            ("label", "body"),
            [("Convocation", "Madame, Monsieur, ..."), ("Avertissement", "...")],
        )
        self.insert(
            "letters",
            ("template_id", "recipient", "sent_on", "filename", "size", "sha256", "content"),
            [
                (
                    1,
                    f"Famille {n}",
                    self.day().isoformat(),
                    f"courrier-{n}.pdf",
                    *self.blob(800, 4000, b"%PDF-1.7\n"),
                )
                for n in range(1, max(1, s.students // 20) + 1)
            ],
        )
        self.insert(
            "email_templates",
            ("label", "subject", "body"),
            [("Réunion", "Réunion parents-professeurs", "Bonjour, ...")],
        )
        self.insert("document_templates", ("label", "body"), [("Certificat de scolarité", "...")])
        self.insert("email_signatures", ("owner", "body"), [("secretariat", "Le secrétariat")])
        self.insert(
            "emails",
            ("sender", "recipient", "subject", "sent_at"),
            [
                ("secretariat", f"famille{n}@example.org", "Information", self.moment())
                for n in range(1, 21)
            ],
        )

    def users(self) -> None:
        created = f"{self.year}-08-20T10:00:00+00:00"
        for identifier, display, rights in ADMINISTRATORS:
            cur = self.conn.execute(
                "INSERT INTO users (identifier, display_name, kind, created_at) "
                "VALUES (?, ?, 'administrator', ?)",
                (identifier, display, created),
            )
            assert set(rights) <= set(RIGHTS)
            self.insert(
                "user_rights", ("user_id", "right_key"), [(cur.lastrowid, r) for r in rights]
            )
        some = range(1, min(self.sizes.students, 30) + 1)
        self.insert(
            "person_credentials",
            ("person_kind", "person_id", "login", "password_hash"),
            [("student", st, f"eleve{st}", "!") for st in some],
        )
        self.insert(
            "cas_identities",
            ("person_kind", "person_id", "identity"),
            [("student", st, f"ent-{st}") for st in some],
        )
        self.insert(
            "wsfed_identities",
            ("person_kind", "person_id", "identity"),
            [("teacher", 1, "wsfed-prof1")],
        )
