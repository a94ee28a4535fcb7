""":class:`ConsoleClient`: every typed call of the package on one :class:`.Transport`."""

from __future__ import annotations

from pronote_tui.client.account import AccountCalls
from pronote_tui.client.bases import BasesCalls
from pronote_tui.client.connections import ConnectionsCalls
from pronote_tui.client.enrolment import EnrolmentCalls
from pronote_tui.client.publication import PublicationCalls
from pronote_tui.client.snapshots import SnapshotsCalls


class ConsoleClient(
    EnrolmentCalls,
    AccountCalls,
    ConnectionsCalls,
    BasesCalls,
    SnapshotsCalls,
    PublicationCalls,
):
    """The console's connection to one hosting service (see :mod:`pronote_tui.client`).

    Each base class is one domain's calls; they share one transport (the connections, the
    session, the ETag cache and the connection state), so a session opened by
    :meth:`~.EnrolmentCalls.login` serves them all.
    """
