"""The school base and the files that carry it.

* :mod:`~pronote_server.school.schema`: the base's tables, their numbered migrations and the
  counts the console shows; :mod:`~pronote_server.school.categories`: the category registry
  (Fiche 6).
* :mod:`~pronote_server.school.base`: create a base, read its summary, define its
  superadministrator, check it.
* :mod:`~pronote_server.school.hnot`: the ``.HNOT`` container (the base, moved in from the
  school's old server).
* :mod:`~pronote_server.school.annexes`: ``.HDOCJOINTS``, ``.HPHOTOS``, ``.HCOURRIERS``.
* :mod:`~pronote_server.school.profils`: the ``.profils`` file (administrative users, rights).
* :mod:`~pronote_server.school.export`: "Générer les fichiers pour l'hébergement".

The formats are documented in ``docs/formats.md``. The model may import
:mod:`pronote_server.errors`, the store's files and the security's passwords; nothing above it
(no bases, jobs, snapshots, clients, doors).
"""
