"""``pronote-client``: a command-line stand-in for the desktop Client PRONOTE (login with a mode,
heartbeats, logout), and a swarm of such clients for demos and load tests. The protocol is
described in ``docs/client-protocol.md``."""
