"""The hosting console: a Textual application and the connection layer it stands on.

Headless modules (no Textual import): :mod:`pronote_tui.config`, :mod:`pronote_tui.certificates`,
:mod:`pronote_tui.credentials`, :mod:`pronote_tui.client`, :mod:`pronote_tui.demo`,
:mod:`pronote_tui.cli`. The console never imports ``pronote_server``.
"""
