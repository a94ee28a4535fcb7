"""The wire contract between the hosting service and the console.

Pydantic models, enums, error codes, validators and the interface catalogue. No I/O and no
framework here: both ``pronote_server`` and ``pronote_tui`` import this package, never each other.
"""

API_VERSION = "v1"
