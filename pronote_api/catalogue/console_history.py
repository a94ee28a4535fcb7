"""Historique in words: who did it, the filter's dialog, and each fact of an entry's detail.

``history.detail.<name>`` words a detail's value (``{value}``); ``history.detail.<name>.true``
and ``.false`` word a yes-or-no fact whole. A detail with no key here is not shown (internal
identifiers: a base's, a job's, an upload's, a certificate's serial).
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "history.actor.provider": ("par l'hébergeur", "by the hosting provider"),
    "history.actor.system": (
        "par le service d'hébergement (tâche automatique)",
        "by the hosting service (automatic task)",
    ),
    "history.actor.account": ("par le compte {number}", "by account {number}"),
    "history.unknown_action": ("Autre action", "Other action"),
    "history.filter.title": ("Afficher quelle action ?", "Show which action?"),
    "history.filter.all": ("Toutes les actions", "Every action"),
    "history.filter.hint": (
        "Haut et Bas choisissent, Entrée affiche, Échap annule.",
        "Up and Down choose, Enter shows, Esc cancels.",
    ),
    "history.filter.show": ("Afficher", "Show"),
    "history.filter.cancel": ("Annuler", "Cancel"),
    # --- the detail of an entry ---------------------------------------------------------------
    "history.detail.workstation": ("Poste : {value}", "Workstation: {value}"),
    "history.detail.user": ("Utilisateur : {value}", "User: {value}"),
    "history.detail.mode": ("{value}", "{value}"),
    "history.detail.name": ("Base : {value}", "Base: {value}"),
    "history.detail.school_year": ("Année scolaire {value}", "School year {value}"),
    "history.detail.file": ("Fichier : {value}", "File: {value}"),
    "history.detail.snapshot": ("Archive : {value}", "Archive: {value}"),
    "history.detail.kind": ("{value}", "{value}"),
    "history.detail.categories": (
        "Catégories de données : {value}",
        "Data categories: {value}",
    ),
    "history.detail.users.true": ("Avec les utilisateurs", "With the users"),
    "history.detail.before": ("Avant : {value}", "Before: {value}"),
    "history.detail.after": ("Après : {value}", "After: {value}"),
    "history.detail.address": ("Adresse : {value}", "Address: {value}"),
    "history.detail.all.true": ("Toutes les adresses", "Every address"),
    "history.detail.count": ("Suspensions levées : {value}", "Suspensions lifted: {value}"),
    "history.detail.refused": ("Demandes refusées : {value}", "Requests refused: {value}"),
    "history.detail.limit": ("Limite : {value}", "Limit: {value}"),
    "history.detail.superadmin_defined.true": (
        "Superadministrateur défini",
        "Superadministrator set",
    ),
    "history.detail.clients_ended": (
        "Clients déconnectés : {value}",
        "Clients disconnected: {value}",
    ),
    "history.detail.server_stopped.true": ("Serveur arrêté", "Server stopped"),
    "history.detail.replaced": (
        "Certificats remplacés : {value}",
        "Certificates replaced: {value}",
    ),
    "history.detail.replaced.true": (
        "Base de l'année précédente remplacée",
        "Last year's base replaced",
    ),
    "history.detail.replaced.false": ("Base en service gardée", "Base in service kept"),
    "history.detail.option": ("Choix : {value}", "Choice: {value}"),
    "history.detail.deferred_to": ("Reporté au {value}", "Deferred to {value}"),
    "history.detail.fields": ("Modifié : {value}", "Changed: {value}"),
    "history.detail.events": ("Modifié : {value}", "Changed: {value}"),
    "history.option.at_release": ("À la sortie", "At release"),
    "history.option.deferred_new_base": (
        "Différer, avec une nouvelle base vide",
        "Defer, with a new empty base",
    ),
    "history.option.deferred_keep_base": (
        "Différer, en gardant la base en service",
        "Defer, keeping the base in service",
    ),
    "history.option.pre_release": ("Préversion pour la rentrée", "Pre-release for the new year"),
}
