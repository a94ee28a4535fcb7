"""Security: hosting accounts, their passwords and enrolment identifiers, console sessions,
failed authentications and address suspensions, the certificate authority, the invoice vault and
the walls between schools (tenancy); ``cli`` is the ``pronote-server security`` command.

May import :mod:`pronote_server.store` and :mod:`pronote_server.errors`; nothing above
(``cli`` alone, a door, may also use :mod:`pronote_server.runtime`).
"""
