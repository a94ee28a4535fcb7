"""The only HTTP code: the FastAPI app of each listener, its routers (one per resource), the
dependencies (store session, certificate, console session, actor, path ids), the mapping of
domain refusals to HTTP statuses (``errors``) and the TLS listeners.

May import every domain; nothing but :mod:`pronote_server.cli` (which serves it) imports it.
"""
