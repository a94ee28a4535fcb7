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

import math
import os
import random
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pronote_api.school import TimeGrid
from pronote_server.school.base import BaseInfo, create_base, read_summary, transaction
from pronote_server.school.populate_base import (
    CLASS_SIZE,
    FIRST_NAMES,
    FULL,
    LAST_NAMES,
    LEVELS,
    PERIODS,
    SUBJECTS,
    PopulatorBase,
    Sizes,
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


class _Populator(PopulatorBase):
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
