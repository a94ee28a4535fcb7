"""Long operations run as jobs (``runner``), and the one public way to start one.

May import the store, security, the runtime and the base model's errors; never the domains that
start jobs (bases, snapshots) nor ``web``.
"""
