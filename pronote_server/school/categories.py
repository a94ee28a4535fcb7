"""The categories of a school base's data (Fiche 6: "Récupérer les données d'une base PRONOTE"):
the recovery tree, each box with its tables. Imports nothing of the service."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """One box of the recovery tree: its key, its parent's key (or None), and its tables.

    The label is the catalogue's ``category.<key>`` (French: the guide's wording).
    """

    key: str
    tables: tuple[str, ...]
    parent: str | None = None

    @property
    def label_key(self) -> str:
        return f"category.{self.key}"


CATEGORIES: tuple[Category, ...] = (
    Category("authorisations", ("authorisations",)),
    Category("report_card", ("report_card_templates", "report_cards", "periods")),
    Category("communications", ()),
    Category("agenda", ("agenda_events",), "communications"),
    Category("agenda_categories", ("agenda_categories",), "communications"),
    Category("useful_links", ("useful_links",), "communications"),
    Category("sms_templates", ("sms_templates",), "communications"),
    Category("letter_templates", ("letter_templates", "letters"), "communications"),
    Category("email_templates", ("email_templates",), "communications"),
    Category("document_templates", ("document_templates",), "communications"),
    Category("email_signatures", ("email_signatures",), "communications"),
    Category(
        "competences",
        ("competence_domains", "competences", "assessments", "assessment_results"),
    ),
    Category("locker_documents", ("locker_documents",)),
    Category("curriculum_elements", ("curriculum_elements",)),
    Category("emails", ("emails",)),
    Category("school", ("school",)),
    Category("exchange_formats", ("exchange_formats",)),
    Category("credentials", ("person_credentials",)),
    Category("wsfed_identities", ("wsfed_identities",)),
    Category("cas_identities", ("cas_identities",)),
    Category("inspectors", ("inspectors",)),
    Category("food_items", ("food_items",)),
    Category("ppms_alert_templates", ("ppms_alert_templates",)),
    Category("grading", ("grading_scales", "homework", "grades", "report_comments")),
    Category("orientations", ("orientations", "student_orientations")),
    Category("education_paths", ("education_paths",)),
    Category("esidoc_portals", ("esidoc_portals",)),
    Category("progressions", ("progressions", "progression_items")),
    Category(
        "resources",
        (
            "teachers",
            "subjects",
            "classes",
            "groups",
            "group_members",
            "students",
            "guardians",
            "rooms",
            "staff",
            "photos",
            "courses",
            "lesson_logs",
            "attachments",
        ),
    ),
    Category("teaching_resources", ("teaching_resources",)),
    Category("internships", ("internships",)),
    Category("school_life", ()),
    Category("absences_lateness", ("absences", "lateness"), "school_life"),
    Category("absence_reasons", ("absence_reasons",), "school_life"),
    Category("punishments_sanctions", ("punishments", "sanctions"), "school_life"),
    Category("sanction_reasons", ("sanction_reasons",), "school_life"),
    Category("medical_acts", ("medical_acts",), "school_life"),
    Category("exit_permissions", ("exit_permissions",), "school_life"),
    Category("exemptions", ("exemptions",), "school_life"),
    Category("student_notes", ("student_notes",), "school_life"),
    Category("roll_call_items", ("roll_call_items",), "school_life"),
    Category("infirmary_visits", ("infirmary_visits",), "school_life"),
)
"""The recovery tree of Fiche 6, in the guide's order. Tables outside every category: ``meta``,
``time_grid``, ``counts`` (the base's own description) and ``users``/``user_rights`` (recovered by
"Récupérer les utilisateurs", not by this tree)."""


NON_CATEGORY_TABLES: frozenset[str] = frozenset(
    {"meta", "time_grid", "counts", "users", "user_rights", "espace_logins"}
)


def category(key: str) -> Category:
    """The category of that key (``KeyError`` if none)."""
    for item in CATEGORIES:
        if item.key == key:
            return item
    raise KeyError(key)
