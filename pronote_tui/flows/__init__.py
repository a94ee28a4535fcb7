"""The console's multi-step processes, each written top to bottom as one Textual worker.

A flow is an ``async`` function of the panel it runs for (its *host*, seen through the
protocols of :mod:`pronote_tui.flows.base`): it asks with dialogs (awaiting
``push_screen_wait``), calls the service through the host's client, says the outcome in the
host's result line and ends; a refusal or a cancel is said once and ends the flow
(:class:`~pronote_tui.flows.base.Stop`). One module a process: ``start`` (Mettre en service),
``stop`` (Arrêter le serveur, and "stop first"), ``bases`` (Créer, Charger, Compléter, Récupérer
les utilisateurs), ``open_base`` (Ouvrir cette base), ``prepare`` (Préparer l'année suivante),
``backup`` (Sauvegarder, Vérifier), ``restore``, ``recovery`` (Fiche 6), ``transfer``
(Télécharger, Importer une archive).

Flows may import ``pronote_api``, :mod:`pronote_tui.client` (by public name), the dialogs and
views of :mod:`pronote_tui.widgets`, and one another; never ``screens/`` nor the app: the
panels of ``screens/`` start them (:func:`~pronote_tui.flows.base.start_flow`).
"""
