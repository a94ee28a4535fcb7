"""Long operations run as jobs (``runner``), and the one public way to start one (``acting``);
the tasks run again and again in a daemon thread (``periodic``).

May import the store, security, the runtime and the base model's errors; never the domains that
start jobs (bases, snapshots) nor ``web``.
"""
