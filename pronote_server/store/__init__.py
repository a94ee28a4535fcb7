"""The store: the control-plane database (engine, migrations runner, tables), the service's
configuration and data directory, private files, the history of actions, the outbox and the clock.

The only code that knows the SQL layout. Imports nothing of ``pronote_server`` but
:mod:`pronote_server.errors` and itself.
"""
