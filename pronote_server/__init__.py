"""The hosting service: console API over two TLS listeners, control-plane store, PKI, outbox.

See ``docs/server.md`` for the data directory, the configuration and the CLI.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pronote-tui")
except PackageNotFoundError:  # running from a plain checkout
    __version__ = "0.0.0"
