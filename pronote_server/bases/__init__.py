"""The school bases of each account: their registry and the school server's state, the uploads
they are loaded from and the recovery of last year's data.

May import the store, security, the runtime, the base model (:mod:`pronote_server.school`),
jobs, clients (to end their sessions) and the backup files (:mod:`pronote_server.snapshots.backups`,
the yearly archive); never the snapshots' service, the doors (cli, demo, listener) or ``web``.
"""
