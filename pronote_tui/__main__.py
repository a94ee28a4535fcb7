"""``python -m pronote_tui``: the same as the ``pronote-tui`` command."""

import sys

from pronote_tui.cli import main

sys.exit(main())
