"""The ground of a generated school base (:mod:`~pronote_server.school.populate`): its sizes, the
names and reasons it draws from, the helpers that insert rows, and the school life,
communications and users it writes. Imports the base model only."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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


class PopulatorBase:
    """Writes a base's rows; :class:`~pronote_server.school.populate._Populator` adds the school,
    its resources, timetable and schooling, which set the attributes declared here."""

    subject_ids: list[int]
    class_count: int
    class_of: list[int]
    course_count: int

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
