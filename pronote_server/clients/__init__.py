"""Desktop clients: their sessions and licences (``sessions``), the school's users they log in as
(``users``) and the port they connect to (``listener``).

``sessions`` and ``users`` may import the store, security and the base model; ``listener``, a
door like ``web``, may also import :mod:`pronote_server.bases`. Never ``web``.
"""
