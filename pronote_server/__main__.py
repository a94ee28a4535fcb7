"""``python -m pronote_server`` is the same as the ``pronote-server`` command."""

from pronote_server.cli import main

raise SystemExit(main())
